package ledger

import (
	"context"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
)

// Correct is a correction of one recorded event of a participant.
type Correct struct {
	NIP     string
	EventID string
	Reason  string
	// Replacement, when set, is what the original should have been; without
	// it the original no longer counts.
	Replacement ReplacementBody
}

// Corrected answers a correction with the standing it leaves.
type Corrected struct {
	Written
	Standing participant.Standing
}

// Correct records EventCorrected naming the original, its reason and
// optionally a replacement, decided by the rules of a new command of the
// original's type. The original stays in the log. Admin, or the lms of the
// institution that recorded the original. The event id is the correction's
// natural id: the same correction again answers the first record.
func (l *Ledger) Correct(ctx context.Context, p Principal, cmd Correct) (Corrected, error) {
	if err := p.may("correct events", access.Admin, access.LMS); err != nil {
		return Corrected{}, err
	}
	var out Corrected
	w, err := l.runOnParticipant(ctx, p, cmd.NIP, "correction:"+cmd.EventID, time.Time{}, func(st participant.State) ([]domain.Event, error) {
		recs, err := l.store.ReadStream(ctx, participantStream(st.Enrolment.NIP), 0, 0)
		if err != nil {
			return nil, err
		}
		if err := mayCorrect(p, recs, cmd.EventID); err != nil {
			return nil, err
		}
		history, err := l.catalogue.DecodeAll(recs)
		if err != nil {
			return nil, err
		}
		c := participant.Correct{EventID: cmd.EventID, Reason: cmd.Reason}
		if cmd.Replacement != nil {
			c.Replacement = func(before, without participant.State, orig domain.Event) ([]domain.Event, error) {
				return decideReplacement(p, before, without, orig, cmd.Replacement)
			}
		}
		return participant.DecideCorrection(history, c)
	}, func(st participant.State) { out.Standing = participant.StandingOf(st) })
	if err != nil {
		return Corrected{}, err
	}
	out.Written = w
	out.Standing.Position = w.Position()
	return out, nil
}

// mayCorrect finds the original among the participant's records: an lms
// token corrects only what its own institution recorded.
func mayCorrect(p Principal, recs []events.Recorded, eventID string) error {
	for _, r := range recs {
		if r.ID != eventID {
			continue
		}
		if p.Role == access.LMS && r.Metadata.Institution != p.Institution {
			return &domain.Error{Code: domain.CodeForbidden, Message: "an lms token corrects only what its institution recorded",
				Fields: []domain.FieldError{{Field: "event_id", Message: "recorded by another institution"}}}
		}
		return nil
	}
	return domain.Refuse("", "event_id", "no event "+eventID+" in this participant's stream")
}
