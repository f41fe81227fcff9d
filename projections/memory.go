package projections

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
)

// Memory is the embedded read model: every view in maps, rebuilt from the log
// at start. Encoded views are cached until the next event touches them, so a
// read is a map lookup.
type Memory struct {
	mu           sync.RWMutex
	participants map[domain.NIP]*participantView
	cohorts      map[string]*cohortEntry
	cohortIDs    []string                // every key of cohorts, sorted
	roster       map[string][]domain.NIP // cohort id -> its participants, sorted
	sessions     map[string]string       // session id -> cohort id
	tokens       map[string]*tokenEntry  // by token id
	bySecret     map[string]*tokenEntry

	position atomic.Uint64
	advanced atomic.Pointer[chan struct{}] // closed and replaced when position moves
}

type participantView struct {
	state    participant.State
	position uint64
	encoded  atomic.Pointer[[]byte]
	standing atomic.Pointer[participant.Standing] // computed once per change
}

type cohortEntry struct {
	state    cohort.State
	position uint64
	encoded  atomic.Pointer[[]byte]
}

type tokenEntry struct {
	issued  access.TokenIssued
	revoked bool
}

// NewMemory returns an empty memory read model.
func NewMemory() *Memory {
	m := &Memory{
		participants: make(map[domain.NIP]*participantView),
		cohorts:      make(map[string]*cohortEntry),
		roster:       make(map[string][]domain.NIP),
		sessions:     make(map[string]string),
		tokens:       make(map[string]*tokenEntry),
		bySecret:     make(map[string]*tokenEntry),
	}
	ch := make(chan struct{})
	m.advanced.Store(&ch)
	return m
}

// Apply folds a batch of events.
func (m *Memory) Apply(_ context.Context, batch []Decoded) error {
	m.ApplyTouched(batch)
	return nil
}

// Touched names what a batch changed, for a model that mirrors Memory
// elsewhere (Redis) and writes only what moved.
type Touched struct {
	Participants map[domain.NIP]bool
	Cohorts      map[string]bool
	Tokens       map[string]bool // token ids
	Sessions     map[string]string
	Last         events.Recorded // the last event applied
}

// ApplyTouched folds a batch and says what it changed.
func (m *Memory) ApplyTouched(batch []Decoded) Touched {
	t := Touched{Participants: map[domain.NIP]bool{}, Cohorts: map[string]bool{}, Tokens: map[string]bool{}, Sessions: map[string]string{}}
	if len(batch) == 0 {
		return t
	}
	m.mu.Lock()
	last := m.position.Load()
	for _, d := range batch {
		if d.Record.Position <= last {
			continue
		}
		m.apply(d, &t)
		last = d.Record.Position
		t.Last = d.Record
	}
	m.mu.Unlock()
	m.advance(last)
	return t
}

// advance moves the position and wakes waiters.
func (m *Memory) advance(pos uint64) {
	m.position.Store(pos)
	next := make(chan struct{})
	close(*m.advanced.Swap(&next))
}

func (m *Memory) apply(d Decoded, t *Touched) {
	if d.Event == nil {
		return
	}
	stream := d.Record.Stream
	switch {
	case strings.HasPrefix(stream, events.ParticipantPrefix):
		nip := domain.NIP(stream[len(events.ParticipantPrefix):])
		v := m.participants[nip]
		if v == nil {
			v = &participantView{state: participant.Initial()}
			m.participants[nip] = v
		}
		before := rosterCohort(v.state)
		if d.History != nil {
			v.state = participant.Fold(d.History)
		} else {
			v.state = participant.Evolve(v.state, d.Event)
		}
		// Enrolment, a transfer or a withdrawal moves the participant
		// between the rosters the cohort lists and boards read.
		if after := rosterCohort(v.state); after != before {
			m.removeFromRoster(before, nip)
			m.addToRoster(after, nip)
		}
		v.position = d.Record.Position
		v.encoded.Store(nil)
		v.standing.Store(nil)
		t.Participants[nip] = true
	case strings.HasPrefix(stream, events.CohortPrefix):
		id := stream[len(events.CohortPrefix):]
		c := m.cohorts[id]
		if c == nil {
			c = &cohortEntry{state: cohort.Initial()}
			m.addCohort(id, c)
		}
		if e, ok := d.Event.(cohort.SessionScheduled); ok {
			m.sessions[e.SessionID] = id
			t.Sessions[e.SessionID] = id
		}
		c.state = cohort.Evolve(c.state, d.Event)
		c.position = d.Record.Position
		c.encoded.Store(nil)
		t.Cohorts[id] = true
	case strings.HasPrefix(stream, events.TokenPrefix):
		m.applyToken(d.Event)
		t.Tokens[stream[len(events.TokenPrefix):]] = true
	}
}

func (m *Memory) applyToken(e domain.Event) {
	switch e := e.(type) {
	case access.TokenIssued:
		t := &tokenEntry{issued: e}
		m.tokens[e.TokenID] = t
		m.bySecret[e.SecretSHA256] = t
	case access.TokenRevoked:
		if t := m.tokens[e.TokenID]; t != nil {
			t.revoked = true
			delete(m.bySecret, t.issued.SecretSHA256)
		}
	}
}

// Position is the position of the last applied event.
func (m *Memory) Position() uint64 { return m.position.Load() }

// Wait blocks until the model has applied pos.
func (m *Memory) Wait(ctx context.Context, pos uint64) error {
	for {
		ch := *m.advanced.Load()
		if m.position.Load() >= pos {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// StandingJSON encodes (once per change) the participant's standing.
func (m *Memory) StandingJSON(_ context.Context, nip domain.NIP) ([]byte, Scope, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	v := m.participants[nip]
	if v == nil || !v.state.Enrolled() {
		return nil, Scope{}, false, nil
	}
	scope := scopeOf(v.state)
	if b := v.encoded.Load(); b != nil {
		return *b, scope, true, nil
	}
	st, _ := m.standingOf(nip)
	b, err := json.Marshal(st)
	if err != nil {
		return nil, Scope{}, false, err
	}
	v.encoded.Store(&b)
	return b, scope, true, nil
}

func scopeOf(s participant.State) Scope {
	return Scope{CohortID: s.Enrolment.CohortID, InstitutionID: s.Enrolment.InstitutionID, Agency: s.Enrolment.Agency}
}

// CohortJSON encodes (once per change) the cohort's view.
func (m *Memory) CohortJSON(_ context.Context, id string) ([]byte, Scope, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c := m.cohorts[id]
	if c == nil || !c.state.Exists() {
		return nil, Scope{}, false, nil
	}
	scope := Scope{CohortID: id, InstitutionID: c.state.Opened.InstitutionID}
	if b := c.encoded.Load(); b != nil {
		return *b, scope, true, nil
	}
	b, err := json.Marshal(CohortViewOf(c.state, c.position))
	if err != nil {
		return nil, Scope{}, false, err
	}
	c.encoded.Store(&b)
	return b, scope, true, nil
}

// TokenBySecret finds a live token by its secret's hash.
func (m *Memory) TokenBySecret(secretSHA256 string) (access.TokenIssued, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	t := m.bySecret[secretSHA256]
	if t == nil {
		return access.TokenIssued{}, false
	}
	return t.issued, true
}

// HasAdminToken tells whether a live admin token exists.
func (m *Memory) HasAdminToken() bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, t := range m.bySecret {
		if t.issued.Role == access.Admin {
			return true
		}
	}
	return false
}

// addCohort keeps a cohort's entry, its id in order; the caller holds m.mu.
func (m *Memory) addCohort(id string, c *cohortEntry) {
	if _, ok := m.cohorts[id]; !ok {
		i, _ := slices.BinarySearch(m.cohortIDs, id)
		m.cohortIDs = slices.Insert(m.cohortIDs, i, id)
	}
	m.cohorts[id] = c
}

// Cohorts lists cohorts by id with their participants' outcomes.
func (m *Memory) Cohorts(_ context.Context, afterID string, limit int) ([]CohortListing, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	start, found := slices.BinarySearch(m.cohortIDs, afterID)
	if found {
		start++
	}
	out := make([]CohortListing, 0, min(limit, len(m.cohortIDs)-start))
	for _, id := range m.cohortIDs[start:] {
		if len(out) == limit {
			break
		}
		c := m.cohorts[id]
		if !c.state.Exists() {
			continue
		}
		l := ListingOf(CohortViewOf(c.state, c.position))
		for _, nip := range m.roster[id] {
			if st, ok := m.standingOf(nip); ok {
				l.Outcomes.Add(st.Outcome.Status, st.Outcome.Result)
			}
		}
		out = append(out, l)
	}
	return out, nil
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

// rosterCohort is the cohort whose roster lists the participant: the one
// they are enrolled in, unless they withdrew ("" then).
func rosterCohort(s participant.State) string {
	if !s.Enrolled() || s.Withdrawal != nil {
		return ""
	}
	return s.Enrolment.CohortID
}

// standingOf computes a participant's standing; the caller holds m.mu.
func (m *Memory) standingOf(nip domain.NIP) (participant.Standing, bool) {
	v := m.participants[nip]
	if v == nil || !v.state.Enrolled() {
		return participant.Standing{}, false
	}
	if st := v.standing.Load(); st != nil {
		return *st, true
	}
	st := participant.StandingOf(v.state)
	st.Position = v.position
	v.standing.Store(&st)
	return st, true
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
		if st, ok := m.standingOf(nip); ok {
			out = append(out, SummaryOf(st))
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
		st, ok := m.standingOf(nip)
		if !ok {
			continue
		}
		if v, ok := BoardValue(board, st); ok {
			rows = append(rows, LeaderRow{NIP: nip, Name: st.Name, CohortID: st.CohortID, Value: v})
		}
	}
	return Rank(rows, limit), true, nil
}

// SessionCohort tells which cohort scheduled a session.
func (m *Memory) SessionCohort(_ context.Context, sessionID string) (string, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	id, ok := m.sessions[sessionID]
	return id, ok, nil
}

// CohortViewOf is a cohort's view (computed, not encoded).
func (m *Memory) CohortViewOf(id string) (CohortView, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c := m.cohorts[id]
	if c == nil || !c.state.Exists() {
		return CohortView{}, false
	}
	return CohortViewOf(c.state, c.position), true
}

// Token is a token by id, with whether it is revoked.
func (m *Memory) Token(id string) (access.TokenIssued, bool, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	t := m.tokens[id]
	if t == nil {
		return access.TokenIssued{}, false, false
	}
	return t.issued, t.revoked, true
}
