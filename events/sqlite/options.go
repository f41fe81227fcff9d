package sqlite

import "time"

// Option tunes a Store.
type Option func(*config)

type config struct {
	busyTimeout  time.Duration
	maxBatch     int
	readConns    int
	pollInterval time.Duration
	readOnly     bool
	observe      CommitObserver
	walLimit     int    // pages
	streamCopy   string // path of the stream copy (streamcopy.go); empty: none
}

// CommitObserver hears of every commit: how many appends (requests) it
// committed, how many events they recorded, and how long the transaction
// took, its fsync included. It runs on the writer's goroutine: keep it short.
type CommitObserver func(requests, events int, took time.Duration)

// WithCommitObserver sets the observer of commits (for metrics).
func WithCommitObserver(o CommitObserver) Option { return func(c *config) { c.observe = o } }

// ReadOnly opens the file for reading only: no writer, no checkpoints, no
// schema changes. Auditors' tools use it beside a running server.
func ReadOnly() Option { return func(c *config) { c.readOnly = true } }

// WithBusyTimeout sets how long a connection waits for a lock held by another
// process on the same file (default 5s).
func WithBusyTimeout(d time.Duration) Option { return func(c *config) { c.busyTimeout = d } }

// WithMaxBatch caps how many Append calls one transaction commits (default 512).
func WithMaxBatch(n int) Option { return func(c *config) { c.maxBatch = max(n, 1) } }

// WithReadConns caps the read-only connection pool (default GOMAXPROCS, at least 4).
func WithReadConns(n int) Option { return func(c *config) { c.readConns = max(n, 1) } }

// WithPollInterval sets how often a live subscriber looks for events written
// by another process on the same file, which this store cannot be told about
// (default 1s; appends through this Store wake subscribers at once).
func WithPollInterval(d time.Duration) Option { return func(c *config) { c.pollInterval = d } }

// WithWALLimit sets the WAL size, in pages, past which it is checkpointed
// whole and started over even under a steady write load (its file is then
// cut back to twice the limit) (default 16,384 pages,
// 64 MiB at 4 KiB a page).
func WithWALLimit(pages int) Option { return func(c *config) { c.walLimit = max(pages, 1) } }
