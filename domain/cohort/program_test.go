package cohort_test

import (
	"reflect"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// nipRange is the NIPs of participants first..last.
func nipRange(first, last int) []string {
	var out []string
	for i := first; i <= last; i++ {
		out = append(out, nip(i))
	}
	return out
}

// asNIPs converts raw NIPs to domain.NIP.
func asNIPs(raw []string) []domain.NIP {
	out := make([]domain.NIP, len(raw))
	for i, r := range raw {
		out[i] = domain.NIP(r)
	}
	return out
}

// roster12 is a golongan III cohort with participants 1..12.
func roster12(t *testing.T) cohort.State {
	t.Helper()
	return enrolled(t, fold(opened("III")), 1, 12, "III")
}

// decideFold applies what a decider decides, failing the test on refusal.
func decideFold(t *testing.T, s cohort.State, events []domain.Event, err error) cohort.State {
	t.Helper()
	if err != nil {
		t.Fatalf("decide: %v", err)
	}
	for _, e := range events {
		s = cohort.Evolve(s, e)
	}
	return s
}

// withGroup forms group id of the NIPs through DecideGroup.
func withGroup(t *testing.T, s cohort.State, id string, nips []string) cohort.State {
	t.Helper()
	events, err := cohort.DecideGroup(s, cohort.FormGroup{GroupID: id, NIPs: nips})
	return decideFold(t, s, events, err)
}

// klasikalSession is a cohort klasikal session.
func klasikalSession(id string) cohort.SessionScheduled {
	return cohort.SessionScheduled{SessionID: id, Mode: cohort.ModeKlasikal, Date: "2024-07-15", JP: 7, Title: "Klasikal hari 1"}
}

func TestDecideGroup(t *testing.T) {
	tests := []struct {
		name      string
		state     func(t *testing.T) cohort.State
		cmd       cohort.FormGroup
		want      *cohort.GroupFormed
		wantCode  domain.Code
		wantRule  string
		wantField string
	}{
		{
			name:  "ten-members-formed-R-COH-4",
			state: roster12,
			cmd:   cohort.FormGroup{GroupID: "kelompok-1", NIPs: nipRange(1, 10)},
			want:  &cohort.GroupFormed{GroupID: "kelompok-1", NIPs: asNIPs(nipRange(1, 10))},
		},
		{
			name:  "one-member-formed-R-COH-4",
			state: roster12,
			cmd:   cohort.FormGroup{GroupID: "kelompok-1", NIPs: nipRange(1, 1)},
			want:  &cohort.GroupFormed{GroupID: "kelompok-1", NIPs: asNIPs(nipRange(1, 1))},
		},
		{
			name:  "nip-with-spaces-stored-without-R-NIP-1",
			state: roster12,
			cmd:   cohort.FormGroup{GroupID: "kelompok-1", NIPs: []string{"19990101 202401 1 001"}},
			want:  &cohort.GroupFormed{GroupID: "kelompok-1", NIPs: asNIPs(nipRange(1, 1))},
		},
		{
			name:     "eleven-members-refused-R-COH-4",
			state:    roster12,
			cmd:      cohort.FormGroup{GroupID: "kelompok-1", NIPs: nipRange(1, 11)},
			wantCode: domain.CodeInvalid, wantRule: "R-COH-4", wantField: "nips",
		},
		{
			name:     "no-members-refused-R-COH-4",
			state:    roster12,
			cmd:      cohort.FormGroup{GroupID: "kelompok-1"},
			wantCode: domain.CodeInvalid, wantRule: "R-COH-4", wantField: "nips",
		},
		{
			name:     "nip-not-on-roster-refused-R-COH-4",
			state:    roster12,
			cmd:      cohort.FormGroup{GroupID: "kelompok-1", NIPs: []string{nip(1), nip(99)}},
			wantCode: domain.CodeInvalid, wantRule: "R-COH-4", wantField: "nips[1]",
		},
		{
			name:     "nip-listed-twice-refused-R-COH-4",
			state:    roster12,
			cmd:      cohort.FormGroup{GroupID: "kelompok-1", NIPs: []string{nip(1), nip(2), nip(1)}},
			wantCode: domain.CodeInvalid, wantRule: "R-COH-4", wantField: "nips[2]",
		},
		{
			name:     "not-a-nip-refused-R-NIP-1",
			state:    roster12,
			cmd:      cohort.FormGroup{GroupID: "kelompok-1", NIPs: []string{nip(1), "12345"}},
			wantCode: domain.CodeInvalid, wantRule: "R-NIP-1", wantField: "nips[1]",
		},
		{
			name:     "nip-already-in-another-group-refused-R-COH-4",
			state:    func(t *testing.T) cohort.State { return withGroup(t, roster12(t), "kelompok-1", nipRange(1, 3)) },
			cmd:      cohort.FormGroup{GroupID: "kelompok-2", NIPs: []string{nip(4), nip(3)}},
			wantCode: domain.CodeInvalid, wantRule: "R-COH-4", wantField: "nips[1]",
		},
		{
			name:  "second-group-of-other-members-formed-R-COH-4",
			state: func(t *testing.T) cohort.State { return withGroup(t, roster12(t), "kelompok-1", nipRange(1, 10)) },
			cmd:   cohort.FormGroup{GroupID: "kelompok-2", NIPs: nipRange(11, 12)},
			want:  &cohort.GroupFormed{GroupID: "kelompok-2", NIPs: asNIPs(nipRange(11, 12))},
		},
		{
			name:  "same-group-same-members-answers-same-event-R-COH-4",
			state: func(t *testing.T) cohort.State { return withGroup(t, roster12(t), "kelompok-1", nipRange(1, 3)) },
			cmd:   cohort.FormGroup{GroupID: "kelompok-1", NIPs: nipRange(1, 3)},
			want:  &cohort.GroupFormed{GroupID: "kelompok-1", NIPs: asNIPs(nipRange(1, 3))},
		},
		{
			name:     "same-group-other-members-conflict-R-COH-4",
			state:    func(t *testing.T) cohort.State { return withGroup(t, roster12(t), "kelompok-1", nipRange(1, 3)) },
			cmd:      cohort.FormGroup{GroupID: "kelompok-1", NIPs: nipRange(1, 4)},
			wantCode: domain.CodeConflict, wantRule: "R-COH-4",
		},
		{
			name:     "bad-group-id-refused",
			state:    roster12,
			cmd:      cohort.FormGroup{GroupID: "kelompok 1", NIPs: nipRange(1, 2)},
			wantCode: domain.CodeInvalid, wantField: "group_id",
		},
		{
			name:     "no-cohort-not-found",
			state:    func(t *testing.T) cohort.State { return cohort.Initial() },
			cmd:      cohort.FormGroup{GroupID: "kelompok-1", NIPs: nipRange(1, 2)},
			wantCode: domain.CodeNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := cohort.DecideGroup(tt.state(t), tt.cmd)
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, tt.wantField)
				return
			}
			if err != nil {
				t.Fatalf("DecideGroup: %v", err)
			}
			if got, want := len(events), 1; got != want {
				t.Fatalf("events: got %d, want %d", got, want)
			}
			if got, want := events[0], domain.Event(*tt.want); !reflect.DeepEqual(got, want) {
				t.Errorf("event: got %+v, want %+v", got, want)
			}
		})
	}
}

func TestEvolveGroupMembership(t *testing.T) {
	s := withGroup(t, roster12(t), "kelompok-1", nipRange(1, 2))
	s = withGroup(t, s, "kelompok-2", nipRange(3, 4))
	group := cohort.SessionScheduled{SessionID: "sync-k2", Mode: cohort.ModeSynchronous, Date: "2024-06-20", JP: 1, Title: "Sinkron", GroupID: "kelompok-2"}
	tests := []struct {
		name    string
		nip     string
		session cohort.SessionScheduled
		want    bool
	}{
		{"member-attends-own-group-session-R-COH-4", nip(3), group, true},
		{"member-of-other-group-does-not-attend-R-COH-4", nip(1), group, false},
		{"participant-without-group-does-not-attend-group-session", nip(12), group, false},
		{"everyone-attends-a-cohort-session", nip(12), klasikalSession("k-1"), true},
		{"non-participant-attends-nothing", nip(99), klasikalSession("k-1"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := s.Attends(domain.NIP(tt.nip), tt.session), tt.want; got != want {
				t.Errorf("Attends(%s, %s): got %v, want %v", tt.nip, tt.session.SessionID, got, want)
			}
		})
	}
}

func TestDecideSession(t *testing.T) {
	withKelompok := func(t *testing.T) cohort.State { return withGroup(t, roster12(t), "kelompok-1", nipRange(1, 3)) }
	scheduled := func(t *testing.T) cohort.State {
		s := withKelompok(t)
		events, err := cohort.DecideSession(s, klasikalSession("klasikal-1"))
		return decideFold(t, s, events, err)
	}
	sync := cohort.SessionScheduled{SessionID: "sync-1", Mode: cohort.ModeSynchronous, Date: "2024-06-20", JP: 1, Title: "Sinkron agenda 1", GroupID: "kelompok-1"}
	tests := []struct {
		name      string
		state     func(t *testing.T) cohort.State
		session   cohort.SessionScheduled
		wantCode  domain.Code
		wantRule  string
		wantField string
	}{
		{name: "klasikal-session-scheduled-R-ATT-1", state: roster12, session: klasikalSession("klasikal-1")},
		{name: "synchronous-group-session-scheduled-R-ATT-1", state: withKelompok, session: sync},
		{
			name:    "seminar-ra-10-jp-scheduled",
			state:   roster12,
			session: cohort.SessionScheduled{SessionID: "seminar-ra", Mode: cohort.ModeSynchronous, Date: "2024-07-01", JP: 10, Title: "Seminar rancangan aktualisasi"},
		},
		{
			name:     "asynchronous-refused-R-ATT-1",
			state:    roster12,
			session:  cohort.SessionScheduled{SessionID: "async-1", Mode: "asynchronous", Date: "2024-06-20", JP: 9, Title: "Asinkron agenda 1"},
			wantCode: domain.CodeInvalid, wantRule: "R-ATT-1", wantField: "mode",
		},
		{
			name:     "unknown-group-refused-R-COH-4",
			state:    withKelompok,
			session:  func() cohort.SessionScheduled { s := sync; s.GroupID = "kelompok-9"; return s }(),
			wantCode: domain.CodeInvalid, wantRule: "R-COH-4", wantField: "group_id",
		},
		{
			name:     "zero-jp-refused",
			state:    roster12,
			session:  func() cohort.SessionScheduled { s := klasikalSession("k-0"); s.JP = 0; return s }(),
			wantCode: domain.CodeInvalid, wantField: "jp",
		},
		{
			name:     "bad-date-refused",
			state:    roster12,
			session:  func() cohort.SessionScheduled { s := klasikalSession("k-0"); s.Date = "15-07-2024"; return s }(),
			wantCode: domain.CodeInvalid, wantField: "date",
		},
		{name: "same-session-again-answers-same-event", state: scheduled, session: klasikalSession("klasikal-1")},
		{
			name:     "same-session-id-other-details-conflict",
			state:    scheduled,
			session:  func() cohort.SessionScheduled { s := klasikalSession("klasikal-1"); s.JP = 10; return s }(),
			wantCode: domain.CodeConflict,
		},
		{
			name:     "no-cohort-not-found",
			state:    func(t *testing.T) cohort.State { return cohort.Initial() },
			session:  klasikalSession("klasikal-1"),
			wantCode: domain.CodeNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := cohort.DecideSession(tt.state(t), tt.session)
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, tt.wantField)
				return
			}
			if err != nil {
				t.Fatalf("DecideSession: %v", err)
			}
			if got, want := len(events), 1; got != want {
				t.Fatalf("events: got %d, want %d", got, want)
			}
			if got, want := events[0], domain.Event(tt.session); got != want {
				t.Errorf("event: got %+v, want %+v", got, want)
			}
		})
	}
}

// TestClosedAfterFirstMeeting: once the first graduation meeting has decided
// the cohort, it refuses enrolments, groups and sessions (R-GRAD-4).
func TestClosedAfterFirstMeeting(t *testing.T) {
	base := func(t *testing.T) cohort.State {
		s := withGroup(t, roster12(t), "kelompok-1", nipRange(1, 3))
		events, err := cohort.DecideSession(s, klasikalSession("klasikal-1"))
		return decideFold(t, s, events, err)
	}
	meeting := func(redecision bool) func(t *testing.T) cohort.State {
		return func(t *testing.T) cohort.State {
			return cohort.Evolve(base(t), cohort.GraduationMeetingHeld{MeetingRef: "rapat-kelulusan-1", DecidedOn: "2024-08-02", Redecision: redecision, Outcomes: map[string]int{"lulus": 12}})
		}
	}
	closed := meeting(false)
	tests := []struct {
		name     string
		state    func(t *testing.T) cohort.State
		decide   func(s cohort.State) ([]domain.Event, error)
		wantCode domain.Code
		wantRule string
	}{
		{
			name:     "enrol-after-meeting-conflict-R-GRAD-4",
			state:    closed,
			decide:   func(s cohort.State) ([]domain.Event, error) { return cohort.DecideEnrol(s, enrolCmd(13, "III")) },
			wantCode: domain.CodeConflict, wantRule: "R-GRAD-4",
		},
		{
			name:  "group-after-meeting-conflict-R-GRAD-4",
			state: closed,
			decide: func(s cohort.State) ([]domain.Event, error) {
				return cohort.DecideGroup(s, cohort.FormGroup{GroupID: "kelompok-2", NIPs: nipRange(4, 6)})
			},
			wantCode: domain.CodeConflict, wantRule: "R-GRAD-4",
		},
		{
			name:  "session-after-meeting-conflict-R-GRAD-4",
			state: closed,
			decide: func(s cohort.State) ([]domain.Event, error) {
				return cohort.DecideSession(s, klasikalSession("klasikal-2"))
			},
			wantCode: domain.CodeConflict, wantRule: "R-GRAD-4",
		},
		{
			name:  "second-first-meeting-conflict-R-GRAD-4",
			state: closed,
			decide: func(s cohort.State) ([]domain.Event, error) {
				return cohort.DecideMeeting(s, cohort.GraduationMeetingHeld{MeetingRef: "rapat-kelulusan-2", DecidedOn: "2024-08-05"})
			},
			wantCode: domain.CodeConflict, wantRule: "R-GRAD-4",
		},
		{
			name:  "repeat-meeting-after-first-recorded-R-REM-4",
			state: closed,
			decide: func(s cohort.State) ([]domain.Event, error) {
				return cohort.DecideMeeting(s, cohort.GraduationMeetingHeld{MeetingRef: "rapat-ulang-1", DecidedOn: "2024-08-23", Redecision: true})
			},
		},
		{
			name:   "enrol-with-only-a-redecision-meeting-accepted",
			state:  meeting(true),
			decide: func(s cohort.State) ([]domain.Event, error) { return cohort.DecideEnrol(s, enrolCmd(13, "III")) },
		},
		{
			name:  "session-before-any-meeting-accepted",
			state: base,
			decide: func(s cohort.State) ([]domain.Event, error) {
				return cohort.DecideSession(s, klasikalSession("klasikal-2"))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := tt.decide(tt.state(t))
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, "")
				return
			}
			if err != nil {
				t.Fatalf("got %v, want accepted", err)
			}
			if got, want := len(events), 1; got != want {
				t.Errorf("events: got %d, want %d", got, want)
			}
		})
	}
}
