package cohort_test

import (
	"strings"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// The rules the ledger adds (docs/rules.md): bounded inputs and dates inside
// the cohort's window. The cohort of opened() runs 2024-06-03..2024-08-15.
func TestCohortInputRules(t *testing.T) {
	open := func(change func(*cohort.Opened)) func(cohort.State) ([]domain.Event, error) {
		return func(s cohort.State) ([]domain.Event, error) {
			o := opened("III")
			change(&o)
			return cohort.DecideOpen(s, cohort.Open{Opened: o})
		}
	}
	approve := func(change func(*cohort.ApprovalRecorded)) func(cohort.State) ([]domain.Event, error) {
		return func(s cohort.State) ([]domain.Event, error) {
			a := capacityApproval("B-1/LAN/2024", 45)
			change(&a)
			return cohort.DecideApproval(s, cohort.RecordApproval{ApprovalRecorded: a})
		}
	}
	session := func(date domain.Date) func(cohort.State) ([]domain.Event, error) {
		return func(s cohort.State) ([]domain.Event, error) {
			return cohort.DecideSession(s, cohort.SessionScheduled{SessionID: "s-" + string(date), Mode: cohort.ModeKlasikal, Date: date, JP: 7, Title: "Klasikal"})
		}
	}
	meeting := func(on domain.Date, repeat bool) func(cohort.State) ([]domain.Event, error) {
		return func(s cohort.State) ([]domain.Event, error) {
			return cohort.DecideMeeting(s, cohort.GraduationMeetingHeld{MeetingRef: "BA-" + string(on), DecidedOn: on, Redecision: repeat})
		}
	}
	deadline := func(on domain.Date, reason string) func(cohort.State) ([]domain.Event, error) {
		return func(s cohort.State) ([]domain.Event, error) {
			return cohort.DecideDeadline(s, cohort.RemedialDeadlineExtended{Deadline: on, Reason: reason})
		}
	}
	enrol := func(name string) func(cohort.State) ([]domain.Event, error) {
		return func(s cohort.State) ([]domain.Event, error) {
			c := enrolCmd(1, "III")
			c.Name = name
			return cohort.DecideEnrol(s, c)
		}
	}
	base := fold(opened("III"))
	tests := []struct {
		name      string
		state     cohort.State
		decide    func(cohort.State) ([]domain.Event, error)
		wantRule  string // "" accepted
		wantField string
	}{
		{name: "catalogue-count-1001-R-INPUT-3", state: cohort.Initial(), decide: open(func(o *cohort.Opened) {
			o.Catalogue = catalogue()
			o.Catalogue[domain.Substansi1][1] = 1001
		}), wantRule: "R-INPUT-3", wantField: "trophy_catalogue.substansi_1.1"},
		{name: "catalogue-count-overflow-R-INPUT-3", state: cohort.Initial(), decide: open(func(o *cohort.Opened) {
			o.Catalogue = catalogue()
			o.Catalogue[domain.Substansi1][1] = 200000000000000000
		}), wantRule: "R-INPUT-3", wantField: "trophy_catalogue.substansi_1.1"},
		{name: "catalogue-count-1000-accepted", state: cohort.Initial(), decide: open(func(o *cohort.Opened) {
			o.Catalogue = catalogue()
			o.Catalogue[domain.Substansi1][1] = 1000
		})},
		{name: "cohort-name-control-R-INPUT-2", state: cohort.Initial(), decide: open(func(o *cohort.Opened) { o.Name = "Angkatan\x00I" }), wantRule: "R-INPUT-2", wantField: "name"},
		{name: "cohort-name-201-R-INPUT-2", state: cohort.Initial(), decide: open(func(o *cohort.Opened) { o.Name = strings.Repeat("a", 201) }), wantRule: "R-INPUT-2", wantField: "name"},
		{name: "cohort-before-2021-R-DATE-6", state: cohort.Initial(), decide: open(func(o *cohort.Opened) { o.StartsOn, o.EndsOn = "2020-12-31", "2021-03-01" }), wantRule: "R-DATE-6", wantField: "starts_on"},
		{name: "cohort-over-a-year-R-DATE-6", state: cohort.Initial(), decide: open(func(o *cohort.Opened) { o.EndsOn = "2025-06-05" }), wantRule: "R-DATE-6", wantField: "ends_on"},
		{name: "cohort-a-year-accepted", state: cohort.Initial(), decide: open(func(o *cohort.Opened) { o.EndsOn = "2025-06-04" })},
		{name: "capacity-1001-R-INPUT-3", state: base, decide: approve(func(a *cohort.ApprovalRecorded) { a.Capacity = 1001 }), wantRule: "R-INPUT-3", wantField: "capacity"},
		{name: "capacity-2147483648-R-INPUT-3", state: base, decide: approve(func(a *cohort.ApprovalRecorded) { a.Capacity = 2147483648 }), wantRule: "R-INPUT-3", wantField: "capacity"},
		{name: "capacity-1000-accepted", state: base, decide: approve(func(a *cohort.ApprovalRecorded) { a.Capacity = 1000 })},
		{name: "letter-number-traversal-R-INPUT-2", state: base, decide: approve(func(a *cohort.ApprovalRecorded) { a.LetterNumber = "../../etc/passwd" }), wantRule: "R-INPUT-2", wantField: "letter_number"},
		{name: "letter-number-10k-R-INPUT-2", state: base, decide: approve(func(a *cohort.ApprovalRecorded) { a.LetterNumber = strings.Repeat("1", 10_000) }), wantRule: "R-INPUT-2", wantField: "letter_number"},
		{name: "approved-by-newline-R-INPUT-2", state: base, decide: approve(func(a *cohort.ApprovalRecorded) { a.ApprovedBy = "Kepala\nLAN" }), wantRule: "R-INPUT-2", wantField: "approved_by"},
		{name: "approval-after-ends-on-R-DATE-6", state: base, decide: approve(func(a *cohort.ApprovalRecorded) { a.ApprovedOn = "2024-08-16" }), wantRule: "R-DATE-6", wantField: "approved_on"},
		{name: "approval-years-before-R-DATE-6", state: base, decide: approve(func(a *cohort.ApprovalRecorded) { a.ApprovedOn = "2023-06-02" }), wantRule: "R-DATE-6", wantField: "approved_on"},
		{name: "approval-on-ends-on-accepted", state: base, decide: approve(func(a *cohort.ApprovalRecorded) { a.ApprovedOn = "2024-08-15" })},
		{name: "enrol-name-bidi-R-INPUT-2", state: base, decide: enrol("Siti\u202eRahayu"), wantRule: "R-INPUT-2", wantField: "name"},
		{name: "session-before-starts-on-R-DATE-2", state: base, decide: session("2024-06-02"), wantRule: "R-DATE-2", wantField: "date"},
		{name: "session-after-ends-on-R-DATE-2", state: base, decide: session("2024-08-16"), wantRule: "R-DATE-2", wantField: "date"},
		{name: "session-on-starts-on-accepted", state: base, decide: session("2024-06-03")},
		{name: "session-on-ends-on-accepted", state: base, decide: session("2024-08-15")},
		{name: "meeting-before-ends-on-R-DATE-4", state: base, decide: meeting("2024-08-14", false), wantRule: "R-DATE-4", wantField: "decided_on"},
		{name: "meeting-on-ends-on-accepted", state: base, decide: meeting("2024-08-15", false)},
		{name: "deadline-over-a-year-R-DATE-6", state: base, decide: deadline("2025-08-17", "banjir"), wantRule: "R-DATE-6", wantField: "deadline"},
		{name: "deadline-a-year-accepted", state: base, decide: deadline("2025-08-16", "banjir")},
		{name: "deadline-reason-control-R-INPUT-2", state: base, decide: deadline("2024-08-30", "banjir\x1b"), wantRule: "R-INPUT-2", wantField: "reason"},
		{name: "deadline-reason-lines-accepted", state: base, decide: deadline("2024-08-30", "banjir\r\n\tserver mati")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := tt.decide(tt.state)
			if tt.wantRule == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantRefusal(t, err, domain.CodeInvalid, tt.wantRule, tt.wantField)
			if events != nil {
				t.Fatalf("events=%v with a refusal", events)
			}
		})
	}
}

// A closed cohort answers its closure (409) before a date it would refuse.
func TestClosedCohortBeforeDates(t *testing.T) {
	s := fold(opened("III"), cohort.GraduationMeetingHeld{MeetingRef: "BA-1", DecidedOn: "2024-08-15"})
	_, err := cohort.DecideSession(s, cohort.SessionScheduled{SessionID: "late", Mode: cohort.ModeKlasikal, Date: "2024-08-20", JP: 2, Title: "Terlambat"})
	wantRefusal(t, err, domain.CodeConflict, "R-GRAD-4", "")
}

// The enrolment carries the cohort's window to the participant's stream.
func TestEnrolmentCarriesWindow(t *testing.T) {
	events, err := cohort.DecideEnrol(fold(opened("III")), enrolCmd(1, "III"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := events[0].(cohort.ParticipantEnrolled).Window(), (domain.Window{StartsOn: "2024-06-03", EndsOn: "2024-08-15"}); got != want {
		t.Fatalf("window=%v, want %v", got, want)
	}
}
