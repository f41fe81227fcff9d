package events

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// LogReport is the whole log checked in one pass in position order: every
// stream's chain, the chain over the global order, and the signed checkpoints.
type LogReport struct {
	Events  int    `json:"events"`
	Streams int    `json:"streams"`
	Head    uint64 `json:"head"`     // position of the last event
	LogHash string `json:"log_hash"` // running hash up to Head (NextLogHash)
	// ChainedFrom is the first position whose event carries prev_global;
	// 0 when none does (a store that does not chain the order, or a log
	// written before it did).
	ChainedFrom uint64 `json:"chained_from"`
	// Checkpoints is how many signed checkpoints were compared with the log;
	// LastCheckpoint is the newest of them, Unsigned the events after it
	// (the chains vouch for them, no signature yet).
	Checkpoints    int         `json:"checkpoints"`
	LastCheckpoint *Checkpoint `json:"last_checkpoint,omitempty"`
	Unsigned       int         `json:"unsigned"`
	// Breaks are in position order (at one position, the log chain's
	// first): the first of each stream's chain, of the chain over the log,
	// and of the checkpoints.
	Breaks []ChainBreak `json:"breaks"`
	// Refused are the checkpoints not taken into account: a signature that
	// does not hold, a key not published, a line that is not a checkpoint.
	// Someone wrote them; they fail the verification too.
	Refused []string `json:"refused,omitempty"`
}

// OK tells whether every chain holds and every checkpoint was taken and holds.
func (r *LogReport) OK() bool { return len(r.Breaks) == 0 && len(r.Refused) == 0 }

// VerifyLog reads the whole log after after 0, a page at a time, and checks
// it against the checkpoints whose signature keys verify. progress, when
// set, is called after each page.
func VerifyLog(ctx context.Context, s Store, checkpoints []Checkpoint, keys CheckpointKeys, progress func(events int, position uint64)) (*LogReport, error) {
	v := newLogVerifier(checkpoints, keys)
	var after uint64
	for {
		page, err := s.ReadAll(ctx, after, 5000)
		if err != nil {
			return nil, err
		}
		if len(page) == 0 {
			break
		}
		for i := range page {
			v.add(&page[i])
		}
		after = page[len(page)-1].Position
		if progress != nil {
			progress(v.r.Events, after)
		}
	}
	return v.finish(), nil
}

type streamTip struct {
	next   uint64
	hash   string
	broken bool
}

// seen is an event the log chain may have to name again.
type seen struct {
	pos    uint64
	hash   string
	stream string
	rev    uint64
	id     string
}

// recentEvents is how far back a prev_global that does not name the event
// before is looked for, to tell inserted events from missing ones.
const recentEvents = 64

type logVerifier struct {
	r       LogReport
	tips    map[string]streamTip
	recent  [recentEvents]seen // a ring, recent[n%recentEvents] the nth event
	n       int
	logDone bool // the log chain broke: one break says where
	cps     []Checkpoint
	next    int
	cpDone  bool
	held    *Checkpoint // the last checkpoint the log matched
}

func newLogVerifier(checkpoints []Checkpoint, keys CheckpointKeys) *logVerifier {
	v := &logVerifier{tips: make(map[string]streamTip)}
	v.cps, v.r.Refused = ValidCheckpoints(checkpoints, keys)
	slices.SortStableFunc(v.cps, func(a, b Checkpoint) int {
		if a.Position != b.Position {
			return cmp.Compare(a.Position, b.Position)
		}
		return a.RecordedAt.Compare(b.RecordedAt)
	})
	if len(v.cps) > 0 {
		last := v.cps[len(v.cps)-1]
		v.r.LastCheckpoint = &last
	}
	return v
}

func (v *logVerifier) add(e *Recorded) {
	v.checkpointsBefore(e.Position)
	v.r.Events++
	v.stream(e)
	v.global(e)
	v.r.LogHash = NextLogHash(v.r.LogHash, e.Metadata.Hash)
	v.r.Head = e.Position
	v.recent[v.n%recentEvents] = seen{pos: e.Position, hash: e.Metadata.Hash, stream: e.Stream, rev: e.Revision, id: e.ID}
	v.n++
	v.checkpointsAt(e)
	if last := v.r.LastCheckpoint; last != nil && e.Position > last.Position {
		v.r.Unsigned++
	}
}

func (v *logVerifier) stream(e *Recorded) {
	t, ok := v.tips[e.Stream]
	if !ok {
		v.r.Streams++
	}
	if t.broken {
		return
	}
	if reason := streamLink(t.next, t.hash, e); reason != "" {
		v.tips[e.Stream] = streamTip{broken: true}
		v.r.Breaks = append(v.r.Breaks, ChainBreak{Stream: e.Stream, Revision: e.Revision, EventID: e.ID, Reason: reason, Position: e.Position, Chain: ChainStream})
		return
	}
	v.tips[e.Stream] = streamTip{next: t.next + 1, hash: e.Metadata.Hash}
}

// global checks e's link to the event before it in position order. A log
// written before prev_global existed is chained from its first event that
// carries it; from there on, every event must.
func (v *logVerifier) global(e *Recorded) {
	link := e.Metadata.PrevGlobal
	if link != "" && v.r.ChainedFrom == 0 {
		v.r.ChainedFrom = e.Position
	}
	if v.logDone || (link == "" && v.r.ChainedFrom == 0) {
		return
	}
	at := seen{pos: e.Position, stream: e.Stream, rev: e.Revision, id: e.ID}
	var reason string
	switch {
	case link == "":
		reason = "no prev_global, yet the log is chained from position " + strconv.FormatUint(v.r.ChainedFrom, 10) +
			": the event was inserted, or recorded by a writer that does not chain the log"
	case v.n == 0:
		reason = "prev_global names an event before it, but it is the first event of the log: the events before it were removed"
	case link != v.recent[(v.n-1)%recentEvents].hash:
		before := v.recent[(v.n-1)%recentEvents].pos
		reason = "prev_global is not the hash of the event before it (position " + strconv.FormatUint(before, 10) +
			"): the event it names was removed, or events were moved"
		for back := 2; back <= min(v.n, recentEvents); back++ {
			if v.recent[(v.n-back)%recentEvents].hash == link {
				named := v.recent[(v.n-back)%recentEvents].pos
				// The first event after the named one is where the log was forged.
				at = v.recent[(v.n-back+1)%recentEvents]
				inserted := "the event at position " + strconv.FormatUint(at.pos, 10) + " was inserted"
				if at.pos != before {
					inserted = "the events from position " + strconv.FormatUint(at.pos, 10) + " to " + strconv.FormatUint(before, 10) + " were inserted"
				}
				reason = inserted + ": the event at position " + strconv.FormatUint(e.Position, 10) + " chains after position " + strconv.FormatUint(named, 10)
				break
			}
		}
	default:
		return
	}
	v.logDone = true
	v.r.Breaks = append(v.r.Breaks, ChainBreak{Stream: at.stream, Revision: at.rev, EventID: at.id, Reason: reason, Position: at.pos, Chain: ChainLog})
}

// checkpointsBefore judges the checkpoints of positions before pos that no
// event has matched: the event they sign is gone.
func (v *logVerifier) checkpointsBefore(pos uint64) {
	for ; v.next < len(v.cps) && v.cps[v.next].Position < pos; v.next++ {
		c := &v.cps[v.next]
		v.checkpointBreak(c, seen{pos: c.Position}, "the log holds no event at position "+strconv.FormatUint(c.Position, 10)+
			", which the checkpoint signed "+stamp(c)+" covers: it was removed")
	}
}

// checkpointsAt compares the log up to e with the checkpoints of e's position.
func (v *logVerifier) checkpointsAt(e *Recorded) {
	for ; v.next < len(v.cps) && v.cps[v.next].Position == e.Position; v.next++ {
		c := &v.cps[v.next]
		at := seen{pos: e.Position, stream: e.Stream, rev: e.Revision, id: e.ID}
		switch {
		case e.Metadata.Hash != c.Hash:
			v.checkpointBreak(c, at, "the event at position "+strconv.FormatUint(e.Position, 10)+" is not the one the checkpoint signed "+stamp(c)+" covers (its hash differs)")
		case v.r.LogHash != c.LogHash:
			v.checkpointBreak(c, at, "the log up to position "+strconv.FormatUint(e.Position, 10)+" is not the one the checkpoint signed "+stamp(c)+
				" covers (the running hash differs): an event before it was changed, removed, inserted or moved")
		default:
			v.r.Checkpoints++
			v.held = c
		}
	}
}

func (v *logVerifier) checkpointBreak(c *Checkpoint, at seen, reason string) {
	v.r.Checkpoints++
	if v.cpDone {
		return
	}
	v.cpDone = true
	if v.held != nil {
		reason += fmt.Sprintf("; the log still matched the checkpoint of position %d, so it was changed after that position", v.held.Position)
	} else {
		reason += "; no earlier checkpoint holds"
	}
	v.r.Breaks = append(v.r.Breaks, ChainBreak{Stream: at.stream, Revision: at.rev, EventID: at.id, Reason: reason, Position: at.pos, Chain: ChainCheckpoint})
}

func (v *logVerifier) finish() *LogReport {
	for ; v.next < len(v.cps); v.next++ {
		c := &v.cps[v.next]
		v.checkpointBreak(c, seen{pos: c.Position}, "the log ends at position "+strconv.FormatUint(v.r.Head, 10)+", before position "+
			strconv.FormatUint(c.Position, 10)+", which the checkpoint signed "+stamp(c)+" covers: events were removed from its tail")
	}
	// At one position, the log chain's break says the most: what was
	// inserted, removed or moved.
	rank := map[string]int{ChainLog: 0, ChainStream: 1, ChainCheckpoint: 2}
	slices.SortStableFunc(v.r.Breaks, func(a, b ChainBreak) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(rank[a.Chain], rank[b.Chain]))
	})
	if v.r.Breaks == nil {
		v.r.Breaks = []ChainBreak{}
	}
	return &v.r
}

func stamp(c *Checkpoint) string {
	return c.RecordedAt.UTC().Format(time.RFC3339) + " by key " + c.KeyID
}
