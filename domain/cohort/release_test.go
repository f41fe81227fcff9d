package cohort_test

import (
	"reflect"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// TestDecideRelease: after the meeting, on or after its day, once, the
// roster (a withdrawn participant left it) is released (R-MOVE-3).
func TestDecideRelease(t *testing.T) {
	open := enrolled(t, fold(opened("III")), 1, 3, "III")
	open = cohort.Evolve(open, cohort.ParticipantWithdrew{CohortID: "latsar-2024-01", NIP: domain.NIP(nip(2)), Reason: "sakit", LetterNumber: "1/2024", WithdrawnOn: "2024-07-01"})
	decided := cohort.Evolve(open, cohort.GraduationMeetingHeld{MeetingRef: "BA-1", DecidedOn: "2024-08-16"})

	e, each, err := cohort.DecideRelease(decided, "2024-08-16")
	if err != nil {
		t.Fatal(err)
	}
	if want := []domain.NIP{domain.NIP(nip(1)), domain.NIP(nip(3))}; !reflect.DeepEqual(e.NIPs, want) || e.MeetingRef != "BA-1" {
		t.Fatalf("released %+v, want %v at BA-1", e, want)
	}
	if len(each) != 2 || each[1].NIP != domain.NIP(nip(3)) || each[1].Agency != "pemkab-probolinggo" || each[1].ReleasedOn != "2024-08-16" {
		t.Fatalf("participants' releases %+v", each)
	}
	released := cohort.Evolve(decided, e)
	again, againEach, err := cohort.DecideRelease(released, "2024-08-16")
	if err != nil || !reflect.DeepEqual(again, e) || !reflect.DeepEqual(againEach, each) {
		t.Fatalf("same release again: %+v %v", again, err)
	}

	emptied := cohort.Evolve(fold(opened("III")), cohort.GraduationMeetingHeld{MeetingRef: "BA-1", DecidedOn: "2024-08-16"})
	for name, tc := range map[string]struct {
		s           cohort.State
		on          domain.Date
		code        domain.Code
		rule, field string
	}{
		"before the meeting":     {open, "2024-08-16", domain.CodeConflict, "R-MOVE-3", ""},
		"before the meeting day": {decided, "2024-08-15", domain.CodeInvalid, "R-MOVE-3", "released_on"},
		"not a date":             {decided, "16/08/2024", domain.CodeInvalid, "", "released_on"},
		"twice":                  {released, "2024-08-19", domain.CodeConflict, "R-MOVE-3", ""},
		"nobody on the roster":   {emptied, "2024-08-16", domain.CodeConflict, "R-MOVE-3", ""},
		"no such cohort":         {cohort.Initial(), "2024-08-16", domain.CodeNotFound, "", ""},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := cohort.DecideRelease(tc.s, tc.on)
			wantRefusal(t, err, tc.code, tc.rule, tc.field)
		})
	}
}
