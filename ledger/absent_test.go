package ledger_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/events/sqlite"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/projections"
)

// TestReadsNeverDenyWhatTheLogHolds: a read model that has not applied the
// log (empty, restarted, rebuilding) answers 503 for an object the log
// holds, never 404; once it has caught up, a 404 means absent.
func TestReadsNeverDenyWhatTheLogHolds(t *testing.T) {
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	catalogue := ledger.Catalogue()
	model := projections.NewMemory() // no projector follows the log yet
	l := ledger.New(ledger.Config{Store: store, Catalogue: catalogue, Model: model})
	ctx := context.Background()
	if _, err := l.OpenCohort(ctx, admin, opening("A", "inst-a")); err != nil {
		t.Fatal(err)
	}
	_, err = l.Cohort(ctx, admin, "A")
	wantCode(t, err, domain.CodeUnavailable, "")
	if err := projections.NewProjector(store, catalogue, model, slog.New(slog.DiscardHandler)).CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Cohort(ctx, admin, "A"); err != nil {
		t.Fatalf("after catching up: %v", err)
	}
	_, err = l.Cohort(ctx, admin, "Z")
	wantCode(t, err, domain.CodeNotFound, "")
}
