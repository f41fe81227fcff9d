package projections

import (
	"sync"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
)

// What the memory model keeps of every participant whatever the cache holds:
// the summary the cohort standings, the leaderboards and the cohort list
// read, a few hundred bytes. The standing document itself is folded from the
// store when asked (see Memory.StandingJSON).

// summary is a participant's StandingSummary without its NIP and position
// (kept beside it) and packed: no pointers but the strings, and those that
// repeat (agency, outcome, qualification) shared through the model's interner.
type summary struct {
	name          string
	agency        string
	qualification string // "" while there is no final qualification
	outcomeStatus string
	outcome       string
	attitude      domain.Score
	posttest      domain.Score
	final         domain.Score
	trophies      int32
	absentSess    int32
	absentJP      int32
	absentDays    int32
	flags         summaryFlags
}

type summaryFlags uint8

const (
	moocPassed summaryFlags = 1 << iota
	checkedIn
	attendanceBroken
	hasAttitude
	hasPosttest
	hasFinal
)

// summarise packs what the reads of many participants need of a standing.
func summarise(st participant.Standing, in *interner) summary {
	s := summary{
		name: st.Name, agency: in.of(st.Agency),
		outcomeStatus: in.of(st.Outcome.Status), outcome: in.of(st.Outcome.Result),
		trophies:   int32(st.MOOC.Trophies.Total),
		absentSess: int32(st.Attendance.AbsentSessions), absentJP: int32(st.Attendance.AbsentJP), absentDays: int32(st.Attendance.AbsentDays),
	}
	set := func(f summaryFlags, on bool) {
		if on {
			s.flags |= f
		}
	}
	set(moocPassed, st.MOOC.Passed)
	set(checkedIn, st.CheckedIn)
	set(attendanceBroken, st.Attendance.LimitBroken)
	if v := st.MOOC.AttitudeScore; v != nil {
		s.attitude, s.flags = *v, s.flags|hasAttitude
	}
	if v := st.MOOC.Posttest.Result; v != nil {
		s.posttest, s.flags = *v, s.flags|hasPosttest
	}
	if v := st.Final.Score; v != nil {
		s.final, s.flags = *v, s.flags|hasFinal
	}
	if q := st.Final.Qualification; q != nil {
		s.qualification = in.of(string(*q))
	}
	return s
}

// row is the summary as GET /v1/cohorts/{id}/standings lists it.
func (s *summary) row(nip domain.NIP, position uint64) StandingSummary {
	score := func(f summaryFlags, v domain.Score) *domain.Score {
		if s.flags&f == 0 {
			return nil
		}
		return &v
	}
	r := StandingSummary{
		NIP: nip, Name: s.name, Agency: s.agency, Trophies: int(s.trophies), MOOCPassed: s.flags&moocPassed != 0,
		AttitudeScore: score(hasAttitude, s.attitude), PosttestResult: score(hasPosttest, s.posttest),
		CheckedIn: s.flags&checkedIn != 0, AbsentSessions: int(s.absentSess), AbsentJP: int(s.absentJP), AbsentDays: int(s.absentDays),
		AttendanceBroken: s.flags&attendanceBroken != 0, FinalScore: score(hasFinal, s.final),
		OutcomeStatus: s.outcomeStatus, Outcome: s.outcome, Position: position,
	}
	if s.qualification != "" {
		q := participant.Qualification(s.qualification)
		r.FinalQualification = &q
	}
	return r
}

// boardValue is what the participant scores on a board (BoardValue's rule).
func (s *summary) boardValue(board string) (domain.Score, bool) {
	switch board {
	case BoardTrophies:
		return domain.Score(s.trophies) * 100, true
	case BoardFinal:
		return s.final, s.flags&hasFinal != 0
	}
	return 0, false
}

// interner shares one copy of the strings many participants repeat (cohort,
// institution, agency, outcome).
type interner struct {
	mu   sync.Mutex
	seen map[string]string
}

func (in *interner) of(s string) string {
	if s == "" {
		return ""
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.seen == nil {
		in.seen = map[string]string{}
	}
	if kept, ok := in.seen[s]; ok {
		return kept
	}
	in.seen[s] = s
	return s
}
