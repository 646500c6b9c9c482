package staff

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Time-based one-time passwords (RFC 6238) with the parameters every
// authenticator app understands: SHA-1, six digits, 30-second steps. A code
// is accepted one step either side of now, for phones whose clocks drift.
const (
	totpPeriod = 30
	totpSkew   = 1
	// Recovery codes are ten characters of a 32-letter alphabet: 50 random
	// bits each.
	recoveryCodeCount  = 10
	recoveryCodeLength = 10
	recoveryAlphabet   = "0123456789abcdefghjkmnpqrstvwxyz"
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// errWrongCode: the code is not the current one, was used already, or is no
// unused recovery code. People are not told which.
var errWrongCode = errors.New("wrong or used code")

// totpCredential is a user's TOTP secret. The secret never leaves the
// server except on the enrolment page, to its owner, and is never logged
// or put in the audit trail.
type totpCredential struct {
	UserID    int64
	Secret    string // base32, as authenticator apps take it
	Confirmed bool
	LastStep  int64 // the time step of the last accepted code
}

// newTOTPSecret returns a random 160-bit secret (RFC 4226's recommended
// length), base32-encoded.
func newTOTPSecret() (string, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: "Savivalda", AccountName: "-", Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", fmt.Errorf("new TOTP secret: %w", err)
	}
	return k.Secret(), nil
}

// enrolment is what a person needs to add the secret to an app: the QR code
// of the otpauth URL, and the secret as text for typing it in by hand.
type enrolment struct {
	QR     template.URL // a data: URL of a PNG image
	Secret string       // grouped in fours for reading
}

// newEnrolment renders the QR code of secret for account at issuer (the
// institution's short name, shown in the app beside the code).
func newEnrolment(issuer, account, secret string) (*enrolment, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		return nil, fmt.Errorf("decode TOTP secret: %w", err)
	}
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Secret: raw,
		Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return nil, fmt.Errorf("TOTP key: %w", err)
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return nil, fmt.Errorf("TOTP QR code: %w", err)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("TOTP QR code: %w", err)
	}
	var groups []string
	for i := 0; i < len(secret); i += 4 {
		groups = append(groups, secret[i:min(i+4, len(secret))])
	}
	// The URL is built here from our own bytes, so it is safe as an image
	// source; the Content-Security-Policy allows data: images.
	return &enrolment{QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())),
		Secret: strings.Join(groups, " ")}, nil
}

// matchStep returns the time step within totpSkew of now whose code is code.
func matchStep(secret, code string, now time.Time) (int64, bool) {
	step := now.Unix() / totpPeriod
	for s := step - totpSkew; s <= step+totpSkew; s++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// normalizeCode drops what people type between characters (spaces, hyphens)
// and folds case, so "123 456" and "ABCDE-FGHJK" are accepted.
func normalizeCode(s string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(s)))
}

// isTOTPCode reports whether a normalised code looks like an app's code
// rather than a recovery code.
func isTOTPCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// newRecoveryCodes returns recoveryCodeCount codes as shown to the person
// ("xxxxx-xxxxx") and their stored hashes.
func newRecoveryCodes() (codes, hashes []string, err error) {
	for range recoveryCodeCount {
		b := make([]byte, recoveryCodeLength)
		if _, err := rand.Read(b); err != nil {
			return nil, nil, fmt.Errorf("recovery code: %w", err)
		}
		for i := range b {
			b[i] = recoveryAlphabet[int(b[i])%len(recoveryAlphabet)] // 256 is a multiple of 32: no bias
		}
		code := string(b[:5]) + "-" + string(b[5:])
		codes = append(codes, code)
		hashes = append(hashes, recoveryHash(normalizeCode(code)))
	}
	return codes, hashes, nil
}

// recoveryHash is the stored form of a normalised recovery code.
func recoveryHash(code string) string {
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}
