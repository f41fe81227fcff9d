package projections

// What a mirror of the memory model (the Redis read model) needs of a model
// in full mode: which entities a batch touched, their snapshots, and
// restoring them.

import (
	"strings"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
)

// Snapshot is what a mirror keeps of one entity to resume without the log.
type Snapshot struct {
	Participant *participant.State  `json:"participant,omitempty"`
	Cohort      *cohort.State       `json:"cohort,omitempty"`
	Token       *access.TokenIssued `json:"token,omitempty"`
	Revoked     bool                `json:"revoked,omitempty"`
	Position    uint64              `json:"position"`
}

// Has tells whether the model holds a participant's or cohort's state, so a
// mirror knows which states to load before applying a batch.
func (m *Memory) Has(stream string) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	switch {
	case strings.HasPrefix(stream, events.ParticipantPrefix):
		return m.participants[domain.NIP(stream[len(events.ParticipantPrefix):])] != nil
	case strings.HasPrefix(stream, events.CohortPrefix):
		return m.cohorts[stream[len(events.CohortPrefix):]] != nil
	case strings.HasPrefix(stream, events.TokenPrefix):
		return m.tokens[stream[len(events.TokenPrefix):]] != nil
	}
	return true
}

// SnapshotOf captures the state of a stream's entity.
func (m *Memory) SnapshotOf(stream string) (Snapshot, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	switch {
	case strings.HasPrefix(stream, events.ParticipantPrefix):
		nip := domain.NIP(stream[len(events.ParticipantPrefix):])
		if v := m.participants[nip]; v != nil {
			if st, _, ok := m.states.get(nip, v.position); ok {
				return Snapshot{Participant: &st, Position: v.position}, true
			}
		}
	case strings.HasPrefix(stream, events.CohortPrefix):
		if c := m.cohorts[stream[len(events.CohortPrefix):]]; c != nil {
			st := c.full(&m.texts)
			return Snapshot{Cohort: &st, Position: c.position}, true
		}
	case strings.HasPrefix(stream, events.TokenPrefix):
		if t := m.tokens[stream[len(events.TokenPrefix):]]; t != nil {
			tok := t.issued
			return Snapshot{Token: &tok, Revoked: t.revoked}, true
		}
	}
	return Snapshot{}, false
}

// Restore puts back an entity from its snapshot, before applying later events.
func (m *Memory) Restore(stream string, s Snapshot) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case s.Participant != nil:
		nip := domain.NIP(stream[len(events.ParticipantPrefix):])
		m.keep(nip, *s.Participant, s.Position)
	case s.Cohort != nil:
		id := stream[len(events.CohortPrefix):]
		m.addCohort(id, &cohortEntry{state: *s.Cohort, position: s.Position})
		for _, ss := range s.Cohort.Sessions {
			m.owners.set(&m.texts, ss.SessionID, id)
		}
	case s.Token != nil:
		t := &tokenEntry{issued: *s.Token, revoked: s.Revoked}
		m.tokens[s.Token.TokenID] = t
		if !s.Revoked {
			m.bySecret[s.Token.SecretSHA256] = t
		}
	}
}

// StartAt sets the position of an empty model that mirrors one resumed from
// a checkpoint.
func (m *Memory) StartAt(pos uint64) { m.advance(pos) }

// StandingOf is a participant's standing document (computed, not encoded)
// from the state the model holds (full mode holds every state).
func (m *Memory) StandingOf(nip domain.NIP) (participant.Standing, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	v := m.participants[nip]
	if v == nil || !v.enrolled {
		return participant.Standing{}, false
	}
	return m.standingAt(nip, v.position)
}
