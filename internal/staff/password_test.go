package staff_test

import (
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/staff"
)

func TestPassword(t *testing.T) {
	hash, err := staff.HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") || strings.Contains(hash, goodPassword) {
		t.Errorf("encoding %q: want PHC argon2id with the current parameters and no plain text", hash)
	}
	t.Run("OK", func(t *testing.T) {
		ok, err := staff.CheckPassword(hash, goodPassword)
		if err != nil || !ok {
			t.Errorf("right password: got %v, %v; want true", ok, err)
		}
	})
	t.Run("Wrong", func(t *testing.T) {
		for _, pw := range []string{"", "žalia-girios-egle", goodPassword + " "} {
			if ok, err := staff.CheckPassword(hash, pw); err != nil || ok {
				t.Errorf("password %q: got %v, %v; want false", pw, ok, err)
			}
		}
	})
	t.Run("Salted", func(t *testing.T) {
		again, err := staff.HashPassword(goodPassword)
		if err != nil || again == hash {
			t.Errorf("two hashes of one password are equal (%v): the salt is not random", err)
		}
	})
	t.Run("ParametersFromEncoding", func(t *testing.T) {
		// A hash made with other settings still verifies after they change.
		saved := staff.HashParams
		defer func() { staff.HashParams = saved }()
		staff.HashParams.Memory, staff.HashParams.Time = 128, 2
		if ok, err := staff.CheckPassword(hash, goodPassword); err != nil || !ok {
			t.Errorf("old hash after a settings change: got %v, %v; want true", ok, err)
		}
	})
	t.Run("Malformed", func(t *testing.T) {
		for _, enc := range []string{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=64,t=0,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=64,t=1,p=1$!!$aGFzaA"} {
			if ok, err := staff.CheckPassword(enc, goodPassword); err == nil || ok {
				t.Errorf("encoding %q: got %v, %v; want an error", enc, ok, err)
			}
		}
	})
}

func BenchmarkHashPassword(b *testing.B) {
	saved := staff.HashParams
	staff.HashParams = staff.DefaultHashParams
	defer func() { staff.HashParams = saved }()
	for b.Loop() {
		if _, err := staff.HashPassword(goodPassword); err != nil {
			b.Fatal(err)
		}
	}
}
