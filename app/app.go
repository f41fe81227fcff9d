// Package app wires the ledger's parts into one running whole: the event
// store, the read model and its projector, and the HTTP server. The binary,
// the black-box tests and the benchmarks all start the ledger through it, so
// they run the same thing.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/latsar/ledger/api"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
	"github.com/latsar/ledger/openapi"
	"github.com/latsar/ledger/projections"
	"github.com/prometheus/client_golang/prometheus"
)

// Options configure a ledger.
type Options struct {
	DataDir         string // directory of the embedded store's events.db
	AdminSecret     string // accepted as an admin bearer token when set
	BodyLimit       string
	MinPositionWait time.Duration
	Holidays        map[domain.Date]bool // R-REM-4's non-working days
	Logger          *slog.Logger
}

// App is a running ledger.
type App struct {
	Store     events.Store
	Catalogue *events.Catalogue
	Model     *projections.Memory
	Server    *api.Server
	log       *slog.Logger

	stopProjector context.CancelFunc
	projectorDone chan error
}

// Start opens the store, builds the read model from the whole log, keeps the
// projector following the log, and builds the HTTP server.
func Start(ctx context.Context, o Options) (*App, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	store, err := sqlite.Open(filepath.Join(o.DataDir, "events.db"))
	if err != nil {
		return nil, fmt.Errorf("open the event store: %w", err)
	}
	a := &App{Store: store, Catalogue: events.LatsarCatalogue(), Model: projections.NewMemory(), log: o.Logger}
	projector := projections.NewProjector(store, a.Catalogue, a.Model, o.Logger)
	started := time.Now()
	if err := projector.CatchUp(ctx); err != nil {
		store.Close()
		return nil, fmt.Errorf("build projections: %w", err)
	}
	o.Logger.Info("projections built from the log", "position", a.Model.Position(), "took", time.Since(started).Round(time.Millisecond))

	projCtx, stop := context.WithCancel(context.Background())
	a.stopProjector, a.projectorDone = stop, make(chan error, 1)
	go func() { a.projectorDone <- projector.Run(projCtx) }()

	a.Server = api.New(api.Config{
		Store: store, Catalogue: a.Catalogue, Model: a.Model, Logger: o.Logger,
		Registry: prometheus.NewRegistry(), AdminSecret: o.AdminSecret,
		BodyLimit: o.BodyLimit, MinPositionWait: o.MinPositionWait, Holidays: o.Holidays,
	})
	openapi.Register(a.Server.Echo())
	return a, nil
}

// Close stops the projector and closes the store. Stop serving HTTP first.
func (a *App) Close() error {
	a.stopProjector()
	if err := <-a.projectorDone; err != nil && !errors.Is(err, context.Canceled) {
		a.log.Error("projector stopped", "err", err)
	}
	return a.Store.Close()
}
