package app

import (
	"context"
	"fmt"
	"path/filepath"

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
	first := "empty"
	recs, err := a.Store.ReadAll(ctx, 0, 1)
	if err != nil {
		return fmt.Errorf("open the standings shelf: %w", err)
	}
	if len(recs) == 1 {
		first = recs[0].Metadata.Hash
	}
	s, err := shelf.Open(filepath.Join(dataDir, ShelfFile), projections.Fingerprint(a.Catalogue)+"/"+first)
	if err != nil {
		return err
	}
	a.shelf = s
	a.Memory.UseShelf(s)
	registerShelf(a.Registry, s)
	return nil
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
	for name, help := range map[string]string{
		"hits":    "Cold standing reads the shelf answered.",
		"misses":  "Cold standing reads the shelf had no document for.",
		"written": "Standing documents written to the shelf.",
		"dropped": "Standing documents not shelved because its writer was behind.",
	} {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "latsar_shelf_" + name + "_total", Help: help,
		}, func() float64 {
			st := s.Stats()
			switch name {
			case "hits":
				return float64(st.Hits)
			case "misses":
				return float64(st.Misses)
			case "written":
				return float64(st.Written)
			}
			return float64(st.Dropped)
		}))
	}
}
