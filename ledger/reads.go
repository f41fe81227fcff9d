package ledger

import (
	"context"
	"encoding/json"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/projections"
)

// The reads of the projections: who may read is decided here, as for
// writes; what they answer is as fresh as the read model (the edge waits
// for a position the caller names).

// Cohort is a cohort's view, encoded as the read model keeps it.
func (l *Ledger) Cohort(ctx context.Context, p Principal, id string) (json.RawMessage, error) {
	if err := p.may("read cohorts", cohortReaders...); err != nil {
		return nil, err
	}
	return l.visibleCohort(ctx, p, id)
}

// Standings is a page of a cohort's standing summaries.
type Standings struct {
	CohortID string
	Items    []projections.StandingSummary
	// More tells whether summaries follow the page's last.
	More bool
}

// Standings lists a cohort's standing summaries by NIP: up to limit after
// the NIP after ("" for the first page).
func (l *Ledger) Standings(ctx context.Context, p Principal, cohortID string, after domain.NIP, limit int) (Standings, error) {
	if err := p.may("read a cohort's standings", cohortReaders...); err != nil {
		return Standings{}, err
	}
	if _, err := l.visibleCohort(ctx, p, cohortID); err != nil {
		return Standings{}, err
	}
	var items []projections.StandingSummary
	err := l.find(ctx, "cohort", func() (ok bool, err error) {
		items, ok, err = l.model.CohortSummaries(ctx, cohortID, after, limit+1)
		return ok, err
	})
	if err != nil {
		return Standings{}, err
	}
	page := Standings{CohortID: cohortID, Items: items}
	if len(items) > limit {
		page.Items, page.More = items[:limit], true
	}
	return page, nil
}

// CohortLeaderboard ranks a cohort's participants on a board
// (projections.BoardTrophies or BoardFinal).
func (l *Ledger) CohortLeaderboard(ctx context.Context, p Principal, cohortID, board string, limit int) ([]projections.LeaderRow, error) {
	if err := p.may("read a cohort's leaderboard", cohortReaders...); err != nil {
		return nil, err
	}
	if _, err := l.visibleCohort(ctx, p, cohortID); err != nil {
		return nil, err
	}
	rows, _, err := l.model.Leaderboard(ctx, cohortID, board, limit)
	return rows, err
}

// Leaderboard ranks every cohort's participants on a board: for national
// dashboards, so no token bound to an institution or agency reads it.
func (l *Ledger) Leaderboard(ctx context.Context, p Principal, board string, limit int) ([]projections.LeaderRow, error) {
	if err := p.may("read the leaderboard over every cohort", nationalReaders...); err != nil {
		return nil, err
	}
	rows, _, err := l.model.Leaderboard(ctx, "", board, limit)
	return rows, err
}

// nationalReaders read across every tenant.
var nationalReaders = []access.Role{access.Admin, access.Auditor, access.Dashboard}

// visibleCohort is the cohort's view if it exists and p may see it (else 404).
func (l *Ledger) visibleCohort(ctx context.Context, p Principal, id string) (json.RawMessage, error) {
	var view json.RawMessage
	var scope projections.Scope
	err := l.find(ctx, "cohort", func() (ok bool, err error) {
		view, scope, ok, err = l.model.CohortJSON(ctx, id)
		return ok, err
	})
	switch {
	case err != nil:
		return nil, err
	case !p.Sees(scope):
		return nil, domain.NotFound("cohort")
	}
	return view, nil
}
