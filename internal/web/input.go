package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"unicode"
	"unicode/utf8"
)

// The text the application accepts from outside, decided once here for
// every route: valid UTF-8 without control characters (C0, DEL and C1). A
// form field may also hold tabs and line breaks, which people type; a path
// or a query value may not. PostgreSQL refuses NUL and invalid UTF-8, and
// no one means to store the rest.
var (
	// ErrBadAddress: the path or a query value is not acceptable text (400).
	ErrBadAddress = errors.New("path or query is not acceptable text")
	// ErrBadText: a form field is not acceptable text (422).
	ErrBadText = errors.New("form field is not acceptable text")
)

// ValidFormText reports whether s may be a form field's value or name.
func ValidFormText(s string) bool {
	return validText(s, func(r rune) bool { return r == '\t' || r == '\n' || r == '\r' })
}

// ValidAddressText reports whether s may be a path or a query value.
func ValidAddressText(s string) bool { return validText(s, func(rune) bool { return false }) }

func validText(s string, allowed func(rune) bool) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		}
		if unicode.IsControl(r) && !allowed(r) {
			return false
		}
	}
	return true
}

// CheckInput answers a request whose path, query or form body holds text
// the application does not accept with an error page, before any handler
// sees it, and a form body over the LimitBody cap with 413. What is read of
// a form body here is handed on unchanged, so handlers parse it as before;
// a multipart body is read only up to its first file, which the handler
// streams.
func (rd *Renderer) CheckInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkInput(r); err != nil {
			rd.Error(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func checkInput(r *http.Request) error {
	if !ValidAddressText(r.URL.Path) {
		return ErrBadAddress
	}
	if r.URL.RawQuery != "" {
		// What does not parse is dropped by every reader of the query too.
		q, _ := url.ParseQuery(r.URL.RawQuery)
		if !allValid(q, ValidAddressText) {
			return ErrBadAddress
		}
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	typ, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch typ {
	case "application/x-www-form-urlencoded":
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return fmt.Errorf("read form: %w", err) // an *http.MaxBytesError over the cap
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		form, _ := url.ParseQuery(string(body))
		if !allValid(form, ValidFormText) {
			return ErrBadText
		}
	case "multipart/form-data":
		// What is read here is kept and handed on in front of the rest, so
		// the handler reads the body as it came and streams a file itself.
		var seen bytes.Buffer
		err := checkMultipart(io.TeeReader(r.Body, &seen), params["boundary"])
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(&seen, r.Body), r.Body}
		return err
	}
	return nil // no handler reads any other body as a form
}

// checkMultipart checks the names and values of a multipart form's fields
// up to its first file, and that file's name; the files' content is not
// text, and is left unread for the handler to stream under its own cap. A
// malformed body is left to the handler, whose parser refuses it as well.
func checkMultipart(body io.Reader, boundary string) error {
	mr := multipart.NewReader(body, boundary)
	for {
		part, err := mr.NextPart()
		if err != nil {
			return overCap(err)
		}
		if !ValidFormText(part.FormName()) || !ValidFormText(part.FileName()) {
			return ErrBadText
		}
		if part.FileName() != "" {
			return nil
		}
		value, err := io.ReadAll(part)
		if err != nil {
			return overCap(err)
		}
		if !ValidFormText(string(value)) {
			return ErrBadText
		}
	}
}

// overCap passes on a body over the LimitBody cap, for its 413; any other
// malformed body is left to the handler's parser.
func overCap(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return fmt.Errorf("read form: %w", err)
	}
	return nil
}

func allValid(values url.Values, valid func(string) bool) bool {
	for k, vs := range values {
		if !valid(k) {
			return false
		}
		for _, v := range vs {
			if !valid(v) {
				return false
			}
		}
	}
	return true
}
