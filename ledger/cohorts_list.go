package ledger

import (
	"context"
	"errors"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/projections"
)

// The phases of a cohort as the list of cohorts shows them: derived when
// read, from the cohort's dates against the day and whether the first
// graduation meeting was held.
const (
	PhaseUpcoming = "upcoming" // before starts_on
	PhaseMOOC     = "mooc"     // the MOOC's first 16 days (rules.md §1: 16 days × 3 JP)
	PhaseRunning  = "running"  // after the MOOC, up to ends_on
	PhaseEnded    = "ended"    // after ends_on, no graduation meeting yet
	PhaseDecided  = "decided"  // the first graduation meeting was held
)

// Phases lists the phases in the order a cohort goes through them.
var Phases = []string{PhaseUpcoming, PhaseMOOC, PhaseRunning, PhaseEnded, PhaseDecided}

// moocDays is the MOOC's length (rules.md §1).
const moocDays = 16

// PhaseOn is the phase of a cohort on day today.
func PhaseOn(c projections.CohortListing, today domain.Date) string {
	switch {
	case c.DecidedOn != "":
		return PhaseDecided
	case today < c.StartsOn:
		return PhaseUpcoming
	case today > c.EndsOn:
		return PhaseEnded
	case today < c.StartsOn.AddDays(moocDays):
		return PhaseMOOC
	default:
		return PhaseRunning
	}
}

// CohortQuery selects and pages the cohorts listed.
type CohortQuery struct {
	InstitutionID string // "" for every institution the principal sees
	Phase         string // "" for any phase
	Year          int    // the year starts_on falls in; 0 for any
	After         string // the cohort id the page starts after
	Limit         int
	// Today is the day phases are judged on (zero: today, UTC).
	Today domain.Date
}

// CohortsPage is a page of cohorts; More tells whether cohorts follow.
type CohortsPage struct {
	Items []projections.CohortListing
	More  bool
}

// listBatch is how many cohorts are read from the model at a time while
// filtering.
const listBatch = 200

// Cohorts lists the cohorts p may see (an lms token its institution's), by
// cohort id, filtered by institution, phase and year, each with its phase
// and its participants' outcomes. An empty list is answered only when the
// read model holds the log's head (else it waits, then 503), so a model
// that lags never lists nothing falsely.
func (l *Ledger) Cohorts(ctx context.Context, p Principal, q CohortQuery) (CohortsPage, error) {
	if err := p.may("list cohorts", cohortReaders...); err != nil {
		return CohortsPage{}, err
	}
	if q.Today == "" {
		q.Today = domain.Date(time.Now().UTC().Format(time.DateOnly))
	}
	var page CohortsPage
	err := l.find(ctx, "cohort", func() (bool, error) {
		items, scanned, err := l.listCohorts(ctx, p, q)
		page.Items, page.More = items, len(items) > q.Limit
		if page.More {
			page.Items = items[:q.Limit]
		}
		return scanned, err
	})
	var de *domain.Error
	if errors.As(err, &de) && de.Code == domain.CodeNotFound {
		return CohortsPage{Items: []projections.CohortListing{}}, nil // the model holds the head: there is none
	}
	return page, err
}

// listCohorts reads the model until it has one more match than the page
// holds, or the model ends; scanned tells whether it met any cohort at all.
func (l *Ledger) listCohorts(ctx context.Context, p Principal, q CohortQuery) (items []projections.CohortListing, scanned bool, err error) {
	items = []projections.CohortListing{}
	after := q.After
	for len(items) <= q.Limit {
		batch, err := l.model.Cohorts(ctx, after, listBatch)
		if err != nil || len(batch) == 0 {
			return items, scanned, err
		}
		scanned = true
		for _, c := range batch {
			c.Phase = PhaseOn(c, q.Today)
			if q.matches(p, c) {
				items = append(items, c)
				if len(items) > q.Limit {
					break
				}
			}
		}
		after = batch[len(batch)-1].CohortID
	}
	return items, scanned, nil
}

func (q CohortQuery) matches(p Principal, c projections.CohortListing) bool {
	switch {
	case !p.Sees(projections.Scope{CohortID: c.CohortID, InstitutionID: c.InstitutionID}):
		return false
	case q.InstitutionID != "" && c.InstitutionID != q.InstitutionID:
		return false
	case q.Phase != "" && c.Phase != q.Phase:
		return false
	case q.Year != 0 && c.StartsOn.Time().Year() != q.Year:
		return false
	}
	return true
}
