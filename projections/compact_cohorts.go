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
	if s.Roster != nil {
		roster := make(map[domain.NIP]cohort.Member, len(s.Roster))
		for nip, member := range s.Roster {
			if member.Enrolment.NIP == nip {
				member.Enrolment.NIP = nip
			}
			member.Golongan = domain.Golongan(in.of(string(member.Golongan)))
			roster[nip] = member
		}
		s.Roster = roster
	}
	return s
}
