package cohort

import (
	"fmt"
	"slices"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/staff"
)

// DefaultCapacity is R-COH-1's limit without an approval.
const DefaultCapacity = 40

// MaxCapacity bounds an approved capacity (R-INPUT-3): the Head of LAN
// approves a larger cohort, not an unbounded one; a roster is one stream,
// read whole by every enrolment and meeting.
const MaxCapacity = 1000

// Window is the cohort's training period, starts_on..ends_on.
func (s State) Window() domain.Window {
	return domain.Window{StartsOn: s.Opened.StartsOn, EndsOn: s.Opened.EndsOn}
}

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
	Withdrawn map[domain.NIP]ParticipantWithdrew // R-MOVE-1: off the roster

	Proposals map[domain.NIP]ParticipantProposed    // R-CALL-1
	CalledUp  map[domain.NIP]ParticipantsCalledUp   // R-CALL-2, by participant
	Confirmed map[domain.NIP]ParticipationConfirmed // R-CALL-3

	Groups      []GroupFormed
	GroupOf     map[domain.NIP]string // R-COH-4: at most one group each
	Sessions    []SessionScheduled
	SessionByID map[string]int // index into Sessions
	Meetings    []GraduationMeetingHeld
	Extension   *RemedialDeadlineExtended
	// Numberings are the documents' numberings, Numbers the numbers they
	// gave (by number) and Sequences the last of each kind and year
	// ("2024/sttp").
	Numberings []DocumentsNumbered
	Numbers    map[string]Numbered
	Sequences  map[string]int

	PhaseMoves []PhaseMoved          // R-PHASE-20, in order; Opened.Phases is the layout in force
	Release    *ParticipantsReleased // R-MOVE-3

	Staff       []staff.Assigned                 // R-STAFF-1, in the order assigned
	Evaluations map[domain.NIP]TrainingEvaluated // R-EVP-1, one per participant
}

// AcademicRemedialDeadline is R-REM-2's: at most one week after the training
// ends (R-PHASE-7: klasikal's last day when a moved phase puts it after
// ends_on), whatever extension is recorded.
func (s State) AcademicRemedialDeadline() domain.Date { return s.TrainingEnds().AddDays(7) }

// RemedialDeadline is the deadline of the remedials of R-REM-3 (actualisation
// implementation, and pktbt): one week after the training ends, or the later
// deadline an admin recorded "as needed".
func (s State) RemedialDeadline() domain.Date {
	if s.Extension != nil {
		return s.Extension.Deadline
	}
	return s.AcademicRemedialDeadline()
}

// RemedialDeadlineUnder is the deadline for a remedial under rule (R-REM-2 or R-REM-3).
func (s State) RemedialDeadlineUnder(rule string) domain.Date {
	if rule == "R-REM-2" {
		return s.AcademicRemedialDeadline()
	}
	return s.RemedialDeadline()
}

// FirstMeeting is the first graduation meeting, nil before it.
func (s State) FirstMeeting() *GraduationMeetingHeld {
	for i := range s.Meetings {
		if !s.Meetings[i].Redecision {
			return &s.Meetings[i]
		}
	}
	return nil
}

// Session is the session with that id.
func (s State) Session(id string) (SessionScheduled, bool) {
	i, ok := s.SessionByID[id]
	if !ok {
		return SessionScheduled{}, false
	}
	return s.Sessions[i], true
}

// Attends tells whether participant nip is expected at session ss: every
// participant at a cohort session, the group's members at a group session.
func (s State) Attends(nip domain.NIP, ss SessionScheduled) bool {
	if _, ok := s.Roster[nip]; !ok {
		return false
	}
	return ss.GroupID == "" || s.GroupOf[nip] == ss.GroupID
}

// Initial is the state of a cohort nothing has happened to.
func Initial() State { return State{Capacity: DefaultCapacity} }

// Exists tells whether the cohort has been opened.
func (s State) Exists() bool { return s.Opened != nil }

// Evolve folds one event into the state. It may reuse s's maps.
func Evolve(s State, e domain.Event) State { return Aggregate.Evolve(s, e) }

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

// SessionsOn lists the sessions scheduled for participant nip on date d.
func (s State) SessionsOn(nip domain.NIP, d domain.Date) []string {
	var ids []string
	for _, ss := range s.Sessions {
		if ss.Date == d && s.Attends(nip, ss) {
			ids = append(ids, ss.SessionID)
		}
	}
	return ids
}

// OnRoster reads a list of NIPs that must each be a participant of the
// cohort, once: what it cannot take is added to v under nips[i], citing
// rule (R-NIP-1 for what is not a NIP). It answers the NIPs it took.
func (s State) OnRoster(raw []string, rule string, v *domain.Invalid) []domain.NIP {
	nips := make([]domain.NIP, 0, len(raw))
	for i, r := range raw {
		field := fmt.Sprintf("nips[%d]", i)
		n, err := domain.ParseNIP(r)
		switch {
		case err != nil:
			v.Add("R-NIP-1", field, "not a NIP: "+r)
		case slices.Contains(nips, n):
			v.Add(rule, field, string(n)+" is listed twice")
		case s.Roster[n].Enrolment.NIP == "":
			v.Add(rule, field, string(n)+" is not a participant of cohort "+s.Opened.CohortID)
		default:
			nips = append(nips, n)
		}
	}
	return nips
}
