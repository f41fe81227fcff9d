package ledger_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/projections"
)

// world is a ledger on a real SQLite file with the memory projection
// following it: what the server runs, without HTTP.
type world struct {
	t      *testing.T
	ledger *ledger.Ledger
	store  events.Store
	model  *projections.Memory
}

func newWorld(t *testing.T) *world {
	t.Helper()
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	catalogue := ledger.Catalogue()
	model := projections.NewMemory()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = projections.NewProjector(store, catalogue, model, slog.New(slog.DiscardHandler)).Run(ctx)
	}()
	t.Cleanup(func() { cancel(); <-done; store.Close() })
	return &world{t: t, store: store, model: model,
		ledger: ledger.New(ledger.Config{Store: store, Catalogue: catalogue, Model: model})}
}

// settle waits until the projection has applied everything written.
func (w *world) settle() {
	w.t.Helper()
	head, err := w.store.HeadPosition(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := w.model.Wait(ctx, head); err != nil {
		w.t.Fatal(err)
	}
}

// stream is what the log holds for a stream.
func (w *world) stream(name string) []events.Recorded {
	w.t.Helper()
	recs, err := w.store.ReadStream(context.Background(), name, 0, 0)
	if err != nil {
		w.t.Fatal(err)
	}
	return recs
}

// Principals of the tests.
var (
	admin   = ledger.Principal{TokenID: "t-admin", Role: access.Admin}
	lmsA    = ledger.Principal{TokenID: "t-lms-a", Role: access.LMS, Institution: "inst-a"}
	lmsB    = ledger.Principal{TokenID: "t-lms-b", Role: access.LMS, Institution: "inst-b"}
	agency  = ledger.Principal{TokenID: "t-agency", Role: access.Agency, Agency: "pemkab-blitar"}
	auditor = ledger.Principal{TokenID: "t-auditor", Role: access.Auditor}
)

// wantCode checks err is a *domain.Error of code (and rule, when given);
// code "" wants no error.
func wantCode(t *testing.T, err error, code domain.Code, rule string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("err=%v, want none", err)
		}
		return
	}
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("err=%v, want a domain error %s", err, code)
	}
	if de.Code != code || (rule != "" && de.Rule != rule) {
		t.Fatalf("err=%v (code %s, rule %s), want code %s rule %s", err, de.Code, de.Rule, code, rule)
	}
}
