// Package ledger is the application layer: one method per use case (enrol,
// earn a trophy, hold the graduation meeting, correct, …), each taking the
// acting principal and a typed command and answering a typed result or a
// *domain.Error. It decides who may do what (role and scope) once, and runs
// the workflows that span streams as one atomic append. The HTTP edge, the
// CLI and tests all come in here; nothing here knows HTTP.
package ledger

import (
	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/keys"
	"github.com/latsar/ledger/projections"
)

// Config is what the ledger needs.
type Config struct {
	Store     events.Store
	Catalogue *events.Catalogue
	// Model answers the reads the use cases need (which cohort a session
	// belongs to) and the projections readers get.
	Model projections.ReadModel
	// Holidays are the deployment's non-working days (R-REM-4).
	Holidays map[domain.Date]bool
	// Signer signs the documents decisions issue (a compact JWS each);
	// without one they are recorded unsigned. Verifier knows every key
	// that signed them (docs/documents.md).
	Signer   keys.Signer
	Verifier *keys.Verifier
	// Integrity is the log's signed checkpoints (nil: none kept).
	Integrity *Integrity
}

// Ledger runs the use cases. It is safe for concurrent use.
type Ledger struct {
	store        events.Store
	catalogue    *events.Catalogue
	model        projections.ReadModel
	holidays     map[domain.Date]bool
	cohorts      *command.Runner[cohort.State]
	participants *command.Runner[participant.State]
	tokens       *command.Runner[access.State]
	institutions *command.Runner[cohort.InstitutionState]
	jpRunners    *jpRunners
	signer       keys.Signer
	verifier     *keys.Verifier
	staffRunners *staffRunners
	integrity    *Integrity
}

// New builds a ledger over a store.
func New(cfg Config) *Ledger {
	return &Ledger{
		store: cfg.Store, catalogue: cfg.Catalogue, model: cfg.Model, holidays: cfg.Holidays,
		cohorts: command.NewRunner(cfg.Store, cfg.Catalogue,
			command.Aggregate[cohort.State]{Initial: cohort.Initial, Evolve: cohort.Evolve}, 10_000),
		participants: command.NewRunner(cfg.Store, cfg.Catalogue,
			command.Aggregate[participant.State]{Initial: participant.Initial, Evolve: participant.Evolve,
				Stale: func(s participant.State) bool { return s.Stale }, Fold: participant.Fold}, 200_000),
		tokens: command.NewRunner(cfg.Store, cfg.Catalogue,
			command.Aggregate[access.State]{Initial: func() access.State { return access.State{} }, Evolve: access.Evolve}, 1_000),
		institutions: command.NewRunner(cfg.Store, cfg.Catalogue,
			command.Aggregate[cohort.InstitutionState]{Initial: func() cohort.InstitutionState { return cohort.InstitutionState{} }, Evolve: cohort.EvolveInstitution}, 1_000),
		jpRunners: newJPRunners(cfg),
		signer:    cfg.Signer, verifier: cfg.Verifier,
		staffRunners: newStaffRunners(cfg),
		integrity:    cfg.Integrity,
	}
}

// Store is the event store the ledger writes.
func (l *Ledger) Store() events.Store { return l.store }

// Catalogue is the event catalogue the ledger encodes with.
func (l *Ledger) Catalogue() *events.Catalogue { return l.catalogue }

// Written is what a write left in the log: each append's result, in order.
// Every event of a repeated write was recorded before (Repeated).
type Written struct {
	Appends []events.AppendResult
}

func written(parts ...*command.Part) Written {
	w := Written{Appends: make([]events.AppendResult, 0, len(parts))}
	for _, p := range parts {
		if p != nil {
			w.Appends = append(w.Appends, p.Result)
		}
	}
	return w
}

// Repeated tells whether every event answered was recorded by an earlier write.
func (w Written) Repeated() bool {
	for _, r := range w.Appends {
		if !r.Duplicate && len(r.Events) > 0 {
			return false
		}
	}
	return true
}

// Position is the global position of the last event answered (0: none).
func (w Written) Position() uint64 {
	var p uint64
	for _, r := range w.Appends {
		for _, e := range r.Events {
			p = max(p, e.Position)
		}
	}
	return p
}

// Events are the recorded events answered, in order.
func (w Written) Events() []events.Recorded {
	var out []events.Recorded
	for _, r := range w.Appends {
		out = append(out, r.Events...)
	}
	return out
}

// participantStream and cohortStream name the streams (design.md "Streams").
func participantStream(nip domain.NIP) string { return events.ParticipantPrefix + string(nip) }
func cohortStream(id string) string           { return events.CohortPrefix + id }
