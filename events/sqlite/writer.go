package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"runtime"
	"time"

	sqlitedrv "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/latsar/ledger/events"
)

// writer owns the single write connection. Only its goroutine uses it.
type writer struct {
	conn     *sql.Conn
	maxBatch int
	notify   *notifier
	batch    []*appendReq
	heads    map[string]streamHead // streams touched by the current transaction
	// committed remembers the heads of streams as last committed, so an
	// append does not query its stream's head; the UNIQUE(stream, revision)
	// index still catches another process that wrote the file meanwhile.
	committed map[string]streamHead
	// global is the last event of the log as last committed, txGlobal as
	// the open transaction sees it: each insert chains after txGlobal
	// (prev_global, global.go), and a request undone restores it.
	global, txGlobal globalHead
	mdBuf            []byte
	// committedEvents is reused to hand each commit's events to the notifier.
	committedEvents []events.Recorded
	// staged, when set (by tests), is called after each stream of a
	// multi-stream append is written and before the next: an error there
	// stands for a crash between the streams.
	staged  func(stream string) error
	observe CommitObserver

	begin, commit, rollback               *sql.Stmt
	savepoint, release, rollbackTo        *sql.Stmt
	insertStmt, streamHeadStmt, eventByID *sql.Stmt
	headBefore, setMetadata               *sql.Stmt
}

type streamHead struct {
	rev  int64 // -1: no event yet
	hash string
}

func newWriter(ctx context.Context, db *sql.DB, maxBatch int, n *notifier) (*writer, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	w := &writer{conn: conn, maxBatch: maxBatch, notify: n, heads: make(map[string]streamHead), committed: make(map[string]streamHead)}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		// IMMEDIATE takes the write lock at BEGIN, so another process on the
		// same file waits (busy_timeout) instead of failing at the first insert.
		{&w.begin, "BEGIN IMMEDIATE"},
		{&w.commit, "COMMIT"},
		{&w.rollback, "ROLLBACK"},
		{&w.savepoint, "SAVEPOINT append"},
		{&w.release, "RELEASE append"},
		{&w.rollbackTo, "ROLLBACK TO append"},
		{&w.insertStmt, `INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`},
		{&w.streamHeadStmt, `SELECT revision, json_extract(metadata, '$.hash') FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1`},
		{&w.eventByID, readAllColumns + `WHERE id = ?`},
		{&w.headBefore, `SELECT position, json_extract(metadata, '$.hash') FROM events WHERE position < ? ORDER BY position DESC LIMIT 1`},
		{&w.setMetadata, `UPDATE events SET metadata = ? WHERE position = ?`},
	} {
		if *p.stmt, err = conn.PrepareContext(ctx, p.sql); err != nil {
			w.close()
			return nil, err
		}
	}
	if w.global, err = w.lastBefore(ctx, math.MaxInt64); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *writer) close() error {
	var errs []error
	for _, st := range []*sql.Stmt{w.begin, w.commit, w.rollback, w.savepoint, w.release, w.rollbackTo, w.insertStmt, w.streamHeadStmt, w.eventByID, w.headBefore, w.setMetadata} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	if w.conn != nil {
		errs = append(errs, w.conn.Close())
	}
	return errors.Join(errs...)
}

// run commits requests until reqs is closed: it takes every request waiting
// (up to maxBatch) and commits them in one transaction, so concurrent
// appenders share one fsync.
func (w *writer) run(reqs <-chan *appendReq, stopped chan<- struct{}) {
	defer close(stopped)
	gather := time.NewTimer(time.Hour)
	gather.Stop()
	answered := 0 // by the last commit
	for req := range reqs {
		w.batch = append(w.batch[:0], req)
		// The appenders answered by the last commit are runnable but may not
		// have asked again yet; letting them run first makes this batch
		// theirs too instead of a batch of one (measured with 32 appenders:
		// batches of 1–2 alternating with 30, and about half the throughput).
		runtime.Gosched()
		open := w.drain(reqs)
		// Most of those answered come back within less than a commit's time
		// (an HTTP round trip); committing without them splits the appenders
		// into two halves that take turns, each paying a whole commit (the
		// fsync) for half of them. Waiting for them instead makes one batch
		// of all: a commit costs little more for twice the appends. The
		// timer ends the wait when they do not come (about a millisecond:
		// this machine's timers are no finer).
		if want := min(w.maxBatch, len(w.batch)+answered*9/10); open && len(w.batch) < want {
			gather.Reset(gatherWait)
		wait:
			for len(w.batch) < want {
				select {
				case r, ok := <-reqs:
					if !ok {
						break wait
					}
					w.batch = append(w.batch, r)
				case <-gather.C:
					break wait
				}
			}
			gather.Stop()
			w.drain(reqs)
		}
		w.commitBatch(w.batch)
		answered = len(w.batch)
		for i, r := range w.batch {
			close(r.done)
			w.batch[i] = nil
		}
	}
}

// gatherWait bounds how long a batch waits for the appenders of the last one.
const gatherWait = time.Millisecond

// drain adds the requests waiting (up to maxBatch) to the batch; it answers
// false once reqs is closed.
func (w *writer) drain(reqs <-chan *appendReq) bool {
	for len(w.batch) < w.maxBatch {
		select {
		case r, ok := <-reqs:
			if !ok {
				return false
			}
			w.batch = append(w.batch, r)
		default:
			return true
		}
	}
	return true
}

// commitBatch applies each request on its own (a refused request leaves the
// others alone) and commits them together. Nothing is answered before COMMIT
// returns; if it fails, every request gets its error.
func (w *writer) commitBatch(batch []*appendReq) {
	ctx := context.Background() // one caller giving up must not abort the others
	started := time.Now()
	if _, err := w.begin.ExecContext(ctx); err != nil {
		failAll(batch, fmt.Errorf("sqlite: begin: %w", err))
		return
	}
	clear(w.heads)
	w.txGlobal = w.global
	now := time.Now().UTC()
	inserted := false
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = err // the caller is gone; recording it now would surprise them
			continue
		}
		if err := w.apply(ctx, r, now); err != nil {
			_, _ = w.rollback.ExecContext(ctx)
			failAll(batch, fmt.Errorf("sqlite: append: %w", err))
			return
		}
		inserted = inserted || r.recordedAny()
	}
	if _, err := w.commit.ExecContext(ctx); err != nil {
		_, _ = w.rollback.ExecContext(ctx)
		failAll(batch, fmt.Errorf("sqlite: commit: %w", err))
		return
	}
	if len(w.committed)+len(w.heads) > maxCachedHeads {
		clear(w.committed)
	}
	for stream, h := range w.heads {
		w.committed[stream] = h
	}
	w.global = w.txGlobal
	w.committedEvents = w.committedEvents[:0]
	if inserted {
		for _, r := range batch {
			w.committedEvents = r.appendRecorded(w.committedEvents)
		}
		w.notify.broadcast(w.committedEvents)
	}
	if w.observe != nil {
		w.observe(len(batch), len(w.committedEvents), time.Since(started))
	}
}

// maxCachedHeads bounds the memory of committed stream heads (about 200 bytes each).
const maxCachedHeads = 200_000

func failAll(batch []*appendReq, err error) {
	for _, r := range batch {
		r.res, r.results, r.err = events.AppendResult{}, nil, err
	}
}

// apply answers r inside the open transaction, in r.res or r.err. The error it
// returns is one that leaves the transaction unusable; the batch then fails.
func (w *writer) apply(ctx context.Context, r *appendReq, now time.Time) error {
	if r.parts != nil {
		return w.applyMulti(ctx, r, now)
	}
	head, err := w.streamHead(ctx, r.stream)
	if err != nil {
		return err
	}
	if !r.expected.Holds(head.rev) {
		// A retried append is a duplicate whatever its expectation.
		if dup, err := w.answerDuplicate(ctx, r.events, &r.res); err != nil || dup {
			return err
		}
		r.err = &events.ConflictError{Stream: r.stream, Expected: r.expected, Actual: head.rev}
		return nil
	}

	// A single INSERT that fails leaves nothing behind; several need a
	// savepoint so a later failure undoes the earlier rows of this request only.
	multi := len(r.events) > 1
	if multi {
		if _, err := w.savepoint.ExecContext(ctx); err != nil {
			return err
		}
	}
	global := w.txGlobal
	recs, failed, err := w.insert(ctx, r.stream, head, r.events, now)
	if err == nil {
		if multi {
			if _, err := w.release.ExecContext(ctx); err != nil {
				return err
			}
		}
		w.heads[r.stream] = streamHead{rev: head.rev + int64(len(recs)), hash: recs[len(recs)-1].Metadata.Hash}
		r.res = events.AppendResult{Events: recs}
		return nil
	}
	w.txGlobal = global
	if multi {
		if rerr := w.undo(ctx); rerr != nil {
			return rerr
		}
	}
	if !isConstraint(err) {
		return err
	}
	if failed == 0 {
		// The first ID is taken: a retry of an append already recorded.
		if dup, derr := w.answerDuplicate(ctx, r.events, &r.res); derr != nil || dup {
			return derr
		}
		// Or the revision is: another process wrote this stream.
		if conflict, herr := w.revisionTaken(ctx, r.stream, r.expected, head); herr != nil || conflict != nil {
			r.err = conflict
			return herr
		}
	}
	r.err = fmt.Errorf("sqlite: append to %s: event %s: %w", r.stream, r.events[failed].ID, err)
	return nil
}

// insert writes evs at the end of stream, whose head is head, sealing each
// in the stream's hash chain and after the log's head (txGlobal, which it
// moves). On failure it says which event failed; the caller undoes what was
// written and restores txGlobal.
func (w *writer) insert(ctx context.Context, stream string, head streamHead, evs []events.Proposed, now time.Time) ([]events.Recorded, int, error) {
	recs := make([]events.Recorded, len(evs))
	prev := head.hash
	for i, p := range evs {
		rec := &recs[i]
		*rec = events.Recorded{
			ID: p.ID, Type: p.Type, Stream: stream,
			Revision: uint64(head.rev + 1 + int64(i)), RecordedAt: now,
			Data: p.Data, Metadata: p.Metadata,
		}
		rec.Metadata.PrevGlobal = w.txGlobal.hash
		events.Seal(prev, rec)
		w.mdBuf = events.AppendMetadataJSON(w.mdBuf[:0], &rec.Metadata)
		res, err := w.insertStmt.ExecContext(ctx, rec.ID, rec.Stream, int64(rec.Revision), rec.Type, dataArg(rec.Data), string(w.mdBuf), now.UnixNano())
		var pos int64
		if err == nil {
			pos, err = res.LastInsertId()
		}
		if err == nil && pos != w.txGlobal.pos+1 {
			err = w.rechain(ctx, rec, pos)
		}
		if err != nil {
			return nil, i, err
		}
		rec.Position = uint64(pos)
		prev = rec.Metadata.Hash
		w.txGlobal = globalHead{pos: pos, hash: rec.Metadata.Hash}
	}
	return recs, 0, nil
}

// undo rolls back to the request's savepoint and leaves it.
func (w *writer) undo(ctx context.Context) error {
	if _, err := w.rollbackTo.ExecContext(ctx); err != nil {
		return err
	}
	_, err := w.release.ExecContext(ctx)
	return err
}

// revisionTaken tells, after an insert hit a constraint, whether another
// process wrote stream since its head was remembered: then the append
// conflicts. It forgets the remembered head either way.
func (w *writer) revisionTaken(ctx context.Context, stream string, expected events.ExpectedRevision, head streamHead) (*events.ConflictError, error) {
	delete(w.committed, stream)
	delete(w.heads, stream)
	actual, err := w.streamHead(ctx, stream)
	if err != nil || actual.rev == head.rev {
		return nil, err
	}
	return &events.ConflictError{Stream: stream, Expected: expected, Actual: actual.rev}, nil
}

// streamHead is the stream's last revision and hash as this transaction sees it.
func (w *writer) streamHead(ctx context.Context, stream string) (streamHead, error) {
	if h, ok := w.heads[stream]; ok {
		return h, nil
	}
	if h, ok := w.committed[stream]; ok {
		w.heads[stream] = h
		return h, nil
	}
	h := streamHead{rev: -1}
	var hash sql.NullString
	err := w.streamHeadStmt.QueryRowContext(ctx, stream).Scan(&h.rev, &hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return h, err
	default:
		h.hash = hash.String
	}
	w.heads[stream] = h
	return h, nil
}

// answerDuplicate answers, in res, the events already recorded under the
// IDs of evs if its first ID is one of them (it may have been recorded
// earlier in this same transaction).
func (w *writer) answerDuplicate(ctx context.Context, evs []events.Proposed, res *events.AppendResult) (bool, error) {
	var found []events.Recorded
	for i, p := range evs {
		rows, err := w.eventByID.QueryContext(ctx, p.ID)
		if err != nil {
			return false, err
		}
		recs, err := scanRead(rows, "", false)
		if err != nil {
			return false, err
		}
		if i == 0 && len(recs) == 0 {
			return false, nil
		}
		found = append(found, recs...)
	}
	*res = events.AppendResult{Events: found, Duplicate: true}
	return true, nil
}

func isConstraint(err error) bool {
	var e *sqlitedrv.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
}
