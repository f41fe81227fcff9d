package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/latsar/ledger/events"
)

// ReadStream implements events.Store.
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, maxPosition uint64) ([]events.Recorded, error) {
	if err := s.usable(); err != nil {
		return nil, err
	}
	upTo := int64(math.MaxInt64)
	if maxPosition != 0 {
		upTo = clampInt64(maxPosition)
	}
	rows, err := s.readStream.QueryContext(ctx, stream, clampInt64(from), upTo)
	if err != nil {
		return nil, s.readErr(err)
	}
	evs, err := scanAll(rows)
	if err != nil {
		return nil, s.readErr(err)
	}
	return evs, nil
}

// ReadAll implements events.Store. A limit of zero or less means no limit.
func (s *Store) ReadAll(ctx context.Context, after uint64, limit int) ([]events.Recorded, error) {
	if err := s.usable(); err != nil {
		return nil, err
	}
	lim := int64(-1) // SQLite: a negative LIMIT is no limit
	if limit > 0 {
		lim = int64(limit)
	}
	rows, err := s.readAll.QueryContext(ctx, clampInt64(after), lim)
	if err != nil {
		return nil, s.readErr(err)
	}
	evs, err := scanAll(rows)
	if err != nil {
		return nil, s.readErr(err)
	}
	return evs, nil
}

// HeadPosition implements events.Store.
func (s *Store) HeadPosition(ctx context.Context) (uint64, error) {
	if err := s.usable(); err != nil {
		return 0, err
	}
	var head int64
	if err := s.head.QueryRowContext(ctx).Scan(&head); err != nil {
		return 0, s.readErr(err)
	}
	return uint64(head), nil
}

// Ping implements events.Store: it answers when a reader can query the file
// and the writer is running.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.usable(); err != nil {
		return err
	}
	var one int
	if err := s.rdb.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return s.readErr(err)
	}
	return nil
}

// readErr turns the errors of a read racing with Close into ErrClosed.
func (s *Store) readErr(err error) error {
	if s.usable() != nil {
		return events.ErrClosed
	}
	return fmt.Errorf("sqlite: %w", err)
}

func clampInt64(v uint64) int64 {
	if v > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(v)
}

// scanAll reads rows of selectColumns. It answers an empty, non-nil slice
// when there is no row.
func scanAll(rows *sql.Rows) ([]events.Recorded, error) {
	defer rows.Close()
	evs := []events.Recorded{}
	var md sql.RawBytes
	for rows.Next() {
		var (
			e            events.Recorded
			pos, rev, at int64
		)
		if err := rows.Scan(&pos, &e.ID, &e.Stream, &rev, &e.Type, &e.Data, &md, &at); err != nil {
			return nil, err
		}
		if err := events.ParseMetadataJSON(md, &e.Metadata); err != nil {
			return nil, fmt.Errorf("event %s: metadata: %w", e.ID, err)
		}
		e.Position, e.Revision = uint64(pos), uint64(rev)
		e.RecordedAt = time.Unix(0, at).UTC()
		evs = append(evs, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return evs, nil
}

// dataArg stores data as TEXT, so the sqlite3 shell shows the JSON, and no
// data as NULL (the hash chain reads both as JSON null).
func dataArg(data []byte) any {
	if len(data) == 0 {
		return nil
	}
	return string(data)
}
