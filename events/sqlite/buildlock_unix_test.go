//go:build unix

package sqlite_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/latsar/ledger/events/sqlite"
	"golang.org/x/sys/unix"
)

// A build of the copy by another process (`latsar stream-copy` beside the
// server's child) holds the build lock: a second build is refused rather
// than writing the same staging files, and a stopping server does not
// remove the files of the build under way.
func TestStreamCopyBuiltByOneProcessAtATime(t *testing.T) {
	dir := t.TempDir()
	copyPath := filepath.Join(dir, "streams.db")
	s := open(t, filepath.Join(dir, "events.db"), sqlite.WithStreamCopy(copyPath))
	appendRounds(t, s, 3, 4)

	other, err := os.OpenFile(copyPath+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Flock(int(other.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	stage := copyPath + ".new.stage"
	if err := os.WriteFile(stage, []byte("the other build's"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BuildStreamCopy(t.Context()); !errors.Is(err, sqlite.ErrStreamCopyBusy) {
		t.Fatalf("a build while another runs: %v, want ErrStreamCopyBusy", err)
	}
	sqlite.RemoveUnfinishedStreamCopy(copyPath)
	if _, err := os.Stat(stage); err != nil {
		t.Fatalf("the other build's staging file was removed: %v", err)
	}

	other.Close() // the other build ended (or its process died)
	sqlite.RemoveUnfinishedStreamCopy(copyPath)
	if _, err := os.Stat(stage); !os.IsNotExist(err) {
		t.Fatalf("a stopped build's staging file was kept: %v", err)
	}
	if upTo, err := s.BuildStreamCopy(t.Context()); err != nil || upTo != 12 {
		t.Fatalf("build after the other: up to %d, %v; want 12", upTo, err)
	}
}
