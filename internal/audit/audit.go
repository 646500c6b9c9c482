// Package audit keeps the append-only, tamper-evident record of who did what
// and when (X-02, WEB-24). Each entry carries the hash of the one before it,
// so editing or deleting an entry breaks the chain at that point, and Verify
// names the first broken entry.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/store"
)

// Who is the actor as an entry keeps it: the staff member's id (0 for a
// visitor or a job) and the name shown.
type Who struct {
	ID   int64
	Name string
}

// ErrNoActor refuses a change nobody can be held to account for: a
// tamper-evident trail must not hold actions of an unknown actor.
var ErrNoActor = errors.New("audit: a change without a known actor")

// Entry is one recorded action.
type Entry struct {
	Seq           int64
	InstitutionID int64 // 0 for installation-wide actions
	At            time.Time
	Actor         Who
	Action        string // dotted, e.g. "site.page.publish"
	ObjectType    string // e.g. "page"
	ObjectID      int64
	Summary       string // one line a person can read
	Before, After string // JSON snapshots of what changed; "" when none
	PrevHash      string
	Hash          string
}

// Change is what a caller records; Before and After are marshalled to JSON.
type Change struct {
	InstitutionID int64
	Actor         actor.Actor
	Action        string
	ObjectType    string
	ObjectID      int64
	Summary       string
	Before, After any
}

// Record appends an entry in the caller's transaction, so the entry exists
// exactly when the change it describes does.
func Record(ctx context.Context, tx *store.Tx, c Change) error {
	if !c.Actor.Known() {
		return fmt.Errorf("%w: %s", ErrNoActor, c.Action)
	}
	before, err := snapshot(c.Before)
	if err != nil {
		return err
	}
	after, err := snapshot(c.After)
	if err != nil {
		return err
	}
	// Taking the tip with an UPDATE locks its row until commit, so
	// concurrent writers append one after another.
	var e Entry
	if err := tx.QueryRowContext(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).
		Scan(&e.Seq, &e.PrevHash); err != nil {
		return fmt.Errorf("audit: take chain tip: %w", err)
	}
	e.InstitutionID, e.At, e.Actor = c.InstitutionID, tx.Now, Who{ID: c.Actor.ID, Name: c.Actor.Name}
	e.Action, e.ObjectType, e.ObjectID, e.Summary = c.Action, c.ObjectType, c.ObjectID, c.Summary
	e.Before, e.After = before, after
	e.Hash = e.computeHash()
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log
		(seq, institution_id, at, actor_id, actor_name, action, object_type, object_id, summary, before_data, after_data, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, nullID(e.InstitutionID), store.Millis(e.At), nullID(e.Actor.ID), e.Actor.Name, e.Action, e.ObjectType,
		e.ObjectID, e.Summary, e.Before, e.After, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("audit: insert entry: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET hash = ? WHERE id = 1`, e.Hash); err != nil {
		return fmt.Errorf("audit: move chain tip: %w", err)
	}
	return nil
}

// snapshot is v as JSON, or "" for nothing: a nil pointer or map stands for
// "there was nothing before", not for the value null.
func snapshot(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: snapshot: %w", err)
	}
	if string(b) == "null" {
		return "", nil
	}
	return string(b), nil
}

// computeHash covers every field of the entry and the previous hash. Fields
// are length-prefixed so that no two different entries encode alike.
func (e *Entry) computeHash() string {
	h := sha256.New()
	for _, f := range []string{
		e.PrevHash, strconv.FormatInt(e.Seq, 10), strconv.FormatInt(e.InstitutionID, 10),
		strconv.FormatInt(e.At.UnixMilli(), 10), strconv.FormatInt(e.Actor.ID, 10), e.Actor.Name,
		e.Action, e.ObjectType, strconv.FormatInt(e.ObjectID, 10), e.Summary, e.Before, e.After,
	} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
