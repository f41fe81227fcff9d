package ledger

import (
	"context"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/projections"
)

// Standing is a participant's standing document (JSON) for p: any projection
// reader, and of a participant p sees (an unknown NIP or another tenant's
// participant is a 404). It reads the read model, so it answers as of the
// model's position; wait on the model first to read one's own writes. A
// standing as of a past moment is Replay's.
func (l *Ledger) Standing(ctx context.Context, p Principal, nip string) ([]byte, error) {
	doc, err := l.StandingDocument(ctx, p, nip)
	return doc.JSON, err
}

// StandingDocument is Standing with the document's entity tag, which the
// read model keeps with the encoding.
func (l *Ledger) StandingDocument(ctx context.Context, p Principal, nip string) (projections.Document, error) {
	if err := p.may("read standings", projectionReaders...); err != nil {
		return projections.Document{}, err
	}
	n, err := domain.ParseNIP(nip)
	if err != nil {
		return projections.Document{}, domain.NotFound("participant")
	}
	var doc projections.Document
	var scope projections.Scope
	err = l.find(ctx, "participant", func() (ok bool, err error) {
		doc, scope, ok, err = l.model.StandingJSON(ctx, n)
		return ok, err
	})
	if err != nil {
		return projections.Document{}, err
	}
	if !p.Sees(scope) {
		return projections.Document{}, domain.NotFound("participant")
	}
	return doc, nil
}
