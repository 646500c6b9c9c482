package store

import "errors"

// Errors that callers check with errors.Is. Each dialect translates its
// driver's codes into these in exactly one place (translate in dialect.go).
var (
	// ErrNotFound: the row asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict: a unique key already exists, or a row changed meanwhile.
	ErrConflict = errors.New("conflict")
)
