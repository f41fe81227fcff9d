package ledger

import (
	"context"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
)

// Released answers a release with what was recorded on the cohort.
type Released struct {
	Written
	Release cohort.ParticipantsReleased
}

// Release releases a decided cohort's participants back to their agencies
// (R-MOVE-3): ParticipantsReleased on the cohort and ParticipantReleased on
// each participant's stream, in one append. The cohort is held, then the
// participants in NIP order (see command.Tx): a participant not decided,
// a lost race or a failed append releases nobody. The same release again
// answers the first record. Admin and the institution's LMS.
func (l *Ledger) Release(ctx context.Context, p Principal, cohortID string, on domain.Date) (Released, error) {
	if err := p.may("release participants", learningWriters...); err != nil {
		return Released{}, err
	}
	var out Released
	err := command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		co, err := l.holdCohort(tx, p, cohortID, "cohort")
		if err != nil {
			return err
		}
		e, each, err := cohort.DecideRelease(co.State(), on)
		if err != nil {
			return err
		}
		md := p.metadata()
		part, err := command.Stage(tx, co, []domain.Event{e}, command.Emit{IDKey: "release", At: on.Time(), Metadata: md})
		if err != nil {
			return err
		}
		nips := make([]domain.NIP, len(each)) // in NIP order
		for i, r := range each {
			nips[i] = r.NIP
		}
		own, err := l.stageOnEach(tx, nips, command.Emit{IDKey: "release:" + cohortID, At: on.Time(), Metadata: md},
			func(i int, st participant.State) ([]domain.Event, error) {
				return participant.DecideRelease(st, each[i])
			})
		if err != nil {
			return err
		}
		parts := append([]*command.Part{part}, own...)
		tx.After(func() { out = Released{Written: written(parts...), Release: e} })
		return nil
	})
	return out, err
}
