package main

import (
	"errors"
	"strings"
	"testing"
)

// WEB-12 from the command line: the address, or exit status 2 with a
// message for input that gives none.
func TestStaffEmailAddress(t *testing.T) {
	inTempDir(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"staff", "email-address", "Ona Marija Petraitienė-Kazlauskienė", "--domain", "Kelme.lt"}, "ona.petraitiene@kelme.lt\n"},
		{[]string{"staff", "email-address", "--domain=@kelme.lt", "Žydrūnas Čėsna"}, "zydrunas.cesna@kelme.lt\n"},
		{[]string{"staff", "email-address", "Jūratė Ūsaitė"}, "jurate.usaite\n"},
	} {
		stdout, stderr, err := runCmd(t, tt.args...)
		if err != nil || stdout != tt.want || stderr != "" {
			t.Errorf("%s: stdout %q, stderr %q, err %v; want %q", strings.Join(tt.args, " "), stdout, stderr, err, tt.want)
		}
	}
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"staff", "email-address", ""}, "the name is empty"},
		{[]string{"staff", "email-address"}, `want one "FULL NAME"`},
		{[]string{"staff", "email-address", "Ona", "Petraitienė"}, `want one "FULL NAME"`},
		{[]string{"staff", "email-address", "Ona"}, "no given name and surname"},
		{[]string{"staff", "email-address", "Ona Petraitienė", "--domain", "ne domenas"}, "not a mail domain"},
		{[]string{"staff", "email-address", "Ona Petraitienė", "--kitas"}, "flag provided but not defined"},
		{[]string{"staff"}, `want "staff email-address"`},
	} {
		stdout, _, err := runCmd(t, tt.args...)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.msg) || stdout != "" {
			t.Errorf("%s: stdout %q, err %v; want a usage error (exit 2) saying %q", strings.Join(tt.args, " "), stdout, err, tt.msg)
		}
	}
}
