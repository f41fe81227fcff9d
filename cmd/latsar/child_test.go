package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/events/sqlite"
)

// TestMain lets a test run this binary as `latsar` (a server's child).
// The servers the tests start find this test binary as their executable:
// their children (build-snapshot, stream-copy) inherit the variable and run
// as latsar, not as the tests again.
func TestMain(m *testing.M) {
	if os.Getenv("LATSAR_TEST_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Setenv("LATSAR_TEST_RUN_MAIN", "1")
	os.Exit(m.Run())
}

// A server builds its stream copy in a child process (`latsar stream-copy`)
// and then reads replays from it; by hand, the command builds it beside a
// running server.
func TestStreamCopyInAChildProcess(t *testing.T) {
	dir := t.TempDir()
	s := cliStart(t, dir)
	trophies, live := cliFill(t, s)
	s.stop()

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Start(context.Background(), app.Options{DataDir: dir, AdminSecret: cliAdmin, MinPositionWait: time.Second,
		StreamCopyFrom: 1, StreamCopyBuilder: streamCopyInChild(exe, dir, "LATSAR_TEST_RUN_MAIN=1")})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	store := a.Store.(*sqlite.Store)
	for deadline := time.Now().Add(30 * time.Second); store.StreamCopyStats().UpTo == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the child did not build the stream copy within 30 s")
		}
	}
	srv := &cliServer{t: t, app: a, hs: httptest.NewServer(a.Server)}
	srv.url = srv.hs.URL
	defer srv.hs.Close()
	replayed := srv.do("GET", fmt.Sprintf("/v1/participants/%s/standing?at_position=%d", cliNIP, int64(live["position"].(float64))), nil, http.StatusOK)
	if !reflect.DeepEqual(replayed, live) {
		t.Fatalf("the replay from the copy differs from the live standing:\n%v\n%v", replayed, live)
	}
	early := srv.do("GET", fmt.Sprintf("/v1/participants/%s/standing?at_position=%d", cliNIP, int64(trophies[0].position)), nil, http.StatusOK)
	if cliDig(early, "mooc.trophies.total") != 1.0 {
		t.Fatalf("at the first trophy: %v trophies, want 1", cliDig(early, "mooc.trophies.total"))
	}
	if st := store.StreamCopyStats(); st.Reads < 2 || st.Broken != 0 {
		t.Fatalf("stats %+v: want the replays read from the copy, none broken", st)
	}

	// By hand, beside the running server: a new copy of the same log.
	var out bytes.Buffer
	if err := streamCopy([]string{"--data", dir}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "streams.db: the log up to position ") {
		t.Fatalf("stream-copy printed %q", out.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "streams.db.new")); !os.IsNotExist(err) {
		t.Fatalf("the build left its temporary file: %v", err)
	}
	if !reflect.DeepEqual(cliJSON(t, bytes.NewBufferString(replayOut(t, dir))), live) {
		t.Fatalf("the replay of the whole stream differs from the live standing")
	}
}

func replayOut(t *testing.T, dir string) string {
	t.Helper()
	var out bytes.Buffer
	if err := replay([]string{"--data", dir, "--nip", cliNIP}, &out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// A start that finds no snapshot has a child process fold the log into one
// (`latsar build-snapshot`) and loads it; when the child fails, the start
// folds the log itself. Either way it serves what the log holds.
func TestFirstStartFoldsInAChild(t *testing.T) {
	dir := t.TempDir()
	s := cliStart(t, dir)
	_, live := cliFill(t, s)
	s.stop()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for name, builder := range map[string]func(context.Context) error{
		"child":  inChild(exe, []string{"build-snapshot", "--data", dir}, child{env: []string{"LATSAR_TEST_RUN_MAIN=1"}}),
		"failed": func(context.Context) error { return errors.New("no child today") },
	} {
		t.Run(name, func(t *testing.T) {
			os.Remove(filepath.Join(dir, app.SnapshotFile))
			var logs bytes.Buffer
			a, err := app.Start(context.Background(), app.Options{DataDir: dir, AdminSecret: cliAdmin, MinPositionWait: time.Second,
				SnapshotEvery: time.Hour, SnapshotBuilder: builder, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err != nil {
				t.Fatal(err)
			}
			srv := &cliServer{t: t, app: a, hs: httptest.NewServer(a.Server)}
			srv.url = srv.hs.URL
			defer srv.stop()
			got := srv.do("GET", fmt.Sprintf("/v1/participants/%s/standing?min_position=%d", cliNIP, int64(live["position"].(float64))), nil, http.StatusOK)
			if !reflect.DeepEqual(got, live) {
				t.Fatalf("standing after the start differs:\n%v\n%v", got, live)
			}
			loaded := strings.Contains(logs.String(), "projections loaded from their snapshot")
			if want := name == "child"; loaded != want || strings.Contains(logs.String(), "projections built by a child process") != want {
				t.Fatalf("loaded from the child's snapshot: %v, want %v; log:\n%s", loaded, want, logs.String())
			}
		})
	}
}

// A copy built by hand (`latsar stream-copy`) while the server's own builds
// fail is taken from its file at the server's next check, and the server
// stops building.
func TestStreamCopyBuiltByHandIsTaken(t *testing.T) {
	dir := t.TempDir()
	s := cliStart(t, dir)
	cliFill(t, s)
	s.stop()

	var builds atomic.Int32
	a, err := app.Start(context.Background(), app.Options{DataDir: dir, AdminSecret: cliAdmin, MinPositionWait: time.Second,
		StreamCopyFrom: 1, StreamCopyCheck: 20 * time.Millisecond,
		StreamCopyBuilder: func(context.Context) error { builds.Add(1); return errors.New("no room for the copy") }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	store := a.Store.(*sqlite.Store)
	for deadline := time.Now().Add(10 * time.Second); builds.Load() == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server did not try to build its copy")
		}
	}
	if err := streamCopy([]string{"--data", dir}, io.Discard); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); store.StreamCopyStats().UpTo == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the copy built by hand was not taken")
		}
	}
	tried := builds.Load()
	time.Sleep(100 * time.Millisecond) // five checks more
	if n := builds.Load(); n != tried {
		t.Fatalf("the server built %d times more beside the copy it took", n-tried)
	}
}
