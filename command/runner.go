// Package command runs commands against event streams: load the stream's
// state, let the domain decide, append with the expected revision, and on a
// lost race reload and decide again. One generic runner serves every aggregate.
package command

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/events"
)

// maxAttempts bounds how often a command that keeps losing races is decided again.
const maxAttempts = 8

// Aggregate is the fold of one kind of stream.
type Aggregate[S any] struct {
	Initial func() S
	Evolve  func(S, domain.Event) S
	// Stale and Fold, when set, rebuild a state that Evolve alone cannot
	// keep (a correction of an earlier event): after an event leaves the
	// state Stale, the whole stream is folded again with Fold.
	Stale func(S) bool
	Fold  func([]domain.Identified) S
}

// Command is one decision on one stream.
type Command[S any] struct {
	Stream string
	Decide func(S) ([]domain.Event, error)
	// IDKey makes event ids deterministic (a natural id or an idempotency
	// key): a retry proposes the same ids and is recorded once. Empty: random.
	IDKey string
	// KeyFrom, when set, derives IDKey from the state under the stream's
	// lock: a natural id that a correction freed must then propose new ids.
	KeyFrom func(S) string
	// At is a time the command carries; it orders the ids it derives. With
	// an IDKey it must be part of what makes a retry the same command: when
	// Decide answers a repeat with the recorded event whatever the new
	// command's time, leave At zero so the id stays that of the record.
	At       time.Time
	Metadata events.Metadata
	// After, when set, sees the state the command left while the stream is
	// still held: it copies out what the answer needs, since the state's maps
	// go on changing under later commands.
	After func(S)
}

// Result is what a command left in the log.
type Result struct {
	Append events.AppendResult
}

// Runner runs commands on streams of one aggregate. It keeps the state of
// recently used streams with their revision and lets one command at a time
// decide on a stream in this process; other processes are held off by the
// expected revision.
type Runner[S any] struct {
	store     events.Store
	catalogue *events.Catalogue
	agg       Aggregate[S]

	mu       sync.Mutex
	streams  map[string]*cached[S]
	capacity int
}

type cached[S any] struct {
	mu       sync.Mutex
	state    S
	revision int64 // -1: no event yet
	valid    bool
}

// NewRunner makes a runner that keeps at most capacity streams' states.
func NewRunner[S any](store events.Store, catalogue *events.Catalogue, agg Aggregate[S], capacity int) *Runner[S] {
	return &Runner[S]{store: store, catalogue: catalogue, agg: agg, streams: make(map[string]*cached[S]), capacity: capacity}
}

func (r *Runner[S]) entry(stream string) *cached[S] {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.streams[stream]
	if !ok {
		if len(r.streams) >= r.capacity {
			// Dropping an entry only costs a reload; a holder of the old entry
			// is still protected by the expected revision.
			for k := range r.streams {
				delete(r.streams, k)
				if len(r.streams) < r.capacity*3/4 {
					break
				}
			}
		}
		c = &cached[S]{revision: -1}
		r.streams[stream] = c
	}
	return c
}

// catchUp folds whatever the stream holds after the cached revision.
func (r *Runner[S]) catchUp(ctx context.Context, stream string, c *cached[S]) error {
	if !c.valid {
		c.state, c.revision = r.agg.Initial(), -1
	}
	err := events.UseStream(ctx, r.store, stream, uint64(c.revision+1), 0, func(recs []events.Recorded) error {
		for _, rec := range recs {
			e, err := r.catalogue.Decode(rec)
			if err != nil {
				return err
			}
			c.state = r.agg.Evolve(c.state, e)
			c.revision = int64(rec.Revision)
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.valid = true
	return r.refoldIfStale(ctx, stream, c)
}

// refoldIfStale folds the whole stream again when Evolve could not keep the state.
func (r *Runner[S]) refoldIfStale(ctx context.Context, stream string, c *cached[S]) error {
	if r.agg.Stale == nil || !r.agg.Stale(c.state) {
		return nil
	}
	history, err := r.History(ctx, stream, 0)
	if err != nil {
		return err
	}
	c.state = r.agg.Fold(history)
	return nil
}

// History reads and decodes a stream's events up to position maxPosition (0: all).
func (r *Runner[S]) History(ctx context.Context, stream string, maxPosition uint64) ([]domain.Identified, error) {
	var history []domain.Identified
	err := events.UseStream(ctx, r.store, stream, 0, maxPosition, func(recs []events.Recorded) error {
		var err error
		history, err = r.catalogue.DecodeAll(recs)
		return err
	})
	return history, err
}

// Inspect shows fn the current state of a stream (reading what is new),
// holding the stream meanwhile.
func (r *Runner[S]) Inspect(ctx context.Context, stream string, fn func(S)) error {
	c := r.entry(stream)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := r.catchUp(ctx, stream, c); err != nil {
		c.valid = false
		return err
	}
	fn(c.state)
	return nil
}

// Run decides cmd on its stream and appends what it decides.
func (r *Runner[S]) Run(ctx context.Context, cmd Command[S]) (Result, error) {
	c := r.entry(cmd.Stream)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid {
		if err := r.catchUp(ctx, cmd.Stream, c); err != nil {
			c.valid = false
			return Result{}, err
		}
	}
	for attempt := 1; ; attempt++ {
		res, err := r.decideAndAppend(ctx, cmd, c)
		if !errors.Is(err, events.ErrConflict) {
			return res, err
		}
		if attempt == maxAttempts {
			return Result{}, domain.Conflict("", "the stream kept changing under this command; try again")
		}
		if err := r.catchUp(ctx, cmd.Stream, c); err != nil {
			c.valid = false
			return Result{}, err
		}
	}
}

func (r *Runner[S]) decideAndAppend(ctx context.Context, cmd Command[S], c *cached[S]) (Result, error) {
	decided, err := cmd.Decide(c.state)
	if err != nil {
		return Result{}, err
	}
	if len(decided) == 0 {
		cmd.after(c.state)
		return Result{}, nil
	}
	if cmd.KeyFrom != nil {
		cmd.IDKey = cmd.KeyFrom(c.state)
	}
	proposed, err := r.propose(cmd.Stream, decided, cmd.IDKey, cmd.At, cmd.Metadata)
	if err != nil {
		return Result{}, err
	}
	expected := expectation(c.revision)
	res, err := r.store.Append(ctx, cmd.Stream, expected, proposed)
	if err != nil {
		if !errors.Is(err, events.ErrConflict) {
			c.valid = false
		}
		return Result{}, err
	}
	if res.Duplicate {
		// The events were recorded before, perhaps by another process: the
		// cached state may not hold them yet.
		if err := r.catchUp(ctx, cmd.Stream, c); err != nil {
			c.valid = false
			return Result{}, err
		}
		cmd.after(c.state)
		return Result{Append: res}, nil
	}
	for _, e := range decided {
		c.state = r.agg.Evolve(c.state, e)
	}
	c.revision = int64(res.Last().Revision)
	if err := r.refoldIfStale(ctx, cmd.Stream, c); err != nil {
		c.valid = false
		return Result{}, err
	}
	cmd.after(c.state)
	return Result{Append: res}, nil
}

// propose encodes decided events for stream, with ids derived from idKey and
// at (see Command).
func (r *Runner[S]) propose(stream string, decided []domain.Event, idKey string, at time.Time, md events.Metadata) ([]events.Proposed, error) {
	switch {
	case at.IsZero() && idKey == "":
		at = time.Now()
	case at.IsZero():
		at = time.Unix(0, 0)
	}
	proposed := make([]events.Proposed, len(decided))
	for i, e := range decided {
		name, data, err := r.catalogue.Encode(e)
		if err != nil {
			return nil, err
		}
		emd := md
		emd.SchemaVersion = r.catalogue.Version(name)
		proposed[i] = events.Proposed{ID: events.EventID(stream, idKey, i, at), Type: name, Data: data, Metadata: emd}
	}
	return proposed, nil
}

func (cmd Command[S]) after(s S) {
	if cmd.After != nil {
		cmd.After(s)
	}
}
