package ledger

import (
	"context"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
)

// Explained is a standing with the derivation of its numbers.
type Explained struct {
	Standing    participant.Standing
	Explanation participant.Explanation
}

// ExplainStanding is the participant's standing with "why this score"
// (participant.Explain), both computed from one state folded from the log
// with the fold every standing uses: as it is now, or as it was at asOf
// (zero: any time) and global position atPosition (0: the head), like
// Replay. Folding the log rather than reading the projection keeps the two
// from ever describing different moments, and always includes the caller's
// own writes. Who may read it is decided as for the standing.
func (l *Ledger) ExplainStanding(ctx context.Context, p Principal, nip string, asOf time.Time, atPosition uint64) (Explained, error) {
	if err := p.may("read standings", projectionReaders...); err != nil {
		return Explained{}, err
	}
	n, err := domain.ParseNIP(nip)
	if err != nil {
		return Explained{}, domain.NotFound("participant")
	}
	var (
		s        participant.State
		position uint64
	)
	err = l.useHistory(ctx, n, asOf, atPosition, func(recs []events.Recorded) error {
		history, err := l.catalogue.DecodeAll(recs)
		if err != nil {
			return err
		}
		s = participant.Fold(history)
		if len(recs) > 0 {
			position = recs[len(recs)-1].Position
		}
		return nil
	})
	if err != nil {
		return Explained{}, err
	}
	if !s.Enrolled() || !p.Sees(scopeOfParticipant(s)) {
		return Explained{}, domain.NotFound("participant")
	}
	out := Explained{Standing: participant.StandingOf(s), Explanation: participant.Explain(s)}
	out.Standing.Position = position
	return out, nil
}
