package ledger

import (
	"context"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
)

// assessors are the roles that score components: admin, the institution
// (lms) and the home agency; MayAssess says which components each scores.
var assessors = []access.Role{access.Admin, access.LMS, access.Agency}

// Evaluated answers a score with the evaluation it leaves, and what it
// recorded with a warning (an actualisation score without its examiner).
type Evaluated struct {
	Written
	Evaluation participant.Evaluation
	Warnings   []domain.Warning
}

// RecordScore records an assessor's score of a component (rules.md §6). The
// institution scores its components, the home agency its own (R-EVAL-1);
// academic_mooc is the posttest result and refused (R-POST-2). A later score
// replaces the earlier; both stay in the log. Without a natural id, the
// request's idempotency key makes a retry the same record.
//
// An actualisation score names its examiner (R-STAFF-3): the examiner
// field, else the person it is recorded for. A named examiner who is not
// assigned to the participant's cohort as an examiner is refused (422); a
// score that names none is recorded with a warning, as clients that send a
// free-text assessor always have.
func (l *Ledger) RecordScore(ctx context.Context, p Principal, nip string, cmd participant.Score) (Evaluated, error) {
	if err := p.may("record scores", assessors...); err != nil {
		return Evaluated{}, err
	}
	if err := p.MayAssess(cmd.Component); err != nil {
		return Evaluated{}, err
	}
	if err := participant.CheckExaminerNamed(cmd.ComponentScored); err != nil {
		return Evaluated{}, err
	}
	if cmd.Component.Examined() {
		examiner, field := cmd.Examiner, "examiner"
		if examiner == "" {
			examiner, field = p.RecordedFor, "recorded_for"
		}
		if examiner != "" {
			if err := l.checkExaminer(ctx, p, nip, field, examiner); err != nil {
				return Evaluated{}, err
			}
			cmd.Examiner = examiner
		}
	}
	var out Evaluated
	w, err := l.runOnParticipant(ctx, p, nip, p.idKey(), cmd.AssessedAt, func(st participant.State) ([]domain.Event, error) {
		decided, err := participant.DecideScore(st, cmd)
		if err == nil && len(decided) > 0 {
			out.Warnings = decided[0].(participant.ComponentScored).Warnings()
		}
		return decided, err
	}, func(st participant.State) { out.Evaluation = participant.Evaluate(st) })
	if err != nil {
		return Evaluated{}, err
	}
	out.Written = w
	if out.Warnings == nil {
		out.Warnings = []domain.Warning{}
	}
	return out, nil
}

// checkExaminer is R-STAFF-3 for participant nip: examiner is assigned to
// the participant's cohort as an examiner (422 naming field otherwise).
// Assignments are never taken back, so what holds now still holds when the
// score is recorded.
func (l *Ledger) checkExaminer(ctx context.Context, p Principal, nip, field, examiner string) error {
	n, err := domain.ParseNIP(nip)
	if err != nil {
		return domain.NotFound("participant")
	}
	var cohortID string
	if err := l.participants.Inspect(ctx, participantStream(n), func(st participant.State) {
		if st.Enrolled() && p.Sees(scopeOfParticipant(st)) {
			cohortID = st.Enrolment.CohortID
		}
	}); err != nil {
		return err
	}
	if cohortID == "" {
		return domain.NotFound("participant")
	}
	var refused error
	if err := l.cohorts.Inspect(ctx, cohortStream(cohortID), func(st cohort.State) {
		if st.Exists() {
			refused = st.CheckExaminer(field, examiner)
		}
	}); err != nil {
		return err
	}
	return refused
}

// MayAssess is rules.md §6's last column (R-EVAL-1): the institution (an lms
// token) scores its components, the home agency (an agency token) its own;
// an admin may record either. A component no one scores passes here: the
// domain refuses it, naming its rule.
func (p Principal) MayAssess(c participant.Component) error {
	by := c.AssessedBy()
	if !c.Valid() || by == participant.Derived || p.Role == access.Admin {
		return nil
	}
	if (by == participant.ByAgency) != (p.Role == access.Agency) {
		who := "the training institution (an lms token)"
		if by == participant.ByAgency {
			who = "the home agency (an agency token)"
		}
		return &domain.Error{Code: domain.CodeForbidden, Rule: "R-EVAL-1", Message: string(c) + " is scored by " + who,
			Fields: []domain.FieldError{{Field: "component", Message: "scored by " + who}}}
	}
	return nil
}

// Remedial is a remedial taken for a deferring component.
type Remedial struct {
	Component participant.Component
	Score     domain.Score
	TakenOn   domain.Date
}

// RemedialTaken answers a remedial with the deadline it was judged by and
// the evaluation it leaves.
type RemedialTaken struct {
	Written
	Deadline   domain.Date
	Evaluation participant.Evaluation
}

// TakeRemedial records a remedial (R-REM-1..4): only for a component that
// deferred the participant at the graduation meeting, once, by the cohort's
// deadline for it (R-REM-2 for the academic components, R-REM-3's later
// deadline for actualization_implementation and pktbt). It reads the
// participant's cohort, then that cohort's deadline, and writes the
// participant's stream; the component is a natural id (one remedial each).
func (l *Ledger) TakeRemedial(ctx context.Context, p Principal, nip string, cmd Remedial) (RemedialTaken, error) {
	if err := p.may("record remedials", assessors...); err != nil {
		return RemedialTaken{}, err
	}
	if err := p.MayAssess(cmd.Component); err != nil {
		return RemedialTaken{}, err
	}
	n, err := domain.ParseNIP(nip)
	if err != nil {
		return RemedialTaken{}, domain.NotFound("participant")
	}
	var cohortID string
	if err := l.participants.Inspect(ctx, participantStream(n), func(st participant.State) {
		if st.Enrolled() && p.Sees(scopeOfParticipant(st)) {
			cohortID = st.Enrolment.CohortID
		}
	}); err != nil {
		return RemedialTaken{}, err
	}
	if cohortID == "" {
		return RemedialTaken{}, domain.NotFound("participant")
	}
	var deadline domain.Date
	if err := l.cohorts.Inspect(ctx, cohortStream(cohortID), func(st cohort.State) {
		if st.Exists() {
			deadline = st.RemedialDeadlineUnder(participant.RemedialRule(cmd.Component))
		}
	}); err != nil {
		return RemedialTaken{}, err
	}
	take := participant.TakeRemedial{Component: cmd.Component, Score: cmd.Score, TakenOn: cmd.TakenOn, Deadline: deadline}
	out := RemedialTaken{Deadline: deadline}
	w, err := l.runOnParticipant(ctx, p, nip, "remedial:"+string(cmd.Component), cmd.TakenOn.Time(), func(st participant.State) ([]domain.Event, error) {
		return participant.DecideRemedial(st, take)
	}, func(st participant.State) { out.Evaluation = participant.Evaluate(st) })
	if err != nil {
		return RemedialTaken{}, err
	}
	out.Written = w
	return out, nil
}
