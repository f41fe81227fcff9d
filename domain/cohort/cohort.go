package cohort

import (
	"slices"

	"github.com/latsar/ledger/domain"
)

// DefaultCapacity is R-COH-1's limit without an approval.
const DefaultCapacity = 40

// Member is one participant on the roster.
type Member struct {
	Enrolment ParticipantEnrolled
	Golongan  domain.Golongan
}

// State is what the cohort's rules need to know.
type State struct {
	Opened    *Opened
	Approvals []ApprovalRecorded
	Capacity  int
	Merged    bool // R-COH-3 approval recorded
	Roster    map[domain.NIP]Member
	Count     map[domain.Golongan]int
}

// Initial is the state of a cohort nothing has happened to.
func Initial() State { return State{Capacity: DefaultCapacity} }

// Exists tells whether the cohort has been opened.
func (s State) Exists() bool { return s.Opened != nil }

// Evolve folds one event into the state. It may reuse s's maps.
func Evolve(s State, e domain.Event) State {
	switch e := e.(type) {
	case Opened:
		s.Opened = &e
		if s.Capacity == 0 {
			s.Capacity = DefaultCapacity
		}
	case ApprovalRecorded:
		s.Approvals = append(s.Approvals, e)
		switch e.Kind {
		case KindCapacity:
			s.Capacity = max(s.Capacity, e.Capacity)
		case KindGolonganMerge:
			s.Merged = true
		}
	case ParticipantEnrolled:
		if s.Roster == nil {
			s.Roster = make(map[domain.NIP]Member)
			s.Count = make(map[domain.Golongan]int)
		}
		g, _ := domain.ParseGolongan(e.Golongan)
		s.Roster[e.NIP] = Member{Enrolment: e, Golongan: g}
		s.Count[g]++
	}
	return s
}

// allowsGolongan tells whether the cohort was opened for g, or a merge of II
// and III was approved (R-COH-3).
func (s State) allowsGolongan(g domain.Golongan) bool {
	return s.Merged || slices.Contains(s.Opened.Golongan, string(g))
}

// mixes tells whether enrolling g would put II and III in one cohort.
func (s State) mixes(g domain.Golongan) bool {
	for other, n := range s.Count {
		if other != g && n > 0 {
			return true
		}
	}
	return false
}
