package tests

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latsar/ledger/app"
)

// A restart loads the read model's snapshot and catches up from it, events
// recorded after the snapshot included, and reads as a start that folds
// the whole log; a snapshot that does not hold is refused and the model
// rebuilt.
func TestRestartFromSnapshot(t *testing.T) {
	dir := t.TempDir()
	snap := filepath.Join(dir, app.SnapshotFile)
	withSnapshots := func(log *syncBuffer) app.Options {
		return app.Options{DataDir: dir, SnapshotEvery: time.Hour, Logger: slog.New(slog.NewTextHandler(log, nil))}
	}

	var log1 syncBuffer
	e := startWith(t, withSnapshots(&log1))
	nips := e.openCohort("SN", 4)
	for i, n := range nips {
		readsTrophies(e, n, i+1)
	}
	lms := e.lms()
	e.close() // a clean shutdown writes the snapshot
	if _, err := os.Stat(snap); err != nil {
		t.Fatalf("no snapshot after a clean shutdown: %v\n%s", err, log1.String())
	}

	// Recorded after the snapshot, by a server that keeps none.
	e = startWith(t, app.Options{DataDir: dir})
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts", cohortBody("SM")), http.StatusCreated)
	for i := range 5 {
		mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+nips[0]+"/trophies", trophy(fmt.Sprintf("after-%d", i), "substansi_1", 2)), http.StatusCreated)
	}
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts/SM/participants", map[string]any{
		"nip": nip(7), "name": "Peserta 7", "golongan": "III", "agency": "pemkab-blitar"}), http.StatusCreated)
	readsTrophies(e, nip(7), 2)
	e.close()

	var log2 syncBuffer
	e = startWith(t, withSnapshots(&log2))
	if !strings.Contains(log2.String(), "projections loaded from their snapshot") {
		t.Fatalf("the restart did not load the snapshot:\n%s", log2.String())
	}
	fromSnapshot := snapshotReads(e, lms, append(nips, nip(7)))
	e.close()

	rebuilt := startWith(t, app.Options{DataDir: dir}) // no snapshot read: the whole log folded
	if want := snapshotReads(rebuilt, lms, append(nips, nip(7))); fromSnapshot != want {
		t.Fatalf("from the snapshot:\n%s\nrebuilt from the log:\n%s", fromSnapshot, want)
	}
	want := snapshotReads(rebuilt, lms, append(nips, nip(7)))
	rebuilt.close()

	raw, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	raw[len(raw)-40] ^= 0xff
	if err := os.WriteFile(snap, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	var log3 syncBuffer
	e = startWith(t, withSnapshots(&log3))
	if !strings.Contains(log3.String(), "snapshot of the projections not used") {
		t.Fatalf("a corrupt snapshot was not refused:\n%s", log3.String())
	}
	if got := snapshotReads(e, lms, append(nips, nip(7))); got != want {
		t.Fatalf("after refusing the snapshot:\n%s\nwant:\n%s", got, want)
	}
}

// snapshotReads is every projection read of the test's cohorts, one per line.
func snapshotReads(e *env, lms string, nips []string) string {
	e.t.Helper()
	var b strings.Builder
	read := func(token, path string) {
		r := e.do(token, "GET", path, nil)
		mustStatus(e.t, r, http.StatusOK)
		fmt.Fprintf(&b, "%s %s\n", path, r.body)
	}
	for _, id := range []string{"SN", "SM"} {
		read(adminSecret, "/v1/cohorts/"+id)
		read(adminSecret, "/v1/cohorts/"+id+"/standings")
		read(adminSecret, "/v1/cohorts/"+id+"/leaderboard?board=trophies")
	}
	read(adminSecret, "/v1/leaderboard?board=trophies")
	read(adminSecret, "/v1/cohorts")
	read(lms, "/v1/cohorts/SN") // a token issued before the snapshot
	for _, n := range nips {
		read(adminSecret, "/v1/participants/"+n+"/standing")
	}
	return b.String()
}

// syncBuffer is a log the server writes from its goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The snapshot is also written while the server runs, once the model moved.
func TestSnapshotWrittenWhileServing(t *testing.T) {
	dir := t.TempDir()
	snap := filepath.Join(dir, app.SnapshotFile)
	e := startWith(t, app.Options{DataDir: dir, SnapshotEvery: 20 * time.Millisecond})
	e.openCohort("SW", 2)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(snap); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no snapshot written while serving")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
