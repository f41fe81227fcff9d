package ledger

import (
	"context"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
)

// Trophies answers a trophy with the participant's tally it leaves.
type Trophies struct {
	Written
	Total int
	Stars participant.Stars
}

// EarnTrophy records a trophy earned in the MOOC (R-TRO-1, R-TRO-8). Admin
// and the institution's LMS record learning; another tenant's participant is
// a 404. activity_id is a natural id: the same trophy again answers the
// first record, the same activity with other details is refused (R-TRO-8).
func (l *Ledger) EarnTrophy(ctx context.Context, p Principal, nip string, cmd participant.EarnTrophy) (Trophies, error) {
	if err := p.may("record trophies", learningWriters...); err != nil {
		return Trophies{}, err
	}
	var out Trophies
	w, err := l.runOnParticipant(ctx, p, nip, participant.NaturalKey(cmd.TrophyEarned), cmd.EarnedAt, func(st participant.State) ([]domain.Event, error) {
		return participant.DecideTrophy(st, cmd)
	}, func(st participant.State) { out.Total = st.Total })
	if err != nil {
		return Trophies{}, err
	}
	out.Written, out.Stars = w, participant.StarsFor(out.Total)
	return out, nil
}

// Posttest answers a posttest attempt with what R-POST-2/3 made of it and the
// MOOC result it leaves.
type Posttest struct {
	Written
	// Attempt is the attempt as recorded (the first record, for a repeat).
	Attempt    participant.PosttestAttempted
	Result     domain.Score
	MOOCPassed bool
}

// AttemptPosttest records a posttest attempt: R-POST-3 weighs it, R-POST-2
// caps it by its number, the result is the best capped attempt. attempt_id
// is a natural id. Admin and the institution's LMS only.
func (l *Ledger) AttemptPosttest(ctx context.Context, p Principal, nip string, cmd participant.AttemptPosttest) (Posttest, error) {
	if err := p.may("record posttests", learningWriters...); err != nil {
		return Posttest{}, err
	}
	var out Posttest
	w, err := l.runOnParticipant(ctx, p, nip, participant.NaturalKey(participant.PosttestAttempted{AttemptID: cmd.AttemptID}), cmd.TakenAt, func(st participant.State) ([]domain.Event, error) {
		return participant.DecidePosttest(st, cmd)
	}, func(st participant.State) {
		for _, a := range st.Attempts {
			if a.AttemptID == cmd.AttemptID {
				out.Attempt = a
			}
		}
		out.Result, out.MOOCPassed = st.Result, participant.EvaluateMOOC(st).Passed
	})
	if err != nil {
		return Posttest{}, err
	}
	out.Written = w
	return out, nil
}

// CheckIn checks a participant in to klasikal learning, only after the MOOC
// is passed (R-CHECKIN-1, R-POST-4). A participant checks in once: again
// answers the first record, whatever time it gives. Admin and the
// institution's LMS only.
func (l *Ledger) CheckIn(ctx context.Context, p Principal, nip string, cmd participant.CheckIn) (Written, error) {
	if err := p.may("check participants in", learningWriters...); err != nil {
		return Written{}, err
	}
	// No time in the ids: a repeat answers the recorded check-in whatever
	// time it gives (see command.Command.At).
	return l.runOnParticipant(ctx, p, nip, participant.NaturalKey(participant.KlasikalCheckedIn{}), time.Time{}, func(st participant.State) ([]domain.Event, error) {
		return participant.DecideCheckIn(st, cmd)
	}, nil)
}
