package shelf_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/latsar/ledger/projections/shelf"
)

func open(t *testing.T, path, identity string) *shelf.Shelf {
	t.Helper()
	s, err := shelf.Open(path, identity)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func kept(t *testing.T, s *shelf.Shelf, nip string) (string, uint64, bool) {
	t.Helper()
	body, position, ok, err := s.Standing(context.Background(), nip)
	if err != nil {
		t.Fatal(err)
	}
	return string(body), position, ok
}

// The later of two documents stays, whatever order they reach the writer
// in; a reopened shelf of the same identity still holds them.
func TestShelfKeepsTheLaterDocument(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "standings.db")
	s := open(t, path, "fold-a/log-1")
	s.Keep("198001012024011001", 20, []byte(`{"position":20}`))
	s.Keep("198001012024011001", 10, []byte(`{"position":10}`))
	s.KeepEncoded("198001012024011002", 7, func() ([]byte, error) { return []byte(`{"position":7}`), nil })
	s.KeepEncoded("198001012024011003", 8, func() ([]byte, error) { return nil, fmt.Errorf("cannot encode") })
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if body, position, ok := kept(t, s, "198001012024011001"); !ok || position != 20 || body != `{"position":20}` {
		t.Fatalf("kept %v %d %s, want the document at 20", ok, position, body)
	}
	if _, _, ok := kept(t, s, "198001012024011003"); ok {
		t.Fatal("a document that failed to encode was kept")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, path, "fold-a/log-1")
	defer s.Close()
	if body, position, ok := kept(t, s, "198001012024011002"); !ok || position != 7 || body != `{"position":7}` {
		t.Fatalf("after reopening: %v %d %s", ok, position, body)
	}
	if st := s.Stats(); st.Hits != 1 || st.Misses != 0 {
		t.Fatalf("stats %+v, want one hit", st)
	}
}

// A shelf written by another fold or for another log holds nothing a
// reader may use: it is emptied at open.
func TestShelfOfAnotherIdentityIsEmptied(t *testing.T) {
	path := filepath.Join(t.TempDir(), "standings.db")
	s := open(t, path, "fold-a/log-1")
	s.Keep("198001012024011001", 20, []byte(`{}`))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, identity := range []string{"fold-b/log-1", "fold-a/log-2"} {
		s = open(t, path, identity)
		if _, _, ok := kept(t, s, "198001012024011001"); ok {
			t.Fatalf("identity %s reads a document kept for fold-a/log-1", identity)
		}
		s.Keep("198001012024011001", 20, []byte(`{}`))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// Keeps, reads, flushes and a close racing each other: no write is half
// done, nothing panics on the closed queue, and what was flushed is there.
func TestShelfUnderConcurrentUse(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "standings.db")
	s := open(t, path, "id")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				nip := fmt.Sprintf("1980010120240110%02d", i%20)
				s.Keep(nip, uint64(g*1000+i), []byte(fmt.Sprintf(`{"position":%d}`, g*1000+i)))
				if _, _, _, err := s.Standing(ctx, nip); err != nil {
					t.Error(err)
					return
				}
				if i%100 == 0 {
					if err := s.Flush(ctx); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	if st.Written+st.Dropped != 1200 {
		t.Fatalf("stats %+v: %d documents kept, want 1200 written or dropped", st, st.Written+st.Dropped)
	}
	if _, position, ok := kept(t, s, "198001012024011019"); !ok || position != 3299 {
		t.Fatalf("kept at %d (%v), want the latest, 3299", position, ok)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 1000 {
			s.Keep("198001012024011001", uint64(5000+i), []byte(`{}`))
		}
	}()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	<-done
	s.Keep("198001012024011001", 9999, []byte(`{}`)) // after Close: ignored
}

// Only NIPs are kept: another key is neither written nor read.
func TestShelfKeepsNIPsOnly(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "standings.db"), "id")
	defer s.Close()
	for _, k := range []string{"cohort-1", "19800101202401100", "-98001012024011001"} {
		s.Keep(k, 1, []byte(`{}`))
		if err := s.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, _, ok := kept(t, s, k); ok {
			t.Fatalf("kept %q", k)
		}
	}
}

// A file that is not a shelf (damaged, or something else) is replaced by
// an empty shelf rather than failing the start.
func TestShelfReplacesADamagedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "standings.db")
	if err := os.WriteFile(path, []byte("not a database, not at all: just some bytes that no SQLite header starts with"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := open(t, path, "id")
	defer s.Close()
	s.Keep("198001012024011001", 3, []byte(`{}`))
	if err := s.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, position, ok := kept(t, s, "198001012024011001"); !ok || position != 3 {
		t.Fatalf("kept %d (%v) in the replaced file", position, ok)
	}
}
