package cohort

import (
	"maps"
	"slices"

	"github.com/latsar/ledger/domain"
)

// ParticipantsReleased records the end of a cohort's training (seed 003,
// step 6: the participants return to their agencies; 000: "Penutupan/
// Pelepasan Peserta"): every participant on the roster, decided by the
// graduation meeting, is released on released_on (R-MOVE-3). Each
// participant's stream records its own ParticipantReleased in the same
// append.
type ParticipantsReleased struct {
	CohortID   string       `json:"cohort_id"`
	MeetingRef string       `json:"meeting_ref"`
	ReleasedOn domain.Date  `json:"released_on"`
	NIPs       []domain.NIP `json:"nips"`
}

// ParticipantReleased is one participant's release back to their agency
// (R-MOVE-3), on their own stream.
type ParticipantReleased struct {
	CohortID   string      `json:"cohort_id"`
	NIP        domain.NIP  `json:"nip"`
	Agency     string      `json:"agency"`
	MeetingRef string      `json:"meeting_ref"`
	ReleasedOn domain.Date `json:"released_on"`
}

func (ParticipantsReleased) EventType() string { return "ParticipantsReleased" }
func (ParticipantReleased) EventType() string  { return "ParticipantReleased" }

func foldReleased(s State, e ParticipantsReleased) State { s.Release = &e; return s }

// DecideRelease is R-MOVE-3 on the cohort: after its graduation meeting,
// on or after the day it decided, once, the whole roster (every
// participant on it was decided: withdrawn and transferred ones left it).
// The same release again answers the recorded one; another is 409. It
// answers the cohort's event and each participant's, in NIP order.
func DecideRelease(s State, on domain.Date) (ParticipantsReleased, []ParticipantReleased, error) {
	if !s.Exists() {
		return ParticipantsReleased{}, nil, domain.NotFound("cohort")
	}
	if _, ok := domain.ParseDate(string(on)); !ok {
		return ParticipantsReleased{}, nil, domain.Refuse("", "released_on", "released_on is a date YYYY-MM-DD")
	}
	e := ParticipantsReleased{CohortID: s.Opened.CohortID, ReleasedOn: on}
	switch m := s.FirstMeeting(); {
	case s.Release != nil && s.Release.ReleasedOn == on:
		e = *s.Release
	case s.Release != nil:
		return e, nil, domain.Conflict("R-MOVE-3", "cohort "+e.CohortID+" released its participants on "+string(s.Release.ReleasedOn))
	case m == nil:
		return e, nil, domain.Conflict("R-MOVE-3", "participants are released after the graduation meeting decides them; cohort "+e.CohortID+" has not held it")
	case on < m.DecidedOn:
		return e, nil, domain.Refuse("R-MOVE-3", "released_on", "participants are released on or after the graduation meeting ("+string(m.DecidedOn)+")")
	case len(s.Roster) == 0:
		return e, nil, domain.Conflict("R-MOVE-3", "no participant is on the roster of cohort "+e.CohortID)
	default:
		e.MeetingRef = m.MeetingRef
		e.NIPs = slices.Sorted(maps.Keys(s.Roster))
	}
	each := make([]ParticipantReleased, len(e.NIPs))
	for i, n := range e.NIPs {
		each[i] = ParticipantReleased{CohortID: e.CohortID, NIP: n, Agency: s.Roster[n].Enrolment.Agency, MeetingRef: e.MeetingRef, ReleasedOn: e.ReleasedOn}
	}
	return e, each, nil
}
