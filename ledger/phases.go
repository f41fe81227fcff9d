package ledger

import (
	"context"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/projections"
)

// MovePhase moves a phase of a cohort laid out by a template, and the
// phases after it, with its reason (R-PHASE-20), over the deployment's
// working days. Each move is numbered in the cohort, so the latest move
// asked again answers its record and a move back is a new one. Admin and
// the institution's LMS; another institution's cohort is a 404.
func (l *Ledger) MovePhase(ctx context.Context, p Principal, cohortID string, c cohort.MovePhase) (CohortWritten, error) {
	if err := p.may("move phases", learningWriters...); err != nil {
		return CohortWritten{}, err
	}
	c.Holidays = l.holidays
	var out CohortWritten
	res, err := l.cohorts.Run(ctx, command.Command[cohort.State]{
		Stream: cohortStream(cohortID), Metadata: p.metadata(),
		KeyFrom: func(st cohort.State) string { return cohort.PhaseMoveKey(st, c) },
		Decide: func(st cohort.State) ([]domain.Event, error) {
			if !st.Exists() || !p.Sees(scopeOfCohort(st)) {
				return nil, domain.NotFound("cohort")
			}
			return cohort.DecideMovePhase(st, c)
		},
		After: func(st cohort.State) { out.Cohort = projections.CohortViewOf(st, 0) },
	})
	if err != nil {
		return CohortWritten{}, err
	}
	out.Written = Written{Appends: appended(res)}
	out.Cohort.Position = out.Position()
	return out, nil
}
