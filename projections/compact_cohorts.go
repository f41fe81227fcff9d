package projections

import (
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// compactCohorts rewrites every cohort entry, once built (a rebuild or a
// snapshot load), so that it holds what it must and no more: its sessions
// packed (sessions_packed.go), their ids the texts the model's index of
// sessions holds (sessions_owners.go), its roster kept apart (slimRoster).
// The content is unchanged, so views and snapshots read the same (the
// domain's form is unpacked for them); a state is replaced, never changed
// in place, because a view handed out before may share its slices. The
// caller holds no lock.
func (m *Memory) compactCohorts() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.cohorts {
		c.packSessions(&m.texts, &m.owners)
		c.slimRoster(&m.strs)
	}
	m.sessionsPacked = true
}

// slimRoster moves the roster out of the state into members (compact
// mode): a roster member is a cohort.Member, the whole enrolment's struct
// (192 bytes, empty here but for the NIP: the view counts the roster and
// the folds read a member's NIP and golongan, nothing else), in a map slot
// of 208 bytes; a NIP and a golongan take 32. The caller holds m.mu.
func (c *cohortEntry) slimRoster(in *interner) {
	if c.state.Roster == nil {
		c.members = nil
		return
	}
	members := make(map[domain.NIP]domain.Golongan, len(c.state.Roster))
	for nip, member := range c.state.Roster {
		members[nip] = domain.Golongan(in.of(string(member.Golongan)))
	}
	c.members, c.state.Roster = members, nil
}

// withRoster is the state with its roster, put back from members when kept
// apart: what a cohort event folds onto and a snapshot encodes. The caller
// holds m.mu.
func (c *cohortEntry) withRoster() cohort.State {
	s := c.state
	if c.members == nil {
		return s
	}
	s.Roster = make(map[domain.NIP]cohort.Member, len(c.members))
	for nip, g := range c.members {
		s.Roster[nip] = cohort.Member{Enrolment: cohort.ParticipantEnrolled{NIP: nip}, Golongan: g}
	}
	return s
}

// view is the cohort's view; the caller holds m.mu.
func (c *cohortEntry) view(t *sessionTexts) CohortView {
	s := c.state
	s.Sessions = c.sessions(t)
	v := CohortViewOf(s, c.position)
	if c.members != nil {
		v.RosterSize = len(c.members)
	}
	return v
}

// listing is the cohort's listing (its sessions counted, not unpacked); the
// caller holds m.mu and counts the outcomes.
func (c *cohortEntry) listing() CohortListing {
	l := ListingOf(CohortViewOf(c.state, c.position))
	l.Sessions = len(c.state.Sessions) + len(c.packed)
	if c.members != nil {
		l.RosterSize = len(c.members)
	}
	return l
}
