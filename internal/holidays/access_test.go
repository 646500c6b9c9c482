package holidays

import (
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
)

// Who changes the national days off: the only institution's
// administrator, or the operator's command; never one institution's
// administrator on an installation of several.
func TestMayChange(t *testing.T) {
	admin := actor.Actor{Kind: actor.Staff, ID: 7, Name: "Rasa", InstitutionID: 1, Role: actor.RoleAdmin}
	editor := admin
	editor.Role = actor.RoleReception
	operator := actor.NewJob("komandinė eilutė: root", 0)
	tests := []struct {
		name         string
		a            actor.Actor
		institutions []int64
		want         bool
	}{
		{"OnlyInstitutionsAdmin", admin, []int64{1}, true},
		{"AdminOfSeveral", admin, []int64{1, 2}, false},
		{"AdminOfAnotherInstitution", admin, []int64{2}, false},
		{"Editor", editor, []int64{1}, false},
		{"OperatorOfSeveral", operator, []int64{1, 2}, true},
		{"NamelessJob", actor.Actor{Kind: actor.Job}, []int64{1, 2}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mayChange(tt.a, tt.institutions); got != tt.want {
				t.Errorf("mayChange = %v, want %v", got, tt.want)
			}
		})
	}
}
