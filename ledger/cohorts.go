package ledger

import (
	"context"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
)

// CohortWritten answers a write on a cohort with the view it leaves.
type CohortWritten struct {
	Written
	Cohort projections.CohortView
}

// OpenCohort opens a cohort (R-COH-*, R-TRO-8); with a template, its phases
// are laid out over the deployment's working days (R-PHASE-1). An lms token opens cohorts of
// its own institution only; cohort_id is a natural id, so the same opening
// again answers the first record.
func (l *Ledger) OpenCohort(ctx context.Context, p Principal, open cohort.Open) (CohortWritten, error) {
	if err := p.may("open cohorts", access.Admin, access.LMS); err != nil {
		return CohortWritten{}, err
	}
	if p.Role == access.LMS && open.InstitutionID != p.Institution {
		return CohortWritten{}, &domain.Error{Code: domain.CodeForbidden, Message: "an lms token opens cohorts of its own institution only",
			Fields: []domain.FieldError{{Field: "institution_id", Message: "must be " + p.Institution}}}
	}
	if !domain.ValidID(open.CohortID) { // checked before it names a stream
		_, err := cohort.DecideOpen(cohort.Initial(), open)
		return CohortWritten{}, err
	}
	open.Holidays = l.holidays
	var out CohortWritten
	res, err := l.cohorts.Run(ctx, command.Command[cohort.State]{
		Stream: cohortStream(open.CohortID), IDKey: "open", At: open.StartsOn.Time(), Metadata: p.metadata(),
		Decide: func(st cohort.State) ([]domain.Event, error) {
			if st.Exists() && !p.Sees(scopeOfCohort(st)) {
				return nil, domain.Conflict("", "cohort "+open.CohortID+" exists")
			}
			decided, err := cohort.DecideOpen(st, open)
			if err != nil {
				return nil, err
			}
			return decided, l.sessionsFree(ctx, open.CohortID, decided)
		},
		After: func(st cohort.State) { out.Cohort = projections.CohortViewOf(st, 0) },
	})
	if err != nil {
		return CohortWritten{}, err
	}
	out.Written = Written{Appends: appended(res)}
	out.Cohort.Position = out.Position()
	return out, nil
}

// sessionsFree refuses sessions another cohort already scheduled under
// the same id (as the read model knows them): a session id is unique
// across cohorts, since attendance finds the cohort by it.
func (l *Ledger) sessionsFree(ctx context.Context, cohortID string, decided []domain.Event) error {
	for _, e := range decided {
		ss, ok := e.(cohort.SessionScheduled)
		if !ok {
			continue
		}
		if other, ok, err := l.model.SessionCohort(ctx, ss.SessionID); err != nil {
			return err
		} else if ok && other != cohortID {
			return domain.Conflict("R-PHASE-21", "session "+ss.SessionID+" belongs to another cohort")
		}
	}
	return nil
}

// RecordApproval records a written LAN approval (R-COH-2, R-COH-3). Admin only.
func (l *Ledger) RecordApproval(ctx context.Context, p Principal, cohortID string, approval cohort.RecordApproval) (CohortWritten, error) {
	if err := p.may("record approvals", access.Admin); err != nil {
		return CohortWritten{}, err
	}
	var out CohortWritten
	res, err := l.cohorts.Run(ctx, command.Command[cohort.State]{
		Stream: cohortStream(cohortID), IDKey: "approval:" + approval.LetterNumber, At: approval.ApprovedOn.Time(), Metadata: p.metadata(),
		Decide: func(st cohort.State) ([]domain.Event, error) { return cohort.DecideApproval(st, approval) },
		After:  func(st cohort.State) { out.Cohort = projections.CohortViewOf(st, 0) },
	})
	if err != nil {
		return CohortWritten{}, err
	}
	out.Written = Written{Appends: appended(res)}
	out.Cohort.Position = out.Position()
	return out, nil
}

// Enrol is an enrolment of one participant in one cohort.
type Enrol struct {
	CohortID string
	cohort.Enrol
}

// Enrolment answers an enrolment.
type Enrolment struct {
	Written
	NIP        domain.NIP
	CohortID   string
	RosterSize int
	Capacity   int
}

// Enrol puts a participant on a cohort's roster (R-COH-1..3, R-NIP-1) and
// copies the roster's record, with the cohort's catalogue, ruleset and
// institution, into the participant's stream, so that stream folds alone.
// Both are one append: a participant of another cohort, a full roster or a
// lost race leaves neither stream written. Event ids derive from (cohort,
// NIP), so the same enrolment again answers the first record.
func (l *Ledger) Enrol(ctx context.Context, p Principal, cmd Enrol) (Enrolment, error) {
	if err := p.may("enrol participants", learningWriters...); err != nil {
		return Enrolment{}, err
	}
	nip, nipErr := domain.ParseNIP(cmd.NIP)
	var out Enrolment
	err := command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		co, err := command.Hold(tx, l.cohorts, cohortStream(cmd.CohortID))
		if err != nil {
			return err
		}
		cs := co.State()
		if cs.Exists() && !p.Sees(scopeOfCohort(cs)) {
			return domain.NotFound("cohort")
		}
		if nipErr != nil {
			_, err := cohort.DecideEnrol(cs, cmd.Enrol) // refuses, naming every bad field
			return err
		}
		pa, err := command.Hold(tx, l.participants, participantStream(nip))
		if err != nil {
			return err
		}
		if ps := pa.State(); ps.Enrolled() && ps.Enrolment.CohortID != cmd.CohortID {
			return domain.Conflict("", "participant "+string(nip)+" is already enrolled in another cohort")
		}
		onRoster, err := cohort.DecideEnrol(cs, cmd.Enrol)
		if err != nil {
			return err
		}
		return stageEnrolment(tx, p, co, pa, nip, cmd.CohortID, onRoster, &out)
	})
	return out, err
}

// stageEnrolment stages an enrolment the roster decided (onRoster, led by
// its ParticipantEnrolled) and the copy in the participant's stream, with a
// direct enrolment's ids whichever way it came (Enrol, a confirmation), and
// answers it once recorded.
func stageEnrolment(tx *command.Tx, p Principal, co *command.Held[cohort.State], pa *command.Held[participant.State], nip domain.NIP, cohortID string, onRoster []domain.Event, out *Enrolment) error {
	copied, err := participant.DecideEnrolment(pa.State(), onRoster[0].(cohort.ParticipantEnrolled))
	if err != nil {
		return err
	}
	md := p.metadata()
	roster, err := command.Stage(tx, co, onRoster, command.Emit{IDKey: "enrol:" + string(nip), Metadata: md})
	if err != nil {
		return err
	}
	own, err := command.Stage(tx, pa, copied, command.Emit{IDKey: "enrol:" + cohortID, Metadata: md})
	if err != nil {
		return err
	}
	tx.After(func() {
		st := co.State()
		*out = Enrolment{Written: written(roster, own), NIP: nip, CohortID: cohortID, RosterSize: len(st.Roster), Capacity: st.Capacity}
	})
	return nil
}

// holdCohort holds a cohort p may touch in the workflow tx; an unknown
// cohort, or another tenant's, is a 404 naming what (a cohort, a session).
func (l *Ledger) holdCohort(tx *command.Tx, p Principal, id, what string) (*command.Held[cohort.State], error) {
	co, err := command.Hold(tx, l.cohorts, cohortStream(id))
	if err != nil {
		return nil, err
	}
	if cs := co.State(); !cs.Exists() || !p.Sees(scopeOfCohort(cs)) {
		return nil, domain.NotFound(what)
	}
	return co, nil
}

// CohortState shows fn the cohort's write-side state if p may see it (else 404).
func (l *Ledger) cohortState(ctx context.Context, p Principal, cohortID string, fn func(cohort.State)) error {
	found := false
	err := l.cohorts.Inspect(ctx, cohortStream(cohortID), func(st cohort.State) {
		if found = st.Exists() && p.Sees(scopeOfCohort(st)); found {
			fn(st)
		}
	})
	if err == nil && !found {
		err = domain.NotFound("cohort")
	}
	return err
}

// runOnCohort decides a command on a cohort the principal may touch (another
// institution's cohort is a 404).
func (l *Ledger) runOnCohort(ctx context.Context, p Principal, cohortID, idKey string, decide func(cohort.State) ([]domain.Event, error), after func(cohort.State)) (Written, error) {
	res, err := l.cohorts.Run(ctx, command.Command[cohort.State]{
		Stream: cohortStream(cohortID), IDKey: idKey, Metadata: p.metadata(), After: after,
		Decide: func(st cohort.State) ([]domain.Event, error) {
			if !st.Exists() || !p.Sees(scopeOfCohort(st)) {
				return nil, domain.NotFound("cohort")
			}
			return decide(st)
		},
	})
	return Written{Appends: appended(res)}, err
}

// appended is a single-stream command's result as a Written's appends.
func appended(res command.Result) []events.AppendResult {
	if len(res.Append.Events) == 0 {
		return nil
	}
	return []events.AppendResult{res.Append}
}
