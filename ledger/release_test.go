package ledger_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
)

// meetingOf holds cohort id's graduation meeting on 2024-08-02.
func (w *world) meetingOf(id string) {
	w.t.Helper()
	if _, err := w.ledger.HoldMeeting(context.Background(), admin, ledger.Meeting{CohortID: id, MeetingRef: "BA-" + id, DecidedOn: "2024-08-02"}); err != nil {
		w.t.Fatalf("meeting of %s: %v", id, err)
	}
}

// releasedOn is the released_on of nip's release in their standing ("" if none).
func (w *world) releasedOn(nip string) string {
	w.t.Helper()
	w.settle()
	raw, err := w.ledger.Standing(context.Background(), auditor, nip)
	if err != nil {
		w.t.Fatal(err)
	}
	var st struct {
		Released *struct {
			ReleasedOn string `json:"released_on"`
		} `json:"released"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		w.t.Fatal(err)
	}
	if st.Released == nil {
		return ""
	}
	return st.Released.ReleasedOn
}

// TestRelease: refused before the meeting; after it, the cohort and every
// participant are written in one append, each standing shows the release;
// the same release again records nothing, another day is 409 (R-MOVE-3).
func TestRelease(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.open(admin, "A", "inst-a")
	p, q := w.enrolledIn("A", 1), w.enrolledIn("A", 3)
	_, err := w.ledger.Release(ctx, lmsA, "A", "2024-08-02")
	wantCode(t, err, domain.CodeConflict, "R-MOVE-3")
	w.meetingOf("A")
	_, err = w.ledger.Release(ctx, lmsB, "A", "2024-08-02")
	wantCode(t, err, domain.CodeNotFound, "")
	_, err = w.ledger.Release(ctx, agency, "A", "2024-08-02")
	wantCode(t, err, domain.CodeForbidden, "")
	_, err = w.ledger.Release(ctx, lmsA, "A", "2024-08-01")
	wantCode(t, err, domain.CodeInvalid, "R-MOVE-3")

	res, err := w.ledger.Release(ctx, lmsA, "A", "2024-08-05")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Appends) != 3 || len(res.Release.NIPs) != 2 || res.Release.MeetingRef != "BA-A" {
		t.Fatalf("answer %+v, want the cohort and two participants", res)
	}
	for _, n := range []string{p, q} {
		if got := w.releasedOn(n); got != "2024-08-05" {
			t.Errorf("%s: released %q, want 2024-08-05", n, got)
		}
	}
	before := w.head()
	again, err := w.ledger.Release(ctx, lmsA, "A", "2024-08-05")
	if err != nil || !again.Repeated() || w.recorded(before) != 0 {
		t.Fatalf("same release again: repeated=%v err=%v", again.Repeated(), err)
	}
	_, err = w.ledger.Release(ctx, lmsA, "A", "2024-08-06")
	wantCode(t, err, domain.CodeConflict, "R-MOVE-3")
}

// TestReleaseAllOrNothing: one participant on the roster whose own stream
// refuses the release (a phantom) releases nobody.
func TestReleaseAllOrNothing(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	p := w.enrolledIn("A", 1)
	w.meetingOf("A")
	w.phantom("A", nipOf(5), 5)
	before := w.head()
	_, err := w.fresh(nil).Release(context.Background(), lmsA, "A", "2024-08-05")
	wantCode(t, err, domain.CodeConflict, "R-MOVE-3")
	if n := w.recorded(before); n != 0 || w.releasedOn(p) != "" {
		t.Fatalf("a refused release recorded %d events", n)
	}
}

// TestReleaseRace: two releases of one cohort on different days at once,
// many times: exactly one wins each time, and every participant carries
// the winner's day, none the loser's.
func TestReleaseRace(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	const rounds = 20
	for i := range rounds {
		id := fmt.Sprintf("R-%d", i)
		w.open(admin, id, "inst-a")
		nips := []string{w.enrolledIn(id, 3*i), w.enrolledIn(id, 3*i+1), w.enrolledIn(id, 3*i+2)}
		w.meetingOf(id)
		days := []domain.Date{"2024-08-05", "2024-08-06"}
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for j := range days {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[j] = w.fresh(nil).Release(ctx, lmsA, id, days[j])
			}()
		}
		wg.Wait()
		won := -1
		for j, err := range errs {
			if err == nil {
				if won >= 0 {
					t.Fatalf("round %d: both releases won", i)
				}
				won = j
			} else {
				wantCode(t, err, domain.CodeConflict, "")
			}
		}
		if won < 0 {
			t.Fatalf("round %d: no release won (%v)", i, errs)
		}
		for _, n := range nips {
			recs := w.stream(events.ParticipantPrefix + n)
			if last := recs[len(recs)-1]; last.Type != "ParticipantReleased" || !json.Valid(last.Data) ||
				!containsDay(last.Data, days[won]) {
				t.Fatalf("round %d: %s's last event %s %s, want its release on %s", i, n, last.Type, last.Data, days[won])
			}
		}
	}
}

func containsDay(data []byte, day domain.Date) bool {
	var e struct {
		ReleasedOn domain.Date `json:"released_on"`
	}
	return json.Unmarshal(data, &e) == nil && e.ReleasedOn == day
}
