package apptest

import "github.com/savivalda/savivalda/internal/staff"

// Tests create many accounts; the production argon2id cost would make them
// slow without testing anything more. Importing apptest lowers it.
func init() {
	staff.HashParams = staff.PasswordParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
}
