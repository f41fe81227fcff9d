// Package idempotency keeps the first answer to each keyed write for 24
// hours outside the process, so a retry after a restart, or on another
// replica, gets the same answer back (api.md's Idempotency-Key).
package idempotency

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// TTL is how long an answer is kept (api.md: at least 24 hours).
const TTL = 24 * time.Hour

// Answer is the first answer to a keyed write.
type Answer struct {
	Fingerprint []byte    `json:"fingerprint"`
	Status      int       `json:"status"`
	ContentType string    `json:"content_type"`
	Body        []byte    `json:"body"`
	At          time.Time `json:"at"`
}

// SQLite keeps answers in their own file beside the event store (not in the
// event store's file, whose single writer is the group commit).
type SQLite struct {
	db    *sql.DB
	saves atomic.Int64
}

// OpenSQLite opens (creating) the answers file at path.
func OpenSQLite(path string) (*SQLite, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS answers (scope TEXT PRIMARY KEY, answer TEXT NOT NULL, at INTEGER NOT NULL)`); err != nil {
		db.Close()
		return nil, fmt.Errorf("idempotency answers: %w", err)
	}
	return &SQLite{db: db}, nil
}

// Load finds the answer kept for scope.
func (s *SQLite) Load(ctx context.Context, scope string) (Answer, bool, error) {
	var raw []byte
	err := s.db.QueryRowContext(ctx, `SELECT answer FROM answers WHERE scope = ? AND at > ?`, scope, time.Now().Add(-TTL).UnixNano()).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return Answer{}, false, nil
	}
	if err != nil {
		return Answer{}, false, err
	}
	var a Answer
	return a, true, json.Unmarshal(raw, &a)
}

// Save keeps the first answer for scope; a later one does not replace it.
func (s *SQLite) Save(ctx context.Context, scope string, a Answer) error {
	raw, err := json.Marshal(a)
	if err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO answers (scope, answer, at) VALUES (?, ?, ?)`, scope, raw, a.At.UnixNano()); err != nil {
		return err
	}
	if s.saves.Add(1)%1024 == 0 {
		_, _ = s.db.ExecContext(ctx, `DELETE FROM answers WHERE at <= ?`, time.Now().Add(-TTL).UnixNano())
	}
	return nil
}

// Close closes the file.
func (s *SQLite) Close() error { return s.db.Close() }

// Redis keeps answers in Redis, shared by every replica.
type Redis struct{ rdb *redis.Client }

// NewRedis keeps answers through a client.
func NewRedis(rdb *redis.Client) *Redis { return &Redis{rdb: rdb} }

func redisKey(scope string) string { return "latsar:idem:" + scope }

// redisWait bounds each call, so a Redis that stops answering delays a
// keyed write by at most about a second in all.
const redisWait = 500 * time.Millisecond

// Load finds the answer kept for scope.
func (r *Redis) Load(ctx context.Context, scope string) (Answer, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, redisWait)
	defer cancel()
	raw, err := r.rdb.Get(ctx, redisKey(scope)).Bytes()
	if errors.Is(err, redis.Nil) {
		return Answer{}, false, nil
	}
	if err != nil {
		return Answer{}, false, err
	}
	var a Answer
	return a, true, json.Unmarshal(raw, &a)
}

// Save keeps the first answer for scope for TTL.
func (r *Redis) Save(ctx context.Context, scope string, a Answer) error {
	raw, err := json.Marshal(a)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, redisWait)
	defer cancel()
	return r.rdb.SetNX(ctx, redisKey(scope), raw, TTL).Err()
}
