package main

import (
	"net/http"
	"testing"
	"time"
)

// TestDemoShowsTheProgramme: the demo loads, and its second cohort is laid
// out by the template and decided with one participant in each outcome.
func TestDemoShowsTheProgramme(t *testing.T) {
	s := cliStart(t, t.TempDir())
	began := time.Now()
	if err := loadDemo(s.app.Server, cliAdmin); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo loaded in %s", time.Since(began))
	v := s.do("GET", "/v1/cohorts/DEMO-2024-III-02?min_position=1", nil, http.StatusOK)
	phases, _ := v["phases"].([]any)
	if len(phases) != 6 || v["ends_on"] != "2024-09-12" {
		t.Fatalf("phases %v, ends_on %v", phases, v["ends_on"])
	}
	meetings, _ := v["meetings"].([]any)
	if len(meetings) != 1 {
		t.Fatalf("meetings %v", meetings)
	}
	got := meetings[0].(map[string]any)["outcomes"].(map[string]any)
	for _, o := range []string{"lulus", "ditunda", "tidak_lulus", "incomplete"} {
		if got[o] != float64(1) {
			t.Errorf("outcome %s: %v, want 1 (outcomes %v)", o, got[o], got)
		}
	}
}
