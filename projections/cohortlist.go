package projections

import (
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
)

// CohortListing is one cohort as GET /v1/cohorts lists it: what a reader
// needs to find it, its roster size and its participants' outcomes.
type CohortListing struct {
	CohortID      string      `json:"cohort_id"`
	Name          string      `json:"name"`
	InstitutionID string      `json:"institution_id"`
	Golongan      []string    `json:"golongan"`
	StartsOn      domain.Date `json:"starts_on" format:"date"`
	EndsOn        domain.Date `json:"ends_on" format:"date"`
	Ruleset       string      `json:"ruleset"`
	// Phase is set by the reader: it depends on the day it is read.
	Phase      string `json:"phase" enums:"upcoming,mooc,running,ended,decided"`
	Capacity   int    `json:"capacity"`
	RosterSize int    `json:"roster_size"`
	Sessions   int    `json:"sessions"`
	// DecidedOn is the day of the first graduation meeting, if held.
	DecidedOn domain.Date   `json:"decided_on,omitempty" format:"date"`
	Outcomes  OutcomeCounts `json:"outcomes"`
} // @name CohortListing

// OutcomeCounts counts a cohort's participants by outcome, provisional or
// decided (Decided says how many of them a meeting decided).
type OutcomeCounts struct {
	Lulus      int `json:"lulus"`
	Ditunda    int `json:"ditunda"`
	TidakLulus int `json:"tidak_lulus"`
	Incomplete int `json:"incomplete"`
	Decided    int `json:"decided"`
} // @name OutcomeCounts

// Add counts one participant's outcome.
func (o *OutcomeCounts) Add(status, result string) {
	switch result {
	case participant.Lulus:
		o.Lulus++
	case participant.Ditunda:
		o.Ditunda++
	case participant.TidakLulus:
		o.TidakLulus++
	default:
		o.Incomplete++
	}
	if status == "decided" {
		o.Decided++
	}
}

// ListingOf is the listing of a cohort's view; the caller counts outcomes.
func ListingOf(v CohortView) CohortListing {
	l := CohortListing{
		CohortID: v.CohortID, Name: v.Name, InstitutionID: v.InstitutionID, Golongan: v.Golongan,
		StartsOn: v.StartsOn, EndsOn: v.EndsOn, Ruleset: v.Ruleset,
		Capacity: v.Capacity, RosterSize: v.RosterSize, Sessions: len(v.Sessions),
	}
	for _, m := range v.Meetings {
		if !m.Redecision {
			l.DecidedOn = m.DecidedOn
			break
		}
	}
	return l
}

// PackOutcome is a participant's outcome in one string ("decided|lulus"),
// as a mirror (Redis) stores it per participant.
func PackOutcome(st participant.Standing) string { return st.Outcome.Status + "|" + st.Outcome.Result }

// AddPacked counts an outcome a mirror stored with PackOutcome.
func (o *OutcomeCounts) AddPacked(packed string) {
	for i := 0; i < len(packed); i++ {
		if packed[i] == '|' {
			o.Add(packed[:i], packed[i+1:])
			return
		}
	}
	o.Add("", packed)
}
