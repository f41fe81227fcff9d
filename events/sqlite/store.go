// Package sqlite is the embedded event store: one SQLite file in WAL mode,
// written by a single goroutine that commits waiting appends together (group
// commit) and read through a separate pool of read-only connections.
//
// The file is meant to be read by auditors with the sqlite3 shell: one table,
// events, with data and metadata as JSON text and recorded_at in Unix
// nanoseconds (UTC).
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/latsar/ledger/events"
)

// schemaVersion is stored in PRAGMA user_version. Bump it with a migration.
const schemaVersion = 1

const schema = `
CREATE TABLE IF NOT EXISTS events (
	-- A plain rowid: events are never deleted, so max+1 never reuses a
	-- position, and AUTOINCREMENT would dirty one more page every commit.
	position    INTEGER PRIMARY KEY,
	id          TEXT    NOT NULL UNIQUE,
	stream      TEXT    NOT NULL,
	revision    INTEGER NOT NULL,
	type        TEXT    NOT NULL,
	data        TEXT,
	metadata    TEXT    NOT NULL,
	recorded_at INTEGER NOT NULL,
	UNIQUE (stream, revision)
);`

// Store is the SQLite adapter of events.Store. It is safe for concurrent use.
type Store struct {
	path   string
	cfg    config
	wdb    *sql.DB // the writer's database handle: one connection
	rdb    *sql.DB // read-only pool
	cdb    *sql.DB // the checkpointer's connection
	w      *writer
	notify notifier

	readStream *sql.Stmt
	readRange  *sql.Stmt // a range of revisions of a stream (read_parallel.go)
	revisions  *sql.Stmt // a stream's revisions, from the index
	copyTail   *sql.Stmt // a stream from its last copied event on (streamcopy_read.go)
	readAll    *sql.Stmt
	head       *sql.Stmt

	checkpointed chan struct{} // closed when the checkpointer has stopped

	copies streamCopies // streamcopy.go

	mu      sync.RWMutex // guards closed and sending on reqs
	closed  bool
	reqs    chan *appendReq
	done    chan struct{} // closed by Close, after the writer stopped
	stopped chan struct{} // closed by the writer goroutine when it returns
}

var _ events.Store = (*Store)(nil)

// Open opens (creating it and its directory if missing) the event store file
// at path.
func Open(path string, opts ...Option) (*Store, error) {
	cfg := config{
		busyTimeout:  5 * time.Second,
		maxBatch:     512,
		readConns:    max(runtime.GOMAXPROCS(0), 4),
		pollInterval: time.Second,
		walLimit:     defaultWALLimit,
	}
	for _, o := range opts {
		o(&cfg)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, fmt.Errorf("sqlite: create directory: %w", err)
	}
	s := &Store{
		path:         abs,
		cfg:          cfg,
		reqs:         make(chan *appendReq, cfg.maxBatch),
		done:         make(chan struct{}),
		stopped:      make(chan struct{}),
		checkpointed: make(chan struct{}),
	}
	s.notify.init()
	if cfg.readOnly {
		if _, err := os.Stat(abs); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		if err := s.openReaders(); err != nil {
			s.closeHandles()
			return nil, err
		}
		close(s.stopped)
		close(s.checkpointed)
		s.openStreamCopy(context.Background())
		return s, nil
	}
	if err := s.open(); err != nil {
		s.closeHandles()
		return nil, err
	}
	s.openStreamCopy(context.Background())
	go s.w.run(s.reqs, s.stopped)
	go s.checkpointer()
	return s, nil
}

func (s *Store) open() error {
	ctx := context.Background()
	busy := "busy_timeout(" + strconv.FormatInt(s.cfg.busyTimeout.Milliseconds(), 10) + ")"
	var err error
	// synchronous=FULL: a commit is on disk before the writer acknowledges it.
	// wal_autocheckpoint(0): checkpoints run beside the writer (checkpoint.go),
	// not inside the commit that crosses the threshold.
	// journal_size_limit: what the WAL keeps of its file when it starts over.
	walKeep := "journal_size_limit(" + strconv.Itoa(2*s.cfg.walLimit*4096) + ")"
	s.wdb, err = sql.Open("sqlite", DSN(s.path, busy, "journal_mode(WAL)", "synchronous(FULL)", "wal_autocheckpoint(0)", walKeep))
	if err != nil {
		return fmt.Errorf("sqlite: open %s: %w", s.path, err)
	}
	s.wdb.SetMaxOpenConns(1)
	s.wdb.SetMaxIdleConns(1)
	s.wdb.SetConnMaxLifetime(0)
	s.wdb.SetConnMaxIdleTime(0)
	var mode string
	if err := s.wdb.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("sqlite: open %s: %w", s.path, err)
	}
	if mode != "wal" {
		return fmt.Errorf("sqlite: open %s: journal_mode is %q, want wal", s.path, mode)
	}
	if err := migrate(ctx, s.wdb); err != nil {
		return fmt.Errorf("sqlite: open %s: %w", s.path, err)
	}
	if s.w, err = newWriter(ctx, s.wdb, s.cfg.maxBatch, &s.notify); err != nil {
		return fmt.Errorf("sqlite: open %s: %w", s.path, err)
	}
	s.w.observe = s.cfg.observe

	if s.cdb, err = sql.Open("sqlite", DSN(s.path, busy)); err != nil {
		return fmt.Errorf("sqlite: open %s: %w", s.path, err)
	}
	s.cdb.SetMaxOpenConns(1)
	return s.openReaders()
}

// openReaders opens the read-only pool and its statements.
func (s *Store) openReaders() error {
	ctx := context.Background()
	busy := "busy_timeout(" + strconv.FormatInt(s.cfg.busyTimeout.Milliseconds(), 10) + ")"
	var err error
	s.rdb, err = sql.Open("sqlite", DSN(s.path, busy, "query_only(1)"))
	if err != nil {
		return fmt.Errorf("sqlite: open %s: %w", s.path, err)
	}
	s.rdb.SetMaxOpenConns(s.cfg.readConns)
	s.rdb.SetMaxIdleConns(s.cfg.readConns)
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&s.readStream, readStreamColumns + `WHERE stream = ? AND revision >= ? AND position <= ? ORDER BY revision`},
		{&s.readAll, readAllColumns + `WHERE position > ? ORDER BY position LIMIT ?`},
		{&s.readRange, streamRangeSQL},
		{&s.revisions, streamRevisionsSQL},
		{&s.copyTail, copyTailSQL},
		{&s.head, `SELECT COALESCE(MAX(position), 0) FROM events`},
	} {
		if *p.stmt, err = s.rdb.PrepareContext(ctx, p.sql); err != nil {
			return fmt.Errorf("sqlite: open %s: %w", s.path, err)
		}
	}
	return nil
}

// DSN builds the driver's file: URI for path with pragmas run on every
// connection, so a path holding '?' or '#' still names the file. The other
// SQLite files beside the log (projections/shelf) open through it too.
func DSN(path string, pragmas ...string) string {
	q := url.Values{"_pragma": pragmas}
	return "file:" + (&url.URL{Path: filepath.ToSlash(path)}).EscapedPath() + "?" + q.Encode()
}

// migrate creates the schema of a new file and refuses a file written by a
// newer schema.
func migrate(ctx context.Context, db *sql.DB) error {
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	switch {
	case v == schemaVersion:
		return nil
	case v > schemaVersion:
		return fmt.Errorf("schema version %d is newer than this program's %d", v, schemaVersion)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, schema); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(schemaVersion)); err != nil {
		return err
	}
	return tx.Commit()
}

// Path is the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Close implements events.Store. Appends already queued are committed and
// answered; later ones get events.ErrClosed. Close may be called more than once.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		<-s.done
		return nil
	}
	s.closed = true
	close(s.reqs)
	s.mu.Unlock()

	<-s.stopped
	close(s.done)
	<-s.checkpointed
	err := s.closeHandles()
	return err
}

func (s *Store) closeHandles() error {
	var errs []error
	s.swapStreamCopy(nil)
	for _, st := range []*sql.Stmt{s.readStream, s.readRange, s.revisions, s.copyTail, s.readAll, s.head} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	if s.w != nil {
		errs = append(errs, s.w.close())
	}
	if s.rdb != nil {
		errs = append(errs, s.rdb.Close())
	}
	if s.wdb != nil {
		errs = append(errs, s.wdb.Close())
	}
	if s.cdb != nil {
		errs = append(errs, s.cdb.Close())
	}
	return errors.Join(errs...)
}

func (s *Store) usable() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return events.ErrClosed
	}
	return nil
}
