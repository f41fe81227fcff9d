package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
)

// TestSnapshotWhileWriting copies the store while appends go on: the copy
// opens as a store whose chains hold, and holds a prefix of the log.
func TestSnapshotWhileWriting(t *testing.T) {
	dir := t.TempDir()
	s := open(t, filepath.Join(dir, "events.db"))
	ctx := context.Background()
	// One event before the copies: on a loaded machine the appender may not
	// have committed any when they are taken, and an empty copy proves nothing.
	if _, err := s.Append(ctx, "s-first", events.Any, []events.Proposed{{ID: "e-first", Type: "T", Data: []byte(`{}`)}}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			_, _ = s.Append(ctx, fmt.Sprintf("s-%d", i%7), events.Any, []events.Proposed{{ID: fmt.Sprintf("e-%d", i), Type: "T", Data: []byte(`{}`)}})
		}
	}()
	for _, name := range []string{"copy-1.db", "copy-2.db"} {
		if err := sqlite.Snapshot(ctx, filepath.Join(dir, "events.db"), filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if err := sqlite.Snapshot(ctx, filepath.Join(dir, "events.db"), filepath.Join(dir, "copy-1.db")); err == nil {
		t.Fatal("a snapshot over an existing file: err=nil")
	}
	c := open(t, filepath.Join(dir, "copy-2.db"), sqlite.ReadOnly())
	rep, err := events.VerifyLog(ctx, c, nil, nil, nil)
	if err != nil || !rep.OK() || rep.Events == 0 {
		t.Fatalf("the copy: %d events, ok=%v, err=%v", rep.Events, rep.OK(), err)
	}
}
