package command

import (
	"context"
	"errors"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/events"
)

// Tx is one workflow over several streams (enrolment: the cohort and the
// participant; a graduation meeting: the cohort and its roster). It holds
// each stream it loads until the workflow ends, so no other command of this
// process decides on them meanwhile, and appends what the workflow decided
// for all of them in one all-or-nothing append; other processes are held
// off by each stream's expected revision.
//
// Streams are held in the order the workflow loads them. Two workflows that
// load the same streams in different orders could wait on each other, so
// every workflow loads cohorts before participants, and participants in
// order of NIP.
type Tx struct {
	ctx    context.Context
	held   []holder
	byName map[string]holder
	parts  []*Part
	after  []func()
}

// Part is what a workflow decided for one stream; Result is filled once the
// workflow's append succeeds.
type Part struct {
	Result  events.AppendResult
	holder  holder
	decided []domain.Event
	append  events.StreamAppend
}

// Emit is how a decision's events are identified and described.
type Emit struct {
	// IDKey makes the event ids deterministic (see Command.IDKey).
	IDKey    string
	At       time.Time
	Metadata events.Metadata
}

type holder interface {
	stream() string
	release()
	invalidate()
	recorded(ctx context.Context, decided []domain.Event, res events.AppendResult) error
}

// Held is one stream a workflow holds, with its state.
type Held[S any] struct {
	r    *Runner[S]
	name string
	c    *cached[S]
}

// State is the stream's state as the workflow holds it. Its maps belong to
// the runner's cache: copy out what outlives the workflow.
func (h *Held[S]) State() S { return h.c.state }

// Revision is the stream's last revision (-1 when it has no event).
func (h *Held[S]) Revision() int64 { return h.c.revision }

func (h *Held[S]) stream() string { return h.name }
func (h *Held[S]) release()       { h.c.mu.Unlock() }
func (h *Held[S]) invalidate()    { h.c.valid = false }

func (h *Held[S]) recorded(ctx context.Context, decided []domain.Event, res events.AppendResult) error {
	if res.Duplicate {
		// Recorded before, perhaps by another process: read what is new.
		return h.r.catchUp(ctx, h.name, h.c)
	}
	for _, e := range decided {
		h.c.state = h.r.agg.Evolve(h.c.state, e)
	}
	h.c.revision = int64(res.Last().Revision)
	return h.r.refoldIfStale(ctx, h.name, h.c)
}

// Context is the workflow's context.
func (tx *Tx) Context() context.Context { return tx.ctx }

// Hold loads stream through r and holds it until the workflow ends. Holding a
// stream the workflow already holds answers the same hold.
func Hold[S any](tx *Tx, r *Runner[S], stream string) (*Held[S], error) {
	if h, ok := tx.byName[stream]; ok {
		held, ok := h.(*Held[S])
		if !ok {
			return nil, errors.New("command: stream " + stream + " held as another aggregate")
		}
		return held, nil
	}
	c := r.entry(stream)
	c.mu.Lock()
	if !c.valid {
		if err := r.catchUp(tx.ctx, stream, c); err != nil {
			c.valid = false
			c.mu.Unlock()
			return nil, err
		}
	}
	h := &Held[S]{r: r, name: stream, c: c}
	tx.held = append(tx.held, h)
	tx.byName[stream] = h
	return h, nil
}

// Stage adds what the workflow decided for a held stream to its append. No
// events stage nothing (and answer nil).
func Stage[S any](tx *Tx, h *Held[S], decided []domain.Event, emit Emit) (*Part, error) {
	if len(decided) == 0 {
		return nil, nil
	}
	proposed, err := h.r.propose(h.name, decided, emit.IDKey, emit.At, emit.Metadata)
	if err != nil {
		return nil, err
	}
	p := &Part{holder: h, decided: decided, append: events.StreamAppend{Stream: h.name, Expected: expectation(h.c.revision), Events: proposed}}
	tx.parts = append(tx.parts, p)
	return p, nil
}

// After runs fn once the workflow's append has succeeded, while its streams
// are still held: it copies out of the states what the answer needs.
func (tx *Tx) After(fn func()) { tx.after = append(tx.after, fn) }

// RunTx runs a workflow: fn holds streams, decides and stages; RunTx appends
// every staged part at once. When another process changed a stream meanwhile
// the workflow is run again on fresh states (at most maxAttempts times).
func RunTx(ctx context.Context, store events.Store, fn func(*Tx) error) error {
	for attempt := 1; ; attempt++ {
		tx := &Tx{ctx: ctx, byName: make(map[string]holder)}
		err := tx.run(store, fn)
		tx.end()
		if !errors.Is(err, events.ErrConflict) {
			return err
		}
		if attempt == maxAttempts {
			return domain.Conflict("", "the streams kept changing under this command; try again")
		}
	}
}

func (tx *Tx) run(store events.Store, fn func(*Tx) error) error {
	if err := fn(tx); err != nil {
		return err
	}
	if len(tx.parts) > 0 {
		parts := make([]events.StreamAppend, len(tx.parts))
		for i, p := range tx.parts {
			parts[i] = p.append
		}
		results, err := store.AppendMulti(tx.ctx, parts)
		if err != nil {
			// A conflict leaves the other streams as they were; any other
			// failure may or may not have recorded: reload them all.
			var ce *events.ConflictError
			for _, p := range tx.parts {
				if !errors.As(err, &ce) || ce.Stream == p.holder.stream() {
					p.holder.invalidate()
				}
			}
			return err
		}
		for i, p := range tx.parts {
			p.Result = results[i]
			if err := p.holder.recorded(tx.ctx, p.decided, results[i]); err != nil {
				p.holder.invalidate()
				return err
			}
		}
	}
	for _, fn := range tx.after {
		fn()
	}
	return nil
}

// end releases every held stream, the last held first.
func (tx *Tx) end() {
	for i := len(tx.held) - 1; i >= 0; i-- {
		tx.held[i].release()
	}
}

func expectation(revision int64) events.ExpectedRevision {
	if revision < 0 {
		return events.NoStream
	}
	return events.ExpectRevision(uint64(revision))
}
