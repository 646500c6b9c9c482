package feedback

import (
	"context"
	"fmt"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
)

// SeedDemo gives the demo municipality's queue two items: a problem report
// received eight days ago and answered in time by answerer, and a request
// for an audio recording received three days ago and still open.
func SeedDemo(ctx context.Context, db *store.DB, in *institution.Institution, deadlines *deadline.Service, answerer actor.Actor) error {
	s := NewService(db, nil, deadlines)
	now := db.Now()
	report := Form{Kind: string(Problem), PageAddress: "/administracine-informacija/darbo-uzmokestis",
		Description: "Darbo užmokesčio lentelę ekrano skaitytuvas skaito be stulpelių antraščių, todėl neaišku, " +
			"kuriam ketvirčiui priklauso kiekviena suma.\nNaudoju NVDA ir naršyklę Firefox.",
		Name: "Ona Kazlauskienė", Email: "ona.kazlauskiene@example.lt"}
	request := Form{Kind: string(Alternative), PageAddress: "/administracine-informacija/planavimo-dokumentai",
		Description: "Prašau pateikti 2027 metų biudžeto projekto santrauką garso įrašu: dėl regėjimo negalios " +
			"negaliu perskaityti skenuoto PDF dokumento.",
		Format: "audio", Name: "Petras Vaitkus", Email: "petras.vaitkus@example.lt", Phone: "+370 612 34567"}

	var answered *Item
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if answered, err = s.register(ctx, tx, in, report, i18n.LT, now.Add(-8*24*time.Hour)); err != nil {
			return err
		}
		_, err = s.register(ctx, tx, in, request, i18n.LT, now.Add(-3*24*time.Hour))
		return err
	})
	if err != nil {
		return fmt.Errorf("demo feedback: %w", err)
	}
	err = s.Answer(ctx, answerer, in, answered.ID, AnswerForm{Version: answered.Version,
		Answer: "Dėkojame už pranešimą. Lentelę pataisėme: stulpelių antraštės dabar pažymėtos, todėl ekrano skaitytuvas " +
			"prie kiekvienos sumos perskaito ketvirtį.\nJei pastebėsite kitų trūkumų, praneškite mums."})
	if err != nil {
		return fmt.Errorf("demo feedback answer: %w", err)
	}
	return nil
}
