package ledger

import (
	"context"

	"github.com/latsar/ledger/domain"
)

// Standing is a participant's standing document (JSON) for p: any projection
// reader, and of a participant p sees (an unknown NIP or another tenant's
// participant is a 404). It reads the read model, so it answers as of the
// model's position; wait on the model first to read one's own writes.
//
// With replay (?as_of or ?at_position) the standing is instead folded from
// the log by replay, which answers the caller itself and checks the tenant
// of what it folds; Standing then decides only who may ask and which NIP,
// and answers no document.
// TRANSITIONAL: replay is the HTTP edge's until the replay moves in here.
func (l *Ledger) Standing(_ context.Context, p Principal, nip string, replay func(domain.NIP) error) ([]byte, error) {
	if err := p.may("read standings", projectionReaders...); err != nil {
		return nil, err
	}
	n, err := domain.ParseNIP(nip)
	if err != nil {
		return nil, domain.NotFound("participant")
	}
	if replay != nil {
		return nil, replay(n)
	}
	b, scope, ok, err := l.model.StandingJSON(n)
	if err != nil {
		return nil, err
	}
	if !ok || !p.Sees(scope) {
		return nil, domain.NotFound("participant")
	}
	return b, nil
}
