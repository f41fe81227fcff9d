package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/latsar/ledger/events"
)

// TestDemoShowsTheProgramme: the demo loads; its second cohort is laid
// out by the template and decided with one participant in each outcome;
// its third has the master schedule's sessions, a moved graduation day, a
// withdrawal and its decided participants released.
func TestDemoShowsTheProgramme(t *testing.T) {
	s := cliStart(t, t.TempDir())
	began := time.Now()
	if _, err := loadDemo(s.app.Server, cliAdmin, nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo loaded in %s", time.Since(began))
	head, err := s.app.Store.HeadPosition(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	after := fmt.Sprintf("?min_position=%d", head)
	v := s.do("GET", "/v1/cohorts/DEMO-2024-III-02"+after, nil, http.StatusOK)
	phases, _ := v["phases"].([]any)
	if len(phases) != 6 || v["ends_on"] != "2024-09-12" {
		t.Fatalf("phases %v, ends_on %v", phases, v["ends_on"])
	}
	wantOutcomes(t, v, "lulus", "ditunda", "tidak_lulus", "incomplete")

	v = s.do("GET", "/v1/cohorts/DEMO-2024-III-03"+after, nil, http.StatusOK)
	wantOutcomes(t, v, "lulus", "ditunda", "tidak_lulus", "incomplete")
	if sessions, _ := v["sessions"].([]any); len(sessions) != 16 {
		t.Errorf("%d sessions, want the master schedule's 16", len(sessions))
	}
	moves, _ := v["phase_moves"].([]any)
	phases, _ = v["phases"].([]any)
	if len(moves) != 1 || phases[5].(map[string]any)["starts_on"] != "2024-09-20" {
		t.Errorf("moves %v, graduation %v: want graduation moved to 2024-09-20", moves, phases[5])
	}
	release, _ := v["release"].(map[string]any)
	if nips, _ := release["nips"].([]any); len(nips) != 4 || v["roster_size"] != float64(4) {
		t.Fatalf("release %v of a roster of %v, want the 4 decided (one withdrew)", release, v["roster_size"])
	}
	st := s.do("GET", "/v1/participants/"+release["nips"].([]any)[0].(string)+"/standing"+after, nil, http.StatusOK)
	if r, _ := st["released"].(map[string]any); r["released_on"] != "2024-09-20" {
		t.Errorf("standing released %v", st["released"])
	}
	// Attendance was taken on the default sessions: the incomplete one
	// missed a virtual class (1 JP) and the first klasikal day (10 JP).
	st = s.do("GET", "/v1/participants/199704102024012204/standing"+after, nil, http.StatusOK)
	if a := st["attendance"].(map[string]any); a["absent_sessions"] != float64(2) || a["absent_jp"] != float64(11) {
		t.Errorf("attendance %v, want 2 sessions and 11 JP absent", a)
	}
}

func wantOutcomes(t *testing.T, cohort map[string]any, outcomes ...string) {
	t.Helper()
	meetings, _ := cohort["meetings"].([]any)
	if len(meetings) != 1 {
		t.Fatalf("%v: meetings %v", cohort["cohort_id"], meetings)
	}
	got := meetings[0].(map[string]any)["outcomes"].(map[string]any)
	for _, o := range outcomes {
		if got[o] != float64(1) {
			t.Errorf("%v outcome %s: %v, want 1 (outcomes %v)", cohort["cohort_id"], o, got[o], got)
		}
	}
}

// TestDemoLoadsWhatIsMissing: a store holding the older demo cohorts gets
// the newer one at the next demo start, and nothing else is written again.
func TestDemoLoadsWhatIsMissing(t *testing.T) {
	s := cliStart(t, t.TempDir())
	older := func(id string) bool { return id == "DEMO-2024-III-03" }
	if _, err := loadDemo(s.app.Server, cliAdmin, older); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if recs, _ := s.app.Store.ReadStream(ctx, events.CohortPrefix+"DEMO-2024-III-03", 0, 0); len(recs) != 0 {
		t.Fatalf("the older demo holds cohort 03")
	}
	before, _ := s.app.Store.HeadPosition(ctx)
	if err := maybeLoadDemo(ctx, slog.New(slog.DiscardHandler), s.app, cliAdmin); err != nil {
		t.Fatal(err)
	}
	recs, _ := s.app.Store.ReadStream(ctx, events.CohortPrefix+"DEMO-2024-III-03", 0, 0)
	if len(recs) == 0 || recs[0].Position <= before {
		t.Fatalf("cohort 03 after the start: %d events", len(recs))
	}
	for _, id := range []string{"DEMO-2024-III-01", "DEMO-2024-III-02"} {
		recs, _ := s.app.Store.ReadStream(ctx, events.CohortPrefix+id, 0, 0)
		if last := recs[len(recs)-1]; last.Position > before {
			t.Errorf("%s was written again", id)
		}
	}
	again, _ := s.app.Store.HeadPosition(ctx)
	if err := maybeLoadDemo(ctx, slog.New(slog.DiscardHandler), s.app, cliAdmin); err != nil {
		t.Fatal(err)
	}
	if head, _ := s.app.Store.HeadPosition(ctx); head != again {
		t.Errorf("a start with every demo cohort wrote %d events", head-again)
	}
}
