// Package projections keeps the read models: it follows the global log from a
// checkpoint and folds each event, with the domain's own Evolve, into views
// that the API reads. Read models sit behind a port with a memory adapter.
package projections

import (
	"context"
	"errors"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/events"
)

// ErrUnavailable is wrapped by reads of a model that cannot be reached.
var ErrUnavailable = errors.New("read model unavailable")

// Scope says whose an object is, so the edge can hide other institutions'
// and agencies' objects (api.md: another's object answers 404).
type Scope struct {
	CohortID      string
	InstitutionID string
	Agency        string
}

// Decoded is one recorded event with its domain event (nil when this
// version cannot decode it: the event is skipped but its position counts).
type Decoded struct {
	Record events.Recorded
	Event  domain.Event
	// History is the whole stream up to this event, given with events that
	// Evolve alone cannot fold (a correction): the model folds it again.
	History []domain.Identified
}

// ReadModel is the port read models implement.
type ReadModel interface {
	// Apply folds a batch of events in log order; events at or below the
	// model's position change nothing, so a replayed batch is harmless.
	Apply(ctx context.Context, batch []Decoded) error
	// Position is the global position of the last event applied.
	Position() uint64
	// Wait returns when Position() >= pos, or with ctx's error.
	Wait(ctx context.Context, pos uint64) error

	// The reads answer ok false when the object does not exist, and an
	// error wrapping ErrUnavailable when the model cannot be read. They end
	// when ctx ends (a client that hangs up stops waiting on Redis).

	// StandingJSON is the participant's standing document, encoded, with
	// its entity tag.
	StandingJSON(ctx context.Context, nip domain.NIP) (Document, Scope, bool, error)
	// CohortJSON is the cohort's view, encoded.
	CohortJSON(ctx context.Context, id string) ([]byte, Scope, bool, error)
	// CohortSummaries lists the standing summaries of a cohort's participants
	// by NIP, from after the given NIP (exclusive, "" for the start).
	CohortSummaries(ctx context.Context, cohortID string, afterNIP domain.NIP, limit int) ([]StandingSummary, bool, error)
	// Leaderboard ranks a cohort's participants ("" for every cohort) on a board.
	Leaderboard(ctx context.Context, cohortID, board string, limit int) ([]LeaderRow, bool, error)
	// SessionCohort tells which cohort scheduled a session.
	SessionCohort(ctx context.Context, sessionID string) (string, bool, error)
	// Cohorts lists up to limit cohorts by id, from after the given id
	// (exclusive, "" for the start), each with its participants' outcomes;
	// the phase is left to the reader.
	Cohorts(ctx context.Context, afterID string, limit int) ([]CohortListing, error)
}
