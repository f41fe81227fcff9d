package ledger

import (
	"context"
	"slices"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/domain/seminar"
	"github.com/latsar/ledger/domain/staff"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
)

// The people of a cohort (docs/staff.md): staff-{staff_id} holds a person's
// registration and a copy of each assignment; the cohort holds the
// assignments it judges examiners, coaches and evaluations by. seminar-{id}
// and product-{id} let a seminar's scores and a product's reviews find their
// participants by id alone. Reads fold these streams through the runners'
// caches, as the development ledger does, so they always include the
// caller's own write.

// staffRunners run commands on the staff-, seminar- and product- streams.
type staffRunners struct {
	people   *command.Runner[staff.State]
	seminars *command.Runner[seminar.State]
	products *command.Runner[participant.ProductIndex]
}

func newStaffRunners(cfg Config) *staffRunners {
	return &staffRunners{
		people: command.NewRunner(cfg.Store, cfg.Catalogue,
			command.Aggregate[staff.State]{Initial: staff.Initial, Evolve: staff.Evolve}, 10_000),
		seminars: command.NewRunner(cfg.Store, cfg.Catalogue,
			command.Aggregate[seminar.State]{Initial: seminar.Initial, Evolve: seminar.Evolve}, 10_000),
		products: command.NewRunner(cfg.Store, cfg.Catalogue,
			command.Aggregate[participant.ProductIndex]{Initial: func() participant.ProductIndex { return participant.ProductIndex{} },
				Evolve: participant.EvolveProductIndex}, 50_000),
	}
}

func staffStream(id string) string   { return events.StaffPrefix + id }
func seminarStream(id string) string { return events.SeminarPrefix + id }
func productStream(id string) string { return events.ProductPrefix + id }

// staffReaders read people: everyone but the home agency, which reads only
// its own mentors (scopeOfStaff).
var staffReaders = []access.Role{access.Admin, access.LMS, access.Agency, access.Auditor, access.Dashboard}

func scopeOfStaff(r *staff.Registered) projections.Scope {
	return projections.Scope{InstitutionID: r.InstitutionID, Agency: r.Agency}
}

// StaffWritten answers a registration with the person as recorded.
type StaffWritten struct {
	Written
	Staff staff.Registered
}

// RegisterStaff registers a person of an institution (R-STAFF-1): admin, or
// the institution's own LMS (another institution is 403 naming
// institution_id). staff_id is a natural id: the same registration again
// answers the first record; other details are 409, as is a staff_id another
// institution holds.
func (l *Ledger) RegisterStaff(ctx context.Context, p Principal, cmd staff.Register) (StaffWritten, error) {
	if err := p.may("register staff", learningWriters...); err != nil {
		return StaffWritten{}, err
	}
	if p.Role == access.LMS && cmd.InstitutionID != p.Institution {
		return StaffWritten{}, &domain.Error{Code: domain.CodeForbidden, Message: "an lms token registers its own institution's staff only",
			Fields: []domain.FieldError{{Field: "institution_id", Message: "must be " + p.Institution}}}
	}
	if !domain.ValidID(cmd.StaffID) { // checked before it names a stream
		_, err := staff.DecideRegister(staff.Initial(), cmd)
		return StaffWritten{}, err
	}
	var out StaffWritten
	res, err := l.staffRunners.people.Run(ctx, command.Command[staff.State]{
		Stream: staffStream(cmd.StaffID), IDKey: staff.Aggregate.NaturalKey(cmd.Registered), Metadata: p.metadata(),
		Decide: func(st staff.State) ([]domain.Event, error) {
			if st.Exists() && !p.Sees(scopeOfStaff(st.Registered)) {
				return nil, domain.Conflict("", "staff "+cmd.StaffID+" exists")
			}
			return staff.DecideRegister(st, cmd)
		},
		After: func(st staff.State) { out.Staff = *st.Registered },
	})
	if err != nil {
		return StaffWritten{}, err
	}
	out.Written = Written{Appends: appended(res)}
	return out, nil
}

// StaffAssignment answers an assignment with the assignment as recorded.
type StaffAssignment struct {
	Written
	Assignment staff.Assigned
}

// AssignStaff assigns a person to a cohort (R-STAFF-1), on the cohort and in
// the person's own stream, in one append. Admin and the institution's LMS;
// another institution's cohort is a 404, another institution's person as
// unknown as none (422). The same assignment again answers the first record.
func (l *Ledger) AssignStaff(ctx context.Context, p Principal, cohortID string, cmd staff.Assign) (StaffAssignment, error) {
	if err := p.may("assign staff", learningWriters...); err != nil {
		return StaffAssignment{}, err
	}
	var out StaffAssignment
	err := command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		co, err := l.holdCohort(tx, p, cohortID, "cohort")
		if err != nil {
			return err
		}
		cs := co.State()
		if !domain.ValidID(cmd.StaffID) {
			_, err := cohort.DecideAssign(cs, nil, cmd) // refuses, naming every bad field
			return err
		}
		person, err := command.Hold(tx, l.staffRunners.people, staffStream(cmd.StaffID))
		if err != nil {
			return err
		}
		onCohort, err := cohort.DecideAssign(cs, person.State().Registered, cmd)
		if err != nil {
			return err
		}
		e := onCohort[0].(staff.Assigned)
		copied, err := staff.DecideCopy(person.State(), e)
		if err != nil {
			return err
		}
		md := p.metadata()
		c, err := command.Stage(tx, co, onCohort, command.Emit{IDKey: cohort.Aggregate.NaturalKey(e), Metadata: md})
		if err != nil {
			return err
		}
		own, err := command.Stage(tx, person, copied, command.Emit{IDKey: staff.Aggregate.NaturalKey(e), Metadata: md})
		if err != nil {
			return err
		}
		tx.After(func() { out = StaffAssignment{Written: written(c, own), Assignment: e} })
		return nil
	})
	return out, err
}

// CohortStaff lists a cohort's people with their roles and assignments.
// Readers of cohorts; another institution's cohort is a 404.
func (l *Ledger) CohortStaff(ctx context.Context, p Principal, cohortID string) ([]cohort.CohortStaff, error) {
	if err := p.may("read a cohort's staff", cohortReaders...); err != nil {
		return nil, err
	}
	var out []cohort.CohortStaff
	err := l.cohortState(ctx, p, cohortID, func(st cohort.State) { out = st.StaffList() })
	return out, err
}

// StaffView is a person with where they serve.
type StaffView struct {
	staff.Registered
	// Roles are every role the person holds in any cohort.
	Roles   []staff.Role
	Cohorts []StaffCohort
}

// StaffCohort is one cohort a person serves, with the groups and the
// participants their assignments cover there.
type StaffCohort struct {
	CohortID     string
	Roles        []staff.Role
	Assignments  []staff.Assigned
	Groups       []string
	Participants []ParticipantRef
}

// ParticipantRef names a participant.
type ParticipantRef struct {
	NIP  domain.NIP
	Name string
}

// Staff is a person with the cohorts, groups and participants they serve:
// an assignment covers the participants it names, else its group's members
// (as the group is now), else the cohort's whole roster. Admin, auditor and
// dashboard read everyone; an lms token its institution's people, an agency
// token the mentors of its agency; anyone else is a 404.
func (l *Ledger) Staff(ctx context.Context, p Principal, staffID string) (StaffView, error) {
	if err := p.may("read staff", staffReaders...); err != nil {
		return StaffView{}, err
	}
	if !domain.ValidID(staffID) {
		return StaffView{}, domain.NotFound("staff")
	}
	var out StaffView
	found := false
	var assignments []staff.Assigned
	if err := l.staffRunners.people.Inspect(ctx, staffStream(staffID), func(st staff.State) {
		if found = st.Exists() && p.Sees(scopeOfStaff(st.Registered)); found {
			out.Registered = *st.Registered
			assignments = slices.Clone(st.Assignments)
		}
	}); err != nil {
		return StaffView{}, err
	}
	if !found {
		return StaffView{}, domain.NotFound("staff")
	}
	out.Roles, out.Cohorts = []staff.Role{}, []StaffCohort{}
	var cohortIDs []string
	for _, a := range assignments {
		if !slices.Contains(cohortIDs, a.CohortID) {
			cohortIDs = append(cohortIDs, a.CohortID)
		}
	}
	slices.Sort(cohortIDs)
	for _, id := range cohortIDs {
		sc := StaffCohort{CohortID: id, Roles: []staff.Role{}, Groups: []string{}, Participants: []ParticipantRef{}}
		for _, a := range assignments {
			if a.CohortID == id {
				sc.Assignments = append(sc.Assignments, a)
			}
		}
		if err := l.cohorts.Inspect(ctx, cohortStream(id), func(st cohort.State) { sc.cover(st) }); err != nil {
			return StaffView{}, err
		}
		out.Cohorts = append(out.Cohorts, sc)
	}
	for _, r := range staff.Roles {
		if slices.ContainsFunc(assignments, func(a staff.Assigned) bool { return a.Role == r }) {
			out.Roles = append(out.Roles, r)
		}
	}
	return out, nil
}

// cover fills the roles, groups and participants the cohort's assignments cover.
func (sc *StaffCohort) cover(st cohort.State) {
	for _, r := range staff.Roles {
		if slices.ContainsFunc(sc.Assignments, func(a staff.Assigned) bool { return a.Role == r }) {
			sc.Roles = append(sc.Roles, r)
		}
	}
	for _, a := range sc.Assignments {
		if a.GroupID != "" && !slices.Contains(sc.Groups, a.GroupID) {
			sc.Groups = append(sc.Groups, a.GroupID)
		}
	}
	slices.Sort(sc.Groups)
	nips := make([]domain.NIP, 0, len(st.Roster))
	for n := range st.Roster {
		nips = append(nips, n)
	}
	slices.Sort(nips)
	for _, n := range nips {
		if slices.ContainsFunc(sc.Assignments, func(a staff.Assigned) bool { return a.Covers(n, st.GroupOf[n]) }) {
			sc.Participants = append(sc.Participants, ParticipantRef{NIP: n, Name: st.Roster[n].Enrolment.Name})
		}
	}
}

// CheckRecordedFor is R-STAFF-2: the person a write is recorded for is a
// registered staff member the token may see (its institution's people for an
// lms token, its agency's mentors for an agency token); anyone else, known
// or not, is refused alike (422 naming recorded_for). The edge calls it once
// for every write that names a person, before the write's use case.
func (l *Ledger) CheckRecordedFor(ctx context.Context, p Principal) error {
	id := p.RecordedFor
	if id == "" {
		return nil
	}
	refuse := domain.Refuse("R-STAFF-2", "recorded_for", "recorded_for names a staff_id registered for the token's institution or agency; "+id+" is none")
	if !domain.ValidID(id) {
		return refuse
	}
	ok := false
	if err := l.staffRunners.people.Inspect(ctx, staffStream(id), func(st staff.State) {
		ok = st.Exists() && p.Sees(scopeOfStaff(st.Registered))
	}); err != nil {
		return err
	}
	if !ok {
		return refuse
	}
	return nil
}

// staffName is the registered name of a person ("" when unknown).
func (l *Ledger) staffName(ctx context.Context, id string) string {
	if !domain.ValidID(id) {
		return ""
	}
	name := ""
	_ = l.staffRunners.people.Inspect(ctx, staffStream(id), func(st staff.State) {
		if st.Exists() {
			name = st.Registered.Name
		}
	})
	return name
}

// TrainingEvaluated answers a participant's evaluation of the training with the
// summary it leaves.
type TrainingEvaluated struct {
	Written
	Summary cohort.EvaluationSummary
}

// EvaluateTraining records a participant's evaluation of the training and
// of the people who taught them (R-EVP-1), on the cohort. Admin and the
// institution's LMS (which collects the participants' answers); another
// institution's cohort is a 404. The participant's NIP is the natural id:
// one evaluation each.
func (l *Ledger) EvaluateTraining(ctx context.Context, p Principal, cohortID string, cmd cohort.EvaluateTraining) (TrainingEvaluated, error) {
	if err := p.may("record evaluations of the training", learningWriters...); err != nil {
		return TrainingEvaluated{}, err
	}
	nip, _ := domain.ParseNIP(cmd.NIP)
	var out TrainingEvaluated
	w, err := l.runOnCohort(ctx, p, cohortID, cohort.Aggregate.NaturalKey(cohort.TrainingEvaluated{NIP: nip}),
		func(st cohort.State) ([]domain.Event, error) { return cohort.DecideEvaluation(st, cmd) },
		func(st cohort.State) { out.Summary = st.TrainingEvaluation() })
	if err != nil {
		return TrainingEvaluated{}, err
	}
	out.Written = w
	return out, nil
}

// TrainingEvaluation is the summary of a cohort's evaluations of the
// training (R-EVP-2). Readers of cohorts.
func (l *Ledger) TrainingEvaluation(ctx context.Context, p Principal, cohortID string) (cohort.EvaluationSummary, error) {
	if err := p.may("read a cohort's evaluations", cohortReaders...); err != nil {
		return cohort.EvaluationSummary{}, err
	}
	var out cohort.EvaluationSummary
	err := l.cohortState(ctx, p, cohortID, func(st cohort.State) { out = st.TrainingEvaluation() })
	return out, err
}

// tokenName is the name a token was issued with ("" when unknown).
func (l *Ledger) tokenName(ctx context.Context, id string) string {
	if id == EnvAdminTokenID || !domain.ValidID(id) {
		return ""
	}
	name := ""
	_ = l.tokens.Inspect(ctx, tokenStream(id), func(st access.State) {
		if st.Issued != nil {
			name = st.Issued.Name
		}
	})
	return name
}
