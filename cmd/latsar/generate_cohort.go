package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
)

// unit is what the server appends at once for one write: one stream's
// events, or (an enrolment, a graduation meeting) several streams' together.
type unit []events.StreamAppend

// genCohort lives one cohort through the blended template (R-PHASE-1): opened
// ten days before it starts, its participants enrolled over the next days,
// the MOOC, e-learning and actualisation with their synchronous sessions,
// the klasikal week with check-in, the graduation meeting the working day
// after, and for the deferred a remedial and the repeat meeting. Every event
// is decided by the domain's own deciders on states it folds as it goes, so
// the log replays as the server would have written it.
type genCohort struct {
	rng    *rand.Rand
	cat    *events.Catalogue
	opened cohort.Opened
	state  cohort.State
	people []*genPerson
	admin  events.Metadata // who opens the cohort
	lms    events.Metadata // the institution's LMS token, which writes the rest

	// The days things happen on, from the phases the template laid out.
	openOn, moocEnds, klasikal      domain.Date
	decidedOn, remedialOn, repeatOn domain.Date
	phases                          map[string]cohort.Phase
	scoreDays                       map[domain.Date][]participant.Component
	enrolled                        int // participants enrolled so far
	done                            bool

	units []unit
	err   error
}

// genPerson is one participant: their state as the deciders see it, what
// they will do, and today's events for their stream.
type genPerson struct {
	enrol    cohort.ParticipantEnrolled
	st       participant.State
	trophyAt []time.Time // sorted; earned in slotOrder
	nextTro  int
	ability  domain.Score // around which the assessors score them
	profile  genProfile
	deferOn  participant.Component // the low component of profileDeferred
	pending  []events.Proposed
}

// genProfile is a participant's path to the meeting's outcome.
type genProfile int

const (
	profileOrdinary     genProfile = iota
	profileDeferred                // a low e-learning or pktbt score: ditunda, then a remedial
	profileWeakAttitude            // low attitude scores: tidak lulus (R-GRAD-3)
	profileMissingScore            // pktbt never scored: incomplete (R-GRAD-4)
)

// genCatalogue is the trophy catalogue of the demo and the seeds: 62 offered, 50 held at most.
var genCatalogue = domain.Catalogue{
	domain.Kebijakan:  {0: 3},
	domain.Substansi1: {1: 10, 2: 10, 3: 10, 4: 10},
	domain.Substansi2: {1: 5, 2: 5, 3: 5, 4: 4},
}

// slotOrder is the order a participant earns trophies in: any prefix of 28
// or more meets R-TRO-2..5 (2 kebijakan, 21 of substansi 1 agendas 1-3, 3 of
// substansi 2 agendas 1-3), a shorter one misses R-TRO-5 only.
var slotOrder = func() []trophySlot {
	out := []trophySlot{{domain.Kebijakan, 0}, {domain.Kebijakan, 0}}
	for r := range 7 {
		for a := 1; a <= 3; a++ {
			out = append(out, trophySlot{domain.Substansi1, a})
		}
		if r%2 == 1 {
			out = append(out, trophySlot{domain.Substansi2, r/2 + 1})
		}
	}
	for range 10 {
		out = append(out, trophySlot{domain.Substansi1, 4})
	}
	for a := 1; a <= 3; a++ {
		for range 4 {
			out = append(out, trophySlot{domain.Substansi2, a})
		}
		for range 3 {
			out = append(out, trophySlot{domain.Substansi1, a})
		}
	}
	out = append(out, trophySlot{domain.Kebijakan, 0})
	for range 4 {
		out = append(out, trophySlot{domain.Substansi2, 4})
	}
	return out
}()

type trophySlot struct {
	material domain.Material
	agenda   int
}

// newGenCohort decides the cohort's opening (the template lays out its
// phases) and plans its participants; nothing is emitted before openOn.
func newGenCohort(cat *events.Catalogue, rng *rand.Rand, id, name, inst string, golongan string, starts domain.Date, people []cohort.Enrol) (*genCohort, error) {
	c := &genCohort{rng: rng, cat: cat, state: cohort.Initial(),
		admin: events.Metadata{Actor: "gen-admin", Role: "admin", Ruleset: domain.Ruleset},
		lms:   events.Metadata{Actor: "gen-lms-" + inst, Role: "lms", Institution: inst, Ruleset: domain.Ruleset},
	}
	evs, err := cohort.DecideOpen(c.state, cohort.Open{Opened: cohort.Opened{CohortID: id, Name: name, InstitutionID: inst,
		Golongan: []string{golongan}, StartsOn: starts, Catalogue: genCatalogue, Ruleset: domain.Ruleset, Template: cohort.TemplateBlended}})
	if err != nil {
		return nil, fmt.Errorf("open cohort %s: %w", id, err)
	}
	c.opened = evs[0].(cohort.Opened)
	c.phases = map[string]cohort.Phase{}
	for _, p := range c.opened.Phases {
		c.phases[p.Phase] = p
	}
	c.openOn = starts.AddDays(-10)
	c.moocEnds = c.phases[cohort.PhaseMOOC].EndsOn
	c.klasikal = c.phases[cohort.PhaseKlasikal].StartsOn
	c.decidedOn = c.phases[cohort.PhaseGraduation].StartsOn
	c.remedialOn = cohort.AddWorkingDays(c.decidedOn, 2, nil)
	c.repeatOn = cohort.AddWorkingDays(c.decidedOn, 5, nil)
	seminar := cohort.AddWorkingDays(c.klasikal, 4, nil)
	c.scoreDays = map[domain.Date][]participant.Component{
		c.phases[cohort.PhaseElearning].EndsOn:                                      {participant.AcademicElearning},
		cohort.AddWorkingDays(c.phases[cohort.PhaseActualization].StartsOn, 5, nil): {participant.ActualizationDesign},
		seminar:                               {participant.ActualizationImplementation, participant.PKTBT},
		c.phases[cohort.PhaseKlasikal].EndsOn: {participant.AttitudeInstitution, participant.AttitudeAgency},
	}
	for _, e := range people {
		c.people = append(c.people, c.plan(e))
	}
	return c, nil
}

// plan draws what one participant will do: how many trophies (most earn 35
// to 50, some the bare 28, a few too few), when, and how they will score.
func (c *genCohort) plan(e cohort.Enrol) *genPerson {
	p := &genPerson{enrol: cohort.ParticipantEnrolled{CohortID: c.opened.CohortID, NIP: domain.NIP(e.NIP), Name: e.Name,
		Golongan: e.Golongan, Agency: e.Agency, InstitutionID: c.opened.InstitutionID, Catalogue: c.opened.Catalogue,
		Ruleset: c.opened.Ruleset, StartsOn: c.opened.StartsOn, EndsOn: c.opened.EndsOn}}
	var trophies int
	switch r := c.rng.IntN(100); {
	case r < 3:
		trophies = 18 + c.rng.IntN(10)
	case r < 15:
		trophies = 28 + c.rng.IntN(7)
	default:
		trophies = 35 + c.rng.IntN(16)
	}
	from := c.opened.StartsOn.Time().Add(8 * time.Hour)
	span := c.moocEnds.AddDays(-2).Time().Add(20 * time.Hour).Sub(from)
	for range trophies {
		p.trophyAt = append(p.trophyAt, from.Add(time.Duration(c.rng.Int64N(int64(span)))).Truncate(time.Second))
	}
	slices.SortFunc(p.trophyAt, func(a, b time.Time) int { return a.Compare(b) })
	p.ability = domain.Score(8300 + c.rng.NormFloat64()*350)
	switch r := c.rng.IntN(1000); {
	case r < 30:
		p.profile, p.deferOn = profileDeferred, participant.PKTBT
		if c.rng.IntN(2) == 0 {
			p.deferOn = participant.AcademicElearning
		}
	case r < 40:
		p.profile = profileWeakAttitude
	case r < 45:
		p.profile = profileMissingScore
	}
	return p
}

// day records what the cohort does on d, as units in the order they happen.
func (c *genCohort) day(d domain.Date) []unit {
	c.units = nil
	switch {
	case c.done || d < c.openOn:
		return nil
	case d == c.openOn:
		c.open()
	case c.enrolled < len(c.people):
		c.enrolSome(d)
	}
	if d >= c.opened.StartsOn && d <= c.moocEnds {
		c.mooc(d)
	}
	if d == c.klasikal {
		for _, p := range c.people {
			at := d.Time().Add(7*time.Hour + time.Duration(c.rng.IntN(3600))*time.Second)
			if evs, err := participant.DecideCheckIn(p.st, participant.CheckIn{CheckedInAt: at}); err == nil {
				c.personEvents(p, evs, "checkin", at)
			} // else the MOOC was not passed (R-CHECKIN-1): no klasikal for them
		}
	}
	c.attendance(d)
	for _, comp := range c.scoreDays[d] {
		c.score(d, comp)
	}
	switch d {
	case c.decidedOn:
		c.meeting(d, false)
	case c.remedialOn:
		c.remedials(d)
	case c.repeatOn:
		c.meeting(d, true)
		c.done = true
	}
	c.flushPeople()
	if c.err != nil {
		c.done = true
	}
	return c.units
}

func (c *genCohort) open() {
	var evs []domain.Event
	c.decideCohort(&evs, []domain.Event{c.opened}, nil)
	n := 0
	session := func(d domain.Date, mode string, jp int, title string) {
		n++
		e := cohort.SessionScheduled{SessionID: c.opened.CohortID + "-s" + strconv.Itoa(n), Mode: mode, Date: d, JP: jp, Title: title}
		c.decideCohort(&evs, nil, func(s cohort.State) ([]domain.Event, error) { return cohort.DecideSession(s, e) })
	}
	for i, d := range c.workingDays(c.phases[cohort.PhaseElearning]) {
		session(d, cohort.ModeSynchronous, 2, "Sinkronus e-learning hari "+strconv.Itoa(i+1)+" sesi 1")
		session(d, cohort.ModeSynchronous, 2, "Sinkronus e-learning hari "+strconv.Itoa(i+1)+" sesi 2")
	}
	for i, d := range c.workingDays(c.phases[cohort.PhaseActualization]) {
		session(d, cohort.ModeSynchronous, 2, "Bimbingan aktualisasi hari "+strconv.Itoa(i+1))
		if i%2 == 1 {
			session(d, cohort.ModeSynchronous, 2, "Konsultasi mentor hari "+strconv.Itoa(i+1))
		}
	}
	for _, st := range cohort.Templates[cohort.TemplateBlended].Steps {
		if st.Phase != cohort.PhaseKlasikal {
			continue
		}
		for i, d := range c.workingDays(c.phases[cohort.PhaseKlasikal]) {
			session(d, cohort.ModeKlasikal, st.Days[i].JP, "Klasikal hari "+strconv.Itoa(i+1))
		}
	}
	c.cohortUnit(evs, c.admin, c.openOn.Time().Add(9*time.Hour), "open")
}

// workingDays lists a phase's working days.
func (c *genCohort) workingDays(p cohort.Phase) []domain.Date {
	var out []domain.Date
	for d := p.StartsOn; d <= p.EndsOn; d = d.AddDays(1) {
		if cohort.WorkingDay(d, nil) {
			out = append(out, d)
		}
	}
	return out
}

// enrolSome enrols a third of the roster a day, each one atomic append of
// the roster entry and the participant's own copy (as ledger.Enrol does).
func (c *genCohort) enrolSome(d domain.Date) {
	for range (len(c.people) + 2) / 3 {
		if c.enrolled == len(c.people) {
			return
		}
		p := c.people[c.enrolled]
		c.enrolled++
		onRoster, err := cohort.DecideEnrol(c.state, cohort.Enrol{NIP: string(p.enrol.NIP), Name: p.enrol.Name, Golongan: p.enrol.Golongan, Agency: p.enrol.Agency})
		if err != nil {
			c.fail(err)
			return
		}
		copied, err := participant.DecideEnrolment(p.st, onRoster[0].(cohort.ParticipantEnrolled))
		if err != nil {
			c.fail(err)
			return
		}
		at := d.Time().Add(9*time.Hour + time.Duration(c.enrolled)*time.Minute)
		cohortPart := c.foldCohort(onRoster, c.lms, at, "enrol:"+string(p.enrol.NIP))
		own := c.foldPerson(p, copied, c.lms, at, "enrol:"+c.opened.CohortID)
		c.units = append(c.units, unit{cohortPart, {Stream: c.personStream(p), Expected: events.Any, Events: own}})
	}
}

// mooc earns the trophies planned for d and, on the MOOC's last days, takes
// the posttest (again while the result is below the passing grade, three
// attempts at most).
func (c *genCohort) mooc(d domain.Date) {
	end := d.AddDays(1).Time()
	for _, p := range c.people {
		for p.nextTro < len(p.trophyAt) && p.trophyAt[p.nextTro].Before(end) {
			slot := slotOrder[p.nextTro]
			e := participant.TrophyEarned{ActivityID: fmt.Sprintf("mooc-%s-%d-%02d", slot.material, slot.agenda, p.st.Tally.Of(slot.material, slot.agenda)+1),
				Material: slot.material, Agenda: slot.agenda, EarnedAt: p.trophyAt[p.nextTro]}
			p.nextTro++
			evs, err := participant.DecideTrophy(p.st, participant.EarnTrophy{TrophyEarned: e})
			if err != nil {
				c.fail(err)
				return
			}
			c.personEvents(p, evs, participant.NaturalKey(e), e.EarnedAt)
		}
		switch d {
		case c.moocEnds.AddDays(-1):
			c.attempt(p, d, 10)
		case c.moocEnds:
			c.attempt(p, d, 10)
			c.attempt(p, d, 15)
		}
	}
}

// attempt takes the posttest at hour unless it is passed or three attempts
// are taken.
func (c *genCohort) attempt(p *genPerson, d domain.Date, hour int) {
	if len(p.st.Attempts) >= 3 || (len(p.st.Attempts) > 0 && p.st.Result >= participant.PassingGrade) {
		return
	}
	at := d.Time().Add(time.Duration(hour) * time.Hour)
	cmd := participant.AttemptPosttest{AttemptID: "posttest-" + strconv.Itoa(len(p.st.Attempts)+1),
		Substansi1: c.posttestScore(p), Substansi2: c.posttestScore(p), TakenAt: at}
	evs, err := participant.DecidePosttest(p.st, cmd)
	if err != nil {
		c.fail(err)
		return
	}
	c.personEvents(p, evs, "posttest:"+cmd.AttemptID, at)
}

func (c *genCohort) posttestScore(p *genPerson) domain.Score {
	return clampScore(p.ability-600+domain.Score(c.rng.NormFloat64()*900), 3000, 10000)
}

// attendance records every participant at each session held on d: most are
// present; at klasikal only those checked in.
func (c *genCohort) attendance(d domain.Date) {
	var today []cohort.SessionScheduled
	for _, s := range c.state.Sessions {
		if s.Date == d {
			today = append(today, s)
		}
	}
	if len(today) == 0 {
		return
	}
	daySessions := c.state.SessionsOn(c.people[0].enrol.NIP, d)
	for _, s := range today {
		at := d.Time().Add(16 * time.Hour)
		for _, p := range c.people {
			status := participant.Present
			// R-ATT-2 allows 6 sessions, 18 JP and 2 days: a few break it.
			absent := c.rng.IntN(1000) < 10
			if s.Mode == cohort.ModeKlasikal {
				absent = c.rng.IntN(1000) < 3 || p.st.CheckedIn == nil
			}
			if absent {
				status = participant.Absent
			}
			evs, err := participant.DecideAttendance(p.st, participant.RecordAttendance{AttendanceRecorded: participant.AttendanceRecorded{
				SessionID: s.SessionID, Date: s.Date, JP: s.JP, Mode: s.Mode, Status: status, DaySessions: daySessions}})
			if err != nil {
				c.fail(err)
				return
			}
			c.personEvents(p, evs, "attendance:"+s.SessionID, at)
		}
	}
}

// score has the assessors score a component for every participant, around
// each one's ability, lower where the profile says.
func (c *genCohort) score(d domain.Date, comp participant.Component) {
	at := d.Time().Add(14 * time.Hour)
	for _, p := range c.people {
		v := clampScore(p.ability+domain.Score(c.rng.NormFloat64()*350), 4000, 9800)
		switch {
		case p.profile == profileMissingScore && comp == participant.PKTBT:
			continue
		case p.profile == profileDeferred && comp == participant.AcademicElearning && p.deferOn == comp:
			v = domain.Score(4800 + c.rng.IntN(800)) // the academic aspect falls to kurang memuaskan
		case p.profile == profileDeferred && comp == participant.PKTBT && p.deferOn == comp:
			v = domain.Score(6100 + c.rng.IntN(800))
		case p.profile == profileWeakAttitude && (comp == participant.AttitudeInstitution || comp == participant.AttitudeAgency):
			v = domain.Score(4000 + c.rng.IntN(1500))
		}
		evs, err := participant.DecideScore(p.st, participant.Score{ComponentScored: participant.ComponentScored{
			Component: comp, Score: v, Assessor: assessors[c.rng.IntN(len(assessors))], AssessedAt: at}})
		if err != nil {
			c.fail(err)
			return
		}
		c.personEvents(p, evs, "score:"+string(comp), at)
	}
}

var assessors = []string{"Widyaiswara Ahmad Fauzi", "Widyaiswara Sri Wahyuni", "Widyaiswara Bambang Riyadi", "Widyaiswara Endang Susanti", "Coach Yusuf Hidayat"}

// meeting holds the graduation meeting (or the repeat meeting of the
// deferred) as ledger.HoldMeeting does: the domain's Meeting decides each
// candidate, the cohort records the meeting and every decision goes to its
// participant's stream, all in one append. The documents the decisions
// entitle are not issued here (they need the institution's signer).
func (c *genCohort) meeting(d domain.Date, repeat bool) {
	ref := "BA-" + c.opened.CohortID + "-1"
	if repeat {
		ref = "BA-" + c.opened.CohortID + "-2"
	}
	var cands []participant.Candidate
	byNIP := map[domain.NIP]*genPerson{}
	for _, p := range c.people {
		last := p.st.Decision()
		if !repeat || (last != nil && last.Outcome == participant.Ditunda) {
			cands = append(cands, participant.CandidateOf(p.st))
			byNIP[p.enrol.NIP] = p
		}
	}
	if len(cands) == 0 {
		return
	}
	decided := participant.Meeting(ref, d, repeat, cands)
	outcomes := map[string]int{}
	for _, m := range decided {
		outcomes[m.Event.Outcome]++
	}
	claim, err := cohort.DecideMeeting(c.state, cohort.GraduationMeetingHeld{MeetingRef: ref, DecidedOn: d, Redecision: repeat, Outcomes: outcomes})
	if err != nil {
		c.fail(err)
		return
	}
	at := d.Time().Add(13 * time.Hour)
	u := unit{c.foldCohort(claim, c.lms, at, "meeting:"+ref)}
	for _, m := range decided {
		p := byNIP[m.NIP]
		evs, err := participant.DecideGraduation(p.st, m.Event)
		if err != nil {
			c.fail(err)
			return
		}
		u = append(u, events.StreamAppend{Stream: c.personStream(p), Expected: events.Any, Events: c.foldPerson(p, evs, c.lms, at, "graduation:"+ref)})
	}
	c.units = append(c.units, u)
}

// remedials has each deferred participant take the remedial of every
// deferring component by the cohort's deadline; most pass it.
func (c *genCohort) remedials(d domain.Date) {
	at := d.Time().Add(10 * time.Hour)
	for _, p := range c.people {
		last := p.st.Decision()
		if last == nil || last.Outcome != participant.Ditunda {
			continue
		}
		for _, name := range last.Deferred {
			comp := participant.Component(name)
			v := domain.Score(7500 + c.rng.IntN(1000))
			if c.rng.IntN(10) == 0 {
				v = domain.Score(6000 + c.rng.IntN(900))
			}
			evs, err := participant.DecideRemedial(p.st, participant.TakeRemedial{Component: comp, Score: v, TakenOn: d,
				Deadline: c.state.RemedialDeadlineUnder(participant.RemedialRule(comp))})
			if err != nil {
				c.fail(err)
				return
			}
			c.personEvents(p, evs, "remedial:"+name, at)
		}
	}
}

// decideCohort decides on the cohort's state as folded so far and folds the
// outcome, collecting the events in evs (given: already decided).
func (c *genCohort) decideCohort(evs *[]domain.Event, given []domain.Event, decide func(cohort.State) ([]domain.Event, error)) {
	if decide != nil {
		var err error
		if given, err = decide(c.state); err != nil {
			c.fail(err)
			return
		}
	}
	for _, e := range given {
		c.state = cohort.Evolve(c.state, e)
	}
	*evs = append(*evs, given...)
}

// cohortUnit appends the cohort's already folded events as one unit.
func (c *genCohort) cohortUnit(evs []domain.Event, md events.Metadata, at time.Time, key string) {
	if len(evs) > 0 {
		c.units = append(c.units, unit{{Stream: events.CohortPrefix + c.opened.CohortID, Expected: events.Any, Events: c.propose(events.CohortPrefix+c.opened.CohortID, evs, md, at, key)}})
	}
}

// foldCohort folds evs into the cohort's state and proposes them.
func (c *genCohort) foldCohort(evs []domain.Event, md events.Metadata, at time.Time, key string) events.StreamAppend {
	for _, e := range evs {
		c.state = cohort.Evolve(c.state, e)
	}
	stream := events.CohortPrefix + c.opened.CohortID
	return events.StreamAppend{Stream: stream, Expected: events.Any, Events: c.propose(stream, evs, md, at, key)}
}

// foldPerson folds evs into the participant's state and proposes them.
func (c *genCohort) foldPerson(p *genPerson, evs []domain.Event, md events.Metadata, at time.Time, key string) []events.Proposed {
	for _, e := range evs {
		p.st = participant.Evolve(p.st, e)
	}
	return c.propose(c.personStream(p), evs, md, at, key)
}

// personEvents adds a single-stream write to the participant's events of
// the day (one unit per participant and day: the batching a busy LMS does
// with POST /v1/batch).
func (c *genCohort) personEvents(p *genPerson, evs []domain.Event, key string, at time.Time) {
	p.pending = append(p.pending, c.foldPerson(p, evs, c.lms, at, key)...)
}

func (c *genCohort) flushPeople() {
	for _, p := range c.people {
		if len(p.pending) > 0 {
			c.units = append(c.units, unit{{Stream: c.personStream(p), Expected: events.Any, Events: p.pending}})
			p.pending = nil
		}
	}
}

func (c *genCohort) personStream(p *genPerson) string {
	return events.ParticipantPrefix + string(p.enrol.NIP)
}

// propose encodes events as the command runner does: ids derived from the
// stream, a natural key and the time, so the same seed writes the same log.
func (c *genCohort) propose(stream string, evs []domain.Event, md events.Metadata, at time.Time, key string) []events.Proposed {
	out := make([]events.Proposed, 0, len(evs))
	for i, e := range evs {
		name, data, err := c.cat.Encode(e)
		if err != nil {
			c.fail(err)
			return nil
		}
		emd := md
		emd.SchemaVersion = c.cat.Version(name)
		out = append(out, events.Proposed{ID: events.EventID(stream, key, i, at), Type: name, Data: data, Metadata: emd})
	}
	return out
}

func (c *genCohort) fail(err error) {
	if c.err == nil {
		c.err = fmt.Errorf("cohort %s: %w", c.opened.CohortID, err)
	}
}

func clampScore(s, lo, hi domain.Score) domain.Score { return max(lo, min(hi, s)) }
