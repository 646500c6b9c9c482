package staff

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/savivalda/savivalda/internal/web"
)

// PasswordParams are the argon2id cost settings of new hashes. Existing
// hashes keep the settings they were made with (they are in the encoding).
type PasswordParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// DefaultHashParams are OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane):
// a few tens of milliseconds on one core of the 2-core development machine
// (BenchmarkHashPassword), so the server still answers pages while staff
// log in.
var DefaultHashParams = PasswordParams{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// HashParams are used for every new hash; tests lower them to stay fast.
var HashParams = DefaultHashParams

// hashSlots bounds how many hashes run at once: each holds Memory KiB, and a
// burst of login attempts must not exhaust the server's memory.
var hashSlots = make(chan struct{}, 4)

var errMalformedHash = errors.New("malformed password hash")

// Password is a new password, checked against the rules and hashed before
// the transaction that stores it: argon2id takes tens of milliseconds and
// must not hold SQLite's single writer (or a PostgreSQL row lock).
type Password struct {
	hash    string
	problem string // catalogue key of the rule it breaks; "" when it passes
}

// NewPassword checks password against the rules (length, common passwords,
// the words of personal: the user's name and email, the institution's
// name) and hashes it when it passes. A password that breaks a rule is no
// error: the functions that store it report the rule as a field error.
func NewPassword(password string, personal ...string) (Password, error) {
	if key := passwordProblem(password, personal...); key != "" {
		return Password{problem: key}, nil
	}
	hash, err := HashPassword(password)
	if err != nil {
		return Password{}, err
	}
	return Password{hash: hash}, nil
}

// check adds the rule the password breaks to fe, as field.
func (p Password) check(fe *web.FieldErrors, field string) {
	switch {
	case p.problem != "":
		fe.Add(field, p.problem)
	case p.hash == "":
		fe.Add(field, "staff.error.password_required")
	}
}

// HashPassword returns the PHC-style encoding of password's argon2id hash:
// $argon2id$v=19$m=…,t=…,p=…$salt$hash.
func HashPassword(password string) (string, error) {
	p := HashParams
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := derive(password, salt, p)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the encoded hash. An error
// means the stored hash itself is unusable.
func CheckPassword(encoded, password string) (bool, error) {
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	got := derive(password, salt, p)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// needsRehash reports whether encoded was made with other settings than
// HashParams, so that a login can upgrade it.
func needsRehash(encoded string) bool {
	p, salt, key, err := decodeHash(encoded)
	return err != nil || p.Memory != HashParams.Memory || p.Time != HashParams.Time ||
		p.Threads != HashParams.Threads || uint32(len(salt)) != HashParams.SaltLen || uint32(len(key)) != HashParams.KeyLen
}

func derive(password string, salt []byte, p PasswordParams) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

func decodeHash(encoded string) (p PasswordParams, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, fmt.Errorf("%w: version %q", errMalformedHash, parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || p.Time == 0 || p.Threads == 0 {
		return p, nil, nil, fmt.Errorf("%w: parameters %q", errMalformedHash, parts[3])
	}
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(parts[4]); err != nil {
		return p, nil, nil, fmt.Errorf("%w: salt: %v", errMalformedHash, err)
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) == 0 {
		return p, nil, nil, fmt.Errorf("%w: key", errMalformedHash)
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}
