package cohort_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

func catalogue() domain.Catalogue {
	return domain.Catalogue{
		domain.Kebijakan:  {0: 3},
		domain.Substansi1: {1: 10, 2: 10, 3: 10, 4: 5},
		domain.Substansi2: {1: 3, 2: 3, 3: 3, 4: 3},
	}
}

func opened(golongan ...string) cohort.Opened {
	return cohort.Opened{
		CohortID:      "latsar-2024-01",
		Name:          "Latsar CPNS Angkatan I 2024",
		InstitutionID: "bpsdm-jatim",
		Golongan:      golongan,
		StartsOn:      "2024-06-03",
		EndsOn:        "2024-08-15",
		Catalogue:     catalogue(),
		Ruleset:       domain.Ruleset,
	}
}

// nip is a valid NIP whose sequence is i (1..999).
func nip(i int) string { return fmt.Sprintf("199901012024011%03d", i) }

func enrolCmd(i int, golongan string) cohort.Enrol {
	return cohort.Enrol{NIP: nip(i), Name: fmt.Sprintf("Peserta %d", i), Golongan: golongan, Agency: "pemkab-probolinggo"}
}

func capacityApproval(letter string, capacity int) cohort.ApprovalRecorded {
	return cohort.ApprovalRecorded{
		CohortID: "latsar-2024-01", Kind: cohort.KindCapacity, LetterNumber: letter,
		ApprovedBy: "Kepala LAN", ApprovedOn: "2024-05-20", Capacity: capacity,
	}
}

func mergeApproval(letter string) cohort.ApprovalRecorded {
	return cohort.ApprovalRecorded{
		CohortID: "latsar-2024-01", Kind: cohort.KindGolonganMerge, LetterNumber: letter,
		ApprovedBy: "Kepala LAN", ApprovedOn: "2024-05-21",
	}
}

// fold builds a state from cohort.Initial by folding events with cohort.Evolve.
func fold(events ...domain.Event) cohort.State {
	s := cohort.Initial()
	for _, e := range events {
		s = cohort.Evolve(s, e)
	}
	return s
}

// enrolled admits participants first..last of golongan g through DecideEnrol,
// folding what it decides.
func enrolled(t *testing.T, s cohort.State, first, last int, g string) cohort.State {
	t.Helper()
	for i := first; i <= last; i++ {
		events, err := cohort.DecideEnrol(s, enrolCmd(i, g))
		if err != nil {
			t.Fatalf("enrol #%d (%s): %v", i, g, err)
		}
		for _, e := range events {
			s = cohort.Evolve(s, e)
		}
	}
	return s
}

// wantRefusal checks err is a *domain.Error with the code, and the rule and
// field when they are given.
func wantRefusal(t *testing.T, err error, code domain.Code, rule, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted, want %s refusal (%s)", code, rule)
	}
	e, ok := domain.AsError(err)
	if !ok {
		t.Fatalf("error %T %v, want *domain.Error", err, err)
	}
	if got, want := e.Code, code; got != want {
		t.Fatalf("code=%q, want %q (%v)", got, want, err)
	}
	if got, want := e.Rule, rule; want != "" && got != want {
		t.Fatalf("rule=%q, want %q (%v)", got, want, err)
	}
	if field == "" {
		return
	}
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Field)
	}
	if !slices.Contains(fields, field) {
		t.Fatalf("fields=%v, want %q among them (%v)", fields, field, err)
	}
}

func TestDecideEnrol(t *testing.T) {
	tests := []struct {
		name      string
		state     func(t *testing.T) cohort.State
		cmd       cohort.Enrol
		wantCode  domain.Code // "" when admitted
		wantRule  string
		wantField string
		wantEvent *cohort.ParticipantEnrolled // checked when set
	}{
		{
			name:  "first-participant-admitted",
			state: func(t *testing.T) cohort.State { return fold(opened("III")) },
			cmd:   enrolCmd(1, "III"),
			wantEvent: &cohort.ParticipantEnrolled{
				CohortID: "latsar-2024-01", NIP: domain.NIP(nip(1)), Name: "Peserta 1", Golongan: "III",
				Agency: "pemkab-probolinggo", InstitutionID: "bpsdm-jatim", Catalogue: catalogue(), Ruleset: domain.Ruleset,
				StartsOn: "2024-06-03", EndsOn: "2024-08-15",
			},
		},
		{
			name:  "40th-admitted-R-COH-1",
			state: func(t *testing.T) cohort.State { return enrolled(t, fold(opened("III")), 1, 39, "III") },
			cmd:   enrolCmd(40, "III"),
		},
		{
			name:     "41st-refused-R-COH-1",
			state:    func(t *testing.T) cohort.State { return enrolled(t, fold(opened("III")), 1, 40, "III") },
			cmd:      enrolCmd(41, "III"),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-1", wantField: "nip",
		},
		{
			name: "41st-admitted-after-capacity-approval-R-COH-2",
			state: func(t *testing.T) cohort.State {
				return enrolled(t, fold(opened("III"), capacityApproval("B-101/K.1/2024", 45)), 1, 40, "III")
			},
			cmd: enrolCmd(41, "III"),
		},
		{
			name: "45th-admitted-after-capacity-approval-R-COH-2",
			state: func(t *testing.T) cohort.State {
				return enrolled(t, fold(opened("III"), capacityApproval("B-101/K.1/2024", 45)), 1, 44, "III")
			},
			cmd: enrolCmd(45, "III"),
		},
		{
			name: "46th-refused-after-capacity-approval-R-COH-2",
			state: func(t *testing.T) cohort.State {
				return enrolled(t, fold(opened("III"), capacityApproval("B-101/K.1/2024", 45)), 1, 45, "III")
			},
			cmd:      enrolCmd(46, "III"),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-2", wantField: "nip",
		},
		{
			name: "capacity-approval-recorded-after-40-admits-41st-R-COH-2",
			state: func(t *testing.T) cohort.State {
				s := enrolled(t, fold(opened("III")), 1, 40, "III")
				return cohort.Evolve(s, capacityApproval("B-101/K.1/2024", 42))
			},
			cmd: enrolCmd(41, "III"),
		},
		{
			name:     "golongan-not-of-cohort-is-a-mix-refused-R-COH-3",
			state:    func(t *testing.T) cohort.State { return fold(opened("III")) },
			cmd:      enrolCmd(1, "II"),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-3", wantField: "golongan",
		},
		{
			name:     "golongan-ruang-not-of-cohort-is-a-mix-refused-R-COH-3",
			state:    func(t *testing.T) cohort.State { return fold(opened("II")) },
			cmd:      enrolCmd(1, "III/b"),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-3", wantField: "golongan",
		},
		{
			name:     "golongan-IV-refused-R-COH-1",
			state:    func(t *testing.T) cohort.State { return fold(opened("III")) },
			cmd:      enrolCmd(1, "IV"),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-1", wantField: "golongan",
		},
		{
			name:  "golongan-ruang-III/a-accepted-as-III-R-COH-1",
			state: func(t *testing.T) cohort.State { return fold(opened("III")) },
			cmd:   enrolCmd(1, "III/a"),
		},
		{
			name:  "ruang-III/a-joins-III-without-merge-R-COH-3",
			state: func(t *testing.T) cohort.State { return enrolled(t, fold(opened("III")), 1, 3, "III") },
			cmd:   enrolCmd(4, "III/a"),
		},
		{
			name:  "II-first-in-mixed-opening-admitted",
			state: func(t *testing.T) cohort.State { return fold(opened("II", "III")) },
			cmd:   enrolCmd(1, "II"),
		},
		{
			name:     "II-then-III-without-merge-approval-refused-R-COH-3",
			state:    func(t *testing.T) cohort.State { return enrolled(t, fold(opened("II", "III")), 1, 1, "II") },
			cmd:      enrolCmd(2, "III"),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-3", wantField: "golongan",
		},
		{
			name:     "III-then-II/c-without-merge-approval-refused-R-COH-3",
			state:    func(t *testing.T) cohort.State { return enrolled(t, fold(opened("II", "III")), 1, 1, "III") },
			cmd:      enrolCmd(2, "II/c"),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-3", wantField: "golongan",
		},
		{
			name: "II-then-III-with-merge-approval-admitted-R-COH-3",
			state: func(t *testing.T) cohort.State {
				return enrolled(t, fold(opened("II", "III"), mergeApproval("B-202/K.1/2024")), 1, 1, "II")
			},
			cmd: enrolCmd(2, "III"),
		},
		{
			name: "merge-approval-after-II-admits-III-R-COH-3",
			state: func(t *testing.T) cohort.State {
				s := enrolled(t, fold(opened("II", "III")), 1, 1, "II")
				return cohort.Evolve(s, mergeApproval("B-202/K.1/2024"))
			},
			cmd: enrolCmd(2, "III"),
		},
		{
			name: "merged-cohort-still-holds-40-R-COH-1",
			state: func(t *testing.T) cohort.State {
				s := enrolled(t, fold(opened("II", "III"), mergeApproval("B-202/K.1/2024")), 1, 20, "II")
				return enrolled(t, s, 21, 40, "III")
			},
			cmd:      enrolCmd(41, "II"),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-1", wantField: "nip",
		},
		{
			name:  "repeat-enrolment-same-details-is-same-event",
			state: func(t *testing.T) cohort.State { return enrolled(t, fold(opened("III")), 1, 1, "III") },
			cmd:   enrolCmd(1, "III"),
			wantEvent: &cohort.ParticipantEnrolled{
				CohortID: "latsar-2024-01", NIP: domain.NIP(nip(1)), Name: "Peserta 1", Golongan: "III",
				Agency: "pemkab-probolinggo", InstitutionID: "bpsdm-jatim", Catalogue: catalogue(), Ruleset: domain.Ruleset,
				StartsOn: "2024-06-03", EndsOn: "2024-08-15",
			},
		},
		{
			// Recorded before enrolments carried the cohort's dates (R-DATE-1).
			name: "repeat-of-enrolment-without-dates-is-the-recorded-event",
			state: func(t *testing.T) cohort.State {
				return fold(opened("III"), cohort.ParticipantEnrolled{
					CohortID: "latsar-2024-01", NIP: domain.NIP(nip(1)), Name: "Peserta 1", Golongan: "III",
					Agency: "pemkab-probolinggo", InstitutionID: "bpsdm-jatim", Catalogue: catalogue(), Ruleset: domain.Ruleset,
				})
			},
			cmd: enrolCmd(1, "III"),
			wantEvent: &cohort.ParticipantEnrolled{
				CohortID: "latsar-2024-01", NIP: domain.NIP(nip(1)), Name: "Peserta 1", Golongan: "III",
				Agency: "pemkab-probolinggo", InstitutionID: "bpsdm-jatim", Catalogue: catalogue(), Ruleset: domain.Ruleset,
			},
		},
		{
			name:  "repeat-enrolment-in-full-cohort-is-same-event-R-COH-1",
			state: func(t *testing.T) cohort.State { return enrolled(t, fold(opened("III")), 1, 40, "III") },
			cmd:   enrolCmd(40, "III"),
		},
		{
			name:  "repeat-enrolment-nip-with-spaces-is-same-event-R-NIP-1",
			state: func(t *testing.T) cohort.State { return enrolled(t, fold(opened("III")), 1, 1, "III") },
			cmd: cohort.Enrol{
				NIP: "19990101 202401 1 001", Name: "Peserta 1", Golongan: "III", Agency: "pemkab-probolinggo",
			},
		},
		{
			name:  "repeat-enrolment-other-name-conflict",
			state: func(t *testing.T) cohort.State { return enrolled(t, fold(opened("III")), 1, 1, "III") },
			cmd: cohort.Enrol{
				NIP: nip(1), Name: "Someone Else", Golongan: "III", Agency: "pemkab-probolinggo",
			},
			wantCode: domain.CodeConflict,
		},
		{
			name:  "repeat-enrolment-other-agency-conflict",
			state: func(t *testing.T) cohort.State { return enrolled(t, fold(opened("III")), 1, 1, "III") },
			cmd: cohort.Enrol{
				NIP: nip(1), Name: "Peserta 1", Golongan: "III", Agency: "pemkot-blitar",
			},
			wantCode: domain.CodeConflict,
		},
		{
			name:     "bad-nip-refused-R-NIP-1",
			state:    func(t *testing.T) cohort.State { return fold(opened("III")) },
			cmd:      cohort.Enrol{NIP: "19991301 2024011001", Name: "Peserta", Golongan: "III", Agency: "pemkab-probolinggo"},
			wantCode: domain.CodeInvalid, wantRule: "R-NIP-1", wantField: "nip",
		},
		{
			name:     "missing-name-refused",
			state:    func(t *testing.T) cohort.State { return fold(opened("III")) },
			cmd:      cohort.Enrol{NIP: nip(1), Name: "  ", Golongan: "III", Agency: "pemkab-probolinggo"},
			wantCode: domain.CodeInvalid, wantField: "name",
		},
		{
			name:     "bad-agency-refused",
			state:    func(t *testing.T) cohort.State { return fold(opened("III")) },
			cmd:      cohort.Enrol{NIP: nip(1), Name: "Peserta", Golongan: "III", Agency: "pemkab probolinggo"},
			wantCode: domain.CodeInvalid, wantField: "agency",
		},
		{
			name:     "cohort-not-opened-not-found",
			state:    func(t *testing.T) cohort.State { return cohort.Initial() },
			cmd:      enrolCmd(1, "III"),
			wantCode: domain.CodeNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.state(t)
			before := len(s.Roster)
			events, err := cohort.DecideEnrol(s, tt.cmd)
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, tt.wantField)
				if events != nil {
					t.Fatalf("events=%v, want none with a refusal", events)
				}
				return
			}
			if err != nil {
				t.Fatalf("DecideEnrol: %v", err)
			}
			if got, want := len(events), 1; got != want {
				t.Fatalf("events=%d, want %d", got, want)
			}
			e, ok := events[0].(cohort.ParticipantEnrolled)
			if !ok {
				t.Fatalf("event %T, want cohort.ParticipantEnrolled", events[0])
			}
			if tt.wantEvent != nil && !reflect.DeepEqual(e, *tt.wantEvent) {
				t.Fatalf("event=%+v, want %+v", e, *tt.wantEvent)
			}
			if prior, repeat := s.Roster[e.NIP]; repeat {
				if !reflect.DeepEqual(prior.Enrolment, e) {
					t.Fatalf("repeat answered %+v, want the recorded %+v", e, prior.Enrolment)
				}
				return
			}
			if got, want := len(cohort.Evolve(s, e).Roster), before+1; got != want {
				t.Fatalf("roster=%d after admitting, want %d", got, want)
			}
		})
	}
}

func TestEvolveRoster(t *testing.T) {
	s := fold(opened("II", "III"), mergeApproval("B-202/K.1/2024"), capacityApproval("B-101/K.1/2024", 45))
	s = enrolled(t, s, 1, 2, "II/a")
	s = enrolled(t, s, 3, 5, "III")
	tests := []struct {
		name string
		got  any
		want any
	}{
		{name: "roster-size", got: len(s.Roster), want: 5},
		{name: "count-II-from-ruang", got: s.Count[domain.GolonganII], want: 2},
		{name: "count-III", got: s.Count[domain.GolonganIII], want: 3},
		{name: "capacity-from-approval-R-COH-2", got: s.Capacity, want: 45},
		{name: "merged-from-approval-R-COH-3", got: s.Merged, want: true},
		{name: "approvals-kept", got: len(s.Approvals), want: 2},
		{name: "member-golongan-parsed", got: s.Roster[domain.NIP(nip(1))].Golongan, want: domain.GolonganII},
		{name: "initial-capacity-40-R-COH-1", got: cohort.Initial().Capacity, want: 40},
		{name: "initial-not-opened", got: cohort.Initial().Exists(), want: false},
		{name: "smaller-capacity-approval-never-lowers", got: cohort.Evolve(s, capacityApproval("B-103/K.1/2024", 42)).Capacity, want: 45},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := tt.got, tt.want; got != want {
				t.Fatalf("%s=%v, want %v", tt.name, got, want)
			}
		})
	}
}

func TestDecideApproval(t *testing.T) {
	tests := []struct {
		name      string
		state     func(t *testing.T) cohort.State
		approval  cohort.ApprovalRecorded
		wantCode  domain.Code
		wantRule  string
		wantField string
	}{
		{
			name:     "capacity-45-recorded-R-COH-2",
			state:    func(t *testing.T) cohort.State { return fold(opened("III")) },
			approval: capacityApproval("B-101/K.1/2024", 45),
		},
		{
			name:     "capacity-41-recorded-R-COH-2",
			state:    func(t *testing.T) cohort.State { return fold(opened("III")) },
			approval: capacityApproval("B-101/K.1/2024", 41),
		},
		{
			name:     "capacity-40-refused-R-COH-2",
			state:    func(t *testing.T) cohort.State { return fold(opened("III")) },
			approval: capacityApproval("B-101/K.1/2024", 40),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-2", wantField: "capacity",
		},
		{
			name:     "capacity-30-refused-R-COH-2",
			state:    func(t *testing.T) cohort.State { return fold(opened("III")) },
			approval: capacityApproval("B-101/K.1/2024", 30),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-2", wantField: "capacity",
		},
		{
			name: "capacity-below-roster-refused-R-COH-2",
			state: func(t *testing.T) cohort.State {
				return enrolled(t, fold(opened("III"), capacityApproval("B-101/K.1/2024", 45)), 1, 44, "III")
			},
			approval: capacityApproval("B-102/K.1/2024", 42),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-2", wantField: "capacity",
		},
		{
			name: "capacity-approval-without-letter-refused-R-COH-2",
			state: func(t *testing.T) cohort.State {
				return fold(opened("III"))
			},
			approval: capacityApproval(" ", 45),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-2", wantField: "letter_number",
		},
		{
			name:  "capacity-approval-without-approver-refused-R-COH-2",
			state: func(t *testing.T) cohort.State { return fold(opened("III")) },
			approval: func() cohort.ApprovalRecorded {
				a := capacityApproval("B-101/K.1/2024", 45)
				a.ApprovedBy = ""
				return a
			}(),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-2", wantField: "approved_by",
		},
		{
			name:  "approval-bad-date-refused",
			state: func(t *testing.T) cohort.State { return fold(opened("III")) },
			approval: func() cohort.ApprovalRecorded {
				a := capacityApproval("B-101/K.1/2024", 45)
				a.ApprovedOn = "2024-02-30"
				return a
			}(),
			wantCode: domain.CodeInvalid, wantField: "approved_on",
		},
		{
			name:     "golongan-merge-recorded-R-COH-3",
			state:    func(t *testing.T) cohort.State { return fold(opened("II", "III")) },
			approval: mergeApproval("B-202/K.1/2024"),
		},
		{
			name:  "golongan-merge-with-capacity-refused-R-COH-3",
			state: func(t *testing.T) cohort.State { return fold(opened("II", "III")) },
			approval: func() cohort.ApprovalRecorded {
				a := mergeApproval("B-202/K.1/2024")
				a.Capacity = 45
				return a
			}(),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-3", wantField: "capacity",
		},
		{
			name:  "unknown-kind-refused",
			state: func(t *testing.T) cohort.State { return fold(opened("III")) },
			approval: func() cohort.ApprovalRecorded {
				a := capacityApproval("B-101/K.1/2024", 45)
				a.Kind = "budget"
				return a
			}(),
			wantCode: domain.CodeInvalid, wantField: "kind",
		},
		{
			name:     "same-letter-same-details-is-same-event",
			state:    func(t *testing.T) cohort.State { return fold(opened("III"), capacityApproval("B-101/K.1/2024", 45)) },
			approval: capacityApproval("B-101/K.1/2024", 45),
		},
		{
			name:     "same-letter-other-details-conflict",
			state:    func(t *testing.T) cohort.State { return fold(opened("III"), capacityApproval("B-101/K.1/2024", 45)) },
			approval: capacityApproval("B-101/K.1/2024", 44),
			wantCode: domain.CodeConflict,
		},
		{
			name:     "cohort-not-opened-not-found",
			state:    func(t *testing.T) cohort.State { return cohort.Initial() },
			approval: capacityApproval("B-101/K.1/2024", 45),
			wantCode: domain.CodeNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.state(t)
			events, err := cohort.DecideApproval(s, cohort.RecordApproval{ApprovalRecorded: tt.approval})
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, tt.wantField)
				return
			}
			if err != nil {
				t.Fatalf("DecideApproval: %v", err)
			}
			if got, want := len(events), 1; got != want {
				t.Fatalf("events=%d, want %d", got, want)
			}
			if got, want := events[0], domain.Event(tt.approval); got != want {
				t.Fatalf("event=%+v, want %+v", got, want)
			}
		})
	}
}

func TestDecideOpen(t *testing.T) {
	with := func(f func(o *cohort.Opened)) cohort.Opened {
		o := opened("III")
		f(&o)
		return o
	}
	tests := []struct {
		name      string
		state     cohort.State
		open      cohort.Opened
		want      *cohort.Opened // the event when accepted
		wantCode  domain.Code
		wantRule  string
		wantField string
	}{
		{name: "valid-opening", state: cohort.Initial(), open: opened("III"), want: ptr(opened("III"))},
		{name: "valid-opening-II-and-III", state: cohort.Initial(), open: opened("II", "III"), want: ptr(opened("II", "III"))},
		{
			name: "ruleset-omitted-defaults-to-perlan-1-2021", state: cohort.Initial(),
			open: with(func(o *cohort.Opened) { o.Ruleset = "" }), want: ptr(opened("III")),
		},
		{
			name: "one-day-cohort-accepted", state: cohort.Initial(),
			open: with(func(o *cohort.Opened) { o.EndsOn = o.StartsOn }),
			want: ptr(with(func(o *cohort.Opened) { o.EndsOn = o.StartsOn })),
		},
		{
			name: "bad-cohort-id-refused", state: cohort.Initial(),
			open:     with(func(o *cohort.Opened) { o.CohortID = "latsar 2024" }),
			wantCode: domain.CodeInvalid, wantField: "cohort_id",
		},
		{
			name: "empty-cohort-id-refused", state: cohort.Initial(),
			open:     with(func(o *cohort.Opened) { o.CohortID = "" }),
			wantCode: domain.CodeInvalid, wantField: "cohort_id",
		},
		{
			name: "missing-name-refused", state: cohort.Initial(),
			open:     with(func(o *cohort.Opened) { o.Name = "" }),
			wantCode: domain.CodeInvalid, wantField: "name",
		},
		{
			name: "bad-institution-refused", state: cohort.Initial(),
			open:     with(func(o *cohort.Opened) { o.InstitutionID = "" }),
			wantCode: domain.CodeInvalid, wantField: "institution_id",
		},
		{
			name: "no-golongan-refused-R-COH-1", state: cohort.Initial(),
			open:     with(func(o *cohort.Opened) { o.Golongan = nil }),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-1", wantField: "golongan",
		},
		{
			name: "golongan-IV-refused-R-COH-1", state: cohort.Initial(),
			open:     with(func(o *cohort.Opened) { o.Golongan = []string{"IV"} }),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-1", wantField: "golongan",
		},
		{
			name: "golongan-repeated-refused-R-COH-1", state: cohort.Initial(),
			open:     with(func(o *cohort.Opened) { o.Golongan = []string{"III", "III"} }),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-1", wantField: "golongan",
		},
		{
			name: "three-golongan-refused-R-COH-1", state: cohort.Initial(),
			open:     with(func(o *cohort.Opened) { o.Golongan = []string{"II", "III", "II"} }),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-1", wantField: "golongan",
		},
		{
			name: "bad-starts-on-refused", state: cohort.Initial(),
			open:     with(func(o *cohort.Opened) { o.StartsOn = "2024-13-01" }),
			wantCode: domain.CodeInvalid, wantField: "starts_on",
		},
		{
			name: "ends-on-before-starts-on-refused", state: cohort.Initial(),
			open:     with(func(o *cohort.Opened) { o.EndsOn = "2024-06-02" }),
			wantCode: domain.CodeInvalid, wantField: "ends_on",
		},
		{
			name: "unknown-ruleset-refused", state: cohort.Initial(),
			open:     with(func(o *cohort.Opened) { o.Ruleset = "perlan-2-2025" }),
			wantCode: domain.CodeInvalid, wantField: "ruleset",
		},
		{
			name: "no-catalogue-refused", state: cohort.Initial(),
			open:     with(func(o *cohort.Opened) { o.Catalogue = nil }),
			wantCode: domain.CodeInvalid, wantField: "trophy_catalogue",
		},
		{
			name: "catalogue-one-kebijakan-refused-R-TRO-2", state: cohort.Initial(),
			open:     with(func(o *cohort.Opened) { o.Catalogue[domain.Kebijakan][0] = 1 }),
			wantCode: domain.CodeInvalid, wantRule: "R-TRO-2", wantField: "trophy_catalogue.kebijakan",
		},
		{
			name: "repeat-open-same-content-is-same-event", state: fold(opened("III")),
			open: opened("III"), want: ptr(opened("III")),
		},
		{
			name: "repeat-open-ruleset-omitted-is-same-event", state: fold(opened("III")),
			open: with(func(o *cohort.Opened) { o.Ruleset = "" }), want: ptr(opened("III")),
		},
		{
			name: "repeat-open-other-name-conflict", state: fold(opened("III")),
			open:     with(func(o *cohort.Opened) { o.Name = "Angkatan II" }),
			wantCode: domain.CodeConflict,
		},
		{
			name: "repeat-open-other-catalogue-conflict", state: fold(opened("III")),
			open:     with(func(o *cohort.Opened) { o.Catalogue[domain.Substansi1][4] = 6 }),
			wantCode: domain.CodeConflict,
		},
		{
			name: "repeat-open-other-golongan-conflict", state: fold(opened("III")),
			open:     opened("II", "III"),
			wantCode: domain.CodeConflict,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := cohort.DecideOpen(tt.state, cohort.Open{Opened: tt.open})
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, tt.wantField)
				return
			}
			if err != nil {
				t.Fatalf("DecideOpen: %v", err)
			}
			if got, want := len(events), 1; got != want {
				t.Fatalf("events=%d, want %d", got, want)
			}
			got, ok := events[0].(cohort.Opened)
			if !ok {
				t.Fatalf("event %T, want cohort.Opened", events[0])
			}
			if !reflect.DeepEqual(got, *tt.want) {
				t.Fatalf("event=%+v, want %+v", got, *tt.want)
			}
		})
	}
}

func TestDecideOpenNamesEveryBrokenField(t *testing.T) {
	o := cohort.Opened{CohortID: "bad id", Golongan: []string{"IV"}, StartsOn: "2024-06-03", EndsOn: "2024-06-01", Ruleset: "x"}
	_, err := cohort.DecideOpen(cohort.Initial(), cohort.Open{Opened: o})
	e, ok := domain.AsError(err)
	if !ok {
		t.Fatalf("error %T %v, want *domain.Error", err, err)
	}
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Field)
	}
	for _, want := range []string{"cohort_id", "name", "institution_id", "golongan", "ends_on", "trophy_catalogue", "ruleset"} {
		if !slices.Contains(fields, want) {
			t.Fatalf("fields=%v, want %q among them", fields, want)
		}
	}
}

func ptr[T any](v T) *T { return &v }
