package sqlite

import (
	"github.com/latsar/ledger/events"
)

// globalHead is the last event of the log: each event records its hash as
// prev_global, chaining the log in position order (docs/integrity.md).
type globalHead struct {
	pos  int64 // 0: the log is empty
	hash string
}

// lastBefore is the last event of the log before position pos.
func (w *writer) lastBefore(pos int64) (globalHead, error) {
	found, err := w.queryRow(w.headBefore, w.row[:], pos)
	if err != nil || !found {
		return globalHead{}, err
	}
	return globalHead{pos: int64Of(w.row[0]), hash: textOf(w.row[1])}, nil
}

// rechain seals rec, just inserted at pos, again after the event truly before
// it. A plain rowid is always one more than the largest, so a position other
// than the one after txGlobal means that another process wrote the file since
// this writer last did (or a commit it believed failed went through). Seeing
// it on the insert itself, under the write lock, costs the common case one
// comparison; asking the file for its last position at every transaction
// cost 15 µs, 9% of the CPU of a one-event append.
func (w *writer) rechain(rec *events.Recorded, pos int64) error {
	head, err := w.lastBefore(pos)
	if err != nil {
		return err
	}
	rec.Metadata.PrevGlobal = head.hash
	events.Seal(rec.Metadata.PrevHash, rec)
	w.mdBuf = events.AppendMetadataJSON(w.mdBuf[:0], &rec.Metadata)
	_, err = w.exec(w.setMetadata, string(w.mdBuf), pos)
	return err
}
