package main

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/webhooks"
)

// A small generated year replays through the real rebuild without a single
// event it cannot read, every participant reaches the graduation meeting
// by the domain's own rules, and `latsar verify` holds the log to its chains
// and the checkpoint the generator signed.
func TestGeneratedYearReplaysAndVerifies(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	o := genOptions{Data: dir, Participants: 200, CohortSize: 40, Year: 2025, Seed: 7, Batch: 500}
	res, err := generateInto(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Cohorts, 5; got != want {
		t.Fatalf("cohorts=%d, want %d", got, want)
	}
	if res.Events < 200*140 || res.Checkpoint != res.Events {
		t.Fatalf("%d events, checkpoint at %d: want about 150 a participant and the head signed", res.Events, res.Checkpoint)
	}

	// The log registers no webhook, and webhooks.db says so up to the head.
	hooks, err := webhooks.OpenDB(filepath.Join(dir, "webhooks.db"))
	if err != nil {
		t.Fatal(err)
	}
	if at := hooks.Position(); at != res.Events {
		t.Fatalf("webhooks.db knows the subscriptions up to %d, want the head %d", at, res.Events)
	}
	hooks.Close()

	recs := readWholeLog(t, filepath.Join(dir, "events.db"))
	cat := ledger.Catalogue()
	states := map[string]participant.State{}
	for _, r := range recs {
		if strings.HasPrefix(r.Stream, webhooks.StreamPrefix) {
			t.Fatalf("the generated log holds a webhook event (%s)", r.Stream)
		}
		e, err := cat.Decode(r)
		if err != nil {
			t.Fatalf("undecodable: %v", err)
		}
		if strings.HasPrefix(r.Stream, events.ParticipantPrefix) {
			states[r.Stream] = participant.Evolve(states[r.Stream], e)
		}
	}
	if got, want := len(states), 200; got != want {
		t.Fatalf("participant streams=%d, want %d", got, want)
	}
	outcomes := map[string]int{}
	redecided := 0
	for stream, st := range states {
		d := st.Decision()
		if d == nil {
			t.Fatalf("%s has no graduation decision", stream)
		}
		outcomes[d.Outcome]++
		if d.Redecision {
			redecided++
		}
	}
	if outcomes[participant.Lulus] < 150 || redecided == 0 {
		t.Fatalf("outcomes %v, %d decided at a repeat meeting: want most lulus and some remedied", outcomes, redecided)
	}

	var logged bytes.Buffer
	a, err := app.Open(app.Options{DataDir: dir, Logger: slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	n, err := app.RebuildMemory(ctx, a, nil)
	a.Close()
	if err != nil || n != res.Events {
		t.Fatalf("rebuilt %d of %d events: %v", n, res.Events, err)
	}
	if logged.Len() > 0 {
		t.Fatalf("the rebuild logged:\n%s", logged.String())
	}

	var out bytes.Buffer
	if err := verifyStore([]string{"--data", dir}, &out); err != nil || !strings.Contains(out.String(), "every chain holds") {
		t.Fatalf("verify: %v\n%s", err, out.String())
	}

	if _, err := generateInto(ctx, o); err == nil || !strings.Contains(err.Error(), "already holds") {
		t.Fatalf("a second generation into the same store: %v, want a refusal", err)
	}
}

// The same seed writes the same events (ids, streams, types and data) in
// the same order, whatever the batch size.
func TestGenerateIsDeterministic(t *testing.T) {
	ctx := context.Background()
	var logs [2][]events.Recorded
	for i, batch := range []int{300, 2000} {
		dir := t.TempDir()
		if _, err := generateInto(ctx, genOptions{Data: dir, Participants: 90, CohortSize: 30, Year: 2025, Seed: 3, Batch: batch}); err != nil {
			t.Fatal(err)
		}
		logs[i] = readWholeLog(t, filepath.Join(dir, "events.db"))
	}
	same := slices.EqualFunc(logs[0], logs[1], func(a, b events.Recorded) bool {
		return a.ID == b.ID && a.Stream == b.Stream && a.Type == b.Type && bytes.Equal(a.Data, b.Data)
	})
	if !same {
		t.Fatalf("two generations with seed 3 differ (%d and %d events)", len(logs[0]), len(logs[1]))
	}
}

func readWholeLog(t *testing.T, path string) []events.Recorded {
	t.Helper()
	store, err := sqlite.Open(path, sqlite.ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var all []events.Recorded
	for {
		var after uint64
		if len(all) > 0 {
			after = all[len(all)-1].Position
		}
		page, err := store.ReadAll(context.Background(), after, 5000)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			return all
		}
		all = append(all, page...)
	}
}
