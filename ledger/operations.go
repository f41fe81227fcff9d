package ledger

// The reads of the log itself and the operators' actions on the read model.
// They are not decisions of the programme, but who may do them is a rule
// like any other, so it is decided here and the edge only pages and encodes.

import (
	"context"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/keys"
)

// logReaders read the raw log, its checkpoints and its verification:
// auditors, who must see everything, and the operator's admin.
var logReaders = []access.Role{access.Admin, access.Auditor}

// Integrity is where the server keeps the signed checkpoints of the log, and
// the keys that verify them (docs/integrity.md).
type Integrity struct {
	Checkpoints string         // the checkpoint file, NDJSON
	Keys        *keys.Verifier // every key the server signed with
}

// load reads the checkpoint file as it is, with the lines that do not parse.
func (i *Integrity) load() (cps []events.Checkpoint, bad []string, err error) {
	if i == nil {
		return nil, nil, nil
	}
	return events.LoadCheckpoints(i.Checkpoints)
}

// ReadLog is up to limit events of the global log after a position.
func (l *Ledger) ReadLog(ctx context.Context, p Principal, after uint64, limit int) ([]events.Recorded, error) {
	if err := p.may("read the log", logReaders...); err != nil {
		return nil, err
	}
	return l.store.ReadAll(ctx, after, limit)
}

// FollowLog decides whether p may follow the log live; the edge streams it.
func (l *Ledger) FollowLog(p Principal) error {
	return p.may("follow the log", logReaders...)
}

// StreamVerification is one stream's hash chain recomputed.
type StreamVerification struct {
	Events int
	Break  *events.ChainBreak // nil when every hash holds
}

// VerifyStream recomputes a stream's hash chain; a stream without events is
// not found.
func (l *Ledger) VerifyStream(ctx context.Context, p Principal, stream string) (StreamVerification, error) {
	if err := p.may("verify the log", logReaders...); err != nil {
		return StreamVerification{}, err
	}
	recs, err := l.store.ReadStream(ctx, stream, 0, 0)
	if err != nil {
		return StreamVerification{}, err
	}
	if len(recs) == 0 {
		return StreamVerification{}, domain.NotFound("stream")
	}
	return StreamVerification{Events: len(recs), Break: events.VerifyChain(recs)}, nil
}

// VerifyLog checks the whole log in one pass against the checkpoints this
// server signed; checkpoint lines that do not parse or verify are reported
// as refused.
func (l *Ledger) VerifyLog(ctx context.Context, p Principal) (*events.LogReport, error) {
	if err := p.may("verify the log", logReaders...); err != nil {
		return nil, err
	}
	cps, bad, err := l.integrity.load()
	if err != nil {
		return nil, err
	}
	var verifier events.CheckpointKeys
	if l.integrity != nil {
		verifier = l.integrity.Keys
	}
	rep, err := events.VerifyLog(ctx, l.store, cps, verifier, nil)
	if err != nil {
		return nil, err
	}
	rep.Refused = append(bad, rep.Refused...)
	return rep, nil
}

// Checkpoints are the log's signed checkpoints whose signature holds, oldest
// first; the others are left out.
func (l *Ledger) Checkpoints(p Principal) ([]events.Checkpoint, error) {
	if err := p.may("read the checkpoints", logReaders...); err != nil {
		return nil, err
	}
	cps, _, err := l.integrity.load()
	if err != nil || l.integrity == nil {
		return nil, err
	}
	valid, _ := events.ValidCheckpoints(cps, l.integrity.Keys)
	return valid, nil
}

// MayRebuild decides whether p may rebuild the read model or watch a
// rebuild; the edge runs it.
func (l *Ledger) MayRebuild(p Principal) error {
	return p.may("rebuild the read model", access.Admin)
}
