package cohort

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/latsar/ledger/domain"
)

// ParticipantProposed records the home agency's proposal of a participant
// for a cohort (R-CALL-1, seed 003: call-up to release).
type ParticipantProposed struct {
	CohortID     string     `json:"cohort_id"`
	NIP          domain.NIP `json:"nip"`
	Name         string     `json:"name"`
	Golongan     string     `json:"golongan"`
	Agency       string     `json:"agency"`
	LetterNumber string     `json:"letter_number"`
}

// ParticipantsCalledUp records the institution's call-up letter for
// proposed participants (R-CALL-2).
type ParticipantsCalledUp struct {
	CohortID     string       `json:"cohort_id"`
	NIPs         []domain.NIP `json:"nips"`
	LetterNumber string       `json:"letter_number"`
	CalledOn     domain.Date  `json:"called_on"`
}

// ParticipationConfirmed records a called-up participant's confirmation
// from the LMS; the enrolment follows in the same append (R-CALL-3).
type ParticipationConfirmed struct {
	CohortID    string     `json:"cohort_id"`
	NIP         domain.NIP `json:"nip"`
	ConfirmedAt time.Time  `json:"confirmed_at"`
}

func (ParticipantProposed) EventType() string    { return "ParticipantProposed" }
func (ParticipantsCalledUp) EventType() string   { return "ParticipantsCalledUp" }
func (ParticipationConfirmed) EventType() string { return "ParticipationConfirmed" }

// Propose is a proposal of one participant with the agency's letter.
type Propose struct {
	Enrol
	LetterNumber string
}

// CallUp is a call-up letter for proposed participants.
type CallUp struct {
	NIPs         []string
	LetterNumber string
	CalledOn     domain.Date
}

func foldProposed(s State, e ParticipantProposed) State {
	if s.Proposals == nil {
		s.Proposals = make(map[domain.NIP]ParticipantProposed)
	}
	s.Proposals[e.NIP] = e
	return s
}

func foldCalledUp(s State, e ParticipantsCalledUp) State {
	if s.CalledUp == nil {
		s.CalledUp = make(map[domain.NIP]ParticipantsCalledUp)
	}
	for _, n := range e.NIPs {
		s.CalledUp[n] = e
	}
	return s
}

func foldConfirmed(s State, e ParticipationConfirmed) State {
	if s.Confirmed == nil {
		s.Confirmed = make(map[domain.NIP]ParticipationConfirmed)
	}
	s.Confirmed[e.NIP] = e
	return s
}

// DecideProposal records a proposal (R-CALL-1): the participant's details
// under the rules of an enrolment (R-NIP-1, R-COH-1..3), with the agency's
// letter. The same proposal again answers the recorded one; another for the
// same NIP, or one of a participant already on the roster, is 409.
func DecideProposal(s State, c Propose) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.NotFound("cohort")
	}
	var v domain.Invalid
	if strings.TrimSpace(c.LetterNumber) == "" {
		v.Add("R-CALL-1", "letter_number", "letter_number of the agency's proposal letter is required")
	} else if msg := domain.Reference("letter_number", c.LetterNumber); msg != "" {
		v.Add("R-INPUT-2", "letter_number", msg)
	}
	enrolled, err := DecideEnrol(s, c.Enrol)
	if err != nil {
		if fe, ok := domain.AsError(err); ok && fe.Code == domain.CodeInvalid {
			for _, f := range fe.Fields {
				v.Add(fe.Rule, f.Field, f.Message)
			}
		} else if v.Err() == nil {
			return nil, err
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	en := enrolled[0].(ParticipantEnrolled)
	e := ParticipantProposed{CohortID: s.Opened.CohortID, NIP: en.NIP, Name: en.Name, Golongan: en.Golongan, Agency: en.Agency, LetterNumber: c.LetterNumber}
	if p, ok := s.Proposals[e.NIP]; ok {
		if p == e {
			return []domain.Event{p}, nil
		}
		return nil, domain.Conflict("R-CALL-1", "participant "+string(e.NIP)+" is already proposed with other details")
	}
	if _, ok := s.Roster[e.NIP]; ok {
		return nil, domain.Conflict("R-CALL-1", "participant "+string(e.NIP)+" is already enrolled")
	}
	return []domain.Event{e}, nil
}

// DecideCallUp records a call-up letter (R-CALL-2): every NIP was proposed
// for this cohort and is not called up by another letter. The same letter
// again with the same participants answers the recorded event.
func DecideCallUp(s State, c CallUp) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.NotFound("cohort")
	}
	var v domain.Invalid
	if strings.TrimSpace(c.LetterNumber) == "" {
		v.Add("R-CALL-2", "letter_number", "letter_number of the call-up letter is required")
	} else if msg := domain.Reference("letter_number", c.LetterNumber); msg != "" {
		v.Add("R-INPUT-2", "letter_number", msg)
	}
	if _, ok := domain.ParseDate(string(c.CalledOn)); !ok {
		v.Add("", "called_on", "called_on is a date YYYY-MM-DD")
	}
	if len(c.NIPs) == 0 || len(c.NIPs) > MaxCapacity {
		v.Add("R-CALL-2", "nips", fmt.Sprintf("a call-up names 1 to %d participants", MaxCapacity))
	}
	e := ParticipantsCalledUp{CohortID: s.Opened.CohortID, LetterNumber: c.LetterNumber, CalledOn: c.CalledOn}
	seen := map[domain.NIP]bool{}
	for i, text := range c.NIPs {
		field := fmt.Sprintf("nips[%d]", i)
		n, err := domain.ParseNIP(text)
		if err != nil {
			fe, _ := domain.AsError(err)
			v.Add(fe.Rule, field, fe.Message)
			continue
		}
		switch prior, called := s.CalledUp[n]; {
		case seen[n]:
			v.Add("R-CALL-2", field, "participant "+string(n)+" is named twice")
		case s.Proposals[n].NIP == "":
			v.Add("R-CALL-2", field, "participant "+string(n)+" was not proposed for this cohort by their agency")
		case called && prior.LetterNumber != c.LetterNumber:
			v.Add("R-CALL-2", field, "participant "+string(n)+" is already called up by letter "+prior.LetterNumber)
		}
		seen[n] = true
		e.NIPs = append(e.NIPs, n)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	for _, n := range e.NIPs {
		if prior, ok := s.CalledUp[n]; ok {
			if prior.LetterNumber == e.LetterNumber && prior.CalledOn == e.CalledOn && slices.Equal(prior.NIPs, e.NIPs) {
				return []domain.Event{prior}, nil
			}
			return nil, domain.Conflict("R-CALL-2", "letter "+e.LetterNumber+" is already recorded with other details")
		}
	}
	if err := openForLearning(s); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}

// DecideConfirmation records a called-up participant's confirmation and
// enrols them (R-CALL-3): the enrolment then the confirmation (the
// enrolment first, so its event id is a direct enrolment's), decided by
// DecideEnrol on the proposal's details (R-COH-1..3). A participant not
// called up to this cohort is refused (409); the same confirmation again
// answers the recorded events.
func DecideConfirmation(s State, nip domain.NIP, at time.Time) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.NotFound("cohort")
	}
	if _, ok := s.CalledUp[nip]; !ok {
		return nil, domain.Conflict("R-CALL-3", "participant "+string(nip)+" is not called up to cohort "+s.Opened.CohortID)
	}
	e := ParticipationConfirmed{CohortID: s.Opened.CohortID, NIP: nip, ConfirmedAt: at.UTC()}
	if prior, ok := s.Confirmed[nip]; ok && !prior.ConfirmedAt.Equal(e.ConfirmedAt) {
		return nil, domain.Conflict("R-CALL-3", "participant "+string(nip)+" already confirmed at "+prior.ConfirmedAt.Format(time.RFC3339))
	} else if ok {
		e = prior
	}
	if _, ok := s.Roster[nip]; ok && s.Confirmed[nip].NIP == "" {
		return nil, domain.Conflict("R-CALL-3", "participant "+string(nip)+" is already enrolled without a confirmation")
	}
	p := s.Proposals[nip]
	enrolled, err := DecideEnrol(s, Enrol{NIP: string(p.NIP), Name: p.Name, Golongan: p.Golongan, Agency: p.Agency})
	if err != nil {
		return nil, err
	}
	return []domain.Event{enrolled[0], e}, nil
}
