package participant

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/latsar/ledger/domain"
)

// session is an attendance record of a klasikal session.
func session(id string, date domain.Date, jp int, status string) AttendanceRecorded {
	return AttendanceRecorded{SessionID: id, Date: date, JP: jp, Mode: ModeKlasikal, Status: status}
}

// syncSession is an attendance record of a synchronous session.
func syncSession(id string, date domain.Date, jp int, status string) AttendanceRecorded {
	r := session(id, date, jp, status)
	r.Mode = ModeSynchronous
	return r
}

// attend records each attendance through DecideAttendance and folds what it decides.
func attend(t *testing.T, s State, records ...AttendanceRecorded) State {
	t.Helper()
	for _, r := range records {
		events, err := DecideAttendance(s, RecordAttendance{r})
		if err != nil {
			t.Fatalf("DecideAttendance %+v: %v", r, err)
		}
		s = apply(t, s, events)
	}
	return s
}

// absentEach is n absences of jp JP each, all on date.
func absentEach(prefix string, date domain.Date, n, jp int) []AttendanceRecorded {
	out := make([]AttendanceRecorded, n)
	for i := range out {
		out[i] = session(fmt.Sprintf("%s-%d", prefix, i+1), date, jp, Absent)
	}
	return out
}

// join concatenates attendance lists.
func join(lists ...[]AttendanceRecorded) []AttendanceRecorded {
	var out []AttendanceRecorded
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func TestDecideAttendance(t *testing.T) {
	tests := []struct {
		name      string
		state     func(t *testing.T) State
		record    AttendanceRecorded
		wantNone  bool // accepted without an event
		wantCode  domain.Code
		wantRule  string
		wantField string
	}{
		{
			name:   "klasikal-session-recorded-R-ATT-1",
			state:  func(t *testing.T) State { return enrolled(t, catalogue50()) },
			record: session("klasikal-1", "2024-07-15", 7, Absent),
		},
		{
			name:   "synchronous-session-recorded-R-ATT-1",
			state:  func(t *testing.T) State { return enrolled(t, catalogue50()) },
			record: syncSession("sync-1", "2024-06-20", 1, Present),
		},
		{
			name:     "asynchronous-refused-R-ATT-1",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			record:   AttendanceRecorded{SessionID: "async-1", Date: "2024-06-20", JP: 9, Mode: "asynchronous", Status: Absent},
			wantCode: domain.CodeInvalid, wantRule: "R-ATT-1", wantField: "mode",
		},
		{
			name:     "empty-mode-refused-R-ATT-1",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			record:   AttendanceRecorded{SessionID: "x-1", Date: "2024-06-20", JP: 1, Status: Absent},
			wantCode: domain.CodeInvalid, wantRule: "R-ATT-1", wantField: "mode",
		},
		{
			name:     "mode-is-case-sensitive-Klasikal-refused-R-ATT-1",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			record:   AttendanceRecorded{SessionID: "x-1", Date: "2024-06-20", JP: 1, Mode: "Klasikal", Status: Absent},
			wantCode: domain.CodeInvalid, wantRule: "R-ATT-1", wantField: "mode",
		},
		{
			name:     "status-late-refused",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			record:   session("klasikal-1", "2024-07-15", 7, "late"),
			wantCode: domain.CodeInvalid, wantField: "status",
		},
		{
			name:     "not-enrolled-not-found",
			state:    func(t *testing.T) State { return Initial() },
			record:   session("klasikal-1", "2024-07-15", 7, Absent),
			wantCode: domain.CodeNotFound,
		},
		{
			name: "repeat-of-record-in-force-decides-no-event-R-ATT-2",
			state: func(t *testing.T) State {
				return attend(t, enrolled(t, catalogue50()), session("klasikal-1", "2024-07-15", 7, Absent))
			},
			record:   session("klasikal-1", "2024-07-15", 7, Absent),
			wantNone: true,
		},
		{
			name: "present-after-absent-decides-event-R-ATT-2",
			state: func(t *testing.T) State {
				return attend(t, enrolled(t, catalogue50()), session("klasikal-1", "2024-07-15", 7, Absent))
			},
			record: session("klasikal-1", "2024-07-15", 7, Present),
		},
		{
			name: "repeat-of-record-no-longer-in-force-decides-event-R-ATT-2",
			state: func(t *testing.T) State {
				return attend(t, enrolled(t, catalogue50()),
					session("klasikal-1", "2024-07-15", 7, Absent),
					session("klasikal-1", "2024-07-15", 7, Present))
			},
			record: session("klasikal-1", "2024-07-15", 7, Absent),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := DecideAttendance(tt.state(t), RecordAttendance{tt.record})
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, tt.wantField)
				return
			}
			if err != nil {
				t.Fatalf("DecideAttendance: %v", err)
			}
			if tt.wantNone {
				if got, want := len(events), 0; got != want {
					t.Fatalf("events: got %d (%v), want %d", got, events, want)
				}
				return
			}
			if got, want := len(events), 1; got != want {
				t.Fatalf("events: got %d, want %d", got, want)
			}
			if got, want := events[0], domain.Event(tt.record); !reflect.DeepEqual(got, want) {
				t.Errorf("event: got %+v, want %+v", got, want)
			}
		})
	}
}

// TestAttendanceLimits checks R-ATT-2's three limits and its absent day.
func TestAttendanceLimits(t *testing.T) {
	const day1, day2, day3, day4 domain.Date = "2024-07-15", "2024-07-16", "2024-07-17", "2024-07-18"
	present := func(id string, d domain.Date) AttendanceRecorded { return session(id, d, 2, Present) }
	tests := []struct {
		name               string
		records            []AttendanceRecorded
		sessions, jp, days int
		broken             bool
	}{
		{
			name:    "no-record-nothing-broken",
			records: nil,
		},
		{
			name:     "absent-6-sessions-keeps-R-ATT-2",
			records:  join([]AttendanceRecorded{present("p1", day1)}, absentEach("a", day1, 6, 1)),
			sessions: 6, jp: 6,
		},
		{
			name:     "absent-7-sessions-breaks-R-ATT-2",
			records:  join([]AttendanceRecorded{present("p1", day1)}, absentEach("a", day1, 7, 1)),
			sessions: 7, jp: 7, broken: true,
		},
		{
			name: "absent-18-jp-keeps-R-ATT-2",
			records: []AttendanceRecorded{
				present("p1", day1), session("a1", day1, 10, Absent),
				present("p2", day2), session("a2", day2, 8, Absent),
			},
			sessions: 2, jp: 18,
		},
		{
			name: "absent-19-jp-breaks-R-ATT-2",
			records: []AttendanceRecorded{
				present("p1", day1), session("a1", day1, 10, Absent),
				present("p2", day2), session("a2", day2, 9, Absent),
			},
			sessions: 2, jp: 19, broken: true,
		},
		{
			name: "absent-2-days-keeps-R-ATT-2",
			records: []AttendanceRecorded{
				session("a1", day1, 1, Absent), session("a2", day2, 1, Absent),
			},
			sessions: 2, jp: 2, days: 2,
		},
		{
			name: "absent-3-days-breaks-R-ATT-2",
			records: []AttendanceRecorded{
				session("a1", day1, 1, Absent), session("a2", day2, 1, Absent), session("a3", day3, 1, Absent),
			},
			sessions: 3, jp: 3, days: 3, broken: true,
		},
		{
			name: "present-session-same-date-is-not-absent-day-R-ATT-2",
			records: []AttendanceRecorded{
				session("a1", day1, 1, Absent), present("p1", day1),
				session("a2", day2, 1, Absent), present("p2", day2),
				session("a3", day3, 1, Absent), present("p3", day3),
			},
			sessions: 3, jp: 3, days: 0,
		},
		{
			name: "every-session-of-a-date-missed-is-one-absent-day-R-ATT-2",
			records: []AttendanceRecorded{
				session("a1", day1, 2, Absent), syncSession("a2", day1, 1, Absent),
			},
			sessions: 2, jp: 3, days: 1,
		},
		{
			name: "present-recorded-before-absence-same-date-is-not-absent-day-R-ATT-2",
			records: []AttendanceRecorded{
				present("p1", day1), session("a1", day1, 1, Absent),
				present("p2", day2), session("a2", day2, 1, Absent),
				present("p3", day3), session("a3", day3, 1, Absent),
				session("a4", day4, 1, Absent),
			},
			sessions: 4, jp: 4, days: 1,
		},
		{
			name: "later-present-record-replaces-absence-R-ATT-2",
			records: []AttendanceRecorded{
				session("a1", day1, 10, Absent), session("a2", day2, 9, Absent),
				session("a1", day1, 10, Present),
			},
			sessions: 1, jp: 9, days: 1,
		},
		{
			name: "present-after-absent-clears-third-absent-day-R-ATT-2",
			records: []AttendanceRecorded{
				session("a1", day1, 1, Absent), session("a2", day2, 1, Absent), session("a3", day3, 1, Absent),
				session("a3", day3, 1, Present),
			},
			sessions: 2, jp: 2, days: 2,
		},
		{
			name: "later-absent-record-replaces-presence-R-ATT-2",
			records: []AttendanceRecorded{
				present("p1", day1), session("p1", day1, 2, Absent),
			},
			sessions: 1, jp: 2, days: 1,
		},
		{
			name: "absence-recorded-twice-counts-once-R-ATT-2",
			records: []AttendanceRecorded{
				session("a1", day1, 10, Absent), session("a1", day1, 10, Absent),
				session("a2", day2, 9, Absent),
			},
			sessions: 2, jp: 19, days: 2, broken: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Evaluate(attend(t, enrolled(t, catalogue50()), tt.records...)).Attendance
			if got, want := a.AbsentSessions, tt.sessions; got != want {
				t.Errorf("absent sessions: got %d, want %d", got, want)
			}
			if got, want := a.AbsentJP, tt.jp; got != want {
				t.Errorf("absent JP: got %d, want %d", got, want)
			}
			if got, want := a.AbsentDays, tt.days; got != want {
				t.Errorf("absent days: got %d, want %d", got, want)
			}
			if got, want := a.LimitBroken, tt.broken; got != want {
				t.Errorf("limit broken: got %v, want %v", got, want)
			}
			if got, want := a.Limits, (AttendanceLimits{Sessions: 6, JP: 18, Days: 2}); got != want {
				t.Errorf("limits: got %+v, want %+v", got, want)
			}
		})
	}
}

// TestEvolveAttendanceKeepsLatest: folding a later record for the same session
// replaces the earlier one in the state (R-ATT-2 interpretation).
func TestEvolveAttendanceKeepsLatest(t *testing.T) {
	s := apply(t, enrolled(t, catalogue50()), []domain.Event{
		session("k1", "2024-07-15", 7, Absent),
		session("k1", "2024-07-15", 7, Present),
	})
	if got, want := len(s.Attendance), 1; got != want {
		t.Fatalf("records in force: got %d, want %d", got, want)
	}
	if got, want := s.Attendance["k1"].Status, Present; got != want {
		t.Errorf("status in force: got %q, want %q", got, want)
	}
}
