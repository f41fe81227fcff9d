package projections

import (
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// compactCohorts rewrites every cohort state, once built (a rebuild or a
// snapshot load), so that what its sessions repeat is held once: the mode,
// date, title, group and coach strings are shared through the model's
// interner, each session id is one string for the cohort's slice, its index
// and the model's sessions map (decoded, they were three), every roster
// member's NIP is its key's, and the slices are clipped to their length. On
// the benchmark year the sessions are most of a cohort's state and the
// cohorts about half the model (docs/benchmarks.md, "Memory and cold reads,
// third round"). The content is unchanged, so views and snapshots read the
// same; a state is replaced, never changed in place, because a view handed
// out before may share its slices. The caller holds no lock.
func (m *Memory) compactCohorts() {
	m.mu.Lock()
	defer m.mu.Unlock()
	ids := make(map[string]string, len(m.sessions)) // one copy of each session id
	for _, c := range m.cohorts {
		c.state = compactCohort(c.state, &m.strs, ids)
		c.slimRoster(&m.strs)
	}
	sessions := make(map[string]string, len(m.sessions))
	for sid, cohortID := range m.sessions {
		if kept, ok := ids[sid]; ok {
			sid = kept
		}
		sessions[sid] = m.strs.of(cohortID)
	}
	m.sessions = sessions
}

// compactCohort is s with its repeated strings shared and its slices and
// maps sized to their content; ids collects the session ids it keeps.
func compactCohort(s cohort.State, in *interner, ids map[string]string) cohort.State {
	if len(s.Sessions) > 0 {
		sessions := make([]cohort.SessionScheduled, len(s.Sessions))
		for i, ss := range s.Sessions {
			if kept, ok := ids[ss.SessionID]; ok {
				ss.SessionID = kept
			} else {
				ids[ss.SessionID] = ss.SessionID
			}
			ss.Mode, ss.Date, ss.Title = in.of(ss.Mode), domain.Date(in.of(string(ss.Date))), in.of(ss.Title)
			ss.GroupID, ss.Coach = in.of(ss.GroupID), in.of(ss.Coach)
			sessions[i] = ss
		}
		s.Sessions = sessions
	}
	if s.SessionByID != nil {
		byID := make(map[string]int, len(s.SessionByID))
		for sid, i := range s.SessionByID {
			if kept, ok := ids[sid]; ok {
				sid = kept
			}
			byID[sid] = i
		}
		s.SessionByID = byID
	}
	return s
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
func (c *cohortEntry) view() CohortView {
	v := CohortViewOf(c.state, c.position)
	if c.members != nil {
		v.RosterSize = len(c.members)
	}
	return v
}
