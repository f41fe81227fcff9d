package projections

import (
	"unsafe"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// The cohorts' sessions were most of what the compact model held (on the
// national year 185,000 of them, with an index each cohort keeps and the
// model's session → cohort map), and every session was six strings: six
// pointers the collector followed at each cycle, whose marking was most of
// what delayed a replay running beside it (docs/benchmarks.md, "Sessions
// without pointers"). Once compacted, a cohort keeps its sessions packed:
// numbers into one table of texts held in chunks with no pointers, so the
// collector neither scans them nor marks what they hold; the model's index
// of which cohort scheduled a session holds the same texts
// (sessions_owners.go). The domain's form (the slice and its index) is
// unpacked for the moment a cohort event folds, a snapshot encodes or a
// view is built.

// textArena holds strings back to back in chunks that are never moved, and
// bytes that are never written again once a string holds them: a string
// taken from a chunk (unsafe.String) stays valid for as long as anything
// refers to it, the chunk with it.
type textArena struct {
	chunks [][]byte
}

const textChunk = 256 << 10

// textSpan is where a string is: chunk, offset, length.
type textSpan struct{ chunk, off, n uint32 }

func (a *textArena) add(s string) textSpan {
	if s == "" {
		return textSpan{}
	}
	last := len(a.chunks) - 1
	if last < 0 || cap(a.chunks[last])-len(a.chunks[last]) < len(s) {
		a.chunks = append(a.chunks, make([]byte, 0, max(textChunk, len(s))))
		last++
	}
	c := a.chunks[last]
	a.chunks[last] = append(c, s...)
	return textSpan{chunk: uint32(last), off: uint32(len(c)), n: uint32(len(s))}
}

func (a *textArena) text(sp textSpan) string {
	if sp.n == 0 {
		return ""
	}
	return unsafe.String(&a.chunks[sp.chunk][sp.off], sp.n)
}

// sessionTexts numbers the strings of the packed sessions: each session id
// once per session, and the few values sessions repeat (modes, dates,
// titles, groups, coaches) once for all. Text 0 is "". The caller holds
// the model's lock.
type sessionTexts struct {
	arena  textArena
	spans  []textSpan
	shared map[string]uint32
}

// add numbers s as a text of its own (a session id).
func (t *sessionTexts) add(s string) uint32 {
	if s == "" {
		return 0
	}
	if len(t.spans) == 0 {
		t.spans = append(t.spans, textSpan{})
	}
	t.spans = append(t.spans, t.arena.add(s))
	return uint32(len(t.spans) - 1)
}

// share numbers s once whatever the number of sessions repeating it.
func (t *sessionTexts) share(s string) uint32 {
	if s == "" {
		return 0
	}
	if i, ok := t.shared[s]; ok {
		return i
	}
	i := t.add(s)
	if t.shared == nil {
		t.shared = map[string]uint32{}
	}
	t.shared[t.text(i)] = i
	return i
}

func (t *sessionTexts) text(i uint32) string { return t.arena.text(t.spans[i]) }

// packedSession is a cohort.SessionScheduled by the numbers of its texts.
type packedSession struct {
	id, mode, date, title, group, coach uint32
	jp                                  int
}

// pack numbers a session's texts, its id the one the sessions' owners hold
// when they hold it.
func (t *sessionTexts) pack(ss cohort.SessionScheduled, owners *sessionOwners) packedSession {
	id, ok := owners.text(t, ss.SessionID)
	if !ok {
		id = t.add(ss.SessionID)
	}
	return packedSession{
		id: id, mode: t.share(ss.Mode), date: t.share(string(ss.Date)), title: t.share(ss.Title),
		group: t.share(ss.GroupID), coach: t.share(ss.Coach), jp: ss.JP,
	}
}

func (t *sessionTexts) unpack(p packedSession) cohort.SessionScheduled {
	return cohort.SessionScheduled{
		SessionID: t.text(p.id), Mode: t.text(p.mode), Date: domain.Date(t.text(p.date)), JP: p.jp,
		Title: t.text(p.title), GroupID: t.text(p.group), Coach: t.text(p.coach),
	}
}

// packSessions moves the state's sessions into c.packed, keeping the packed
// form of every session unchanged since the last packing (a cohort event
// folded onto a packed cohort unpacks all of them and changes one or two):
// the texts of the others are not added again.
func (c *cohortEntry) packSessions(t *sessionTexts, owners *sessionOwners) {
	if len(c.state.Sessions) == 0 {
		c.packed = nil
		return
	}
	packed := make([]packedSession, len(c.state.Sessions))
	for i, ss := range c.state.Sessions {
		if i < len(c.packed) && t.unpack(c.packed[i]) == ss {
			packed[i] = c.packed[i]
			continue
		}
		packed[i] = t.pack(ss, owners)
	}
	c.packed, c.state.Sessions, c.state.SessionByID = packed, nil, nil
}

// sessions is the cohort's sessions in the domain's form.
func (c *cohortEntry) sessions(t *sessionTexts) []cohort.SessionScheduled {
	if c.packed == nil {
		return c.state.Sessions
	}
	out := make([]cohort.SessionScheduled, len(c.packed))
	for i, p := range c.packed {
		out[i] = t.unpack(p)
	}
	return out
}

// full is the cohort's state as the domain folds it: its roster put back
// (withRoster), its sessions unpacked with their index. The index is built
// as the fold builds it: a session id scheduled again points at its last
// place. The caller holds m.mu.
func (c *cohortEntry) full(t *sessionTexts) cohort.State {
	s := c.withRoster()
	if c.packed == nil {
		return s
	}
	s.Sessions = c.sessions(t)
	s.SessionByID = make(map[string]int, len(s.Sessions))
	for i, ss := range s.Sessions {
		s.SessionByID[ss.SessionID] = i
	}
	return s
}
