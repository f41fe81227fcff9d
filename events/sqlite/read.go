package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/latsar/ledger/events"
)

// ReadStream implements events.Store: the events LendStream lends, copied
// into a slice of their own for the caller to keep.
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, maxPosition uint64) ([]events.Recorded, error) {
	var out []events.Recorded
	err := s.LendStream(ctx, stream, from, maxPosition, func(evs []events.Recorded) error {
		out = append(make([]events.Recorded, 0, len(evs)), evs...)
		return nil
	})
	return out, err
}

// LendStream implements events.StreamLender: the events are read into a
// pooled buffer, lent to use and taken back after it, so a fold that keeps
// none of them (a replay: ~150 events, some 40 KB of envelopes) copies
// nothing more than the rows.
func (s *Store) LendStream(ctx context.Context, stream string, from uint64, maxPosition uint64, use func([]events.Recorded) error) error {
	if err := s.usable(); err != nil {
		return err
	}
	upTo := int64(math.MaxInt64)
	if maxPosition != 0 {
		upTo = clampInt64(maxPosition)
	}
	evs, err := s.readStreamLent(ctx, stream, from, upTo)
	if err != nil {
		return s.readErr(err)
	}
	defer releaseRead(evs)
	return use(*evs)
}

// readStreamLent reads the stream into a borrowed buffer: from the stream
// copy when it holds the stream, else from the log in parallel ranges when
// it is long, else in one query.
func (s *Store) readStreamLent(ctx context.Context, stream string, from uint64, upTo int64) (*[]events.Recorded, error) {
	if from == 0 {
		evs, done, listed, err := s.readFromCopy(ctx, stream, upTo)
		if done || err != nil {
			return evs, err
		}
		evs, done, err = s.readWholeStream(ctx, stream, upTo, listed)
		if done || err != nil {
			return evs, err
		}
	}
	rows, err := s.readStream.QueryContext(ctx, stream, clampInt64(from), upTo)
	if err != nil {
		return nil, err
	}
	return scanLent(rows, stream, true)
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
	evs, err := scanRead(rows, "", false)
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

// ReleaseIdleReaders closes the read pool's idle connections and with them
// their page caches, which a scan of the whole log (a rebuild at start) has
// filled: up to 2 MiB each, about 14 MiB of the server's resident memory on
// the benchmark year. Later reads open connections again as they need them.
func (s *Store) ReleaseIdleReaders() {
	s.rdb.SetMaxIdleConns(0)
	s.rdb.SetMaxIdleConns(s.cfg.readConns)
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

// The reads of the log (ReadAll, ReadStream, the writer's look-up of an
// event by id) select data as a BLOB: the
// driver hands a BLOB over in a slice of its own, which the event keeps
// (stored as TEXT, it would come as a string, copied once more). A read of
// one stream leaves the stream out: it knows it.
const (
	readAllColumns    = `SELECT position, id, stream, revision, type, CAST(data AS BLOB), metadata, recorded_at FROM events `
	readStreamColumns = `SELECT position, id, revision, type, CAST(data AS BLOB), metadata, recorded_at FROM events `
)

// scanRead reads rows of readAllColumns, or of readStreamColumns, those of
// stream, when oneStream. It answers an empty, non-nil slice when there is no row,
// else one of exactly the rows' length: the rows are gathered in a pooled
// buffer, not in a slice grown by doubling (a cold standing read, ~150
// events, allocated about three times the events' own size that way).
func scanRead(rows *sql.Rows, stream string, oneStream bool) ([]events.Recorded, error) {
	buf, err := scanLent(rows, stream, oneStream)
	if err != nil {
		return nil, err
	}
	defer releaseRead(buf)
	return append(make([]events.Recorded, 0, len(*buf)), *buf...), nil
}

// scanLent is scanRead into a borrowed buffer (releaseRead gives it back).
func scanLent(rows *sql.Rows, stream string, oneStream bool) (*[]events.Recorded, error) {
	buf := borrowRead()
	evs, err := scanInto((*buf)[:0], rows, stream, oneStream)
	*buf = evs
	if err != nil {
		releaseRead(buf)
		return nil, err
	}
	return buf, nil
}

// scanInto appends the rows to evs.
func scanInto(evs []events.Recorded, rows *sql.Rows, stream string, oneStream bool) ([]events.Recorded, error) {
	defer rows.Close()
	var (
		e            events.Recorded
		pos, rev, at int64
		data         sql.RawBytes
		md           string // the driver's own string: the metadata's fields stay substrings of it
	)
	dest := []any{&pos, &e.ID, &e.Stream, &rev, &e.Type, &data, &md, &at}
	if oneStream {
		dest = []any{&pos, &e.ID, &rev, &e.Type, &data, &md, &at}
	}
	for rows.Next() {
		e = events.Recorded{Stream: stream}
		if err := rows.Scan(dest...); err != nil {
			return evs, err
		}
		if err := events.ParseMetadataJSON(md, &e.Metadata); err != nil {
			return evs, fmt.Errorf("event %s: metadata: %w", e.ID, err)
		}
		// The driver's own slice, fresh for each row (TestReadEventsKeepTheirData).
		e.Data = []byte(data)
		e.Position, e.Revision = uint64(pos), uint64(rev)
		e.RecordedAt = time.Unix(0, at).UTC()
		evs = append(evs, e)
	}
	return evs, rows.Err()
}

// readBuffers hold the rows of reads under way (a rebuild reads pages of
// 5,000); a buffer grown past maxPooledRead rows (a read of the whole log)
// is let go, and the pool lets its buffers go after two collections unused.
var readBuffers = sync.Pool{New: func() any { return new([]events.Recorded) }}

const maxPooledRead = 8192

func borrowRead() *[]events.Recorded { return readBuffers.Get().(*[]events.Recorded) }

// releaseRead takes a buffer back, cleared: the pool keeps no event alive.
func releaseRead(buf *[]events.Recorded) {
	clear(*buf)
	if cap(*buf) <= maxPooledRead {
		*buf = (*buf)[:0]
		readBuffers.Put(buf)
	}
}

// dataArg stores data as TEXT, so the sqlite3 shell shows the JSON, and no
// data as NULL (the hash chain reads both as JSON null).
func dataArg(data []byte) any {
	if len(data) == 0 {
		return nil
	}
	return string(data)
}
