package ledger

import (
	"context"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/projections"
)

// MovePhase moves a phase of a cohort laid out by a template, and the
// phases after it, with its reason (R-PHASE-20), over the deployment's
// working days. The move is written on the cohort and, so that their own
// phase checks (R-PHASE-2..5) judge the layout in force, on every
// participant of its roster, in one append: the cohort is held, then the
// participants in NIP order (see command.Tx); a participant with a fact in
// the span the move shifts refuses it and nothing is written. Each move is
// numbered in the cohort, so the latest move asked again answers its
// record and a move back is a new one. Admin and the institution's LMS;
// another institution's cohort is a 404.
func (l *Ledger) MovePhase(ctx context.Context, p Principal, cohortID string, c cohort.MovePhase) (CohortWritten, error) {
	if err := p.may("move phases", learningWriters...); err != nil {
		return CohortWritten{}, err
	}
	c.Holidays = l.holidays
	var out CohortWritten
	err := command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		co, err := l.holdCohort(tx, p, cohortID, "cohort")
		if err != nil {
			return err
		}
		cs := co.State()
		key, repeat := cohort.PhaseMoveKey(cs, c), cs.RepeatsLatestMove(c)
		decided, err := cohort.DecideMovePhase(cs, c)
		if err != nil {
			return err
		}
		md := p.metadata()
		part, err := command.Stage(tx, co, decided, command.Emit{IDKey: key, Metadata: md})
		if err != nil {
			return err
		}
		parts := []*command.Part{part}
		if !repeat { // a repeat is the cohort's duplicate; later enrolments copied the layout
			moved := decided[0].(cohort.PhaseMoved)
			own, err := l.stageOnEach(tx, rosterOf(cs), command.Emit{IDKey: key, Metadata: md},
				func(_ int, st participant.State) ([]domain.Event, error) {
					return participant.DecidePhaseMove(st, moved)
				})
			if err != nil {
				return err
			}
			parts = append(parts, own...)
		}
		tx.After(func() {
			out = CohortWritten{Written: written(parts...), Cohort: projections.CohortViewOf(co.State(), 0)}
			out.Cohort.Position = out.Position()
		})
		return nil
	})
	return out, err
}
