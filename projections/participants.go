package projections

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
)

// participantView is what the model keeps of every participant: where
// they stand in the log, whose they are and their summary. Their full state
// is in the model's states cache (always in full mode, while used in compact
// mode) and their standing document in its docs cache.
type participantView struct {
	position uint64 // of the participant's last event
	scope    Scope
	roster   string // cohort whose roster lists them, "" when none
	enrolled bool
	summary  atomic.Pointer[summary]  // nil until read in full mode
	doc      atomic.Pointer[docEntry] // the cached standing document, if any
}

// docEntry is a standing document in the docs cache. A read finds it on
// the participant's view without taking the cache's lock and only marks it
// used; the cache gives a used document a second chance before evicting it
// (a clock rather than a strict LRU), and an evicted one leaves the view.
type docEntry struct {
	view     *participantView
	position uint64
	body     []byte
	etag     string // DocumentOf(body).ETag, hashed once
	used     atomic.Bool
}

func newDocCache(limit int) *lru[*docEntry] {
	c := newLRU(limit, func(d *docEntry) int { return len(d.body) + len(d.etag) + docOverhead })
	c.spare = func(d *docEntry) bool { return d.used.CompareAndSwap(true, false) }
	c.evicted = func(_ domain.NIP, _ uint64, d *docEntry) { d.view.doc.CompareAndSwap(d, nil) }
	c.admitted = func(d *docEntry) { d.view.doc.Store(d) }
	return c
}

// folding holds the states a batch evolves until they are kept at its end.
type folding struct {
	loaded    map[domain.NIP]participant.State // folded from the store for this batch
	states    map[domain.NIP]participant.State
	positions map[domain.NIP]uint64
}

// stateToFold is the state an event of nip's stream folds onto; the caller
// holds m.mu.
func (m *Memory) stateToFold(nip domain.NIP, work *folding) participant.State {
	if st, ok := work.states[nip]; ok {
		return st
	}
	if st, ok := work.loaded[nip]; ok {
		return st
	}
	v := m.participants[nip]
	if v == nil {
		return participant.Initial()
	}
	if st, _, ok := m.states.get(nip, v.position); ok {
		return st
	}
	// Not reached: full mode keeps every state, and compact mode's Apply
	// loads the states its batch needs beforehand.
	return participant.Initial()
}

// loadStates folds from the store the states of the participants a batch
// touches whose state the cache lost (compact mode), as of the model's
// position: every event up to it is folded into what the model shows.
func (m *Memory) loadStates(ctx context.Context, batch []Decoded) (map[domain.NIP]participant.State, error) {
	if m.streams == nil {
		return nil, nil
	}
	at := m.Position()
	var loaded map[domain.NIP]participant.State
	for _, d := range batch {
		stream := d.Record.Stream
		if d.Record.Position <= at || d.Event == nil || d.History != nil || len(stream) <= len(events.ParticipantPrefix) || stream[:len(events.ParticipantPrefix)] != events.ParticipantPrefix {
			continue
		}
		nip := domain.NIP(stream[len(events.ParticipantPrefix):])
		if _, ok := loaded[nip]; ok {
			continue
		}
		m.mu.RLock()
		v := m.participants[nip]
		m.mu.RUnlock()
		if v == nil {
			continue
		}
		if _, _, ok := m.states.get(nip, v.position); ok {
			continue
		}
		st, err := m.streams.participant(ctx, nip, at)
		if err != nil {
			return nil, err
		}
		if loaded == nil {
			loaded = map[domain.NIP]participant.State{}
		}
		loaded[nip] = st
	}
	return loaded, nil
}

// keep records nip's state at position and caches the state; the caller
// holds m.mu.
func (m *Memory) keep(nip domain.NIP, st participant.State, position uint64) {
	m.record(nip, st, position, nil)
	m.states.put(nip, position, st)
}

// record keeps what the model holds of nip whatever the caches hold: the
// view and the roster it sits in; the caller holds m.mu. standing, when
// given, is the state's; compact mode computes the summary now (the state
// may leave the cache), full mode when it is first read.
func (m *Memory) record(nip domain.NIP, st participant.State, position uint64, standing *participant.Standing) {
	v := m.participants[nip]
	if v == nil {
		v = &participantView{}
		m.participants[nip] = v
	}
	before := v.roster
	v.position, v.enrolled = position, st.Enrolled()
	if e := st.Enrolment; e != nil {
		v.scope = Scope{CohortID: m.strs.of(e.CohortID), InstitutionID: m.strs.of(e.InstitutionID), Agency: m.strs.of(e.Agency)}
	}
	v.roster = m.strs.of(rosterCohort(st))
	// Enrolment, a transfer or a withdrawal moves the participant between
	// the rosters the cohort lists and boards read.
	if v.roster != before {
		m.removeFromRoster(before, nip)
		m.addToRoster(v.roster, nip)
	}
	m.docs.drop(nip)
	v.doc.Store(nil)
	v.summary.Store(nil)
	if standing == nil && m.streams != nil && v.enrolled {
		s := participant.StandingOf(st)
		standing = &s
	}
	if standing != nil && v.enrolled {
		s := summarise(*standing, &m.strs)
		v.summary.Store(&s)
	}
}

// rosterCohort is the cohort whose roster lists the participant: the one
// they are enrolled in, unless they withdrew ("" then).
func rosterCohort(s participant.State) string {
	if !s.Enrolled() || s.Withdrawal != nil {
		return ""
	}
	return s.Enrolment.CohortID
}

func (m *Memory) addToRoster(cohortID string, nip domain.NIP) {
	if cohortID == "" {
		return
	}
	r := m.roster[cohortID]
	i, found := slices.BinarySearch(r, nip)
	if !found {
		m.roster[cohortID] = slices.Insert(r, i, nip)
	}
}

func (m *Memory) removeFromRoster(cohortID string, nip domain.NIP) {
	r := m.roster[cohortID]
	if i, found := slices.BinarySearch(r, nip); found {
		m.roster[cohortID] = slices.Delete(r, i, i+1)
	}
}

// StandingJSON is the participant's standing document, encoded: from the
// docs cache when it holds it at the participant's position, else computed
// from the cached state or, in compact mode, from their stream folded from
// the store up to that position (the log below it never changes).
func (m *Memory) StandingJSON(ctx context.Context, nip domain.NIP) (Document, Scope, bool, error) {
	m.mu.RLock()
	v := m.participants[nip]
	if v == nil || !v.enrolled {
		m.mu.RUnlock()
		return Document{}, Scope{}, false, nil
	}
	scope, position := v.scope, v.position
	if d := v.doc.Load(); d != nil && d.position == position {
		m.mu.RUnlock()
		if !d.used.Load() {
			d.used.Store(true)
		}
		return Document{JSON: d.body, ETag: d.etag}, scope, true, nil
	}
	st, ok := m.standingAt(nip, position)
	m.mu.RUnlock()
	var b []byte
	var err error
	switch {
	case ok:
		b, err = standingJSON(st, position)
	case m.streams == nil:
		return Document{}, Scope{}, false, nil
	default:
		b, err = m.coldStanding(ctx, nip, position)
	}
	if err != nil {
		return Document{}, Scope{}, false, err
	}
	doc := DocumentOf(b)
	d := &docEntry{view: v, position: position, body: b, etag: doc.ETag}
	m.mu.RLock()
	if v.position == position && m.participants[nip] == v {
		// Still current (an event applied meanwhile changed the position);
		// the cache puts it on the view, under its own lock.
		m.docs.put(nip, position, d)
	}
	m.mu.RUnlock()
	return doc, scope, true, nil
}

// coldStanding is the document of a participant whose state the cache
// does not hold: from the shelf when it has it at position, else folded
// from the store and shelved.
func (m *Memory) coldStanding(ctx context.Context, nip domain.NIP, position uint64) ([]byte, error) {
	if b, ok := m.shelved(ctx, nip, position); ok {
		return b, nil
	}
	b, err := m.streams.standingDocument(ctx, nip, position)
	if err != nil {
		return nil, err
	}
	if m.shelf != nil {
		m.shelf.Keep(string(nip), position, b)
	}
	return b, nil
}

// standingAt computes nip's standing from the cached state at position; the
// caller holds m.mu (the applier evolves states under its write lock).
func (m *Memory) standingAt(nip domain.NIP, position uint64) (participant.Standing, bool) {
	st, _, ok := m.states.get(nip, position)
	if !ok {
		return participant.Standing{}, false
	}
	s := participant.StandingOf(st)
	s.Position = position
	return s, true
}

// summaryOf is an enrolled participant's summary; the caller holds m.mu.
func (m *Memory) summaryOf(nip domain.NIP) (*summary, bool) {
	v := m.participants[nip]
	if v == nil || !v.enrolled {
		return nil, false
	}
	if s := v.summary.Load(); s != nil {
		return s, true
	}
	st, ok := m.standingAt(nip, v.position)
	if !ok {
		return nil, false
	}
	s := summarise(st, &m.strs)
	v.summary.Store(&s)
	return &s, true
}

// CohortSummaries pages through a cohort's standing summaries by NIP.
func (m *Memory) CohortSummaries(_ context.Context, cohortID string, afterNIP domain.NIP, limit int) ([]StandingSummary, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if c := m.cohorts[cohortID]; c == nil || !c.state.Exists() {
		return nil, false, nil
	}
	r := m.roster[cohortID]
	start, found := slices.BinarySearch(r, afterNIP)
	if found {
		start++
	}
	out := make([]StandingSummary, 0, min(limit, len(r)-start))
	for _, nip := range r[start:] {
		if len(out) == limit {
			break
		}
		if s, ok := m.summaryOf(nip); ok {
			out = append(out, s.row(nip, m.participants[nip].position))
		}
	}
	return out, true, nil
}

// Leaderboard ranks the participants of a cohort, or of every cohort.
func (m *Memory) Leaderboard(_ context.Context, cohortID, board string, limit int) ([]LeaderRow, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var nips []domain.NIP
	if cohortID == "" {
		for _, r := range m.roster {
			nips = append(nips, r...)
		}
	} else {
		if c := m.cohorts[cohortID]; c == nil || !c.state.Exists() {
			return nil, false, nil
		}
		nips = m.roster[cohortID]
	}
	rows := make([]LeaderRow, 0, len(nips))
	for _, nip := range nips {
		s, ok := m.summaryOf(nip)
		if !ok {
			continue
		}
		if v, ok := s.boardValue(board); ok {
			rows = append(rows, LeaderRow{NIP: nip, Name: s.name, CohortID: m.participants[nip].scope.CohortID, Value: v})
		}
	}
	return Rank(rows, limit), true, nil
}

// streamLoader folds a participant's stream from the store.
type streamLoader struct {
	store     events.Store
	catalogue *events.Catalogue
}

// participant folds nip's stream up to position (0: all of it), honouring
// corrections as the projector does; an event this version cannot decode is
// skipped, as the projector skips it.
func (l *streamLoader) participant(ctx context.Context, nip domain.NIP, position uint64) (participant.State, error) {
	st, _, err := l.participantAt(ctx, nip, position)
	return st, err
}

// participantAt is participant with the position of the last event folded
// (0 when none).
func (l *streamLoader) participantAt(ctx context.Context, nip domain.NIP, position uint64) (participant.State, uint64, error) {
	var (
		st   participant.State
		last uint64
	)
	err := events.UseStream(ctx, l.store, events.ParticipantPrefix+string(nip), 0, position, func(recs []events.Recorded) error {
		st, last = l.fold(recs)
		return nil
	})
	if err != nil {
		return participant.State{}, 0, fmt.Errorf("fold participant %s from the store: %w", nip, err)
	}
	return st, last, nil
}

// fold folds recorded events of one stream, and says the position of the
// last one folded (0 when none).
func (l *streamLoader) fold(recs []events.Recorded) (participant.State, uint64) {
	history := make([]domain.Identified, 0, len(recs))
	var last uint64
	for _, r := range recs {
		if e, err := l.catalogue.Decode(r); err == nil {
			history = append(history, domain.Identified{ID: r.ID, Event: e})
			last = r.Position
		}
	}
	return participant.Fold(history), last
}
