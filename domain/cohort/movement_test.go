package cohort_test

import (
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// TestTransferIn: the cohort joined applies R-COH-1..3 and R-MOVE-2; the
// move folds off the old roster and onto the new one.
func TestTransferIn(t *testing.T) {
	from := cohort.ParticipantEnrolled{CohortID: "old", NIP: domain.NIP(nip(90)), Name: "Peserta 90", Golongan: "II",
		Agency: "pemkab-probolinggo", InstitutionID: "bpsdm-jatim", Ruleset: domain.Ruleset}
	move := cohort.ParticipantTransferred{NIP: domain.NIP(nip(90)), FromCohortID: "old", ToCohortID: "latsar-2024-01",
		Reason: "pindah angkatan", TransferredOn: "2024-06-10"}
	merged := cohort.ApprovalRecorded{CohortID: "latsar-2024-01", Kind: cohort.KindGolonganMerge,
		LetterNumber: "B-7/K.1/2024", ApprovedBy: "Kepala LAN", ApprovedOn: "2024-05-20"}
	tests := []struct {
		name      string
		state     func(t *testing.T) cohort.State
		from      func(cohort.ParticipantEnrolled) cohort.ParticipantEnrolled
		wantCode  domain.Code
		wantRule  string
		wantField string
	}{
		{name: "golongan-mix-refused-R-COH-3", state: func(t *testing.T) cohort.State { return enrolled(t, fold(opened("III")), 1, 3, "III") },
			wantCode: domain.CodeInvalid, wantRule: "R-COH-3", wantField: "golongan"},
		{name: "golongan-mix-approved-admitted-R-COH-3", state: func(t *testing.T) cohort.State {
			return cohort.Evolve(enrolled(t, fold(opened("III")), 1, 3, "III"), merged)
		}},
		{name: "full-cohort-refused-R-COH-1", state: func(t *testing.T) cohort.State { return enrolled(t, fold(opened("II")), 1, 40, "II") },
			wantCode: domain.CodeInvalid, wantRule: "R-COH-1", wantField: "nip"},
		{name: "other-institution-refused-R-MOVE-2", state: func(t *testing.T) cohort.State { return fold(opened("II")) },
			from: func(e cohort.ParticipantEnrolled) cohort.ParticipantEnrolled {
				e.InstitutionID = "bpsdm-jabar"
				return e
			},
			wantCode: domain.CodeInvalid, wantRule: "R-MOVE-2", wantField: "to_cohort_id"},
		{name: "unknown-cohort-refused-R-MOVE-2", state: func(t *testing.T) cohort.State { return cohort.Initial() },
			wantCode: domain.CodeInvalid, wantRule: "R-MOVE-2", wantField: "to_cohort_id"},
		{name: "decided-cohort-refused-R-GRAD-4", state: func(t *testing.T) cohort.State {
			return cohort.Evolve(fold(opened("II")), cohort.GraduationMeetingHeld{MeetingRef: "BA-1", DecidedOn: "2024-08-15"})
		}, wantCode: domain.CodeConflict, wantRule: "R-GRAD-4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.state(t)
			f := from
			if tt.from != nil {
				f = tt.from(f)
			}
			events, err := cohort.DecideTransferIn(s, f, move)
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, tt.wantField)
				return
			}
			if err != nil {
				t.Fatalf("DecideTransferIn: %v", err)
			}
			e := events[0].(cohort.ParticipantTransferred)
			if e.Enrolment.CohortID != "latsar-2024-01" || e.Enrolment.StartsOn != "2024-06-03" || e.Enrolment.Name != "Peserta 90" {
				t.Fatalf("new enrolment %+v", e.Enrolment)
			}
			n := len(s.Roster)
			if got := len(cohort.Evolve(s, e).Roster); got != n+1 {
				t.Fatalf("roster %d after the move, want %d", got, n+1)
			}
		})
	}
}

// TestWithdrawalLeavesTheRoster: R-MOVE-1 on the cohort; a withdrawal frees
// its seat, and the same withdrawal again is a repeat.
func TestWithdrawalLeavesTheRoster(t *testing.T) {
	s := enrolled(t, fold(opened("III")), 1, 40, "III")
	w := cohort.ParticipantWithdrew{NIP: domain.NIP(nip(1)), Reason: "sakit", LetterNumber: "800/1/BKD/2024", WithdrawnOn: "2024-07-01"}
	events, err := cohort.DecideWithdrawal(s, w)
	if err != nil {
		t.Fatal(err)
	}
	s = cohort.Evolve(s, events[0])
	if len(s.Roster) != 39 {
		t.Fatalf("roster %d, want 39", len(s.Roster))
	}
	if again, err := cohort.DecideWithdrawal(s, events[0].(cohort.ParticipantWithdrew)); err != nil || again[0] != events[0] {
		t.Fatalf("repeat: %v %v", again, err)
	}
	if _, err := cohort.DecideEnrol(s, enrolCmd(41, "III")); err != nil {
		t.Fatalf("the freed seat: %v", err)
	}
	w.LetterNumber = ""
	w.NIP = domain.NIP(nip(2))
	if _, err := cohort.DecideWithdrawal(s, w); err == nil {
		t.Fatal("a withdrawal without its letter was accepted")
	}
}

// A participant who leaves leaves their learning group too: a group session
// no longer counts them and the recorded group event is left as it was.
func TestLeavingLeavesTheGroup(t *testing.T) {
	s := enrolled(t, fold(opened("III")), 1, 4, "III")
	formed := cohort.GroupFormed{GroupID: "g1", NIPs: []domain.NIP{domain.NIP(nip(1)), domain.NIP(nip(2))}}
	s = cohort.Evolve(s, formed)
	s = cohort.Evolve(s, cohort.ParticipantWithdrew{NIP: domain.NIP(nip(1)), Reason: "sakit", LetterNumber: "800/1/BKD/2024", WithdrawnOn: "2024-07-01"})
	if _, ok := s.GroupOf[domain.NIP(nip(1))]; ok {
		t.Fatal("the withdrawn participant is still in the group")
	}
	if got := s.Groups[0].NIPs; len(got) != 1 || got[0] != domain.NIP(nip(2)) {
		t.Fatalf("group members %v, want only %s", got, nip(2))
	}
	if len(formed.NIPs) != 2 {
		t.Fatalf("the recorded event was edited: %v", formed.NIPs)
	}
	if s.GroupOf[domain.NIP(nip(2))] != "g1" {
		t.Fatal("the one who stayed left the group")
	}
}
