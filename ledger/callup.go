package ledger

import (
	"context"
	"time"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/projections"
)

// Propose records the home agency's proposal of a participant for a cohort
// (R-CALL-1). An agency token proposes participants of its own agency; it
// needs the cohort's id, not its view (the answer holds no view). The NIP
// is a natural id: the same proposal again answers the first record.
func (l *Ledger) Propose(ctx context.Context, p Principal, cohortID string, c cohort.Propose) (Written, error) {
	if err := p.may("propose participants", access.Agency, access.Admin); err != nil {
		return Written{}, err
	}
	if p.Role == access.Agency && c.Agency != p.Agency {
		return Written{}, &domain.Error{Code: domain.CodeForbidden, Message: "an agency token proposes participants of its own agency only",
			Fields: []domain.FieldError{{Field: "agency", Message: "must be " + p.Agency}}}
	}
	nip, _ := domain.ParseNIP(c.NIP)
	res, err := l.cohorts.Run(ctx, command.Command[cohort.State]{
		Stream: cohortStream(cohortID), IDKey: "propose:" + string(nip), Metadata: p.metadata(),
		Decide: func(st cohort.State) ([]domain.Event, error) { return cohort.DecideProposal(st, c) },
	})
	if err != nil {
		return Written{}, err
	}
	return Written{Appends: appended(res)}, nil
}

// CallUp records the institution's call-up letter for proposed participants
// (R-CALL-2). The letter number is a natural id.
func (l *Ledger) CallUp(ctx context.Context, p Principal, cohortID string, c cohort.CallUp) (CohortWritten, error) {
	if err := p.may("call participants up", access.Admin, access.LMS); err != nil {
		return CohortWritten{}, err
	}
	var out CohortWritten
	w, err := l.runOnCohort(ctx, p, cohortID, "callup:"+c.LetterNumber,
		func(st cohort.State) ([]domain.Event, error) { return cohort.DecideCallUp(st, c) },
		func(st cohort.State) { out.Cohort = projections.CohortViewOf(st, 0) })
	if err != nil {
		return CohortWritten{}, err
	}
	out.Written = w
	out.Cohort.Position = out.Position()
	return out, nil
}

// Confirm is a called-up participant's confirmation from the LMS. CohortID
// may be empty: the cohort is then the one of the principal's cohorts that
// called the participant up.
type Confirm struct {
	NIP         string
	CohortID    string
	ConfirmedAt time.Time
}

// Confirm records the confirmation and enrols the participant (R-CALL-3):
// the confirmation and the enrolment on the roster and in the participant's
// stream in one append, under the rules of a direct enrolment (Enrol).
func (l *Ledger) Confirm(ctx context.Context, p Principal, c Confirm) (Enrolment, error) {
	if err := p.may("confirm participation", learningWriters...); err != nil {
		return Enrolment{}, err
	}
	nip, err := domain.ParseNIP(c.NIP)
	if err != nil {
		return Enrolment{}, err
	}
	if c.CohortID == "" {
		if c.CohortID, err = l.calledUpTo(ctx, p, nip); err != nil {
			return Enrolment{}, err
		}
	}
	var out Enrolment
	err = command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		co, err := l.holdCohort(tx, p, c.CohortID, "cohort")
		if err != nil {
			return err
		}
		cs := co.State()
		pa, err := command.Hold(tx, l.participants, participantStream(nip))
		if err != nil {
			return err
		}
		if ps := pa.State(); ps.Enrolled() && ps.Enrolment.CohortID != c.CohortID {
			return domain.Conflict("", "participant "+string(nip)+" is already enrolled in another cohort")
		}
		onRoster, err := cohort.DecideConfirmation(cs, nip, c.ConfirmedAt)
		if err != nil {
			return err
		}
		return stageEnrolment(tx, p, co, pa, nip, c.CohortID, onRoster, &out)
	})
	return out, err
}

// calledUpTo finds, among the cohorts p sees, the one that called nip up:
// the listing comes from the read model, the call-up from each cohort's
// write-side state.
func (l *Ledger) calledUpTo(ctx context.Context, p Principal, nip domain.NIP) (string, error) {
	after := ""
	for {
		page, err := l.model.Cohorts(ctx, after, 500)
		if err != nil {
			return "", err
		}
		for _, c := range page {
			if !p.Sees(projections.Scope{CohortID: c.CohortID, InstitutionID: c.InstitutionID}) {
				continue
			}
			called := false
			if err := l.cohorts.Inspect(ctx, cohortStream(c.CohortID), func(st cohort.State) { _, called = st.CalledUp[nip] }); err != nil {
				return "", err
			}
			if called {
				return c.CohortID, nil
			}
		}
		if len(page) < 500 {
			return "", domain.Conflict("R-CALL-3", "participant "+string(nip)+" is not called up to any cohort of this institution")
		}
		after = page[len(page)-1].CohortID
	}
}
