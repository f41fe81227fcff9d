package sqlite

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

	"github.com/latsar/ledger/events"
)

// The stream copy. The log is kept in position order, so a participant's
// ~150 events, weeks apart, lie on ~150 pages scattered over the file, and a
// replay (as_of, the audit trail, a cold fold) read after the page cache let
// them go waits on the disk for each (docs/benchmarks.md, "as_of from the
// stream copy"). The copy is every event of the log up to a position, in a
// file of its own ordered by (stream, revision): a stream's events are on a
// few adjacent pages, read in one sweep. It is a cache, never a source:
//
//   - it is built whole and sorted from the log up to its head, written
//     beside the live file and renamed over it (so a crash leaves the old copy
//     or none);
//   - it names the log it copies (the hash of its last event, found again at
//     the same position when it is opened);
//   - every read from it is checked against the log (streamcopy_read.go): the
//     stream's hash chain must hold over the copied events and end on the hash
//     the log holds at that revision, else the read falls back to the log and
//     the copy is dropped until it is built again;
//   - the events recorded after it are read from the log.
const streamCopyFormat = "streams-1"

const streamCopySchema = `
CREATE TABLE events (
	stream      TEXT    NOT NULL,
	revision    INTEGER NOT NULL,
	position    INTEGER NOT NULL,
	id          TEXT    NOT NULL,
	type        TEXT    NOT NULL,
	data        TEXT,
	metadata    TEXT    NOT NULL,
	recorded_at INTEGER NOT NULL,
	PRIMARY KEY (stream, revision)
) WITHOUT ROWID;
CREATE TABLE copy_of (format TEXT NOT NULL, up_to INTEGER NOT NULL, hash TEXT NOT NULL);`

// 64 KiB pages, SQLite's largest: a copied event (~700 bytes) stays on its
// leaf (a table without rowid keeps at most ~1 KiB of a row on a 4 KiB
// page) and a stream's ~150 events fill two or three pages, read in as
// many requests (p50 / p99 of a 146-event stream out of the page cache:
// 0.88 / 1.92 ms, against 1.09 / 2.95 ms at 16 KiB).
const streamCopyPageSize = 65536

// WithStreamCopy keeps the stream copy at path (built by BuildStreamCopy)
// and reads whole streams from it.
func WithStreamCopy(path string) Option { return func(c *config) { c.streamCopy = path } }

// streamCopy is an open copy: its read-only pool and what it copies.
type streamCopy struct {
	db   *sql.DB
	read *sql.Stmt
	upTo uint64 // the last position copied
}

// streamCopies holds the store's copy, swapped whole when a new one is built.
type streamCopies struct {
	mu      sync.RWMutex // readers hold it for reading while they read the copy
	build   sync.Mutex   // one build at a time
	current *streamCopy
	reads   atomic.Uint64 // whole-stream reads served from the copy
	broken  atomic.Uint64 // reads the copy failed (then served by the log)
}

// StreamCopyStats tells how the stream copy serves.
type StreamCopyStats struct {
	UpTo   uint64 // the last position copied; 0: no copy in use
	Reads  uint64 // whole-stream reads served from it
	Broken uint64 // reads it could not serve faithfully (the copy was dropped)
}

// StreamCopyStats reports the copy's use since Open.
func (s *Store) StreamCopyStats() StreamCopyStats {
	st := StreamCopyStats{Reads: s.copies.reads.Load(), Broken: s.copies.broken.Load()}
	s.copies.mu.RLock()
	if c := s.copies.current; c != nil {
		st.UpTo = c.upTo
	}
	s.copies.mu.RUnlock()
	return st
}

// openStreamCopy puts the configured copy in use when there is one and it
// is a copy of this log; one that is not (damaged, of another log, of an
// older format) is deleted.
func (s *Store) openStreamCopy(ctx context.Context) { _, _ = s.LoadStreamCopyIfPresent(ctx) }

// LoadStreamCopyIfPresent is LoadStreamCopy when a file is at the
// configured path, and 0 without an error when none is (or no path is).
func (s *Store) LoadStreamCopyIfPresent(ctx context.Context) (uint64, error) {
	if s.cfg.streamCopy == "" {
		return 0, nil
	}
	if _, err := os.Stat(s.cfg.streamCopy); err != nil {
		return 0, nil
	}
	return s.LoadStreamCopy(ctx)
}

func (s *Store) loadStreamCopy(ctx context.Context, path string) (*streamCopy, error) {
	db, err := sql.Open("sqlite", DSN(path, "query_only(1)", "cache_size(-256)"))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(s.cfg.readConns)
	c := &streamCopy{db: db}
	var format, hash string
	var upTo int64
	err = db.QueryRowContext(ctx, `SELECT format, up_to, hash FROM copy_of`).Scan(&format, &upTo, &hash)
	if err == nil && format != streamCopyFormat {
		err = fmt.Errorf("format %q, want %q", format, streamCopyFormat)
	}
	if err == nil {
		err = s.sameEventAt(ctx, upTo, hash)
	}
	if err == nil {
		c.upTo = uint64(upTo)
		c.read, err = db.PrepareContext(ctx, readStreamColumns+`WHERE stream = ? AND position <= ? ORDER BY revision`)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: stream copy %s: %w", path, err)
	}
	return c, nil
}

// sameEventAt checks that the log holds, at position, the event whose hash
// the copy names as its last.
func (s *Store) sameEventAt(ctx context.Context, position int64, hash string) error {
	_, held, err := s.eventHash(ctx, `SELECT position, metadata FROM events WHERE position = ?`, position)
	switch {
	case err != nil:
		return fmt.Errorf("the log has no event at position %d: %w", position, err)
	case held != hash:
		return fmt.Errorf("the log's event at position %d is not the one copied", position)
	}
	return nil
}

// eventHash reads the position and hash of the event query (position,
// metadata) answers.
func (s *Store) eventHash(ctx context.Context, query string, args ...any) (int64, string, error) {
	var position int64
	var md []byte
	if err := s.rdb.QueryRowContext(ctx, query, args...).Scan(&position, &md); err != nil {
		return 0, "", err
	}
	var m events.Metadata
	if err := events.ParseMetadataJSON(md, &m); err != nil {
		return 0, "", err
	}
	return position, m.Hash, nil
}

func (s *Store) swapStreamCopy(c *streamCopy) {
	s.copies.mu.Lock()
	old := s.copies.current
	s.copies.current = c
	s.copies.mu.Unlock()
	if old != nil {
		old.read.Close()
		old.db.Close()
	}
}

// dropStreamCopy stops reading from c (when it is still the current copy)
// and deletes its file, for the next build to replace.
func (s *Store) dropStreamCopy(c *streamCopy) {
	s.copies.mu.Lock()
	if s.copies.current != c {
		s.copies.mu.Unlock()
		return
	}
	s.copies.current = nil
	s.copies.mu.Unlock()
	c.read.Close()
	c.db.Close()
	os.Remove(s.cfg.streamCopy)
}

// LoadStreamCopy puts in use the copy at the configured path, built by
// another process (`latsar stream-copy`), and answers its last position;
// a file that is not a copy of this log is deleted.
func (s *Store) LoadStreamCopy(ctx context.Context) (uint64, error) {
	path := s.cfg.streamCopy
	if path == "" {
		return 0, errors.New("sqlite: no stream copy configured")
	}
	c, err := s.loadStreamCopy(ctx, path)
	if err != nil {
		if ctx.Err() == nil && s.usable() == nil {
			os.Remove(path)
		}
		return 0, err
	}
	s.swapStreamCopy(c)
	return c.upTo, nil
}

// BuildStreamCopy copies the log, up to its head now, into a new stream copy
// and puts it in use; it answers the last position copied (0 for an empty
// log, which has no copy). The log is read in short reads while appends go
// on; SQLite sorts it (in temporary files) by stream and revision and writes
// the copy in that order. On the 10.4M-event year it takes over a minute and
// about the log's size in temporary files: run it in the background.
func (s *Store) BuildStreamCopy(ctx context.Context) (uint64, error) {
	path := s.cfg.streamCopy
	if path == "" {
		return 0, errors.New("sqlite: no stream copy configured")
	}
	if err := s.usable(); err != nil {
		return 0, err
	}
	s.copies.build.Lock()
	defer s.copies.build.Unlock()
	unlock, err := lockStreamCopyBuild(path)
	if err != nil {
		return 0, fmt.Errorf("sqlite: build stream copy: %w", err)
	}
	defer unlock()
	removeUnfinished(path)
	tmp := path + ".new"
	upTo, err := s.writeStreamCopy(ctx, tmp)
	if err == nil && upTo == 0 {
		return 0, nil
	}
	if err == nil {
		err = syncFile(tmp)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		removeUnfinished(path)
		return 0, fmt.Errorf("sqlite: build stream copy: %w", err)
	}
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		_ = dir.Sync() // the rename, durable; lost, the older copy (or none) serves
		dir.Close()
	}
	c, err := s.loadStreamCopy(ctx, path)
	if err != nil {
		return 0, err
	}
	s.swapStreamCopy(c)
	return upTo, nil
}

// writeStreamCopy writes the copy into a new file at path. No journal and
// no syncs while it fills: a file cut short by a crash is never renamed
// into place, and the whole file is synced once before it is. A 16 MiB
// cache (and so sorter runs of that size): on the 10.4M-event year the
// build peaks at 425 MB resident in 1 m 15 s, against 1.3 GB in 1 m 32 s
// with 64 MiB.
//
// The log is first copied as it lies, in short reads of copyChunk
// positions, into a staging file, then sorted from there: one read of the
// whole log in a single snapshot would keep the checkpointer from starting
// the WAL over for minutes, and each of its tries holds the appends off.
func (s *Store) writeStreamCopy(ctx context.Context, path string) (uint64, error) {
	upTo, hash, err := s.lastEvent(ctx)
	if err != nil || upTo == 0 {
		return 0, err
	}
	db, err := sql.Open("sqlite", DSN(path, "page_size("+strconv.Itoa(streamCopyPageSize)+")", "journal_mode(OFF)", "synchronous(OFF)", "cache_size(-16384)"))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	stage := path + ".stage"
	defer os.Remove(stage)
	steps := []struct {
		sql  string
		args []any
	}{
		{`ATTACH DATABASE ? AS log`, []any{DSN(s.path) + "mode=ro"}},
		{`ATTACH DATABASE ? AS stage`, []any{DSN(stage)}},
		{`PRAGMA stage.journal_mode = OFF`, nil},
		{`PRAGMA stage.synchronous = OFF`, nil},
		{streamCopySchema, nil},
		{`CREATE TABLE stage.events AS SELECT stream, revision, position, id, type, data, metadata, recorded_at FROM log.events WHERE 0`, nil},
	}
	for _, q := range steps {
		if _, err := conn.ExecContext(ctx, q.sql, q.args...); err != nil {
			return 0, err
		}
	}
	for from := int64(0); from < upTo; from += copyChunk {
		if _, err := conn.ExecContext(ctx, `INSERT INTO stage.events SELECT stream, revision, position, id, type, data, metadata, recorded_at FROM log.events WHERE position > ? AND position <= ?`, from, min(from+copyChunk, upTo)); err != nil {
			return 0, err
		}
	}
	for _, q := range []string{
		`DETACH DATABASE log`,
		`INSERT INTO events SELECT * FROM stage.events ORDER BY stream, revision`,
		`DETACH DATABASE stage`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return 0, err
		}
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO copy_of VALUES (?, ?, ?)`, streamCopyFormat, upTo, hash); err != nil {
		return 0, err
	}
	return uint64(upTo), nil
}

// copyChunk is how many positions one read of the log copies into the
// staging file (~70 MB on the 10M-event year, a fraction of a second).
const copyChunk = 100_000

// lastEvent is the log's head and the hash of the event there (0, "" when
// the log is empty).
func (s *Store) lastEvent(ctx context.Context) (int64, string, error) {
	upTo, hash, err := s.eventHash(ctx, `SELECT position, metadata FROM events ORDER BY position DESC LIMIT 1`)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return upTo, hash, err
}

// RemoveUnfinishedStreamCopy removes what a build of the copy at path left
// behind when it was stopped, unless a build is under way (in this process
// or another): the files are then its own.
func RemoveUnfinishedStreamCopy(path string) {
	unlock, err := lockStreamCopyBuild(path)
	if err != nil {
		return
	}
	defer unlock()
	removeUnfinished(path)
}

// ErrStreamCopyBusy is answered by a build of the stream copy while
// another process builds it.
var ErrStreamCopyBusy = errors.New("another build of the stream copy is under way")

func removeUnfinished(path string) {
	os.Remove(path + ".new")
	os.Remove(path + ".new.stage")
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
