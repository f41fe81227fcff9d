package participant

import (
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// materialIndex maps a material to its row in the tally.
func materialIndex(m domain.Material) int {
	switch m {
	case domain.Kebijakan:
		return 0
	case domain.Substansi1:
		return 1
	default:
		return 2
	}
}

// Tally counts trophies per material and agenda.
type Tally [3][domain.MaxAgenda + 1]int

// Of is the number of trophies of m in agenda a.
func (t *Tally) Of(m domain.Material, a int) int { return t[materialIndex(m)][a] }

// In sums the trophies of m over agendas from..to.
func (t *Tally) In(m domain.Material, from, to int) int {
	n := 0
	for a := from; a <= to; a++ {
		n += t[materialIndex(m)][a]
	}
	return n
}

// State is what the participant's rules need, folded from the participant's stream.
type State struct {
	Enrolment *cohort.ParticipantEnrolled // the cohort the participant is in now (R-MOVE-2)
	// Withdrawal closes the participant to learning events and meetings
	// (R-MOVE-1); Transfers are their moves, in order (R-MOVE-2).
	Withdrawal *cohort.ParticipantWithdrew
	Transfers  []cohort.ParticipantTransferred
	Release    *cohort.ParticipantReleased // R-MOVE-3: back to the agency
	Trophies   map[string]TrophyEarned     // by activity_id (R-TRO-8)
	Tally      Tally
	Total      int
	Attempts   []PosttestAttempted
	Result     domain.Score // best capped attempt (R-POST-2); valid when len(Attempts) > 0
	CheckedIn  *time.Time
	// ElearningEvaluated is when academic_elearning was first assessed
	// (R-PHASE-8: before seminar R.A).
	ElearningEvaluated *time.Time

	Attendance map[string]AttendanceRecorded // latest record by session_id (R-ATT-2)
	Scores     map[Component]domain.Score    // latest score by component
	Remedials  map[Component]RemedialTaken   // R-REM-1: at most one per component
	Decisions  []GraduationDecided           // every decision, the latest last
	Disputes   []Dispute
	Documents  []DocumentRecord         // every document issued, in order, with its revocation
	Products   map[string]Product       // by product_id, every revision kept (R-PROD-1)
	Seminars   map[string]SeminarRecord // by seminar_id (R-SEM-2)
	// Corrected lists events corrected away without replacement; Stale is
	// set by a correction folded incrementally: the state must then be
	// rebuilt with Fold, which only the holder of the whole stream can do.
	Corrected []string
	// Freed counts, by natural key ("trophy:" + activity_id…), the events a
	// correction took away: the same natural id is then a new fact, with
	// new event ids, and not a repeat of the corrected one.
	Freed map[string]int
	Stale bool
}

// NaturalKey is the key a fact's event ids derive from ("" when it has none).
func NaturalKey(e domain.Event) string { return Aggregate.NaturalKey(e) }

// Decision is the latest graduation decision, nil before the meeting.
func (s State) Decision() *GraduationDecided {
	if len(s.Decisions) == 0 {
		return nil
	}
	return &s.Decisions[len(s.Decisions)-1]
}

// Decided tells whether a graduation meeting has decided the participant:
// from then on the participant is closed to new learning events.
func (s State) Decided() bool { return len(s.Decisions) > 0 }

// DecisionAt is the decision of meeting ref, if any.
func (s State) DecisionAt(ref string) (GraduationDecided, bool) {
	for _, d := range s.Decisions {
		if d.MeetingRef == ref {
			return d, true
		}
	}
	return GraduationDecided{}, false
}

// Initial is the state of a participant nothing has happened to.
func Initial() State { return State{} }

// Enrolled tells whether the participant's stream has begun.
func (s State) Enrolled() bool { return s.Enrolment != nil }

// Evolve folds one recorded event into the state. History is fact: it never
// fails. It may reuse s's maps.
func Evolve(s State, e domain.Event) State { return Aggregate.Evolve(s, e) }

func (s State) attempt(id string) (PosttestAttempted, bool) {
	for _, a := range s.Attempts {
		if a.AttemptID == id {
			return a, true
		}
	}
	return PosttestAttempted{}, false
}
