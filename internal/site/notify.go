package site

import (
	"context"
	"errors"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/notify"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// The workflow's notices (WEB-20, WEB-21), each sent in the transaction of
// its step: material submitted goes to those who will review it, a return
// (with its reason) and a publication to the revision's author. The person
// taking the step is never told of it.

func (s *Service) notifySubmitted(ctx context.Context, tx *store.Tx, by actor.Actor, p *Page, r *Revision) error {
	rv, err := reviewersOf(ctx, tx, p)
	if err != nil {
		return err
	}
	return s.notify.Send(ctx, tx, by, p.InstitutionID, rv.Users, notify.Notice{Kind: "site.submitted", Key: "site.notice.submitted",
		Args: []any{r.Title, by.Name}, Path: pageLink(p.ID)})
}

func (s *Service) notifyReturned(ctx context.Context, tx *store.Tx, by actor.Actor, p *Page, r *Revision, reason string) error {
	return s.tellAuthor(ctx, tx, by, p, r, notify.Notice{Kind: "site.returned", Key: "site.notice.returned",
		Args: []any{r.Title, by.Name}, Reason: reason, Path: pageLink(p.ID)})
}

// notifyScheduled tells the author that their revision was approved by
// and goes live at: "published" when at is now or past, "scheduled" with
// the date and time otherwise. Scheduled publishing calls it when it
// approves; Publish, which publishes at once, calls it with tx.Now.
func (s *Service) notifyScheduled(ctx context.Context, tx *store.Tx, by actor.Actor, p *Page, r *Revision, at time.Time) error {
	n := notify.Notice{Kind: "site.published", Key: "site.notice.published", Args: []any{r.Title, by.Name}, Path: pageLink(p.ID)}
	if at.After(tx.Now) {
		n.Kind, n.Key, n.Args = "site.scheduled", "site.notice.scheduled", []any{r.Title, by.Name, web.FormatDateTime(at)}
	}
	return s.tellAuthor(ctx, tx, by, p, r, n)
}

// tellAuthor sends n to the author of r, if their account still exists.
func (s *Service) tellAuthor(ctx context.Context, tx *store.Tx, by actor.Actor, p *Page, r *Revision, n notify.Notice) error {
	u, err := staff.FindUser(ctx, tx, p.InstitutionID, r.AuthorID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.notify.Send(ctx, tx, by, p.InstitutionID, []staff.User{*u}, n)
}
