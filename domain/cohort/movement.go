package cohort

import (
	"slices"
	"strings"

	"github.com/latsar/ledger/domain"
)

// ParticipantWithdrew records a participant's withdrawal from the training
// (R-MOVE-1), with the reason and the letter it rests on. It is written on
// the cohort (the participant leaves the roster) and on the participant
// (who is closed to learning events and not decided) in one append.
type ParticipantWithdrew struct {
	CohortID     string      `json:"cohort_id"`
	NIP          domain.NIP  `json:"nip"`
	Reason       string      `json:"reason"`
	LetterNumber string      `json:"letter_number"`
	WithdrawnOn  domain.Date `json:"withdrawn_on"`
}

// EventType implements domain.Event.
func (ParticipantWithdrew) EventType() string { return "ParticipantWithdrew" }

// ParticipantTransferred records a participant's move to another cohort of
// the same institution (R-MOVE-2): out of the old roster, into the new one,
// and, on the participant's own stream, the new enrolment (Enrolment), which
// their learning record keeps: the stream is the same. Written on both
// cohorts and the participant in one append.
type ParticipantTransferred struct {
	NIP           domain.NIP          `json:"nip"`
	FromCohortID  string              `json:"from_cohort_id"`
	ToCohortID    string              `json:"to_cohort_id"`
	Reason        string              `json:"reason"`
	TransferredOn domain.Date         `json:"transferred_on"`
	Enrolment     ParticipantEnrolled `json:"enrolment"`
}

// EventType implements domain.Event.
func (ParticipantTransferred) EventType() string { return "ParticipantTransferred" }

func foldWithdrew(s State, e ParticipantWithdrew) State {
	s = leave(s, e.NIP)
	if s.Withdrawn == nil {
		s.Withdrawn = make(map[domain.NIP]ParticipantWithdrew)
	}
	s.Withdrawn[e.NIP] = e
	return s
}

func foldTransferred(s State, e ParticipantTransferred) State {
	if s.Opened == nil {
		return s
	}
	switch s.Opened.CohortID {
	case e.FromCohortID:
		s = leave(s, e.NIP)
	case e.ToCohortID:
		s = foldEnrolled(s, e.Enrolment)
	}
	return s
}

// leave takes nip off the roster (and its group's count stays as formed).
// leave takes a participant who withdrew or moved away off the roster and
// out of their learning group, so the group's sessions and coaches no longer
// count them and they may be grouped again if they come back.
func leave(s State, nip domain.NIP) State {
	if m, ok := s.Roster[nip]; ok {
		delete(s.Roster, nip)
		s.Count[m.Golongan]--
	}
	if _, ok := s.GroupOf[nip]; ok {
		delete(s.GroupOf, nip)
		// The NIP lists are the recorded events' own: copy, never edit.
		groups := make([]GroupFormed, len(s.Groups))
		for i, g := range s.Groups {
			g.NIPs = slices.DeleteFunc(slices.Clone(g.NIPs), func(n domain.NIP) bool { return n == nip })
			groups[i] = g
		}
		s.Groups = groups
	}
	return s
}

// checkMoveText checks a move's reason (required free text) and, when
// given, its letter number (R-INPUT-2).
func checkMoveText(v *domain.Invalid, reason, letter string, letterRequired bool) {
	if strings.TrimSpace(reason) == "" {
		v.Add("", "reason", "reason is required")
	} else if msg := domain.Text("reason", reason, domain.MaxTextLen); msg != "" {
		v.Add("R-INPUT-2", "reason", msg)
	}
	switch {
	case letter == "" && letterRequired:
		v.Add("R-MOVE-1", "letter_number", "letter_number of the withdrawal letter is required")
	case letter != "":
		if msg := domain.Reference("letter_number", letter); msg != "" {
			v.Add("R-INPUT-2", "letter_number", msg)
		}
	}
}

// DecideWithdrawal is R-MOVE-1 on the cohort: the participant is on the
// roster, the cohort has not decided them (a withdrawal after the meeting
// would undo its decision), the reason and the letter are given.
func DecideWithdrawal(s State, e ParticipantWithdrew) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.NotFound("cohort")
	}
	if prior, ok := s.Withdrawn[e.NIP]; ok {
		if prior == e {
			return []domain.Event{prior}, nil
		}
		return nil, domain.Conflict("R-MOVE-1", "participant "+string(e.NIP)+" withdrew on "+string(prior.WithdrawnOn))
	}
	var v domain.Invalid
	checkMoveText(&v, e.Reason, e.LetterNumber, true)
	if _, ok := domain.ParseDate(string(e.WithdrawnOn)); !ok {
		v.Add("", "withdrawn_on", "withdrawn_on is a date, YYYY-MM-DD")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if _, ok := s.Roster[e.NIP]; !ok {
		return nil, domain.NotFound("participant")
	}
	e.CohortID = s.Opened.CohortID
	return []domain.Event{e}, nil
}

// DecideTransferOut is R-MOVE-2 on the cohort the participant leaves.
func DecideTransferOut(s State, e ParticipantTransferred) error {
	if !s.Exists() {
		return domain.NotFound("cohort")
	}
	if _, ok := s.Roster[e.NIP]; !ok {
		return domain.NotFound("participant")
	}
	var v domain.Invalid
	checkMoveText(&v, e.Reason, "", false)
	if _, ok := domain.ParseDate(string(e.TransferredOn)); !ok {
		v.Add("", "transferred_on", "transferred_on is a date, YYYY-MM-DD")
	}
	if !domain.ValidID(e.ToCohortID) {
		v.Add("R-INPUT-2", "to_cohort_id", "to_cohort_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	} else if e.ToCohortID == e.FromCohortID {
		v.Add("R-MOVE-2", "to_cohort_id", "the participant is already in cohort "+e.FromCohortID)
	}
	return v.Err()
}

// DecideTransferIn is R-MOVE-2 on the cohort the participant joins: a
// cohort of the same institution, not decided yet, whose R-COH-1..3 admit
// one more participant of the participant's golongan. It gives the new
// enrolment, from the old one with the new cohort's facts.
func DecideTransferIn(s State, from ParticipantEnrolled, e ParticipantTransferred) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.Refuse("R-MOVE-2", "to_cohort_id", "cohort "+e.ToCohortID+" does not exist")
	}
	if s.Opened.InstitutionID != from.InstitutionID {
		return nil, domain.Refuse("R-MOVE-2", "to_cohort_id", "a participant moves only to another cohort of the same institution ("+from.InstitutionID+")")
	}
	if err := openForLearning(s); err != nil {
		return nil, err
	}
	g, _ := domain.ParseGolongan(from.Golongan)
	if err := admits(s, g); err != nil {
		return nil, err
	}
	en := from
	en.CohortID, en.Catalogue, en.Ruleset = s.Opened.CohortID, s.Opened.Catalogue, s.Opened.Ruleset
	en.StartsOn, en.EndsOn, en.Phases = s.Opened.StartsOn, s.Opened.EndsOn, s.Opened.Phases
	e.Enrolment = en
	return []domain.Event{e}, nil
}
