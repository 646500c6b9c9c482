package store

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Instants are stored as integer milliseconds since the Unix epoch, UTC, in
// both dialects: they compare and sort the same everywhere and need no
// driver-specific time parsing. A zero time.Time is stored as NULL.

// Millis converts t for use as a query argument.
func Millis(t time.Time) driver.Value {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// Time returns a scanner that reads a stored instant into *t (NULL gives the
// zero time).
func Time(t *time.Time) *TimeScanner { return (*TimeScanner)(t) }

// TimeScanner reads a stored instant; see Time.
type TimeScanner time.Time

// Scan implements sql.Scanner.
func (ts *TimeScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*ts = TimeScanner(time.Time{})
	case int64:
		*ts = TimeScanner(time.UnixMilli(v).UTC())
	default:
		return fmt.Errorf("scan instant: unexpected %T", src)
	}
	return nil
}
