// Package demo seeds a fictional municipality so that a new installation
// shows a realistic site at once. (Being implemented.)
package demo

import (
	"context"

	"github.com/savivalda/savivalda/internal/store"
)

// Password is the demo accounts' password.
const Password = "demo-slaptazodis"

// Login is a demo account printed at start-up.
type Login struct{ Email, Role string }

// Seed fills an empty database with the demo municipality.
func Seed(ctx context.Context, db *store.DB) ([]Login, error) { return nil, nil }
