package cohort_test

import (
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/staff"
)

// TestDecideAssign is R-STAFF-1 on the cohort: the institution's own
// people, a known role, agenda, group and roster; the same assignment again
// answers the record; the cohort then says who coaches and who examines.
func TestDecideAssign(t *testing.T) {
	s := withGroup(t, roster12(t), "kelompok-1", nipRange(1, 5))
	coach := &staff.Registered{StaffID: "coach-budi", Name: "Budi", InstitutionID: "bpsdm-jatim"}
	stranger := &staff.Registered{StaffID: "coach-x", Name: "X", InstitutionID: "bpsdm-jabar"}
	events, err := cohort.DecideAssign(s, coach, staff.Assign{StaffID: "coach-budi", Role: staff.Coach, GroupID: "kelompok-1"})
	s = decideFold(t, s, events, err)
	again, err := cohort.DecideAssign(s, coach, staff.Assign{StaffID: "coach-budi", Role: staff.Coach, GroupID: "kelompok-1"})
	if err != nil || len(again) != 1 || len(cohort.Evolve(s, again[0]).Staff) != 1 {
		t.Fatalf("the same assignment again: %v %v", again, err)
	}
	for _, tc := range []struct {
		name   string
		person *staff.Registered
		cmd    staff.Assign
		field  string
	}{
		{"another institution's person", stranger, staff.Assign{StaffID: "coach-x", Role: staff.Coach}, "staff_id"},
		{"no person", nil, staff.Assign{StaffID: "nobody", Role: staff.Coach}, "staff_id"},
		{"an unknown role", coach, staff.Assign{StaffID: "coach-budi", Role: "rector"}, "role"},
		{"agenda 5", coach, staff.Assign{StaffID: "coach-budi", Role: staff.Facilitator, Agenda: ptr(5)}, "agenda"},
		{"an unknown group", coach, staff.Assign{StaffID: "coach-budi", Role: staff.Coach, GroupID: "g9"}, "group_id"},
		{"someone off the roster", coach, staff.Assign{StaffID: "coach-budi", Role: staff.Mentor, NIPs: []string{nip(99)}}, "nips[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cohort.DecideAssign(s, tc.person, tc.cmd)
			wantRefusal(t, err, domain.CodeInvalid, "", tc.field)
		})
	}
	n1, n9 := domain.NIP(nip(1)), domain.NIP(nip(9))
	if !s.CoachOf("coach-budi", n1) || s.CoachOf("coach-budi", n9) {
		t.Fatal("the group's coach coaches its members only")
	}
	if err := s.CheckExaminer("examiner", "coach-budi"); err == nil {
		t.Fatal("a coach passed as an examiner")
	}
}
