package ledger_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
)

func group(id string, nips ...string) cohort.FormGroup {
	return cohort.FormGroup{GroupID: id, NIPs: nips}
}

func session(id string, date domain.Date, jp int, groupID string) cohort.SessionScheduled {
	return cohort.SessionScheduled{SessionID: id, Mode: cohort.ModeSynchronous, Date: date, JP: jp, Title: "Sinkronus " + id, GroupID: groupID}
}

// scheduled schedules a session (as admin) and waits until attendance can
// find it through the read model.
func (w *world) scheduled(cohortID string, s cohort.SessionScheduled) {
	w.t.Helper()
	if _, err := w.ledger.ScheduleSession(context.Background(), admin, cohortID, s); err != nil {
		w.t.Fatalf("session %s: %v", s.SessionID, err)
	}
	w.settle()
}

func attendance(sessionID string, nipStatus ...string) ledger.Attendance {
	a := ledger.Attendance{SessionID: sessionID}
	for i := 0; i+1 < len(nipStatus); i += 2 {
		a.Records = append(a.Records, ledger.AttendanceRecord{NIP: nipStatus[i], Status: nipStatus[i+1]})
	}
	return a
}

// attendanceOf is the participant's attendance records, as its stream holds them.
func (w *world) attendanceOf(nip string) []participant.AttendanceRecorded {
	w.t.Helper()
	var out []participant.AttendanceRecorded
	for _, rec := range w.stream(events.ParticipantPrefix + nip) {
		if rec.Type == "AttendanceRecorded" {
			e, err := ledger.Catalogue().Decode(rec)
			if err != nil {
				w.t.Fatal(err)
			}
			out = append(out, e.(participant.AttendanceRecorded))
		}
	}
	return out
}

func TestFormGroup(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	p, q, r := w.enrolledIn("A", 1), w.enrolledIn("A", 3), w.enrolledIn("A", 5)
	w.open(admin, "B", "inst-a")
	elsewhere := w.enrolledIn("B", 7)
	for _, tc := range []struct {
		useCase
		cohortID string
		cmd      cohort.FormGroup
	}{
		{useCase{"lms forms a group of its cohort", lmsA, "", "", "", 1}, "A", group("k-1", p, q)},
		{useCase{"the same group again answers the first record", lmsA, "", "", "", 0}, "A", group("k-1", p, q)},
		{useCase{"the same group id with other members cites R-COH-4", lmsA, "", domain.CodeConflict, "R-COH-4", 0}, "A", group("k-1", p, r)},
		{useCase{"a participant of another cohort cites R-COH-4", lmsA, "", domain.CodeInvalid, "R-COH-4", 0}, "A", group("k-2", r, elsewhere)},
		{useCase{"a participant already in a group cites R-COH-4", lmsA, "", domain.CodeInvalid, "R-COH-4", 0}, "A", group("k-2", r, q)},
		{useCase{"an agency may not form groups", agency, "", domain.CodeForbidden, "", 0}, "A", group("k-2", r)},
		{useCase{"another institution's cohort is not found", lmsB, "", domain.CodeNotFound, "", 0}, "A", group("k-2", r)},
		{useCase{"an unknown cohort is not found", admin, "", domain.CodeNotFound, "", 0}, "Z", group("k-2", r)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.head()
			res, err := w.ledger.FormGroup(context.Background(), tc.who, tc.cohortID, tc.cmd)
			wantCode(t, err, tc.code, tc.rule)
			if got := w.recorded(before); got != tc.written {
				t.Fatalf("%d events recorded, want %d", got, tc.written)
			}
			if err == nil && (res.Group.GroupID != tc.cmd.GroupID || len(res.Group.NIPs) != len(tc.cmd.NIPs) || res.Repeated() != (tc.written == 0)) {
				t.Fatalf("answer %+v, want group %s as recorded", res, tc.cmd.GroupID)
			}
		})
	}
}

func TestScheduleSession(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	w.open(admin, "B", "inst-a")
	w.scheduled("B", session("S-B", "2024-06-10", 2, ""))
	bad := session("S-2", "2024-06-10", 2, "")
	bad.Mode = "asynchronous"
	for _, tc := range []struct {
		useCase
		cohortID string
		e        cohort.SessionScheduled
	}{
		{useCase{"lms schedules a session of its cohort", lmsA, "", "", "", 1}, "A", session("S-1", "2024-06-10", 2, "")},
		{useCase{"the same session again answers the first record", lmsA, "", "", "", 0}, "A", session("S-1", "2024-06-10", 2, "")},
		{useCase{"the same session id with other details is refused", lmsA, "", domain.CodeConflict, "", 0}, "A", session("S-1", "2024-06-11", 2, "")},
		{useCase{"another cohort's session id is refused", lmsA, "", domain.CodeConflict, "", 0}, "A", session("S-B", "2024-06-10", 2, "")},
		{useCase{"asynchronous work takes no attendance (R-ATT-1)", lmsA, "", domain.CodeInvalid, "R-ATT-1", 0}, "A", bad},
		{useCase{"an unknown group cites R-COH-4", lmsA, "", domain.CodeInvalid, "R-COH-4", 0}, "A", session("S-2", "2024-06-10", 2, "k-9")},
		{useCase{"an agency may not schedule", agency, "", domain.CodeForbidden, "", 0}, "A", session("S-2", "2024-06-10", 2, "")},
		{useCase{"another institution's cohort is not found", lmsB, "", domain.CodeNotFound, "", 0}, "A", session("S-2", "2024-06-10", 2, "")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.head()
			res, err := w.ledger.ScheduleSession(context.Background(), tc.who, tc.cohortID, tc.e)
			wantCode(t, err, tc.code, tc.rule)
			if got := w.recorded(before); got != tc.written {
				t.Fatalf("%d events recorded, want %d", got, tc.written)
			}
			if err == nil && (res.Session != tc.e || res.Position() == 0 || res.Repeated() != (tc.written == 0)) {
				t.Fatalf("answer %+v, want session %s at a position", res, tc.e.SessionID)
			}
		})
	}
}

func TestRecordAttendance(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	p, q, outsider := w.enrolledIn("A", 1), w.enrolledIn("A", 3), w.enrolledIn("A", 5)
	if _, err := w.ledger.FormGroup(context.Background(), lmsA, "A", group("k-1", p, q)); err != nil {
		t.Fatal(err)
	}
	w.scheduled("A", session("S-ALL", "2024-06-10", 2, ""))
	w.scheduled("A", session("S-K1", "2024-06-10", 3, "k-1"))
	w.open(admin, "D", "inst-a")
	closed := w.enrolledIn("D", 7)
	w.scheduled("D", session("S-D", "2024-06-10", 2, ""))
	if _, err := w.ledger.HoldMeeting(context.Background(), admin, ledger.Meeting{CohortID: "D", MeetingRef: "BA-D", DecidedOn: "2024-08-02"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		useCase
		a                   ledger.Attendance
		recorded, unchanged int
		field               string // the refused record's field
	}{
		{useCase{"an agency may not take attendance", agency, "", domain.CodeForbidden, "", 0}, attendance("S-ALL", p, "absent"), 0, 0, ""},
		{useCase{"another institution's session is not found", lmsB, "", domain.CodeNotFound, "", 0}, attendance("S-ALL", p, "absent"), 0, 0, ""},
		{useCase{"an unknown session is not found", admin, "", domain.CodeNotFound, "", 0}, attendance("NOPE", p, "absent"), 0, 0, ""},
		{useCase{"no records are refused", lmsA, "", domain.CodeInvalid, "", 0}, attendance("S-ALL"), 0, 0, "records"},
		{useCase{"a bad NIP cites R-NIP-1", lmsA, "", domain.CodeInvalid, "R-NIP-1", 0}, attendance("S-ALL", p, "absent", "abc", "absent"), 0, 0, "records[1].nip"},
		{useCase{"outside the session's group cites R-ATT-1", lmsA, "", domain.CodeInvalid, "R-ATT-1", 0}, attendance("S-K1", p, "present", outsider, "absent"), 0, 0, "records[1].nip"},
		{useCase{"a participant twice is refused", lmsA, "", domain.CodeInvalid, "", 0}, attendance("S-ALL", p, "absent", p, "present"), 0, 0, "records[1].nip"},
		{useCase{"a bad status is refused", lmsA, "", domain.CodeInvalid, "", 0}, attendance("S-ALL", p, "late"), 0, 0, "records[0].status"},
		{useCase{"lms records a session", lmsA, "", "", "", 2}, attendance("S-ALL", p, "absent", q, "present"), 2, 0, ""},
		{useCase{"the same records again record nothing", lmsA, "", "", "", 0}, attendance("S-ALL", q, "present", p, "absent"), 0, 2, ""},
		{useCase{"a changed record replaces, the same is unchanged", lmsA, "", "", "", 1}, attendance("S-ALL", q, "present", p, "present"), 1, 1, ""},
		{useCase{"a group session", admin, "", "", "", 2}, attendance("S-K1", q, "absent", p, "absent"), 2, 0, ""},
		{useCase{"a decided cohort is closed (R-GRAD-4)", admin, "", domain.CodeConflict, "R-GRAD-4", 0}, attendance("S-D", closed, "absent"), 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.head()
			res, err := w.ledger.RecordAttendance(context.Background(), tc.who, tc.a)
			wantCode(t, err, tc.code, tc.rule)
			if got := w.recorded(before); got != tc.written {
				t.Fatalf("%d events recorded, want %d", got, tc.written)
			}
			if tc.field != "" {
				if de, _ := domain.AsError(err); len(de.Fields) == 0 || de.Fields[0].Field != tc.field {
					t.Fatalf("err %v names %v, want %s", err, de.Fields, tc.field)
				}
			}
			if err == nil && (res.SessionID != tc.a.SessionID || res.Recorded != tc.recorded || res.Unchanged != tc.unchanged || len(res.Events()) != tc.recorded) {
				t.Fatalf("answer %+v, want %d recorded and %d unchanged", res, tc.recorded, tc.unchanged)
			}
		})
	}
	// Each record carries the session and the participant's sessions that day.
	got := w.attendanceOf(p)
	last := got[len(got)-1]
	if len(got) != 3 || last.SessionID != "S-K1" || last.JP != 3 || last.Status != participant.Absent || len(last.DaySessions) != 2 {
		t.Fatalf("p's records %+v, want 3, the last S-K1 absent for 3 JP of a day of 2 sessions", got)
	}
}

// phantom puts nip on cohort id's roster without the participant's own
// stream (the record a crash between the two appends of the first
// enrolments could leave).
func (w *world) phantom(cohortID, nip string, i int) {
	w.t.Helper()
	stream := events.CohortPrefix + cohortID
	recs := w.stream(stream)
	cat := ledger.Catalogue()
	name, data, err := cat.Encode(cohort.ParticipantEnrolled{CohortID: cohortID, NIP: domain.NIP(nip), Name: fmt.Sprintf("Peserta %d", i), Golongan: "III", Agency: "pemkab-blitar", InstitutionID: "inst-a", Catalogue: catalogue(), Ruleset: domain.Ruleset})
	if err != nil {
		w.t.Fatal(err)
	}
	_, err = w.store.Append(context.Background(), stream, events.ExpectRevision(recs[len(recs)-1].Revision), []events.Proposed{{
		ID: events.EventID(stream, "phantom:"+nip, 0, time.Now()), Type: name, Data: data,
		Metadata: events.Metadata{Actor: "test", SchemaVersion: cat.Version(name), Ruleset: domain.Ruleset},
	}})
	if err != nil {
		w.t.Fatal(err)
	}
}

// fresh is another ledger over the world's store and model: another process.
func (w *world) fresh(store events.Store) *ledger.Ledger {
	if store == nil {
		store = w.store
	}
	return ledger.New(ledger.Config{Store: store, Catalogue: ledger.Catalogue(), Model: w.model})
}

// TestAttendanceAllOrNothing: one record refused by its participant's own
// stream, after every record passed the cohort's checks, records nobody's
// attendance; without it, everybody's is recorded at once.
func TestAttendanceAllOrNothing(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	p, q := w.enrolledIn("A", 1), w.enrolledIn("A", 3)
	ghost := nipOf(5)
	w.phantom("A", ghost, 5)
	w.scheduled("A", session("S-1", "2024-06-10", 2, ""))
	l := w.fresh(nil) // reads the roster with the phantom
	before := w.head()
	// The participants are decided in the order of the records: p is
	// staged before the ghost refuses.
	_, err := l.RecordAttendance(context.Background(), lmsA, attendance("S-1", p, "absent", ghost, "absent", q, "present"))
	wantCode(t, err, domain.CodeInvalid, "R-ATT-1")
	if de, _ := domain.AsError(err); de.Fields[0].Field != "records[1].nip" {
		t.Fatalf("err %v, want it to name records[1].nip", err)
	}
	if n := w.recorded(before); n != 0 || len(w.attendanceOf(p)) != 0 || len(w.attendanceOf(q)) != 0 {
		t.Fatalf("%d events recorded (p %d, q %d), want none for anybody", n, len(w.attendanceOf(p)), len(w.attendanceOf(q)))
	}
	res, err := l.RecordAttendance(context.Background(), lmsA, attendance("S-1", p, "absent", q, "present"))
	if err != nil || res.Recorded != 2 || w.recorded(before) != 2 {
		t.Fatalf("without the ghost: %+v err %v, want both recorded", res, err)
	}
	// Both in one append: consecutive positions, one per stream.
	evs := res.Events()
	if evs[0].Stream != events.ParticipantPrefix+p || evs[1].Stream != events.ParticipantPrefix+q || evs[1].Position != evs[0].Position+1 {
		t.Fatalf("events %+v, want p's then q's at consecutive positions", evs)
	}
}

// faultyStore counts appends and fails the next multi-stream append when armed,
// recording nothing (as a crash before the commit).
type faultyStore struct {
	events.Store
	appends, multis atomic.Int32
	fail            atomic.Bool
}

var errCrash = errors.New("the store went away")

func (s *faultyStore) Append(ctx context.Context, stream string, expected events.ExpectedRevision, evs []events.Proposed) (events.AppendResult, error) {
	s.appends.Add(1)
	return s.Store.Append(ctx, stream, expected, evs)
}

func (s *faultyStore) AppendMulti(ctx context.Context, parts []events.StreamAppend) ([]events.AppendResult, error) {
	s.multis.Add(1)
	if s.fail.CompareAndSwap(true, false) {
		return nil, errCrash
	}
	return s.Store.AppendMulti(ctx, parts)
}

// TestAttendanceCrash: a failed append records nobody, and the same request
// again records everybody, answering as if it had been sent once.
func TestAttendanceCrash(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	nips := []string{w.enrolledIn("A", 1), w.enrolledIn("A", 3), w.enrolledIn("A", 5), w.enrolledIn("A", 7)}
	w.scheduled("A", session("S-1", "2024-06-10", 2, ""))
	store := &faultyStore{Store: w.store}
	l := w.fresh(store)
	a := attendance("S-1", nips[3], "absent", nips[0], "present", nips[2], "absent", nips[1], "present")
	before := w.head()
	store.fail.Store(true)
	if _, err := l.RecordAttendance(context.Background(), lmsA, a); !errors.Is(err, errCrash) {
		t.Fatalf("err %v, want the store's failure", err)
	}
	if n := w.recorded(before); n != 0 {
		t.Fatalf("%d events recorded by a failed append, want none", n)
	}
	res, err := l.RecordAttendance(context.Background(), lmsA, a)
	if err != nil || res.Recorded != 4 || res.Unchanged != 0 || w.recorded(before) != 4 {
		t.Fatalf("again: %+v err %v, want all four recorded", res, err)
	}
	if got, want := store.multis.Load(), int32(2); got != want || store.appends.Load() != 0 {
		t.Fatalf("%d multi-stream and %d single appends, want one multi-stream append per request", got, store.appends.Load())
	}
	for i, e := range res.Events() { // in the order of the records
		if e.Stream != events.ParticipantPrefix+a.Records[i].NIP {
			t.Fatalf("event %d is of %s, want record %d's participant %s", i, e.Stream, i, a.Records[i].NIP)
		}
	}
}

// TestAttendanceAfterAnotherProcess: another process wrote a participant
// after this one cached it; the attendance append loses on the expected
// revision, the workflow runs again on the fresh state and records everyone
// once.
func TestAttendanceAfterAnotherProcess(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	p, q := w.enrolledIn("A", 1), w.enrolledIn("A", 3)
	w.scheduled("A", session("S-1", "2024-06-10", 2, ""))
	w.scheduled("A", session("S-2", "2024-06-11", 2, ""))
	store := &faultyStore{Store: w.store}
	l := w.fresh(store)
	ctx := context.Background()
	if _, err := l.RecordAttendance(ctx, lmsA, attendance("S-1", p, "present", q, "present")); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ledger.EarnTrophy(ctx, lmsA, q, trophyClaim("video-1", domain.Substansi1, 1)); err != nil {
		t.Fatal(err)
	}
	res, err := l.RecordAttendance(ctx, lmsA, attendance("S-2", p, "absent", q, "absent"))
	if err != nil || res.Recorded != 2 {
		t.Fatalf("%+v err %v, want both recorded", res, err)
	}
	if n := store.multis.Load(); n != 3 {
		t.Fatalf("%d multi-stream appends, want 3 (the second request lost once to the trophy)", n)
	}
	if len(w.attendanceOf(p)) != 2 || len(w.attendanceOf(q)) != 2 {
		t.Fatalf("p has %d records and q %d, want 2 each", len(w.attendanceOf(p)), len(w.attendanceOf(q)))
	}
}

// TestAttendanceSeesAnotherProcessCohort: a session scheduled and a
// participant enrolled by another process after this one cached the cohort
// take attendance here.
func TestAttendanceSeesAnotherProcessCohort(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	p := w.enrolledIn("A", 1)
	w.scheduled("A", session("S-1", "2024-06-10", 2, ""))
	l := w.fresh(nil)
	ctx := context.Background()
	if _, err := l.RecordAttendance(ctx, lmsA, attendance("S-1", p, "present")); err != nil {
		t.Fatal(err)
	}
	q := w.enrolledIn("A", 3)
	w.scheduled("A", session("S-2", "2024-06-11", 2, ""))
	res, err := l.RecordAttendance(ctx, lmsA, attendance("S-2", p, "absent", q, "absent"))
	if err != nil || res.Recorded != 2 {
		t.Fatalf("%+v err %v, want both recorded", res, err)
	}
}

// TestAttendanceRacesTrophy races a session's attendance against trophies
// of one of its participants, from this process and from another (a second
// ledger over the same store, which only the expected revisions hold off):
// every write succeeds, none is lost, and the participant's stream holds
// each once.
func TestAttendanceRacesTrophy(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	p, q := w.enrolledIn("A", 1), w.enrolledIn("A", 3)
	other := w.fresh(nil)
	ctx := context.Background()
	const rounds = 15 // 30 trophies: all substansi_1 of agendas 1 to 3
	for i := range rounds {
		id := fmt.Sprintf("S-%d", i)
		w.scheduled("A", session(id, domain.Date(fmt.Sprintf("2024-06-%02d", 10+i%5)), 1, ""))
		var wg sync.WaitGroup
		var att ledger.AttendanceTaken
		var attErr error
		trophyErrs := make([]error, 2)
		wg.Add(3)
		go func() {
			defer wg.Done()
			att, attErr = w.ledger.RecordAttendance(ctx, lmsA, attendance(id, q, "present", p, "absent"))
		}()
		for j, l := range []*ledger.Ledger{w.ledger, other} {
			go func() {
				defer wg.Done()
				_, trophyErrs[j] = l.EarnTrophy(ctx, lmsA, p, trophyClaim(fmt.Sprintf("video-%d-%d", i, j), domain.Substansi1, 1+(2*i+j)%3))
			}()
		}
		wg.Wait()
		if attErr != nil || att.Recorded != 2 {
			t.Fatalf("round %d: attendance %+v err %v, want both recorded", i, att, attErr)
		}
		for j, err := range trophyErrs {
			if err != nil {
				t.Fatalf("round %d: trophy %d: %v", i, j, err)
			}
		}
	}
	kinds := map[string]int{}
	for _, rec := range w.stream(events.ParticipantPrefix + p) {
		kinds[rec.Type]++
	}
	if kinds["TrophyEarned"] != 2*rounds || kinds["AttendanceRecorded"] != rounds || len(w.attendanceOf(q)) != rounds {
		t.Fatalf("p's stream holds %v and q's %d attendance records, want %d trophies and %d attendance records each", kinds, len(w.attendanceOf(q)), 2*rounds, rounds)
	}
	w.settle()
	b, err := w.ledger.Standing(ctx, lmsA, p)
	if err != nil {
		t.Fatal(err)
	}
	var st participant.Standing
	if err := json.Unmarshal(b, &st); err != nil || st.MOOC.Trophies.Total != 2*rounds || st.Attendance.AbsentSessions != rounds {
		t.Fatalf("standing %s (err %v), want %d trophies and %d absences", b, err, 2*rounds, rounds)
	}
}
