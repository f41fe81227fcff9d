package projections

import (
	"context"
	"log/slog"
	"strings"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
)

// Projector follows the global log into a read model.
type Projector struct {
	store     events.Store
	catalogue *events.Catalogue
	model     ReadModel
	log       *slog.Logger
	only      string // stream prefix this projector follows ("" for all)
}

// NewProjector wires a projector.
func NewProjector(store events.Store, catalogue *events.Catalogue, model ReadModel, log *slog.Logger) *Projector {
	return &Projector{store: store, catalogue: catalogue, model: model, log: log}
}

// Only makes the projector follow the streams with a prefix (the local token
// index follows token streams only); other events still advance its position.
func (p *Projector) Only(prefix string) *Projector { p.only = prefix; return p }

// Run applies events from the model's checkpoint on, until ctx ends.
func (p *Projector) Run(ctx context.Context) error {
	return p.store.Subscribe(ctx, p.model.Position(), func(batch []events.Recorded) error {
		decoded, err := p.Decode(ctx, batch)
		if err != nil {
			return err
		}
		return p.model.Apply(ctx, decoded)
	})
}

// Decode turns recorded events into what a read model applies: the domain
// event, and for a correction the whole stream up to it.
func (p *Projector) Decode(ctx context.Context, batch []events.Recorded) ([]Decoded, error) {
	decoded := make([]Decoded, len(batch))
	if len(batch) < parallelDecode {
		return decoded, p.decodeInto(ctx, batch, decoded)
	}
	// A large page (a rebuild, a catch-up) is decoded in halves at once.
	half := len(batch) / 2
	errs := make(chan error, 1)
	go func() { errs <- p.decodeInto(ctx, batch[half:], decoded[half:]) }()
	err := p.decodeInto(ctx, batch[:half], decoded[:half])
	if err2 := <-errs; err == nil {
		err = err2
	}
	return decoded, err
}

// parallelDecode is the page size from which decoding uses two goroutines.
const parallelDecode = 512

func (p *Projector) decodeInto(ctx context.Context, batch []events.Recorded, out []Decoded) error {
	for i, r := range batch {
		if p.only != "" && !strings.HasPrefix(r.Stream, p.only) {
			out[i] = Decoded{Record: r}
			continue
		}
		e, err := p.catalogue.Decode(r)
		if err != nil {
			// An event this version cannot read is skipped with an error
			// log rather than stopping every reader of the ledger.
			// Its position still counts, so waiting on it never hangs.
			p.log.Error("projector cannot decode event", "id", r.ID, "type", r.Type, "position", r.Position, "err", err)
		}
		d := Decoded{Record: r, Event: e}
		if _, ok := e.(participant.EventCorrected); ok {
			if d.History, err = p.history(ctx, r.Stream, r.Position); err != nil {
				return err
			}
		}
		out[i] = d
	}
	return nil
}

// CatchUp applies everything recorded up to now, then returns: the server
// answers no request before its read model has seen the log it starts on.
func (p *Projector) CatchUp(ctx context.Context) error {
	head, err := p.store.HeadPosition(ctx)
	if err != nil {
		return err
	}
	if head == 0 || p.model.Position() >= head {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	waitErr := p.model.Wait(ctx, head)
	cancel()
	<-done
	return waitErr
}

// history reads a stream up to a position, decoded.
func (p *Projector) history(ctx context.Context, stream string, upTo uint64) ([]domain.Identified, error) {
	var out []domain.Identified
	err := events.UseStream(ctx, p.store, stream, 0, upTo, func(recs []events.Recorded) error {
		out = make([]domain.Identified, 0, len(recs))
		for _, r := range recs {
			if e, err := p.catalogue.Decode(r); err == nil {
				out = append(out, domain.Identified{ID: r.ID, Event: e})
			}
		}
		return nil
	})
	return out, err
}
