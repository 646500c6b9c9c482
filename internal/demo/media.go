package demo

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/savivalda/savivalda/internal/media"
)

// The demo's media library: photos drawn by media/gen.go and PDF documents
// made with LibreOffice from Lithuanian text (media/README.md), uploaded
// through the library as staff would, so that their metadata is stripped
// and their sizes are made as for any upload. Pages link to them with
// {{failas:NAME}}, which the seed replaces with the file's address.
var demoMedia = []struct {
	name, title, alt, dept string
}{
	{"rotuse.jpg", "Savivaldybės rūmai", "Savivaldybės rūmai su laikrodžio bokštu Laisvės aikštėje", ""},
	{"ezeras.jpg", "Beržyno ežeras", "Beržyno ežero pakrantė su pušynu vakare", "Švietimo, kultūros ir sporto skyrius"},
	{"tarybos-sprendimas-t-214.pdf", "Sprendimas Nr. T-214 dėl vietinės rinkliavos nuostatų pakeitimo", "", "Teisės ir personalo skyrius"},
	{"strateginis-planas-2026-2028.pdf", "Strateginis veiklos planas 2026–2028 m.", "", "Strateginio planavimo ir investicijų skyrius"},
}

// uploadMedia puts the demo files into the library and returns the
// replacer of their placeholders in the pages.
func (s *seeder) uploadMedia(ctx context.Context) (*strings.Replacer, error) {
	var pairs []string
	for _, m := range demoMedia {
		b, err := files.ReadFile("media/" + m.name)
		if err != nil {
			return nil, err
		}
		it, err := s.media.Add(ctx, s.users["admin"].Actor(), s.in, &media.Upload{Name: m.name, Body: bytes.NewReader(b),
			Details: media.Details{Title: m.title, Alt: m.alt, DepartmentID: s.depts[m.dept]}})
		if err != nil {
			return nil, fmt.Errorf("demo file %s: %w", m.name, err)
		}
		pairs = append(pairs, "{{failas:"+m.name+"}}", it.URL())
	}
	return strings.NewReplacer(pairs...), nil
}
