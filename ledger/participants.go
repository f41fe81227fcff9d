package ledger

import (
	"context"
	"strconv"
	"time"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
)

// runOnParticipant decides a command on the participant of nip after
// checking it is p's to touch (an unknown NIP or another tenant's
// participant is a 404); after sees the state the command left (see
// command.Command.After). idKey is the write's natural id, if it has one.
func (l *Ledger) runOnParticipant(ctx context.Context, p Principal, nip string, idKey string, at time.Time, decide func(participant.State) ([]domain.Event, error), after func(participant.State)) (Written, error) {
	n, err := domain.ParseNIP(nip)
	if err != nil {
		return Written{}, domain.NotFound("participant")
	}
	var keyFrom func(participant.State) string
	if idKey != "" {
		// After a correction the same natural id is a new fact.
		keyFrom = func(st participant.State) string {
			if n := st.Freed[idKey]; n > 0 {
				return idKey + "/" + strconv.Itoa(n)
			}
			return idKey
		}
	}
	res, err := l.participants.Run(ctx, command.Command[participant.State]{
		Stream: participantStream(n), IDKey: idKey, KeyFrom: keyFrom, At: at, Metadata: p.metadata(), After: after,
		Decide: func(st participant.State) ([]domain.Event, error) {
			if !st.Enrolled() || !p.Sees(scopeOfParticipant(st)) {
				return nil, domain.NotFound("participant")
			}
			return decide(st)
		},
	})
	return Written{Appends: appended(res)}, err
}
