package sqlite

import (
	"context"
	"errors"
	"sync"

	"github.com/latsar/ledger/events"
)

// A whole long stream read cold waits on the disk once per event: one
// participant's ~150 events are weeks apart in a file kept in position
// order, each on a page of its own, and SQLite reads them one after
// another. Such a read first lists the stream's revisions from the
// (stream, revision) index (a few adjacent pages, no table page), then reads
// them in as many ranges as there are reader connections, at once, so the
// disk serves their pages together (docs/benchmarks.md, "Cold reads, in
// parallel"). A read from a later revision (the write side catching a
// cached state up) is short and stays one query.
const (
	parallelReadFrom = 64 // events from which a whole-stream read is split
	parallelReadMax  = 4  // ranges at most (8 and 16 read no faster here)
)

const (
	streamRevisionsSQL = `SELECT revision, position FROM events WHERE stream = ? AND position <= ? ORDER BY revision`
	streamRangeSQL     = readStreamColumns + `WHERE stream = ? AND revision BETWEEN ? AND ? ORDER BY revision`
)

// readWholeStream reads stream up to position upTo into a borrowed buffer,
// in parallel ranges when it is long; ok is false when it is short (the
// caller reads it at once). revisions are the stream's up to upTo when the
// caller listed them already (nil: listed here).
func (s *Store) readWholeStream(ctx context.Context, stream string, upTo int64, revisions []revisionAt) (*[]events.Recorded, bool, error) {
	if revisions == nil {
		var err error
		if revisions, err = s.streamRevisions(ctx, stream, upTo); err != nil {
			return nil, false, err
		}
	}
	if len(revisions) < parallelReadFrom {
		return nil, false, nil
	}
	parts := min(s.cfg.readConns, parallelReadMax)
	results := make([]*[]events.Recorded, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		lo, hi := revisions[i*len(revisions)/parts].revision, revisions[(i+1)*len(revisions)/parts-1].revision
		wg.Go(func() {
			rows, err := s.readRange.QueryContext(ctx, stream, lo, hi)
			if err == nil {
				results[i], err = scanLent(rows, stream, true)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, r := range results[1:] {
		if r != nil {
			defer releaseRead(r)
		}
	}
	if err := errors.Join(errs...); err != nil {
		if results[0] != nil {
			releaseRead(results[0])
		}
		return nil, true, err
	}
	out := results[0]
	for _, r := range results[1:] {
		*out = append(*out, *r...)
	}
	return out, true, nil
}

// revisionAt is where the log holds one event of a stream.
type revisionAt struct{ revision, position int64 }

// streamRevisions lists the stream's revisions up to position upTo, with
// their positions, from the index alone (its entries carry the rowid); an
// empty list is not nil.
func (s *Store) streamRevisions(ctx context.Context, stream string, upTo int64) ([]revisionAt, error) {
	rows, err := s.revisions.QueryContext(ctx, stream, upTo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Room for a participant's stream (~150 events) at once: grown from
	// empty, the list allocated about twice its size on the way.
	revisions := make([]revisionAt, 0, 256)
	for rows.Next() {
		var r revisionAt
		if err := rows.Scan(&r.revision, &r.position); err != nil {
			return nil, err
		}
		revisions = append(revisions, r)
	}
	return revisions, rows.Err()
}
