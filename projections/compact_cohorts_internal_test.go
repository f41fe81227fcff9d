package projections

import (
	"testing"
	"unsafe"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// Compacting shares one copy of each repeated string: a title two cohorts
// both use, and a session id between the cohort's slice, its index and the
// model's sessions map.
func TestCompactCohortsSharesStrings(t *testing.T) {
	m := NewMemory()
	// Strings built at run time, as decoding makes them: equal, not shared.
	title := func() string { return string([]byte("Sinkronus hari 1")) }
	for _, id := range []string{"C1", "C2"} {
		sid := string([]byte(id + "-s1"))
		s := cohort.Initial()
		s.Sessions = append(make([]cohort.SessionScheduled, 0, 8), cohort.SessionScheduled{SessionID: sid, Mode: "synchronous", Date: domain.Date(string([]byte("2024-06-10"))), Title: title()})
		s.SessionByID = map[string]int{string([]byte(sid)): 0}
		m.cohorts[id] = &cohortEntry{state: s}
		m.sessions[string([]byte(sid))] = string([]byte(id))
	}
	m.compactCohorts()
	c1, c2 := m.cohorts["C1"].state, m.cohorts["C2"].state
	if unsafe.StringData(c1.Sessions[0].Title) != unsafe.StringData(c2.Sessions[0].Title) {
		t.Fatal("the title two cohorts repeat is held twice")
	}
	if cap(c1.Sessions) != len(c1.Sessions) {
		t.Fatalf("sessions slice has capacity %d for %d sessions", cap(c1.Sessions), len(c1.Sessions))
	}
	sid := c1.Sessions[0].SessionID
	for k := range c1.SessionByID {
		if unsafe.StringData(k) != unsafe.StringData(sid) {
			t.Fatal("the session index holds its own copy of the session id")
		}
	}
	for k, v := range m.sessions {
		if v == "C1" && unsafe.StringData(k) != unsafe.StringData(sid) {
			t.Fatal("the sessions map holds its own copy of the session id")
		}
	}
}
