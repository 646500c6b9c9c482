package audit

import (
	"context"
	"fmt"

	"github.com/savivalda/savivalda/internal/store"
)

// Broken describes the first entry where the chain does not hold.
type Broken struct {
	Seq    int64
	Reason string
}

func (b *Broken) Error() string {
	return fmt.Sprintf("audit chain broken at entry %d: %s", b.Seq, b.Reason)
}

// Verify walks the whole chain in order and returns how many entries it
// checked. If an entry was altered, removed or inserted, it returns a
// *Broken naming the first entry that fails.
func Verify(ctx context.Context, db *store.DB) (int64, error) {
	var headSeq int64
	var headHash string
	if err := db.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return 0, fmt.Errorf("read chain tip: %w", err)
	}
	rows, err := db.QueryContext(ctx, `SELECT `+entryColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, fmt.Errorf("read audit entries: %w", err)
	}
	defer rows.Close()
	var checked int64
	prev := ""
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return checked, err
		}
		want := checked + 1
		switch {
		case e.Seq != want:
			return checked, &Broken{Seq: want, Reason: fmt.Sprintf("entry missing (next stored entry is %d)", e.Seq)}
		case e.PrevHash != prev:
			return checked, &Broken{Seq: e.Seq, Reason: "does not link to the previous entry"}
		case e.computeHash() != e.Hash:
			return checked, &Broken{Seq: e.Seq, Reason: "content does not match its hash (altered)"}
		}
		prev = e.Hash
		checked++
	}
	if err := rows.Err(); err != nil {
		return checked, err
	}
	if checked != headSeq || prev != headHash {
		return checked, &Broken{Seq: checked + 1, Reason: fmt.Sprintf("chain ends at %d but %d entries were written (entries removed from the end)", checked, headSeq)}
	}
	return checked, nil
}
