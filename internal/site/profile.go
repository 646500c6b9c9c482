package site

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
)

// A Profile is one version of the structure the law requires of an
// institution's website (Resolution No. 480, WEB-01): its sections and their
// areas, in order. Profiles ship with the program as data; an amendment of
// the law is a new profile file, not a code change.
type Profile struct {
	Version  string           `json:"version"`
	Source   string           `json:"source"`
	Sections []ProfileSection `json:"sections"`
}

// ProfileSection is a mandated section or area. Key is stable across
// profile versions and doubles as the URL slug.
type ProfileSection struct {
	Key       string           `json:"key"`
	Title     string           `json:"title"`
	LegalActs bool             `json:"legal_acts"` // only the legal-acts publisher publishes here (WEB-19)
	Children  []ProfileSection `json:"children"`
}

//go:embed profiles/*.json
var profileFiles embed.FS

var profiles = mustLoadProfiles()

// CurrentProfile is the version new institutions get.
var CurrentProfile = latestProfile()

func mustLoadProfiles() map[string]*Profile {
	names, err := profileFiles.ReadDir("profiles")
	if err != nil {
		panic(err)
	}
	out := map[string]*Profile{}
	for _, n := range names {
		b, err := profileFiles.ReadFile(path.Join("profiles", n.Name()))
		if err != nil {
			panic(err)
		}
		p := &Profile{}
		if err := json.Unmarshal(b, p); err != nil {
			panic(fmt.Sprintf("site: profile %s: %v", n.Name(), err))
		}
		out[p.Version] = p
	}
	return out
}

func latestProfile() *Profile {
	versions := make([]string, 0, len(profiles))
	for v := range profiles {
		versions = append(versions, v)
	}
	sort.Strings(versions)
	return profiles[versions[len(versions)-1]]
}

// ProfileByVersion returns a shipped profile.
func ProfileByVersion(v string) (*Profile, bool) {
	p, ok := profiles[v]
	return p, ok
}
