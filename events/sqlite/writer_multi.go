package sqlite

import (
	"context"
	"time"

	"github.com/latsar/ledger/events"
)

// applyMulti answers a multi-stream append inside the open transaction, in
// r.results or r.err: every part that is not a duplicate is written under one
// savepoint, so a refused part undoes the others. The error it returns is one
// that leaves the transaction unusable.
func (w *writer) applyMulti(ctx context.Context, r *appendReq, now time.Time) error {
	r.results = make([]events.AppendResult, len(r.parts))
	heads := make([]streamHead, len(r.parts))
	dup := make([]bool, len(r.parts))
	for i, p := range r.parts {
		var err error
		if dup[i], err = w.answerDuplicate(ctx, p.Events, &r.results[i]); err != nil {
			return err
		}
		if dup[i] {
			continue
		}
		if heads[i], err = w.streamHead(ctx, p.Stream); err != nil {
			return err
		}
		if !p.Expected.Holds(heads[i].rev) {
			r.results, r.err = nil, &events.ConflictError{Stream: p.Stream, Expected: p.Expected, Actual: heads[i].rev}
			return nil
		}
	}
	if _, err := w.savepoint.ExecContext(ctx); err != nil {
		return err
	}
	global := w.txGlobal
	for i, p := range r.parts {
		if dup[i] {
			continue
		}
		recs, failed, err := w.insert(ctx, p.Stream, heads[i], p.Events, now)
		if err == nil && w.staged != nil {
			if err := w.staged(p.Stream); err != nil {
				return err // the transaction is abandoned, as a crash would leave it
			}
		}
		if err == nil {
			r.results[i] = events.AppendResult{Events: recs}
			continue
		}
		w.txGlobal = global
		if rerr := w.undo(ctx); rerr != nil {
			return rerr
		}
		if !isConstraint(err) {
			return err
		}
		r.results = nil
		// Another process wrote one of these streams, or an id proposed
		// here is taken: either way nothing of this request stays.
		for j, q := range r.parts[:i+1] {
			if dup[j] {
				continue
			}
			conflict, herr := w.revisionTaken(ctx, q.Stream, q.Expected, heads[j])
			if herr != nil {
				return herr
			}
			if conflict != nil {
				r.err = conflict
				return nil
			}
		}
		r.err = &idTakenError{stream: p.Stream, id: p.Events[failed].ID, err: err}
		return nil
	}
	if _, err := w.release.ExecContext(ctx); err != nil {
		return err
	}
	for i, p := range r.parts {
		if !dup[i] {
			recs := r.results[i].Events
			w.heads[p.Stream] = streamHead{rev: heads[i].rev + int64(len(recs)), hash: recs[len(recs)-1].Metadata.Hash}
		}
	}
	return nil
}

type idTakenError struct {
	stream, id string
	err        error
}

func (e *idTakenError) Error() string {
	return "sqlite: append to " + e.stream + ": event " + e.id + ": " + e.err.Error()
}

func (e *idTakenError) Unwrap() error { return e.err }

// recordedAny tells whether the request recorded a new event.
func (r *appendReq) recordedAny() bool {
	if r.err != nil {
		return false
	}
	if r.parts == nil {
		return !r.res.Duplicate
	}
	for _, res := range r.results {
		if !res.Duplicate {
			return true
		}
	}
	return false
}

// appendRecorded appends the events the request newly recorded, in position order.
func (r *appendReq) appendRecorded(to []events.Recorded) []events.Recorded {
	if r.err != nil {
		return to
	}
	if r.parts == nil {
		if !r.res.Duplicate {
			to = append(to, r.res.Events...)
		}
		return to
	}
	for _, res := range r.results {
		if !res.Duplicate {
			to = append(to, res.Events...)
		}
	}
	return to
}
