package institution

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// imagePolicy lets an image draw itself and nothing more. An SVG can carry
// scripts, which would run on the site's origin if someone opened /herbas
// directly; the sandbox stops them. Raster images lose nothing by it.
const imagePolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

func (h *Handler) serveCoatOfArms(w http.ResponseWriter, r *http.Request) {
	img, typ, err := CoatOfArms(r.Context(), h.db, FromContext(r.Context()).ID)
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	sum := sha256.Sum256(img)
	hd := w.Header()
	hd.Set("Content-Type", typ)
	hd.Set("Content-Security-Policy", imagePolicy)
	hd.Set("Cache-Control", "public, max-age=86400")
	hd.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	// ServeContent answers If-None-Match with 304, and HEAD and ranges.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(img))
}

func (h *Handler) uploadCoatOfArms(w http.ResponseWriter, r *http.Request) {
	by, ok := h.actor(w, r)
	if !ok {
		return
	}
	id := FromContext(r.Context()).ID
	img, status, key := readCoatOfArms(r)
	typ := ""
	if key == "" {
		if typ, ok = CoatOfArmsType(img); !ok {
			status, key = http.StatusUnprocessableEntity, "institution.error.coat_of_arms_type"
		}
	}
	if key != "" {
		h.renderSettings(w, r, status, nil, web.FieldErrors{{Field: "coat_of_arms", Key: key}})
		return
	}
	err := h.db.InTx(r.Context(), func(tx *store.Tx) error {
		old, oldType, err := coatOfArms(r.Context(), tx, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := SetCoatOfArms(r.Context(), tx, id, img, typ); err != nil {
			return fmt.Errorf("set coat of arms of institution %d: %w", id, err)
		}
		if err := audit.Record(r.Context(), tx, audit.Change{
			InstitutionID: id, Actor: by, Action: "institution.coat_of_arms", ObjectType: "institution", ObjectID: id,
			Summary: i18n.T(i18n.LT, "institution.audit.coat_of_arms", typ, len(img)),
			Before:  imageSnapshot(old, oldType), After: imageSnapshot(img, typ),
		}); err != nil {
			return err
		}
		return h.cache.Bump(r.Context(), tx)
	})
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	web.SetFlash(w, r, "institution.flash.coat_of_arms")
	http.Redirect(w, r, "/admin/institution", http.StatusSeeOther)
}

// readCoatOfArms reads the uploaded file, stopping just past the size limit
// so that a large upload costs little. A failure comes with its status and
// the catalogue key of what to do.
func readCoatOfArms(r *http.Request) (img []byte, status int, key string) {
	missing := func() ([]byte, int, string) {
		return nil, http.StatusUnprocessableEntity, "institution.error.coat_of_arms_missing"
	}
	tooLarge := func() ([]byte, int, string) {
		return nil, http.StatusRequestEntityTooLarge, "institution.error.coat_of_arms_size"
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return missing()
	}
	for {
		part, err := mr.NextPart()
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return tooLarge()
		case err != nil: // io.EOF included: no file in the form
			return missing()
		}
		if part.FormName() != "coat_of_arms" {
			continue
		}
		img, err = io.ReadAll(io.LimitReader(part, MaxCoatOfArmsSize+1))
		switch {
		case errors.As(err, &mbe), len(img) > MaxCoatOfArmsSize:
			return tooLarge()
		case err != nil, len(img) == 0:
			return missing()
		}
		return img, 0, ""
	}
}

// imageSnapshot is what the audit trail keeps of an image: enough to tell
// versions apart, not the bytes.
func imageSnapshot(img []byte, typ string) any {
	if len(img) == 0 {
		return nil
	}
	sum := sha256.Sum256(img)
	return map[string]any{"type": typ, "bytes": len(img), "sha256": hex.EncodeToString(sum[:])}
}
