package events_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/keys"
)

// The checkpointer signs only when the head moved, once more when it stops,
// and a new one (a restart) continues the running hash from the file rather
// than from the start of the log.
func TestCheckpointerRunsAndResumes(t *testing.T) {
	ring, err := keys.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	full := testLog()
	log := &memLog{evs: full[:4]}
	path := filepath.Join(t.TempDir(), "checkpoints.ndjson")
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		events.NewCheckpointer(log, ring.Signer(), ring.Verifier(), path, quiet).Run(ctx, time.Millisecond)
		close(done)
	}()
	time.Sleep(30 * time.Millisecond) // many ticks, one head
	cancel()
	<-done
	cps, _, err := events.LoadCheckpoints(path)
	if err != nil || len(cps) != 1 || cps[0].Position != 4 {
		t.Fatalf("checkpoints %+v (%v), want one at position 4", cps, err)
	}

	// The restart must not need what the first checkpoint covers.
	log.evs = full[4:]
	again := events.NewCheckpointer(log, ring.Signer(), ring.Verifier(), path, quiet)
	c, err := again.Checkpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := ""
	for _, e := range full {
		want = events.NextLogHash(want, e.Metadata.Hash)
	}
	if c.Position != 12 || c.LogHash != want {
		t.Fatalf("after the restart: position %d log_hash %.12s, want 12 and %.12s", c.Position, c.LogHash, want)
	}
	if same, _ := again.Checkpoint(context.Background()); same.RecordedAt != c.RecordedAt {
		t.Fatal("a checkpoint was signed though the head did not move")
	}
}
