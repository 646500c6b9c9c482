package staff

import (
	"context"
	"fmt"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// NotifyMode is how a staff member is told of workflow steps that concern
// them (material to review, returned, published): a mail for each step, or
// one daily digest of them (internal/notify).
type NotifyMode string

// The modes; immediate is the default of every account.
const (
	NotifyImmediate NotifyMode = "immediate"
	NotifyDaily     NotifyMode = "daily"
)

// NotifyModes in the order the account page offers them.
var NotifyModes = []NotifyMode{NotifyImmediate, NotifyDaily}

// Label is the mode's catalogue key.
func (m NotifyMode) Label() string { return "staff.notify.mode." + string(m) }

func (m NotifyMode) valid() bool { return m == NotifyImmediate || m == NotifyDaily }

// Lang is the language the user's mail is written in: their choice, else
// Lithuanian.
func (u *User) Lang() string { return i18n.Normalize(u.MailLang) }

// NotificationSettings is what the account page's notification form sets.
type NotificationSettings struct {
	Mode NotifyMode
	Lang string // "lt" or "en"
}

// SetNotifications changes how the staff member a is told of workflow
// steps; only the account's owner sets it, and the change is audited
// . Bad values come back as web.FieldErrors on "notify_mode" and
// "mail_lang".
func (s *Service) SetNotifications(ctx context.Context, a actor.Actor, in NotificationSettings) error {
	if !CanUseAccount(a) {
		return web.ErrForbidden
	}
	var fe web.FieldErrors
	if !in.Mode.valid() {
		fe.Add("notify_mode", "staff.error.notify_mode_invalid")
	}
	if in.Lang != i18n.LT && in.Lang != i18n.EN {
		fe.Add("mail_lang", "staff.error.mail_lang_invalid")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		u, err := findUserTx(ctx, tx, a.InstitutionID, a.ID)
		if err != nil {
			return fmt.Errorf("notification settings of user %d: %w", a.ID, err)
		}
		before := NotificationSettings{Mode: u.NotifyMode, Lang: u.Lang()}
		if before == in {
			return nil
		}
		if err := tx.ExecOne(ctx, `UPDATE users SET notify_mode = ?, mail_lang = ? WHERE id = ?`, in.Mode, in.Lang, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: u.InstitutionID, Actor: a, Action: "staff.account.notifications", ObjectType: "user", ObjectID: u.ID,
			Summary: fmt.Sprintf("Pakeistas pranešimų siuntimo būdas: %s, kalba %s", i18n.T(i18n.LT, in.Mode.Label()), in.Lang),
			Before:  map[string]string{"mode": string(before.Mode), "lang": before.Lang},
			After:   map[string]string{"mode": string(in.Mode), "lang": in.Lang},
		})
	})
}
