package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/latsar/ledger/events"
)

// globalHead is the last event of the log: each event records its hash as
// prev_global, chaining the log in position order (docs/integrity.md).
type globalHead struct {
	pos  int64 // 0: the log is empty
	hash string
}

// lastBefore is the last event of the log before position pos.
func (w *writer) lastBefore(ctx context.Context, pos int64) (globalHead, error) {
	var g globalHead
	var hash sql.NullString
	err := w.headBefore.QueryRowContext(ctx, pos).Scan(&g.pos, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return globalHead{}, nil
	}
	g.hash = hash.String
	return g, err
}

// rechain seals rec, just inserted at pos, again after the event truly before
// it. A plain rowid is always one more than the largest, so a position other
// than the one after txGlobal means that another process wrote the file since
// this writer last did (or a commit it believed failed went through). Seeing
// it on the insert itself, under the write lock, costs the common case one
// comparison; asking the file for its last position at every transaction
// cost 15 µs, 9% of the CPU of a one-event append.
func (w *writer) rechain(ctx context.Context, rec *events.Recorded, pos int64) error {
	head, err := w.lastBefore(ctx, pos)
	if err != nil {
		return err
	}
	rec.Metadata.PrevGlobal = head.hash
	events.Seal(rec.Metadata.PrevHash, rec)
	w.mdBuf = events.AppendMetadataJSON(w.mdBuf[:0], &rec.Metadata)
	_, err = w.setMetadata.ExecContext(ctx, string(w.mdBuf), pos)
	return err
}
