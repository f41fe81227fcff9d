package ledger_test

import (
	"context"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/staff"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
)

// person is a registration of institution inst.
func person(id, name, inst string) staff.Register {
	return staff.Register{Registered: staff.Registered{StaffID: id, Name: name, InstitutionID: inst}}
}

// registered registers a person as admin.
func (w *world) registered(id, name, inst string) {
	w.t.Helper()
	if _, err := w.ledger.RegisterStaff(context.Background(), admin, person(id, name, inst)); err != nil {
		w.t.Fatalf("register %s: %v", id, err)
	}
}

// assigned assigns a person to a cohort in a role as admin.
func (w *world) assigned(cohortID, staffID string, role staff.Role, groupID string, nips ...string) {
	w.t.Helper()
	if _, err := w.ledger.AssignStaff(context.Background(), admin, cohortID, staff.Assign{StaffID: staffID, Role: role, GroupID: groupID, NIPs: nips}); err != nil {
		w.t.Fatalf("assign %s as %s in %s: %v", staffID, role, cohortID, err)
	}
}

func TestRegisterStaff(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		who   ledger.Principal
		cmd   staff.Register
		code  domain.Code
		field string
	}{
		{"the institution registers its coach", lmsA, person("coach-budi", "Budi Santoso", "inst-a"), "", ""},
		{"the same registration again is a repeat", lmsA, person("coach-budi", "Budi Santoso", "inst-a"), "", ""},
		{"other details are a conflict", lmsA, person("coach-budi", "Budi S.", "inst-a"), domain.CodeConflict, ""},
		{"another institution's staff_id is a conflict", lmsB, person("coach-budi", "Budi Santoso", "inst-b"), domain.CodeConflict, ""},
		{"an lms token registers its own institution's people only", lmsA, person("fasil-x", "X", "inst-b"), domain.CodeForbidden, "institution_id"},
		{"an agency may not register", agency, person("mentor-x", "X", "inst-a"), domain.CodeForbidden, ""},
		{"a bad NIP is refused", admin, staff.Register{Registered: staff.Registered{StaffID: "p1", Name: "P", InstitutionID: "inst-a", NIP: "12"}}, domain.CodeInvalid, "nip"},
		{"a name is required", admin, person("p2", " ", "inst-a"), domain.CodeInvalid, "name"},
		{"a bad staff_id is refused", admin, person("no spaces", "P", "inst-a"), domain.CodeInvalid, "staff_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := w.ledger.RegisterStaff(ctx, tc.who, tc.cmd)
			wantCode(t, err, tc.code, "")
			if tc.field != "" {
				wantField(t, err, tc.field)
			}
			if err == nil && res.Staff.Name != "Budi Santoso" {
				t.Fatalf("registered %+v", res.Staff)
			}
		})
	}
	if got := len(w.stream(events.StaffPrefix + "coach-budi")); got != 1 {
		t.Fatalf("staff stream holds %d events, want the one registration", got)
	}
}

// TestAssignmentsAndTenants: a person is assigned to their own institution's
// cohorts only, on the cohort and in their own stream at once; each reader
// sees only its tenant's cohorts and people.
func TestAssignmentsAndTenants(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.open(admin, "A", "inst-a")
	w.open(admin, "B", "inst-b")
	n1, n2, n3 := w.enrolledIn("A", 1), w.enrolledIn("A", 2), w.enrolledIn("A", 3)
	if _, err := w.ledger.FormGroup(ctx, lmsA, "A", group("kelompok-1", n1, n2)); err != nil {
		t.Fatal(err)
	}
	w.registered("coach-budi", "Budi Santoso", "inst-a")
	w.registered("fasil-sri", "Sri Wahyuni", "inst-a")
	w.registered("coach-b", "Coach of B", "inst-b")
	if _, err := w.ledger.RegisterStaff(ctx, admin, staff.Register{Registered: staff.Registered{StaffID: "mentor-tono", Name: "Tono", InstitutionID: "inst-a", Agency: "pemkab-blitar"}}); err != nil {
		t.Fatal(err)
	}
	one := 1
	for _, tc := range []struct {
		name  string
		who   ledger.Principal
		co    string
		cmd   staff.Assign
		code  domain.Code
		field string
	}{
		{"a coach of a group", lmsA, "A", staff.Assign{StaffID: "coach-budi", Role: staff.Coach, GroupID: "kelompok-1"}, "", ""},
		{"the same assignment again is a repeat", lmsA, "A", staff.Assign{StaffID: "coach-budi", Role: staff.Coach, GroupID: "kelompok-1"}, "", ""},
		{"the same person as examiner too", lmsA, "A", staff.Assign{StaffID: "coach-budi", Role: staff.Examiner}, "", ""},
		{"a facilitator of agenda I", lmsA, "A", staff.Assign{StaffID: "fasil-sri", Role: staff.Facilitator, Agenda: &one}, "", ""},
		{"a mentor of one participant", lmsA, "A", staff.Assign{StaffID: "mentor-tono", Role: staff.Mentor, NIPs: []string{n3}}, "", ""},
		{"another institution's cohort is not found", lmsB, "A", staff.Assign{StaffID: "coach-b", Role: staff.Coach}, domain.CodeNotFound, ""},
		{"another institution's person is unknown", admin, "A", staff.Assign{StaffID: "coach-b", Role: staff.Coach}, domain.CodeInvalid, "staff_id"},
		{"an unknown person is unknown", lmsA, "A", staff.Assign{StaffID: "nobody", Role: staff.Coach}, domain.CodeInvalid, "staff_id"},
		{"an unknown role", lmsA, "A", staff.Assign{StaffID: "coach-budi", Role: "dean"}, domain.CodeInvalid, "role"},
		{"an unknown group", lmsA, "A", staff.Assign{StaffID: "coach-budi", Role: staff.Coach, GroupID: "kelompok-9"}, domain.CodeInvalid, "group_id"},
		{"a participant of another cohort", lmsA, "A", staff.Assign{StaffID: "mentor-tono", Role: staff.Mentor, NIPs: []string{nipOf(9)}}, domain.CodeInvalid, "nips[0]"},
		{"a dashboard may not assign", dashboard, "A", staff.Assign{StaffID: "coach-budi", Role: staff.Coach}, domain.CodeForbidden, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := w.ledger.AssignStaff(ctx, tc.who, tc.co, tc.cmd)
			wantCode(t, err, tc.code, "")
			if tc.field != "" {
				wantField(t, err, tc.field)
			}
			if err == nil && (res.Assignment.StaffID != tc.cmd.StaffID || res.Assignment.CohortID != "A" || res.Assignment.Name == "") {
				t.Fatalf("assignment %+v", res.Assignment)
			}
		})
	}
	// One append: the cohort and the person hold each assignment once.
	count := func(stream string) int {
		n := 0
		for _, r := range w.stream(stream) {
			if r.Type == "StaffAssigned" {
				n++
			}
		}
		return n
	}
	if got, want := count("cohort-A"), 4; got != want {
		t.Fatalf("cohort A holds %d assignments, want %d", got, want)
	}
	if got, want := count(events.StaffPrefix+"coach-budi"), 2; got != want {
		t.Fatalf("coach-budi's stream holds %d assignments, want %d", got, want)
	}
	if got := count("cohort-B") + count(events.StaffPrefix+"coach-b"); got != 0 {
		t.Fatalf("a refused assignment left %d events", got)
	}

	list, err := w.ledger.CohortStaff(ctx, lmsA, "A")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].StaffID != "coach-budi" || len(list[0].Roles) != 2 || list[0].Roles[0] != staff.Coach || list[0].Roles[1] != staff.Examiner {
		t.Fatalf("cohort A's staff %+v", list)
	}
	for _, tc := range []struct {
		name string
		who  ledger.Principal
		code domain.Code
	}{
		{"an auditor reads a cohort's staff", auditor, ""},
		{"a dashboard reads a cohort's staff", dashboard, ""},
		{"another institution's cohort is not found", lmsB, domain.CodeNotFound},
		{"an agency reads no cohort", agency, domain.CodeForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.ledger.CohortStaff(ctx, tc.who, "A")
			wantCode(t, err, tc.code, "")
		})
	}

	// A person's cohorts, groups and participants.
	v, err := w.ledger.Staff(ctx, lmsA, "coach-budi")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Cohorts) != 1 || v.Cohorts[0].CohortID != "A" || len(v.Cohorts[0].Groups) != 1 || v.Cohorts[0].Groups[0] != "kelompok-1" {
		t.Fatalf("coach-budi serves %+v", v.Cohorts)
	}
	// As coach of kelompok-1 (n1, n2) and examiner of the whole cohort (n1..n3).
	if got := len(v.Cohorts[0].Participants); got != 3 {
		t.Fatalf("coach-budi's participants %+v, want the whole roster (examiner of the cohort)", v.Cohorts[0].Participants)
	}
	m, err := w.ledger.Staff(ctx, agency, "mentor-tono")
	if err != nil {
		t.Fatal(err)
	}
	if ps := m.Cohorts[0].Participants; len(ps) != 1 || ps[0].NIP != domain.NIP(n3) || ps[0].Name == "" {
		t.Fatalf("the mentor's participants %+v, want %s", ps, n3)
	}
	for _, tc := range []struct {
		name string
		who  ledger.Principal
		id   string
		code domain.Code
	}{
		{"an auditor reads anyone", auditor, "coach-budi", ""},
		{"a dashboard reads anyone", dashboard, "coach-b", ""},
		{"another institution's person is not found", lmsB, "coach-budi", domain.CodeNotFound},
		{"an agency reads its own mentors only", agency, "coach-budi", domain.CodeNotFound},
		{"another agency's mentor is not found", agencyMalang, "mentor-tono", domain.CodeNotFound},
		{"an unknown person is not found", admin, "nobody", domain.CodeNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.ledger.Staff(ctx, tc.who, tc.id)
			wantCode(t, err, tc.code, "")
		})
	}
}

func TestCheckRecordedFor(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.registered("pic-ani", "Ani", "inst-a")
	w.registered("pic-b", "PIC of B", "inst-b")
	if _, err := w.ledger.RegisterStaff(ctx, admin, staff.Register{Registered: staff.Registered{StaffID: "mentor-tono", Name: "Tono", InstitutionID: "inst-a", Agency: "pemkab-blitar"}}); err != nil {
		t.Fatal(err)
	}
	as := func(p ledger.Principal, id string) ledger.Principal { p.RecordedFor = id; return p }
	for _, tc := range []struct {
		name string
		who  ledger.Principal
		code domain.Code
	}{
		{"nobody named", lmsA, ""},
		{"the institution's own person", as(lmsA, "pic-ani"), ""},
		{"another institution's person", as(lmsA, "pic-b"), domain.CodeInvalid},
		{"an unknown person", as(lmsA, "nobody"), domain.CodeInvalid},
		{"not an id", as(lmsA, "a b"), domain.CodeInvalid},
		{"the agency's mentor", as(agency, "mentor-tono"), ""},
		{"an agency names no institution's PIC", as(agency, "pic-ani"), domain.CodeInvalid},
		{"an admin names anyone registered", as(admin, "pic-b"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := w.ledger.CheckRecordedFor(ctx, tc.who)
			wantCode(t, err, tc.code, "")
			if err != nil {
				wantField(t, err, "recorded_for")
			}
		})
	}
}

func TestCoachingSession(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.open(admin, "A", "inst-a")
	n1 := w.enrolledIn("A", 1)
	if _, err := w.ledger.FormGroup(ctx, lmsA, "A", group("kelompok-1", n1)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ledger.FormGroup(ctx, lmsA, "A", group("kelompok-2", w.enrolledIn("A", 2))); err != nil {
		t.Fatal(err)
	}
	w.registered("coach-budi", "Budi", "inst-a")
	w.registered("fasil-sri", "Sri", "inst-a")
	w.assigned("A", "coach-budi", staff.Coach, "kelompok-1")
	w.assigned("A", "fasil-sri", staff.Facilitator, "")
	coaching := func(id, groupID, coach string) cohort.SessionScheduled {
		s := session(id, "2024-06-20", 2, groupID)
		s.Title, s.Coach = "Coaching Agenda", coach
		return s
	}
	for _, tc := range []struct {
		name string
		s    cohort.SessionScheduled
		code domain.Code
	}{
		{"the group's coach", coaching("coach-1", "kelompok-1", "coach-budi"), ""},
		{"a group's coach coaches the cohort's session", coaching("coach-2", "", "coach-budi"), ""},
		{"another group's coach", coaching("coach-3", "kelompok-2", "coach-budi"), domain.CodeInvalid},
		{"a facilitator is no coach", coaching("coach-4", "", "fasil-sri"), domain.CodeInvalid},
		{"an unknown coach", coaching("coach-5", "", "nobody"), domain.CodeInvalid},
		{"a session without a coach", session("sync-1", "2024-06-21", 1, ""), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.ledger.ScheduleSession(ctx, lmsA, "A", tc.s)
			wantCode(t, err, tc.code, "")
			if err != nil {
				wantCode(t, err, tc.code, "R-STAFF-4")
				wantField(t, err, "coach")
			}
		})
	}
}

func TestTrainingEvaluation(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.open(admin, "A", "inst-a")
	w.open(admin, "B", "inst-b")
	n1, n2, n3 := w.enrolledIn("A", 1), w.enrolledIn("A", 2), w.enrolledIn("A", 3)
	w.registered("fasil-sri", "Sri Wahyuni", "inst-a")
	w.registered("pic-ani", "Ani", "inst-a")
	w.assigned("A", "fasil-sri", staff.Facilitator, "")
	w.assigned("A", "pic-ani", staff.PIC, "")
	score := func(s string) domain.Score {
		v, err := domain.ParseScore(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	at := time.Date(2024, 8, 1, 9, 0, 0, 0, time.UTC)
	eval := func(nip, programme string, ratings ...cohort.FacilitatorRating) cohort.EvaluateTraining {
		return cohort.EvaluateTraining{NIP: nip, Programme: score(programme), Facilitators: ratings, SubmittedAt: at}
	}
	sri := func(s string) cohort.FacilitatorRating {
		return cohort.FacilitatorRating{StaffID: "fasil-sri", Score: score(s)}
	}
	for _, tc := range []struct {
		name  string
		who   ledger.Principal
		co    string
		cmd   cohort.EvaluateTraining
		code  domain.Code
		field string
	}{
		{"a participant evaluates", lmsA, "A", eval(n1, "80", sri("90")), "", ""},
		{"the same evaluation again", lmsA, "A", eval(n1, "80", sri("90")), "", ""},
		{"a second evaluation by the same participant", lmsA, "A", eval(n1, "70"), domain.CodeConflict, ""},
		{"another participant", lmsA, "A", eval(n2, "85.01", sri("85")), "", ""},
		{"a PIC is not evaluated as a facilitator", lmsA, "A", eval(n3, "80", cohort.FacilitatorRating{StaffID: "pic-ani", Score: 1}), domain.CodeInvalid, "facilitators[0].staff_id"},
		{"someone not on the roster", admin, "A", eval(nipOf(7), "80"), domain.CodeInvalid, "nip"},
		{"another institution's cohort", lmsB, "A", eval(nipOf(4), "80"), domain.CodeNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.ledger.EvaluateTraining(ctx, tc.who, tc.co, tc.cmd)
			wantCode(t, err, tc.code, "")
			if tc.field != "" {
				wantField(t, err, tc.field)
			}
		})
	}
	sum, err := w.ledger.TrainingEvaluation(ctx, dashboard, "A")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Responses != 2 || sum.RosterSize != 3 || sum.Programme.Mean == nil || *sum.Programme.Mean != 8251 {
		t.Fatalf("summary %+v, want 2 responses with a programme mean of 82.51 (80 and 85.01, half-up)", sum)
	}
	if len(sum.Facilitators) != 1 || sum.Facilitators[0].StaffID != "fasil-sri" || sum.Facilitators[0].Responses != 2 || *sum.Facilitators[0].Mean != 8750 {
		t.Fatalf("facilitators %+v, want fasil-sri at 87.50 over 2", sum.Facilitators)
	}
	if _, err := w.ledger.TrainingEvaluation(ctx, lmsB, "A"); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("another institution reads the evaluation: %v", err)
	}
}
