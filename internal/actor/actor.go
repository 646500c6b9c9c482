// Package actor says who is acting. Every request has one actor, set
// once by the session layer; every background job and command names itself
// as one. Services take the actor as an explicit argument and check it
// against the object they load; the audit trail records it. There is no
// anonymous or fallback actor: an action whose actor is unknown does not
// happen.
package actor

import (
	"context"
	"strconv"
)

// Kind is what sort of actor someone is.
type Kind string

const (
	// Staff is an employee of the institution, logged in to /admin.
	Staff Kind = "staff"
	// Resident is a person identified through the e-government gateway,
	// acting for themselves or, with Representation, for someone else.
	Resident Kind = "resident"
	// Visitor is an unidentified person using a public form; Name says
	// what they gave (for example an email address).
	Visitor Kind = "visitor"
	// Job is a background job or a command run by the operator; Name says
	// which.
	Job Kind = "job"
)

// Actor is one acting party.
type Actor struct {
	Kind          Kind
	ID            int64  // staff: users.id; 0 for visitors and jobs
	Name          string // how the audit trail shows the actor
	InstitutionID int64  // where the actor acts; 0: installation-wide (a job or a command)
	Role          Role   // staff only
	DepartmentID  int64  // staff only; 0: none
	// Representation is set when a resident acts for another person or an
	// organisation; nil when they act for themselves.
	Representation *Representation
}

// Representation is the party a resident acts for and on what basis (EPS-13).
type Representation struct {
	PartyCode string // personal or company code of the represented party
	PartyName string
	Basis     string // e.g. a mandate's number in the register of authorisations
}

// NewJob is the actor of a background job or an operator's command, named
// in Lithuanian as the audit trail shows it, e.g. NewJob("publikavimo terminų
// pabaiga"). institutionID is 0 for work that spans institutions.
func NewJob(name string, institutionID int64) Actor {
	return Actor{Kind: Job, Name: "Sistema: " + name, InstitutionID: institutionID}
}

// NewVisitor is an unidentified person using a public form of institution.
func NewVisitor(name string, institutionID int64) Actor {
	return Actor{Kind: Visitor, Name: name, InstitutionID: institutionID}
}

// Known reports whether the actor can be held to account: it has a kind and
// a name, and staff and residents have an id.
func (a Actor) Known() bool {
	if a.Kind == "" || a.Name == "" {
		return false
	}
	return (a.Kind != Staff && a.Kind != Resident) || a.ID != 0
}

// IsStaff reports whether the actor is a staff member with one of roles (any
// role when none is given).
func (a Actor) IsStaff(roles ...Role) bool {
	if a.Kind != Staff || a.ID == 0 {
		return false
	}
	if len(roles) == 0 {
		return true
	}
	for _, r := range roles {
		if a.Role == r {
			return true
		}
	}
	return false
}

// InDepartment reports whether the actor is staff of department id (never
// for id 0: general content belongs to no department).
func (a Actor) InDepartment(id int64) bool {
	return a.Kind == Staff && id != 0 && a.DepartmentID == id
}

// String is for logs.
func (a Actor) String() string {
	return string(a.Kind) + ":" + strconv.FormatInt(a.ID, 10) + ":" + a.Name
}

type ctxKey struct{}

// With returns ctx carrying the request's actor. Only the session layer
// calls it; handlers read it with From and pass it on explicitly.
func With(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, ctxKey{}, a)
}

// From returns the request's actor; false for a request nobody is logged in
// to. Services never call it: they get the actor as an argument.
func From(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(ctxKey{}).(Actor)
	return a, ok
}
