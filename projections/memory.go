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

// Memory is the embedded read model. Cohorts, sessions and tokens are kept
// whole; of a participant it keeps a compact record (scope, position and the
// summary that cohort lists and leaderboards read), and their full states in
// a cache: unbounded in the full mode a mirror (Redis) uses, bounded in the
// compact mode the embedded server uses, which folds a participant's stream
// from the store when the state it needs is not cached (see participants.go).
type Memory struct {
	mu           sync.RWMutex
	participants map[domain.NIP]*participantView
	cohorts      map[string]*cohortEntry
	cohortIDs    []string                // every key of cohorts, sorted
	roster       map[string][]domain.NIP // cohort id -> its participants, sorted
	owners       sessionOwners           // session id -> cohort id (texts in texts)
	tokens       map[string]*tokenEntry  // by token id
	bySecret     map[string]*tokenEntry

	states  *lru[participant.State] // full states by participant, at their position
	docs    *lru[*docEntry]         // encoded standing documents, at their position
	streams *streamLoader           // nil in full mode: every state is in states
	shelf   Shelf                   // nil: none (see shelved.go)
	// keeping is the states the applier is keeping, while it keeps them.
	keeping map[domain.NIP]participant.State
	limits  CacheLimits
	strs    interner
	// texts hold the packed sessions' strings; sessionsPacked is set once
	// the cohorts are compacted, after which a cohort event's fold packs
	// its cohort's sessions again (sessions_packed.go).
	texts          sessionTexts
	sessionsPacked bool

	position atomic.Uint64
	advanced atomic.Pointer[chan struct{}] // closed and replaced when position moves
}

type cohortEntry struct {
	state cohort.State // without Sessions and SessionByID while packed
	// packed, when not nil, is the state's sessions (sessions_packed.go).
	packed   []packedSession
	position uint64
	encoded  atomic.Pointer[[]byte]
	// members, when not nil, is the roster, kept apart from the state in
	// compact mode (slimRoster).
	members map[domain.NIP]domain.Golongan
}

type tokenEntry struct {
	issued  access.TokenIssued
	revoked bool
}

// NewMemory returns an empty memory read model in full mode: every
// participant's state stays in memory (a mirror snapshots them).
func NewMemory() *Memory {
	m := &Memory{
		participants: make(map[domain.NIP]*participantView),
		cohorts:      make(map[string]*cohortEntry),
		roster:       make(map[string][]domain.NIP),
		owners:       newSessionOwners(0),
		tokens:       make(map[string]*tokenEntry),
		bySecret:     make(map[string]*tokenEntry),
		states:       newLRU(0, func(participant.State) int { return 1 }),
	}
	m.docs = newDocCache(DefaultStandingCacheBytes)
	ch := make(chan struct{})
	m.advanced.Store(&ch)
	return m
}

// CacheLimits bound what a compact memory model keeps of participants beyond
// their records.
type CacheLimits struct {
	// States is how many participants' full states are kept for folding
	// live events (LATSAR_STATE_CACHE).
	States int
	// StandingBytes is how many bytes of encoded standing documents are kept
	// for repeated reads (LATSAR_STANDING_CACHE).
	StandingBytes int
	// RebuildStates is how many states a rebuild folds at once before it
	// leaves a participant to be folded from their own stream.
	RebuildStates int
}

// Defaults of CacheLimits. A state of a participant well into training is
// some 60 KiB (less while they are being written: a few KiB early on) and a
// standing document some 5 KiB. The state cache must hold the participants
// written to at once: a live event of one it no longer holds folds their
// stream from the store again, and 2,000 participants written round robin
// over a 512-state cache took a trophy POST from ~90 to ~210 µs of server
// CPU (docs/benchmarks.md). 2,048 states (at most ~120 MiB, far less in
// practice) and 32 MiB of documents (about 6,000 hot participants) bound it
// whatever the year's size; a rebuild's 1,024 states are let go when it ends.
const (
	DefaultStateCache         = 2048
	DefaultStandingCacheBytes = 32 << 20
	DefaultRebuildStates      = 1024
	docOverhead               = 96 // the cache's own bytes per document
)

// NewCompactMemory returns an empty memory read model in compact mode: it
// reads participants' streams from store when a state is not cached.
func NewCompactMemory(store events.Store, catalogue *events.Catalogue, limits CacheLimits) *Memory {
	if limits.States <= 0 {
		limits.States = DefaultStateCache
	}
	if limits.StandingBytes <= 0 {
		limits.StandingBytes = DefaultStandingCacheBytes
	}
	if limits.RebuildStates <= 0 {
		limits.RebuildStates = DefaultRebuildStates
	}
	m := NewMemory()
	m.states = newLRU(limits.States, func(participant.State) int { return 1 })
	m.docs = newDocCache(limits.StandingBytes)
	m.streams = &streamLoader{store: store, catalogue: catalogue}
	m.limits = limits
	return m
}

// Apply folds a batch of events. In compact mode it first folds, from the
// store, the states the batch needs that the cache does not hold.
func (m *Memory) Apply(ctx context.Context, batch []Decoded) error {
	loaded, err := m.loadStates(ctx, batch)
	if err != nil {
		return err
	}
	m.applyBatch(batch, loaded)
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

// ApplyTouched folds a batch and says what it changed (full mode).
func (m *Memory) ApplyTouched(batch []Decoded) Touched {
	return m.applyBatch(batch, nil)
}

func (m *Memory) applyBatch(batch []Decoded, loaded map[domain.NIP]participant.State) Touched {
	t := Touched{Participants: map[domain.NIP]bool{}, Cohorts: map[string]bool{}, Tokens: map[string]bool{}, Sessions: map[string]string{}}
	if len(batch) == 0 {
		return t
	}
	work := folding{loaded: loaded, states: map[domain.NIP]participant.State{}, positions: map[domain.NIP]uint64{}}
	m.mu.Lock()
	last := m.position.Load()
	for _, d := range batch {
		if d.Record.Position <= last {
			continue
		}
		m.apply(d, &t, &work)
		last = d.Record.Position
		t.Last = d.Record
	}
	m.keeping = work.states
	for nip, st := range work.states {
		m.keep(nip, st, work.positions[nip])
	}
	m.keeping = nil
	// Moved under the lock: a snapshot copies the model and its position
	// together (snapshot.go).
	m.advance(last)
	m.mu.Unlock()
	return t
}

// advance moves the position and wakes waiters.
func (m *Memory) advance(pos uint64) {
	m.position.Store(pos)
	next := make(chan struct{})
	close(*m.advanced.Swap(&next))
}

func (m *Memory) apply(d Decoded, t *Touched, work *folding) {
	if d.Event == nil {
		return
	}
	stream := d.Record.Stream
	switch {
	case strings.HasPrefix(stream, events.ParticipantPrefix):
		nip := domain.NIP(stream[len(events.ParticipantPrefix):])
		st := m.stateToFold(nip, work)
		if d.History != nil {
			st = participant.Fold(d.History)
		} else {
			st = participant.Evolve(st, d.Event)
		}
		work.states[nip], work.positions[nip] = st, d.Record.Position
		t.Participants[nip] = true
	case strings.HasPrefix(stream, events.CohortPrefix):
		id := stream[len(events.CohortPrefix):]
		c := m.cohorts[id]
		if c == nil {
			c = &cohortEntry{state: cohort.Initial()}
			m.addCohort(id, c)
		}
		if e, ok := d.Event.(cohort.SessionScheduled); ok {
			m.owners.set(&m.texts, e.SessionID, id)
			t.Sessions[e.SessionID] = id
		}
		c.state = cohort.Evolve(c.full(&m.texts), d.Event)
		if m.streams != nil {
			c.slimRoster(&m.strs)
		}
		if m.sessionsPacked {
			c.packSessions(&m.texts, &m.owners)
		}
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
	b, err := json.Marshal(c.view(&m.texts))
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
		l := c.listing()
		for _, nip := range m.roster[id] {
			if s, ok := m.summaryOf(nip); ok {
				l.Outcomes.Add(s.outcomeStatus, s.outcome)
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// SessionCohort tells which cohort scheduled a session.
func (m *Memory) SessionCohort(_ context.Context, sessionID string) (string, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	id, ok := m.owners.owner(&m.texts, sessionID)
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
	return c.view(&m.texts), true
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
