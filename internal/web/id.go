package web

import (
	"net/http"
	"strconv"

	"github.com/savivalda/savivalda/internal/store"
)

// ParseID reads a record's id (or version) as the application writes it
// in links and forms: a positive decimal number without sign, leading zeros
// or spaces. "+7", "07" and " 7" are not 7, so every record has exactly one
// address. ok is false for anything else.
func ParseID(s string) (id int64, ok bool) {
	if s == "" || s[0] < '1' || s[0] > '9' {
		return 0, false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false // beyond int64
	}
	return id, true
}

// FormID reads an id from a form or query value; anything that is not one
// is 0, which no record has.
func FormID(s string) int64 {
	id, _ := ParseID(s)
	return id
}

// PathID reads the id in the path's {name} segment. Anything that is not
// one is store.ErrNotFound, which Error answers with 404.
func PathID(r *http.Request, name string) (int64, error) {
	id, ok := ParseID(r.PathValue(name))
	if !ok {
		return 0, store.ErrNotFound
	}
	return id, nil
}
