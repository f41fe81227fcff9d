package ledger_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
)

// enrolledIn enrols participant i in a cohort (as admin) and answers its NIP.
func (w *world) enrolledIn(cohortID string, i int) string {
	w.t.Helper()
	if _, err := w.ledger.Enrol(context.Background(), admin, enrolment(cohortID, i)); err != nil {
		w.t.Fatalf("enrol %d in %s: %v", i, cohortID, err)
	}
	return nipOf(i)
}

// learnedAt is a time in the MOOC, n minutes into it.
func learnedAt(n int) time.Time {
	return time.Date(2024, 6, 5, 9, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Minute)
}

func trophyClaim(activity string, m domain.Material, agenda int) participant.EarnTrophy {
	return participant.EarnTrophy{TrophyEarned: participant.TrophyEarned{ActivityID: activity, Material: m, Agenda: agenda, EarnedAt: learnedAt(len(activity))}}
}

func posttest(id string, s1, s2 domain.Score) participant.AttemptPosttest {
	return participant.AttemptPosttest{AttemptID: id, Substansi1: s1, Substansi2: s2, TakenAt: time.Date(2024, 6, 20, 10, 0, 0, 0, time.UTC)}
}

// passMOOC earns the 28 trophies R-TRO-2..5 ask for and passes the posttest
// (R-POST-1) with 80/70 (77.00).
func (w *world) passMOOC(nip string) {
	w.t.Helper()
	ctx := context.Background()
	earn := func(m domain.Material, agenda, n int) {
		for k := range n {
			if _, err := w.ledger.EarnTrophy(ctx, lmsA, nip, trophyClaim(fmt.Sprintf("%s-%d-%d", m, agenda, k), m, agenda)); err != nil {
				w.t.Fatalf("trophy %s %d: %v", m, agenda, err)
			}
		}
	}
	earn(domain.Kebijakan, 0, 2)
	earn(domain.Substansi1, 1, 10)
	earn(domain.Substansi1, 2, 10)
	earn(domain.Substansi1, 3, 1)
	earn(domain.Substansi2, 1, 3)
	earn(domain.Substansi2, 2, 2)
	res, err := w.ledger.AttemptPosttest(ctx, lmsA, nip, posttest("pass", 8000, 7000))
	if err != nil || !res.MOOCPassed {
		w.t.Fatalf("posttest: passed=%v err=%v, want the MOOC passed", res.MOOCPassed, err)
	}
}

// decidedIn opens cohort id (inst-a) with participant i and holds its
// graduation meeting: the participant is closed to new learning (R-GRAD-4).
func (w *world) decidedIn(id string, i int) string {
	w.t.Helper()
	w.open(admin, id, "inst-a")
	nip := w.enrolledIn(id, i)
	if _, err := w.ledger.HoldMeeting(context.Background(), admin, ledger.Meeting{CohortID: id, MeetingRef: "BA-" + id, DecidedOn: "2024-08-02"}); err != nil {
		w.t.Fatalf("meeting of %s: %v", id, err)
	}
	return nip
}

// recorded counts the events a write left, checking its answer agrees with the log.
func (w *world) recorded(before uint64) int {
	w.t.Helper()
	after, err := w.store.HeadPosition(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	return int(after - before)
}

func (w *world) head() uint64 {
	w.t.Helper()
	h, err := w.store.HeadPosition(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	return h
}

// useCase is one row of a use case's table: who does it on which NIP, what
// error (code and rule) it answers, and how many events it records.
type useCase struct {
	name    string
	who     ledger.Principal
	nip     string
	code    domain.Code
	rule    string
	written int
}

func TestEarnTrophy(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	nip := w.enrolledIn("A", 1)
	closed := w.decidedIn("D", 2)
	first := trophyClaim("video-1", domain.Substansi1, 1)
	for _, tc := range []struct {
		useCase
		cmd   participant.EarnTrophy
		total int
	}{
		{useCase{"lms earns for its institution's participant", lmsA, nip, "", "", 1}, first, 1},
		{useCase{"the same trophy again answers the first record", lmsA, nip, "", "", 0}, first, 1},
		{useCase{"admin earns for anyone", admin, nip, "", "", 1}, trophyClaim("video-2", domain.Substansi1, 1), 2},
		{useCase{"the same activity with other details cites R-TRO-8", lmsA, nip, domain.CodeConflict, "R-TRO-8", 0}, trophyClaim("video-1", domain.Substansi1, 2), 0},
		{useCase{"an agenda the catalogue does not offer cites R-TRO-8", lmsA, nip, domain.CodeInvalid, "R-TRO-8", 0}, trophyClaim("policy-9", domain.Kebijakan, 2), 0},
		{useCase{"an agency may not record learning", agency, nip, domain.CodeForbidden, "", 0}, trophyClaim("video-3", domain.Substansi1, 1), 0},
		{useCase{"an auditor may not record learning", auditor, nip, domain.CodeForbidden, "", 0}, trophyClaim("video-3", domain.Substansi1, 1), 0},
		{useCase{"another institution's participant is not found", lmsB, nip, domain.CodeNotFound, "", 0}, trophyClaim("video-3", domain.Substansi1, 1), 0},
		{useCase{"an unknown participant is not found", admin, nipOf(7), domain.CodeNotFound, "", 0}, trophyClaim("video-3", domain.Substansi1, 1), 0},
		{useCase{"a malformed NIP is not found", admin, "123", domain.CodeNotFound, "", 0}, trophyClaim("video-3", domain.Substansi1, 1), 0},
		{useCase{"a decided participant is closed to learning (R-GRAD-4)", lmsA, closed, domain.CodeConflict, "R-GRAD-4", 0}, trophyClaim("video-3", domain.Substansi1, 1), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.head()
			res, err := w.ledger.EarnTrophy(context.Background(), tc.who, tc.nip, tc.cmd)
			wantCode(t, err, tc.code, tc.rule)
			if got := w.recorded(before); got != tc.written {
				t.Fatalf("%d events recorded, want %d", got, tc.written)
			}
			if err == nil && (res.Total != tc.total || res.Stars != participant.StarsFor(tc.total) || len(res.Events()) != 1 || res.Repeated() != (tc.written == 0)) {
				t.Fatalf("answer %+v, want one event, total %d, repeated %v", res, tc.total, tc.written == 0)
			}
		})
	}
	again, err := w.ledger.EarnTrophy(context.Background(), lmsA, nip, first)
	if err != nil {
		t.Fatal(err)
	}
	if recs := w.stream(events.ParticipantPrefix + nip); again.Events()[0].ID != recs[1].ID {
		t.Fatalf("the repeat answers event %s, want the first record %s", again.Events()[0].ID, recs[1].ID)
	}
}

func TestAttemptPosttest(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	nip := w.enrolledIn("A", 1)
	closed := w.decidedIn("D", 2)
	for _, tc := range []struct {
		useCase
		cmd                   participant.AttemptPosttest
		number                int
		weighted, cap, result domain.Score
	}{
		{useCase{"lms records the first attempt", lmsA, nip, "", "", 1}, posttest("p-1", 8000, 7000), 1, 7700, 10000, 7700},
		{useCase{"the same attempt again answers the first record", lmsA, nip, "", "", 0}, posttest("p-1", 8000, 7000), 1, 7700, 10000, 7700},
		{useCase{"the same attempt with other scores is refused", lmsA, nip, domain.CodeConflict, "", 0}, posttest("p-1", 9000, 9000), 0, 0, 0, 0},
		{useCase{"a second attempt is number 2, the best counts", admin, nip, "", "", 1}, posttest("p-2", 6000, 6000), 2, 6000, 10000, 7700},
		{useCase{"an agency may not record learning", agency, nip, domain.CodeForbidden, "", 0}, posttest("p-3", 8000, 7000), 0, 0, 0, 0},
		{useCase{"another institution's participant is not found", lmsB, nip, domain.CodeNotFound, "", 0}, posttest("p-3", 8000, 7000), 0, 0, 0, 0},
		{useCase{"a bad attempt id names the field", lmsA, nip, domain.CodeInvalid, "", 0}, posttest("bad id!", 8000, 7000), 0, 0, 0, 0},
		{useCase{"a decided participant is closed to learning (R-GRAD-4)", lmsA, closed, domain.CodeConflict, "R-GRAD-4", 0}, posttest("p-1", 8000, 7000), 0, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.head()
			res, err := w.ledger.AttemptPosttest(context.Background(), tc.who, tc.nip, tc.cmd)
			wantCode(t, err, tc.code, tc.rule)
			if got := w.recorded(before); got != tc.written {
				t.Fatalf("%d events recorded, want %d", got, tc.written)
			}
			if err != nil {
				return
			}
			a := res.Attempt
			if a.AttemptID != tc.cmd.AttemptID || a.AttemptNumber != tc.number || a.Weighted != tc.weighted || a.Cap != tc.cap || res.Result != tc.result || res.Repeated() != (tc.written == 0) {
				t.Fatalf("answer %+v, want attempt %d weighted %v cap %v result %v", res, tc.number, tc.weighted, tc.cap, tc.result)
			}
		})
	}
	// R-POST-2: from the fourth attempt the cap falls.
	for i := 3; i <= 4; i++ {
		res, err := w.ledger.AttemptPosttest(context.Background(), lmsA, nip, posttest(fmt.Sprintf("p-%d", i), 9500, 9500))
		if err != nil {
			t.Fatal(err)
		}
		if i == 4 && (res.Attempt.Cap != 9001 || res.Attempt.Capped != 9001 || res.Result != 9500) {
			t.Fatalf("attempt 4: %+v, want cap 90.01 and the best (attempt 3's 95.00) as the result", res)
		}
	}
}

func TestCheckIn(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	passed, failed := w.enrolledIn("A", 1), w.enrolledIn("A", 3)
	w.passMOOC(passed)
	closed := w.decidedIn("D", 2)
	at := time.Date(2024, 7, 22, 7, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		useCase
		at time.Time
	}{
		{useCase{"the MOOC not passed cites R-CHECKIN-1", lmsA, failed, domain.CodeInvalid, "R-CHECKIN-1", 0}, at},
		{useCase{"an agency may not check in", agency, passed, domain.CodeForbidden, "", 0}, at},
		{useCase{"another institution's participant is not found", lmsB, passed, domain.CodeNotFound, "", 0}, at},
		{useCase{"no time names the field", lmsA, passed, domain.CodeInvalid, "", 0}, time.Time{}},
		{useCase{"lms checks in a participant who passed the MOOC", lmsA, passed, "", "", 1}, at},
		{useCase{"again, later, answers the first record", lmsA, passed, "", "", 0}, at.Add(time.Hour)},
		{useCase{"a decided participant is closed to learning (R-GRAD-4)", admin, closed, domain.CodeConflict, "R-GRAD-4", 0}, at},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.head()
			res, err := w.ledger.CheckIn(context.Background(), tc.who, tc.nip, participant.CheckIn{CheckedInAt: tc.at})
			wantCode(t, err, tc.code, tc.rule)
			if got := w.recorded(before); got != tc.written {
				t.Fatalf("%d events recorded, want %d", got, tc.written)
			}
			if err != nil {
				return
			}
			var e participant.KlasikalCheckedIn
			if evs := res.Events(); len(evs) != 1 || json.Unmarshal(evs[0].Data, &e) != nil || !e.CheckedInAt.Equal(at) || res.Repeated() != (tc.written == 0) {
				t.Fatalf("answer %+v, want the check-in of %s", res, at)
			}
		})
	}
}

func TestStanding(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	nip := w.enrolledIn("A", 1)
	if _, err := w.ledger.EarnTrophy(context.Background(), lmsA, nip, trophyClaim("video-1", domain.Substansi1, 1)); err != nil {
		t.Fatal(err)
	}
	w.settle()
	otherAgency := ledger.Principal{TokenID: "t-agency-2", Role: access.Agency, Agency: "pemkot-malang"}
	stranger := ledger.Principal{TokenID: "t-x", Role: access.Role("guest")}
	for _, tc := range []useCase{
		{"the institution reads its participant", lmsA, nip, "", "", 0},
		{"the home agency reads its participant", agency, nip, "", "", 0},
		{"an auditor reads anyone", auditor, nip, "", "", 0},
		{"another institution gets a 404", lmsB, nip, domain.CodeNotFound, "", 0},
		{"another agency gets a 404", otherAgency, nip, domain.CodeNotFound, "", 0},
		{"an unknown participant is a 404", admin, nipOf(7), domain.CodeNotFound, "", 0},
		{"a malformed NIP is a 404", admin, "123", domain.CodeNotFound, "", 0},
		{"a role that reads no projection is refused", stranger, nip, domain.CodeForbidden, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := w.ledger.Standing(context.Background(), tc.who, tc.nip)
			wantCode(t, err, tc.code, tc.rule)
			if err == nil {
				var st participant.Standing
				if json.Unmarshal(b, &st) != nil || st.NIP != domain.NIP(nip) {
					t.Fatalf("document %s, want the standing of %s", b, nip)
				}
			}
		})
	}
}
