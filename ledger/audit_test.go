package ledger_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
)

// live is the participant's standing as the projection shows it now, as JSON values.
func (w *world) live(nip string) any {
	w.t.Helper()
	w.settle()
	doc, _, ok, err := w.model.StandingJSON(context.Background(), domain.NIP(nip))
	if err != nil || !ok {
		w.t.Fatalf("no live standing of %s: %v", nip, err)
	}
	var v any
	if err := json.Unmarshal(doc.JSON, &v); err != nil {
		w.t.Fatal(err)
	}
	return v
}

func asJSON(t *testing.T, x any) any {
	t.Helper()
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestReplay records a history (three trophies, then a correction of the
// first), keeps the live standing after each event, and replays each point
// by position and by time: the replay is what the standing was then.
func TestReplay(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	nip := w.enrolled(1)
	type then struct {
		rec      events.Recorded
		standing any
	}
	var history []then
	for i, activity := range []string{"t-1", "t-2", "t-3"} {
		time.Sleep(5 * time.Millisecond) // the points are apart in time
		rec := w.recordAs(lmsA, nip, trophy(activity, domain.Substansi1, 1+i))
		history = append(history, then{rec, w.live(nip)})
	}
	time.Sleep(5 * time.Millisecond)
	res, err := w.ledger.Correct(ctx, lmsA, ledger.Correct{NIP: nip, EventID: history[0].rec.ID, Reason: "aktivitas tidak selesai"})
	if err != nil {
		t.Fatal(err)
	}
	history = append(history, then{res.Events()[0], w.live(nip)})

	for i, h := range history {
		byPosition, err := w.ledger.Replay(ctx, lmsA, nip, time.Time{}, h.rec.Position)
		if err != nil {
			t.Fatalf("point %d at position %d: %v", i, h.rec.Position, err)
		}
		if got := asJSON(t, byPosition); !reflect.DeepEqual(got, h.standing) {
			t.Errorf("point %d at position %d: replay\n%v\nwant the standing then\n%v", i, h.rec.Position, got, h.standing)
		}
		byTime, err := w.ledger.Replay(ctx, lmsA, nip, h.rec.RecordedAt, 0)
		if err != nil {
			t.Fatalf("point %d as of %s: %v", i, h.rec.RecordedAt, err)
		}
		if got := asJSON(t, byTime); !reflect.DeepEqual(got, h.standing) {
			t.Errorf("point %d as of %s: replay\n%v\nwant the standing then\n%v", i, h.rec.RecordedAt, got, h.standing)
		}
	}

	last := history[len(history)-1].rec.Position
	for _, tc := range []struct {
		name string
		who  ledger.Principal
		nip  string
		asOf time.Time
		code domain.Code
	}{
		{"the home agency replays", agency, nip, time.Time{}, ""},
		{"a dashboard replays", dashboard, nip, time.Time{}, ""},
		{"an auditor replays", auditor, nip, time.Time{}, ""},
		{"another institution's participant is not found", lmsB, nip, time.Time{}, domain.CodeNotFound},
		{"another agency's participant is not found", agencyMalang, nip, time.Time{}, domain.CodeNotFound},
		{"before the enrolment there is no one", admin, nip, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), domain.CodeNotFound},
		{"an unknown participant is not found", admin, nipOf(2), time.Time{}, domain.CodeNotFound},
		{"a bad NIP is not found", admin, "12", time.Time{}, domain.CodeNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := w.ledger.Replay(ctx, tc.who, tc.nip, tc.asOf, 0)
			wantCode(t, err, tc.code, "")
			if err == nil && st.Position != last {
				t.Fatalf("replayed at position %d, want the head of the stream %d", st.Position, last)
			}
		})
	}
}

func TestAudit(t *testing.T) {
	w := newWorld(t)
	nip := w.enrolled(1)
	earned := w.recordAs(lmsA, nip, trophy("t-1", domain.Substansi1, 1))
	for _, tc := range []struct {
		name string
		who  ledger.Principal
		nip  string
		code domain.Code
	}{
		{"the institution reads its participant's trail", lmsA, nip, ""},
		{"the home agency reads its participant's trail", agency, nip, ""},
		{"an auditor reads every trail", auditor, nip, ""},
		{"a dashboard may not read trails", dashboard, nip, domain.CodeForbidden},
		{"another institution's participant is not found", lmsB, nip, domain.CodeNotFound},
		{"another agency's participant is not found", agencyMalang, nip, domain.CodeNotFound},
		{"an unknown participant is not found", auditor, nipOf(2), domain.CodeNotFound},
		{"a bad NIP is not found", auditor, "abc", domain.CodeNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			trail, err := w.ledger.Audit(context.Background(), tc.who, tc.nip)
			wantCode(t, err, tc.code, "")
			if err != nil {
				return
			}
			if len(trail.Entries) != 2 || trail.NIP != domain.NIP(nip) {
				t.Fatalf("trail of %s with %d entries, want %s's enrolment and trophy", trail.NIP, len(trail.Entries), nip)
			}
			if e := trail.Entries[1]; e.ID != earned.ID || e.Actor != lmsA.TokenID || e.Institution != "inst-a" || len(e.Changes) == 0 {
				t.Fatalf("the trophy's entry %+v, want it recorded by %s with what it changed", e, lmsA.TokenID)
			}
		})
	}
}
