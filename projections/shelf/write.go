package shelf

import (
	"context"
	"database/sql"
	"log/slog"
)

// upsert keeps the later of two documents of a participant: the writer may
// see an older one after a newer (a rebuild's and a read's, racing).
const upsert = `INSERT INTO standings (nip, position, body) VALUES (?, ?, ?)
ON CONFLICT (nip) DO UPDATE SET position = excluded.position, body = excluded.body
WHERE excluded.position > standings.position`

// write takes the queue in batches, one transaction each, until Close.
func (s *Shelf) write() {
	defer close(s.done)
	ctx := context.Background()
	stmt, err := s.wdb.PrepareContext(ctx, upsert)
	if err != nil {
		slog.Error("shelf: no writes", "path", s.path, "err", err)
		for it := range s.queue {
			if it.flushed != nil {
				close(it.flushed)
			}
		}
		return
	}
	defer stmt.Close()
	batch := make([]item, 0, batchLimit)
	for it := range s.queue {
		batch = append(batch[:0], it)
	gather:
		for len(batch) < batchLimit {
			select {
			case it, ok := <-s.queue:
				if !ok {
					break gather
				}
				batch = append(batch, it)
			default:
				break gather
			}
		}
		if err := s.writeBatch(ctx, stmt, batch); err != nil {
			slog.Warn("shelf: documents not kept", "path", s.path, "count", len(batch), "err", err)
		}
		for _, it := range batch {
			if it.flushed != nil {
				close(it.flushed)
			}
		}
	}
}

func (s *Shelf) writeBatch(ctx context.Context, stmt *sql.Stmt, batch []item) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st := tx.StmtContext(ctx, stmt)
	var n uint64
	for _, it := range batch {
		if it.flushed != nil {
			continue
		}
		body := it.body
		if it.encode != nil {
			if body, err = it.encode(); err != nil {
				continue // not kept: the read folds it instead
			}
		}
		k, ok := key(it.nip)
		if !ok {
			continue
		}
		if _, err := st.ExecContext(ctx, k, int64(it.position), body); err != nil {
			return err
		}
		n++
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.written.Add(n)
	return nil
}
