package sqlite_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
)

// TestWALStaysBounded appends without a pause, with readers following the
// log as the projector does, for a few checkpoint periods: the WAL is
// started over (its file cut back to twice the limit) once it passes its
// limit instead of growing for as long as the
// load lasts (it did: 19.7 GB after 4.6M events).
func TestWALStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for four checkpoint periods")
	}
	path := filepath.Join(t.TempDir(), "events.db")
	const limit = 64 // pages
	s := open(t, path, sqlite.WithWALLimit(limit))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	payload := `{"note":"` + strings.Repeat("x", 2000) + `"}`
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := s.Append(t.Context(), fmt.Sprintf("participant-%d", w), events.Any, []events.Proposed{event("Noted", payload)}); err != nil {
					t.Errorf("append: %v", err)
					return
				}
			}
		})
	}
	wg.Go(func() { // a reader following the log
		var after uint64
		for {
			select {
			case <-stop:
				return
			default:
			}
			recs, err := s.ReadAll(t.Context(), after, 100)
			if err != nil {
				t.Errorf("read: %v", err)
				return
			}
			if n := len(recs); n > 0 {
				after = recs[n-1].Position
			}
		}
	})
	// The WAL is sampled while the load runs: it must start over under load
	// (its file is cut back), not only when the store closes.
	var largest, shrunk int64
	deadline := time.Now().Add(3500 * time.Millisecond)
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		fi, err := os.Stat(path + "-wal")
		if err != nil {
			continue
		}
		if fi.Size() < largest/2 {
			shrunk++
		}
		largest = max(largest, fi.Size())
	}
	close(stop)
	wg.Wait()
	head, err := s.HeadPosition(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d events appended, largest WAL %d KiB, %d samples after it was cut back", head, largest>>10, shrunk)
	if largest < limit*4096 || shrunk == 0 {
		t.Fatalf("the WAL reached %d bytes and was never cut back while %d events were appended", largest, head)
	}
}
