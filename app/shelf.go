package app

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
	"github.com/latsar/ledger/projections/shelf"
	"github.com/prometheus/client_golang/prometheus"
)

// ShelfFile is where the embedded read model keeps its participants'
// standing documents (projections/shelf): a cache it deletes and refills
// when the fold or the log it was written for changes.
const ShelfFile = "standings.db"

// openShelf opens the embedded read model's shelf and gives it to the
// model. Its identity is the model's fingerprint and the first event of
// the log: a shelf of another fold or another log is thrown away.
func (a *App) openShelf(ctx context.Context, dataDir string) error {
	identity, err := ShelfIdentity(ctx, a.Store, a.Catalogue)
	if err != nil {
		return fmt.Errorf("open the standings shelf: %w", err)
	}
	if identity == "" {
		// A new log has no first event to name yet, and nothing a cold
		// read would wait on: the shelf starts with the next start.
		return nil
	}
	s, err := shelf.Open(filepath.Join(dataDir, ShelfFile), identity)
	if err != nil {
		// The shelf only saves folds: serve without it rather than not at all.
		a.log.Warn("standings shelf not opened: cold standing reads fold the log", "err", err)
		return nil
	}
	a.shelf = s
	a.Memory.UseShelf(s)
	registerShelf(a.Registry, s)
	return nil
}

// ShelfIdentity is what the shelf of this program over store is written
// for: the read model's fingerprint (which names the executable) and the
// hash of the log's first event; "" for an empty log, which has no shelf.
func ShelfIdentity(ctx context.Context, store events.Store, catalogue *events.Catalogue) (string, error) {
	recs, err := store.ReadAll(ctx, 0, 1)
	if err != nil || len(recs) == 0 {
		return "", err
	}
	return projections.Fingerprint(catalogue) + "/" + recs[0].Metadata.Hash, nil
}

// closeShelf shelves what the model's cache holds, after its projector
// stopped, and closes the shelf.
func (a *App) closeShelf() {
	if a.shelf == nil {
		return
	}
	a.Memory.ShelveCached()
	if err := a.shelf.Close(); err != nil {
		a.log.Warn("standings shelf not closed cleanly", "err", err)
	}
}

func registerShelf(reg *prometheus.Registry, s *shelf.Shelf) {
	for _, c := range []struct {
		name, help string
		value      func(shelf.Stats) uint64
	}{
		{"hits", "Cold standing reads the shelf answered.", func(st shelf.Stats) uint64 { return st.Hits }},
		{"misses", "Cold standing reads the shelf had no document for.", func(st shelf.Stats) uint64 { return st.Misses }},
		{"written", "Standing documents written to the shelf.", func(st shelf.Stats) uint64 { return st.Written }},
		{"dropped", "Standing documents not shelved because its writer was behind.", func(st shelf.Stats) uint64 { return st.Dropped }},
	} {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "latsar_shelf_" + c.name + "_total", Help: c.help,
		}, func() float64 { return float64(c.value(s.Stats())) }))
	}
}
