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
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/latsar/ledger/api"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/events"
	esdb "github.com/latsar/ledger/events/kurrent"
	"github.com/latsar/ledger/events/sqlite"
	"github.com/latsar/ledger/idempotency"
	"github.com/latsar/ledger/keys"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/openapi"
	"github.com/latsar/ledger/projections"
	"github.com/latsar/ledger/projections/redisrm"
	"github.com/latsar/ledger/projections/shelf"
	"github.com/latsar/ledger/ui"
	"github.com/latsar/ledger/webhooks"
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
	// RedisURL puts the read models in Redis (LATSAR_REDIS_URL); empty keeps
	// them in this process's memory.
	RedisURL string
	// NoProjector leaves projecting to another process (`latsar project`);
	// only meaningful with Redis.
	NoProjector bool
	// ESDBURL puts the log in an EventStoreDB/KurrentDB cluster
	// (LATSAR_ESDB_URL) instead of the embedded SQLite file.
	ESDBURL string
	// RateLimits bound each token's and each anonymous address's requests
	// (zero: no limit).
	RateLimits api.RateLimits
	// CORSOrigins are the browser origins whose front ends may call the API.
	CORSOrigins []string
	// MetricsToken, when set, protects /metrics with its own bearer secret.
	MetricsToken string
	// ReadyMaxLag is how far a projection may trail the log and be ready.
	ReadyMaxLag time.Duration
	// CheckpointEvery is how often the head of the log is signed into
	// DataDir/checkpoints.ndjson when it moved (LATSAR_CHECKPOINT_EVERY,
	// default 10s); it is signed at a clean shutdown too.
	CheckpointEvery time.Duration
	// PublicURL is the address outsiders reach the server at, which the
	// documents' verification links name (LATSAR_PUBLIC_URL); empty: the
	// request's own.
	PublicURL string
	// Webhooks tune deliveries (retries, timeout, loopback http for tests).
	Webhooks webhooks.Options
	// Caches bound the participants' full states and standing documents the
	// embedded read model keeps beyond its compact records
	// (LATSAR_STATE_CACHE, LATSAR_STANDING_CACHE; zero: the defaults).
	Caches projections.CacheLimits
	// SnapshotEvery is how often the embedded read model over the SQLite log
	// is written to DataDir/projections.snap, which a start loads and catches
	// up from instead of folding the whole log (LATSAR_SNAPSHOT_EVERY); it is
	// written at a clean shutdown too. Zero: no snapshot is read or written.
	SnapshotEvery time.Duration
	// StreamCopyFrom is the size of the SQLite log, in events, from which
	// DataDir/streams.db (a copy of the log ordered by stream, for replays)
	// is built and kept up (LATSAR_STREAM_COPY); zero: no copy is used.
	StreamCopyFrom uint64
	// StreamCopyBuilder builds DataDir/streams.db outside the server's
	// process (`latsar stream-copy` as a child, cmd/latsar), which then
	// loads it; nil builds it in the process.
	StreamCopyBuilder func(ctx context.Context) error
	// StreamCopyCheck is how often the server looks whether the copy is
	// due (0: every 10 minutes).
	StreamCopyCheck time.Duration
	// SnapshotBuilder, when a start finds no snapshot it can use, writes
	// one outside the server's process (`latsar build-snapshot` as a
	// child, cmd/latsar; BuildSnapshot), which the start then loads; nil,
	// or when it fails, the start folds the log itself.
	SnapshotBuilder func(ctx context.Context) error
}

// App is a running ledger.
type App struct {
	Store     events.Store
	Catalogue *events.Catalogue
	Model     projections.ReadModel
	Memory    *projections.Memory // the memory read model, or the token index beside Redis
	Redis     *redisrm.Model      // nil without Redis
	Server    *api.Server
	// Registry holds the process's metrics (/metrics).
	Registry *prometheus.Registry
	log      *slog.Logger

	cancel    context.CancelFunc
	done      []chan struct{}
	answers   *idempotency.SQLite
	webhookDB *webhooks.DB
	shelf     *shelf.Shelf // the embedded read model's, nil beside Redis
	// snapshotPath is the read model's snapshot ("" when none is kept);
	// snapshotAt the position of the last one read or written.
	snapshotPath string
	snapshotAt   uint64
}

// Open opens the event store and the read model without serving: the
// auditors' and operators' commands use it.
func Open(o Options) (*App, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	var store events.Store
	var err error
	reg := prometheus.NewRegistry()
	if o.ESDBURL != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		store, err = esdb.Open(ctx, o.ESDBURL, esdb.WithLogger(o.Logger))
	} else {
		opts := []sqlite.Option{newStoreMetrics(reg).observer()}
		if o.StreamCopyFrom > 0 {
			opts = append(opts, sqlite.WithStreamCopy(filepath.Join(o.DataDir, StreamCopyFile)))
		}
		store, err = sqlite.Open(filepath.Join(o.DataDir, "events.db"), opts...)
	}
	if err != nil {
		return nil, fmt.Errorf("open the event store: %w", err)
	}
	a := newApp(store, reg, o)
	if o.RedisURL != "" {
		a.Memory = projections.NewMemory() // the token index: nothing else is projected into it
		host, _ := os.Hostname()
		owner := host + "/" + strconv.Itoa(os.Getpid()) + "/" + strconv.FormatInt(time.Now().UnixNano(), 36)
		if a.Redis, err = redisrm.New(o.RedisURL, owner); err != nil {
			store.Close()
			return nil, err
		}
		a.Model = a.Redis
	}
	return a, nil
}

// newApp is the ledger over store with the embedded read model, not yet
// built.
func newApp(store events.Store, reg *prometheus.Registry, o Options) *App {
	a := &App{Store: store, Catalogue: ledger.Catalogue(), Registry: reg, log: o.Logger, cancel: func() {}}
	a.Memory = projections.NewCompactMemory(store, a.Catalogue, o.Caches)
	a.Model = a.Memory
	return a
}

// Start opens the ledger, builds the token index (and, without Redis, the
// whole read model) from the log, keeps projectors following it, and builds
// the HTTP server.
func Start(ctx context.Context, o Options) (*App, error) {
	a, err := Open(o)
	if err != nil {
		return nil, err
	}
	local := projections.NewProjector(a.Store, a.Catalogue, a.Memory, a.log)
	if a.Redis != nil {
		local.Only(events.TokenPrefix) // beside Redis, memory holds the tokens only
	}
	started := time.Now()
	if a.Redis == nil {
		// From a snapshot, or stream by stream without holding every
		// participant's state; the catch-up then folds what was recorded
		// after it.
		a.snapshotPath = snapshotPathOf(o)
		if err := a.openShelf(ctx, o.DataDir); err != nil {
			a.Store.Close()
			return nil, err
		}
		if err := a.buildMemory(ctx, o); err != nil {
			a.closeShelf()
			a.Store.Close()
			return nil, fmt.Errorf("build projections: %w", err)
		}
	}
	if err := local.CatchUp(ctx); err != nil {
		a.closeShelf()
		a.Store.Close()
		return nil, fmt.Errorf("build projections: %w", err)
	}
	a.log.Info("projections built from the log", "position", a.Memory.Position(), "took_ms", time.Since(started).Milliseconds())

	runCtx, cancel := context.WithCancel(context.Background())
	a.cancel = cancel
	a.goRun(func() {
		if err := local.Run(runCtx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, events.ErrClosed) {
			a.log.Error("projector stopped", "err", err)
		}
	})
	if a.snapshotPath != "" {
		a.goRun(func() { a.keepSnapshots(runCtx, o.SnapshotEvery) })
	}
	if s, ok := a.Store.(*sqlite.Store); ok && o.StreamCopyFrom > 0 {
		registerStreamCopy(a.Registry, s)
		a.goRun(func() { a.keepStreamCopy(runCtx, s, o) })
	}
	if a.Redis != nil {
		a.goRun(func() { a.Redis.Follow(runCtx) })
		if !o.NoProjector {
			a.goRun(func() { a.Redis.RunLeased(runCtx, a.Store, a.Catalogue, a.log) })
		}
	}

	var rebuild api.Rebuilder
	if a.Redis != nil {
		rebuild = func(ctx context.Context, progress func(done, position, head uint64)) (uint64, error) {
			// A rebuild writes through a model of its own, pinned to the new keys.
			m, err := redisrm.New(o.RedisURL, "rebuild/"+strconv.FormatInt(time.Now().UnixNano(), 36))
			if err != nil {
				return 0, err
			}
			defer m.Close()
			return m.Rebuild(ctx, a.Store, a.Catalogue, progress)
		}
	}
	ring, err := keys.Open(filepath.Join(o.DataDir, "keys"))
	if err != nil {
		a.Close()
		return nil, err
	}
	integrity, err := a.startCheckpoints(runCtx, o, ring)
	if err != nil {
		a.Close()
		return nil, err
	}
	var answers api.AnswerStore
	if a.Redis != nil {
		answers = idempotency.NewRedis(a.Redis.Client())
	} else {
		kept, err := idempotency.OpenSQLite(filepath.Join(o.DataDir, "idempotency.db"))
		if err != nil {
			a.Close()
			return nil, err
		}
		answers, a.answers = kept, kept
	}
	hooks, err := a.startWebhooks(runCtx, o)
	if err != nil {
		a.Close()
		return nil, err
	}
	lagged := map[string]projections.ReadModel{"memory": a.Memory}
	if a.Redis != nil {
		lagged = map[string]projections.ReadModel{"tokens": a.Memory, "redis": a.Redis}
	}
	a.registerLag(a.Registry, lagged)
	a.Server = api.New(api.Config{
		Store: a.Store, Catalogue: a.Catalogue, Model: a.Model, Tokens: a.Memory, Logger: a.log,
		Registry: a.Registry, AdminSecret: o.AdminSecret,
		BodyLimit: o.BodyLimit, MinPositionWait: o.MinPositionWait, Holidays: o.Holidays, Rebuild: rebuild,
		Answers: answers, RateLimits: o.RateLimits, ReadyMaxLag: o.ReadyMaxLag, Integrity: integrity, MetricsToken: o.MetricsToken, CORSOrigins: o.CORSOrigins,
		Documents: api.Documents{Signer: ring.Signer(), Verifier: ring.Verifier(), PublicURL: o.PublicURL},
		Webhooks:  hooks,
	})
	openapi.Register(a.Server.Echo())
	ui.Register(a.Server.Echo())
	// The build leaves its garbage (every decoded event) in the heap, and
	// the readers' page caches full of the log it read; the wiring above
	// adds its own. Give them back now, once everything is built, rather
	// than let the resident size wait on the scavenger: otherwise the heap
	// keeps up to its live size again in garbage until the next collection.
	if s, ok := a.Store.(*sqlite.Store); ok {
		s.ReleaseIdleReaders()
	}
	if a.shelf != nil {
		// What the build shelved holds its standings until written.
		if err := a.shelf.Flush(ctx); err != nil {
			a.log.Warn("standings shelf not flushed", "err", err)
		}
	}
	debug.FreeOSMemory()
	return a, nil
}

// startCheckpoints signs the head of the log with the ring's key now and
// then, until ctx ends, and once more then. The same key signs documents.
func (a *App) startCheckpoints(ctx context.Context, o Options, ring *keys.Ring) (*api.Integrity, error) {
	every := o.CheckpointEvery
	if every < 0 {
		return nil, fmt.Errorf("checkpoint interval %s: want a positive duration", every)
	}
	if every == 0 {
		every = 10 * time.Second
	}
	path := filepath.Join(o.DataDir, "checkpoints.ndjson")
	cp := events.NewCheckpointer(a.Store, ring.Signer(), ring.Verifier(), path, a.log)
	a.goRun(func() { cp.Run(ctx, every) })
	return &api.Integrity{Checkpoints: path, Keys: ring.Verifier()}, nil
}

func (a *App) goRun(f func()) {
	done := make(chan struct{})
	a.done = append(a.done, done)
	go func() { defer close(done); f() }()
}

// Close stops the projectors and closes the stores. Stop serving HTTP first.
func (a *App) Close() error {
	a.cancel()
	for _, d := range a.done {
		<-d
	}
	// The projector has stopped: the model is as far as it will get.
	a.writeSnapshot(context.Background())
	a.closeShelf()
	if a.Redis != nil {
		_ = a.Redis.Close()
	}
	if a.answers != nil {
		_ = a.answers.Close()
	}
	if a.webhookDB != nil {
		_ = a.webhookDB.Close()
	}
	return a.Store.Close()
}

// rebuildPage is how many events of the global log a rebuild reads at once.
const rebuildPage = 5000

// RebuildMemory folds the whole log into a fresh memory model, reporting
// progress: what every start of the embedded setup does.
func RebuildMemory(ctx context.Context, a *App, progress func(done, position, head uint64)) (uint64, error) {
	_, n, err := RebuildMemoryModel(ctx, a, progress)
	return n, err
}

// RebuildMemoryModel is RebuildMemory answering the model too.
func RebuildMemoryModel(ctx context.Context, a *App, progress func(done, position, head uint64)) (*projections.Memory, uint64, error) {
	m := projections.NewCompactMemory(a.Store, a.Catalogue, projections.CacheLimits{})
	n, err := m.Rebuild(ctx, a.log, rebuildPage, progress)
	return m, n, err
}
