package ledger

import (
	"context"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
)

// Moved answers a withdrawal or a transfer with the cohort the participant
// is in afterwards (for a withdrawal, the one they left).
type Moved struct {
	Written
	NIP      domain.NIP
	CohortID string
}

// currentCohort is the cohort participant nip is enrolled in now, if p may
// see them (else 404), with their latest transfer, if any.
func (l *Ledger) currentCohort(ctx context.Context, p Principal, nip string) (domain.NIP, string, *cohort.ParticipantTransferred, error) {
	n, err := domain.ParseNIP(nip)
	if err != nil {
		return "", "", nil, domain.NotFound("participant")
	}
	id := ""
	var last *cohort.ParticipantTransferred
	err = l.participants.Inspect(ctx, participantStream(n), func(st participant.State) {
		if st.Enrolled() && p.Sees(scopeOfParticipant(st)) {
			id = st.Enrolment.CohortID
			if k := len(st.Transfers); k > 0 {
				t := st.Transfers[k-1]
				last = &t
			}
		}
	})
	if err == nil && id == "" {
		err = domain.NotFound("participant")
	}
	return n, id, last, err
}

// Withdraw records a participant's withdrawal (R-MOVE-1) on their cohort's
// roster and on their own stream, in one append: from then on they take no
// learning event and no meeting decides them. The same withdrawal again
// answers the first record. Admin and the institution's LMS only.
func (l *Ledger) Withdraw(ctx context.Context, p Principal, nip string, e cohort.ParticipantWithdrew) (Moved, error) {
	if err := p.may("withdraw participants", learningWriters...); err != nil {
		return Moved{}, err
	}
	n, cohortID, _, err := l.currentCohort(ctx, p, nip)
	if err != nil {
		return Moved{}, err
	}
	e.NIP, e.CohortID = n, cohortID
	var out Moved
	err = command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		co, err := command.Hold(tx, l.cohorts, cohortStream(cohortID))
		if err != nil {
			return err
		}
		pa, err := command.Hold(tx, l.participants, participantStream(n))
		if err != nil {
			return err
		}
		if ps := pa.State(); !ps.Enrolled() || ps.Enrolment.CohortID != cohortID {
			return domain.Conflict("R-MOVE-2", "the participant moved to another cohort meanwhile; try again")
		}
		onRoster, err := cohort.DecideWithdrawal(co.State(), e)
		if err != nil {
			return err
		}
		own, err := participant.DecideWithdrawal(pa.State(), onRoster[0].(cohort.ParticipantWithdrew))
		if err != nil {
			return err
		}
		md := p.metadata()
		roster, err := command.Stage(tx, co, onRoster, command.Emit{IDKey: "withdraw:" + string(n), Metadata: md})
		if err != nil {
			return err
		}
		mine, err := command.Stage(tx, pa, own, command.Emit{IDKey: "withdraw:" + cohortID, Metadata: md})
		if err != nil {
			return err
		}
		tx.After(func() { out = Moved{Written: written(roster, mine), NIP: n, CohortID: cohortID} })
		return nil
	})
	return out, err
}

// Transfer moves a participant to another cohort of the same institution
// (R-MOVE-2): off the old roster, onto the new one under its R-COH-1..3,
// and the new enrolment on the participant's own stream, whose learning
// record stays theirs. Both cohorts (in id order) and the participant are
// held and written in one append: a full cohort, a decided participant or a
// lost race leaves all three as they were. Admin and the institution's LMS.
func (l *Ledger) Transfer(ctx context.Context, p Principal, nip string, e cohort.ParticipantTransferred) (Moved, error) {
	if err := p.may("transfer participants", learningWriters...); err != nil {
		return Moved{}, err
	}
	n, from, last, err := l.currentCohort(ctx, p, nip)
	if err != nil {
		return Moved{}, err
	}
	e.NIP, e.FromCohortID = n, from
	// The same transfer asked again answers the recorded one.
	var repeat []domain.Event
	if last != nil && last.ToCohortID == from && e.ToCohortID == from && last.Reason == e.Reason && last.TransferredOn == e.TransferredOn {
		from, e.FromCohortID, repeat = last.FromCohortID, last.FromCohortID, []domain.Event{*last}
	}
	var out Moved
	err = command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		// Cohorts in id order, then the participant (see command.Tx).
		held := map[string]*command.Held[cohort.State]{}
		ids := []string{from, e.ToCohortID}
		if e.ToCohortID < from {
			ids[0], ids[1] = ids[1], ids[0]
		}
		for _, id := range ids {
			if _, seen := held[id]; seen || !domain.ValidID(id) {
				continue
			}
			h, err := command.Hold(tx, l.cohorts, cohortStream(id))
			if err != nil {
				return err
			}
			held[id] = h
		}
		pa, err := command.Hold(tx, l.participants, participantStream(n))
		if err != nil {
			return err
		}
		ps := pa.State()
		decided := repeat
		if decided == nil {
			if !ps.Enrolled() || ps.Enrolment.CohortID != from {
				return domain.Conflict("R-MOVE-2", "the participant moved to another cohort meanwhile; try again")
			}
			if _, err := participant.DecideTransfer(ps, e); err != nil {
				return err
			}
			if err := cohort.DecideTransferOut(held[from].State(), e); err != nil {
				return err
			}
			to := held[e.ToCohortID]
			if ts := to.State(); ts.Exists() && !p.Sees(scopeOfCohort(ts)) {
				return domain.Refuse("R-MOVE-2", "to_cohort_id", "cohort "+e.ToCohortID+" does not exist")
			}
			if decided, err = cohort.DecideTransferIn(to.State(), *ps.Enrolment, e); err != nil {
				return err
			}
		}
		md := p.metadata()
		key := "transfer:" + string(n) + ":" + from + ":" + e.ToCohortID
		var parts []*command.Part
		for _, id := range ids {
			part, err := command.Stage(tx, held[id], decided, command.Emit{IDKey: key, Metadata: md})
			if err != nil {
				return err
			}
			parts = append(parts, part)
		}
		mine, err := command.Stage(tx, pa, decided, command.Emit{IDKey: key, Metadata: md})
		if err != nil {
			return err
		}
		tx.After(func() { out = Moved{Written: written(append(parts, mine)...), NIP: n, CohortID: e.ToCohortID} })
		return nil
	})
	return out, err
}
