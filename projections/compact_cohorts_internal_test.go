package projections

import (
	"fmt"
	"hash/maphash"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// A compacted cohort keeps its sessions packed, and unpacks to exactly the
// state the domain folds: the slice, and the index of a session id
// scheduled twice pointing at its last place. The texts sessions repeat are
// held once for all cohorts, each session id once for the cohort and the
// model's index of sessions, and a session folded afterwards adds its own
// texts only.
func TestPackedSessionsUnpackToTheDomainsFold(t *testing.T) {
	m := NewMemory()
	// Strings built at run time, as decoding makes them: equal, not shared.
	fresh := func(s string) string { return string([]byte(s)) }
	session := func(id string, i int) cohort.SessionScheduled {
		ss := cohort.SessionScheduled{SessionID: fresh(id), Mode: fresh("synchronous"), Date: domain.Date(fresh("2024-06-10")),
			JP: i + 1, Title: fresh("Sinkronus hari 1")}
		if i%2 == 1 {
			ss.Mode, ss.GroupID, ss.Coach = fresh("coaching"), fresh("G1"), fresh("coach-1")
		}
		return ss
	}
	folded := map[string]cohort.State{}
	for _, id := range []string{"C1", "C2"} {
		s := cohort.Evolve(cohort.Initial(), cohort.Opened{CohortID: id, Name: "Latsar " + id, StartsOn: "2024-06-03", EndsOn: "2024-08-30"})
		for i, sid := range []string{id + "-s1", id + "-s2", id + "-s1", id + "-s3"} {
			s = cohort.Evolve(s, session(sid, i))
			m.owners.set(&m.texts, fresh(sid), fresh(id))
		}
		folded[id] = s
		m.cohorts[id] = &cohortEntry{state: s}
	}
	m.compactCohorts()
	for id, want := range folded {
		c := m.cohorts[id]
		if c.state.Sessions != nil || c.state.SessionByID != nil || len(c.packed) != 4 {
			t.Fatalf("cohort %s: sessions not packed: %d in the state, %d packed", id, len(c.state.Sessions), len(c.packed))
		}
		if got := c.full(&m.texts); !reflect.DeepEqual(got, want) {
			t.Fatalf("cohort %s unpacks to\n%+v\nwant\n%+v", id, got, want)
		}
		if got, want := c.view(&m.texts), CohortViewOf(want, 0); !reflect.DeepEqual(got, want) {
			t.Fatalf("cohort %s's view:\n got %+v\nwant %+v", id, got, want)
		}
		if got := c.listing().Sessions; got != 4 {
			t.Fatalf("cohort %s is listed with %d sessions, want 4", id, got)
		}
	}
	c1, c2 := m.cohorts["C1"].packed, m.cohorts["C2"].packed
	if c1[0].title != c2[0].title || c1[1].coach != c2[1].coach {
		t.Fatal("a text two cohorts repeat is held twice")
	}
	for _, id := range []string{"C1", "C2"} {
		for _, p := range m.cohorts[id].packed {
			sid := m.texts.text(p.id)
			if owner, ok := m.owners.owner(&m.texts, sid); !ok || owner != id {
				t.Fatalf("session %s is said to be of cohort %q", sid, owner)
			}
			if n, _ := m.owners.text(&m.texts, sid); n != p.id {
				t.Fatalf("the index of sessions holds its own copy of session id %s", sid)
			}
		}
	}

	// A session scheduled afterwards folds onto the unpacked state, and only
	// its id is new: the texts it repeats and the sessions before it keep
	// their numbers.
	texts := len(m.texts.spans)
	c := m.cohorts["C1"]
	before := slices.Clone(c.packed)
	added := session("C1-s4", 2)
	c.state = cohort.Evolve(c.full(&m.texts), added)
	c.packSessions(&m.texts, &m.owners)
	if got := c.full(&m.texts); !reflect.DeepEqual(got, cohort.Evolve(folded["C1"], added)) {
		t.Fatalf("a session folded onto a packed cohort gives\n%+v", got)
	}
	if !reflect.DeepEqual(c.packed[:4], before) || len(m.texts.spans) != texts+1 {
		t.Fatalf("folding one session renumbered the others or added %d texts", len(m.texts.spans)-texts)
	}
}

// Session ids under one hash are told apart: each keeps its cohort, the
// last one's when scheduled again, and every one is listed once.
func TestSessionOwnersTellCollidingIDsApart(t *testing.T) {
	var texts sessionTexts
	for name, hash := range map[string]func(maphash.Seed, string) uint64{
		"maphash":          maphash.String,
		"one hash for all": func(maphash.Seed, string) uint64 { return 7 },
	} {
		o := newSessionOwners(0)
		o.hash = hash
		want := map[string]string{}
		for i := range 50 {
			sid, cohortID := fmt.Sprintf("s%d", i), fmt.Sprintf("C%d", i%3)
			o.set(&texts, sid, cohortID)
			want[sid] = cohortID
		}
		o.set(&texts, "s4", "C9") // scheduled again
		want["s4"] = "C9"
		for sid, cohortID := range want {
			if got, ok := o.owner(&texts, sid); !ok || got != cohortID {
				t.Fatalf("%s: session %s is of %q, want %s", name, sid, got, cohortID)
			}
		}
		if _, ok := o.owner(&texts, "s50"); ok {
			t.Fatalf("%s: a session never scheduled has a cohort", name)
		}
		got := map[string]string{}
		o.each(&texts, func(sid, cohortID string) { got[sid] = cohortID })
		if !maps.Equal(got, want) || o.len() != len(want) {
			t.Fatalf("%s: listed %v (%d), want %v", name, got, o.len(), want)
		}
	}
}
