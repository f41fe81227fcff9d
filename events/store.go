// Package events owns the ledger's log: the envelope every recorded event
// travels in, the Store port its adapters implement, the hash chain that makes
// quiet edits visible, and the catalogue that maps domain events to JSON.
package events

import (
	"context"
	"errors"
	"time"
)

// ExpectedRevision is what an appender believes the stream's last revision is.
// Non-negative values are exact revisions (the first event of a stream has
// revision 0); the two constants below are the other promises a caller can make.
type ExpectedRevision int64

const (
	// Any appends whatever the stream holds.
	Any ExpectedRevision = -2
	// NoStream appends only if the stream has no event yet.
	NoStream ExpectedRevision = -1
)

// Holds tells whether the expectation holds for a stream whose last
// revision is last (-1: no event yet).
func (e ExpectedRevision) Holds(last int64) bool {
	switch e {
	case Any:
		return true
	case NoStream:
		return last == -1
	default:
		return int64(e) == last
	}
}

// ExpectRevision turns a known last revision into an exact expectation.
func ExpectRevision(last uint64) ExpectedRevision { return ExpectedRevision(last) }

// ErrConflict is returned (wrapped in *ConflictError) when the expected
// revision does not hold. Callers test with errors.Is(err, ErrConflict).
var ErrConflict = errors.New("wrong expected revision")

// ErrClosed is returned by a store after Close.
var ErrClosed = errors.New("event store closed")

// ConflictError says which revision the stream really had.
type ConflictError struct {
	Stream   string
	Expected ExpectedRevision
	Actual   int64 // -1 when the stream has no event
}

func (e *ConflictError) Error() string { return "stream " + e.Stream + ": " + ErrConflict.Error() }
func (e *ConflictError) Unwrap() error { return ErrConflict }

// Proposed is an event a caller asks the store to record. ID must be unique in
// the whole store; a proposed event whose ID is already recorded is not
// recorded again (see Store.Append).
type Proposed struct {
	ID       string
	Type     string
	Data     []byte // JSON
	Metadata Metadata
}

// Recorded is an event as the log holds it.
type Recorded struct {
	ID         string    `json:"id"`
	Type       string    `json:"type"`
	Stream     string    `json:"stream"`
	Revision   uint64    `json:"revision"`
	Position   uint64    `json:"position"`
	RecordedAt time.Time `json:"recorded_at"`
	Data       []byte    `json:"-"`
	Metadata   Metadata  `json:"metadata"`
}

// AppendResult tells what an append left in the log.
type AppendResult struct {
	// Events are the recorded events, in order: new ones, or on a duplicate
	// the ones recorded by the first append with these IDs.
	Events []Recorded
	// Duplicate is true when every proposed ID was already recorded and the
	// append changed nothing.
	Duplicate bool
}

// StreamAppend is one stream's part of a multi-stream append.
type StreamAppend struct {
	Stream   string
	Expected ExpectedRevision
	Events   []Proposed
}

// Last is the last recorded event of the result.
func (r AppendResult) Last() Recorded { return r.Events[len(r.Events)-1] }

// Store is the port every event store adapter implements; events/storetest
// is its contract.
//
// Positions order the global log: every event has one, later events have
// greater ones, and a subscriber sees them in that order. They are not
// promised to be dense (EventStoreDB's commit positions are not), so callers
// never do arithmetic on them: they only compare and resume "after" one.
type Store interface {
	// Append records events at the end of stream if expected holds. If the
	// first proposed ID is already recorded, the append is a duplicate: it
	// records nothing, whatever expected says, and answers the events
	// recorded then. All events of one call are recorded together or not at all.
	Append(ctx context.Context, stream string, expected ExpectedRevision, events []Proposed) (AppendResult, error)

	// AppendMulti records appends to several distinct streams as one: all
	// or nothing. Each part is judged as Append judges it: a part whose
	// first proposed ID is already recorded is a duplicate (it records
	// nothing and answers the events recorded then, whatever it expected);
	// if any other part's expected revision does not hold, nothing at all is
	// recorded and the error is a *ConflictError naming that part's stream.
	// The results are in the order of parts; a workflow that touches several
	// streams (enrolment, a graduation meeting) never leaves one ahead of
	// another, whether it is refused, raced or crashed.
	AppendMulti(ctx context.Context, parts []StreamAppend) ([]AppendResult, error)

	// ReadStream returns the stream's events from revision from, in order, up
	// to and including position maxPosition (0: no limit). An unknown stream
	// is an empty slice, not an error.
	ReadStream(ctx context.Context, stream string, from uint64, maxPosition uint64) ([]Recorded, error)

	// ReadAll returns up to limit events of the global log whose positions are
	// greater than after, in order.
	ReadAll(ctx context.Context, after uint64, limit int) ([]Recorded, error)

	// Subscribe calls handle with the events after position after, in order,
	// in batches: first those already recorded (catch-up), then new ones as
	// they are recorded (live), never a gap or a duplicate. It returns when
	// ctx ends (with ctx's error) or handle fails (with its error).
	Subscribe(ctx context.Context, after uint64, handle func([]Recorded) error) error

	// HeadPosition is the position of the last recorded event (0 when empty).
	HeadPosition(ctx context.Context) (uint64, error)

	// Ping tells whether the store answers, for readiness.
	Ping(ctx context.Context) error

	Close() error
}

// StreamLender is a store that can lend a stream's events for the length of
// a call instead of handing over a slice of them: a fold that keeps none of
// the envelopes (a replay, a rebuild's fold of a participant) then costs no
// copy of them. use must not keep the slice, nor a slice of it, after it
// returns; the events' fields (strings, Data) are its own to keep.
type StreamLender interface {
	LendStream(ctx context.Context, stream string, from, maxPosition uint64, use func([]Recorded) error) error
}

// UseStream calls use with the stream's events as ReadStream reads them:
// lent when the store lends (see StreamLender), else read.
func UseStream(ctx context.Context, s Store, stream string, from, maxPosition uint64, use func([]Recorded) error) error {
	if l, ok := s.(StreamLender); ok {
		return l.LendStream(ctx, stream, from, maxPosition, use)
	}
	recs, err := s.ReadStream(ctx, stream, from, maxPosition)
	if err != nil {
		return err
	}
	return use(recs)
}
