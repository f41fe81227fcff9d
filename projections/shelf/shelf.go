// Package shelf keeps the embedded read model's standing documents in a
// SQLite file beside the log (DATA/standings.db), so the first read of a
// participant whose state is not in memory reads one row instead of
// folding ~150 events from pages scattered over the log (docs/benchmarks.md,
// "Cold reads from the shelf").
//
// The shelf is a cache, never a source: a document is served only at the
// position the read model says is the participant's last (an older one is
// ignored and replaced), and the whole file belongs to one fold of one log
// (its identity: the read model's fingerprint and the hash of the log's
// first event). A file of another identity is deleted at open. Writes are
// asynchronous and may be dropped under pressure: a missing or stale row
// only costs the fold it would have saved.
package shelf

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/latsar/ledger/events/sqlite"
)

// A standing document is 1.5–2 KiB of JSON (70,000 participants of the
// generated year: 1,531 bytes on average, 2,133 at most). Keyed by the NIP
// as the rowid (18 digits fit an int64), a row lies whole on one 4 KiB page
// of the table's B-tree: a read is one descent. (Keyed by the NIP as text
// without a rowid, a row spilled past ~1 KiB onto an overflow page, and the
// file was three times the documents' size.)
const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS standings (
	nip      INTEGER PRIMARY KEY,
	position INTEGER NOT NULL,
	body     BLOB NOT NULL
);`

// format is the layout above; a file of another is emptied at open.
const format = "shelf-2"

// key is the row of a NIP; ok is false for a string that is not one.
func key(nip string) (int64, bool) {
	if len(nip) != 18 {
		return 0, false
	}
	n, err := strconv.ParseInt(nip, 10, 64)
	return n, err == nil && n >= 0
}

// queueLength bounds the documents waiting for the writer; Keep drops
// beyond it rather than make the read model wait on the disk.
const queueLength = 8192

// batchLimit is how many documents one transaction writes at most.
const batchLimit = 512

// Shelf is the file. It is safe for concurrent use.
type Shelf struct {
	path  string
	wdb   *sql.DB
	rdb   *sql.DB
	get   *sql.Stmt
	queue chan item
	done  chan struct{}

	mu     sync.RWMutex // guards closed and sending on queue
	closed bool

	hits, misses, dropped, written atomic.Uint64
}

// item is a document to keep, encoded now (body) or by the writer (encode),
// or a flush marker (flushed).
type item struct {
	nip      string
	position uint64
	body     []byte
	encode   func() ([]byte, error)
	flushed  chan struct{}
}

// Open opens the shelf at path, deleting it first when it was written for
// another identity or cannot be read (a cache is not worth a failed start).
func Open(path, identity string) (*Shelf, error) {
	identity = format + "/" + identity
	s, kept, err := open(path, identity)
	if err == nil && kept {
		return s, nil
	}
	if s != nil {
		s.closeHandles()
	}
	// Another fold, another log or a damaged file: what it holds is worth
	// nothing here.
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("shelf: %w", err)
		}
	}
	if s, _, err = open(path, identity); err != nil {
		return nil, err
	}
	return s, nil
}

// open opens the file and says whether it may be used as it is: it holds
// identity, or nothing yet (then it is claimed for identity).
func open(path, identity string) (*Shelf, bool, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, false, fmt.Errorf("shelf: %w", err)
	}
	s := &Shelf{path: path, queue: make(chan item, queueLength), done: make(chan struct{})}
	var err error
	// synchronous(NORMAL): a crash may lose the last writes, never the file.
	s.wdb, err = sql.Open("sqlite", sqlite.DSN(path, "busy_timeout(5000)", "journal_mode(WAL)", "synchronous(NORMAL)"))
	if err != nil {
		return nil, false, fmt.Errorf("shelf: %w", err)
	}
	s.wdb.SetMaxOpenConns(1)
	ctx := context.Background()
	if _, err := s.wdb.ExecContext(ctx, schema); err != nil {
		s.closeHandles()
		return nil, false, fmt.Errorf("shelf: open %s: %w", path, err)
	}
	switch held, err := heldIdentity(ctx, s.wdb); {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := s.wdb.ExecContext(ctx, `DELETE FROM standings; INSERT INTO meta (key, value) VALUES ('identity', ?)`, identity); err != nil {
			s.closeHandles()
			return nil, false, fmt.Errorf("shelf: open %s: %w", path, err)
		}
	case err != nil:
		s.closeHandles()
		return nil, false, fmt.Errorf("shelf: open %s: %w", path, err)
	case held != identity:
		return s, false, nil
	}
	if s.rdb, err = sql.Open("sqlite", sqlite.DSN(path, "busy_timeout(5000)", "query_only(1)")); err != nil {
		s.closeHandles()
		return nil, false, fmt.Errorf("shelf: %w", err)
	}
	if s.get, err = s.rdb.PrepareContext(ctx, `SELECT position, body FROM standings WHERE nip = ?`); err != nil {
		s.closeHandles()
		return nil, false, fmt.Errorf("shelf: open %s: %w", path, err)
	}
	go s.write()
	return s, true, nil
}

// heldIdentity is the identity the file was claimed for (sql.ErrNoRows:
// none yet).
func heldIdentity(ctx context.Context, db *sql.DB) (string, error) {
	var held string
	err := db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'identity'`).Scan(&held)
	return held, err
}

// Standing is the document kept for nip and the position it is of.
func (s *Shelf) Standing(ctx context.Context, nip string) ([]byte, uint64, bool, error) {
	k, ok := key(nip)
	if !ok {
		return nil, 0, false, nil
	}
	var position int64
	var body []byte
	switch err := s.get.QueryRowContext(ctx, k).Scan(&position, &body); {
	case errors.Is(err, sql.ErrNoRows):
		s.misses.Add(1)
		return nil, 0, false, nil
	case err != nil:
		return nil, 0, false, fmt.Errorf("shelf: read %s: %w", nip, err)
	}
	s.hits.Add(1)
	return body, uint64(position), true, nil
}

// Keep shelves body as nip's document at position, unless a later one is
// shelved already (a key that is not an 18-digit NIP is never kept). It
// does not wait for the disk, and drops the document when the writer is
// that far behind.
func (s *Shelf) Keep(nip string, position uint64, body []byte) {
	s.enqueue(item{nip: nip, position: position, body: body})
}

// KeepEncoded is Keep with the document encoded by the writer's goroutine,
// off the caller's path. encode must be safe to call later from there.
func (s *Shelf) KeepEncoded(nip string, position uint64, encode func() ([]byte, error)) {
	s.enqueue(item{nip: nip, position: position, encode: encode})
}

func (s *Shelf) enqueue(it item) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return
	}
	select {
	case s.queue <- it:
	default:
		s.dropped.Add(1)
	}
}

// Flush waits until every document kept before it is written.
func (s *Shelf) Flush(ctx context.Context) error {
	done := make(chan struct{})
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil
	}
	select {
	case s.queue <- item{flushed: done}:
	case <-ctx.Done():
		s.mu.RUnlock()
		return ctx.Err()
	}
	s.mu.RUnlock()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stats are the shelf's counters since it opened.
type Stats struct{ Hits, Misses, Written, Dropped uint64 }

// Stats answers the counters.
func (s *Shelf) Stats() Stats {
	return Stats{Hits: s.hits.Load(), Misses: s.misses.Load(), Written: s.written.Load(), Dropped: s.dropped.Load()}
}

// Close writes what is queued and closes the file.
func (s *Shelf) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.queue)
	s.mu.Unlock()
	<-s.done
	return s.closeHandles()
}

func (s *Shelf) closeHandles() error {
	var errs []error
	if s.get != nil {
		errs = append(errs, s.get.Close())
	}
	if s.rdb != nil {
		errs = append(errs, s.rdb.Close())
	}
	if s.wdb != nil {
		errs = append(errs, s.wdb.Close())
	}
	return errors.Join(errs...)
}
