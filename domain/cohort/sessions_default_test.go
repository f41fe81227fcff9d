package cohort_test

import (
	"strings"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// templated is a cohort opened with the blended template from Monday
// 2024-06-03 (no holidays: klasikal 2024-09-05..12, graduation 09-13).
func templated() cohort.Opened {
	o := opened("III")
	o.EndsOn, o.Template = "", cohort.TemplateBlended
	return o
}

// TestDefaultSessions: asked for, the opening schedules in its own append
// the ten synchronous e-learning sessions and the six klasikal days of seed
// 000 (10/14/12/12/10/4 JP), dated on the layout over working days, with
// ids from the cohort's id (R-PHASE-21).
func TestDefaultSessions(t *testing.T) {
	o := templated()
	o.DefaultSessions = true
	holidays := map[domain.Date]bool{"2024-09-09": true} // klasikal's third day moves to 09-10
	evs, err := cohort.DecideOpen(cohort.Initial(), cohort.Open{Opened: o, Holidays: holidays})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(evs), 1+10+6; got != want {
		t.Fatalf("events=%d, want %d", got, want)
	}
	if _, ok := evs[0].(cohort.Opened); !ok {
		t.Fatalf("first event %T, want the opening", evs[0])
	}
	var klasikal []cohort.SessionScheduled
	syncJP := 0
	for _, e := range evs[1:] {
		ss := e.(cohort.SessionScheduled)
		if !strings.HasPrefix(ss.SessionID, o.CohortID+":") || ss.GroupID != "" {
			t.Errorf("session %+v: want a cohort-wide session named after the cohort", ss)
		}
		switch ss.Mode {
		case cohort.ModeKlasikal:
			klasikal = append(klasikal, ss)
		case cohort.ModeSynchronous:
			syncJP += ss.JP
			if ss.Date < "2024-06-25" || ss.Date > "2024-07-24" {
				t.Errorf("sync session %s on %s, outside e-learning", ss.SessionID, ss.Date)
			}
		}
	}
	if syncJP != 25 {
		t.Errorf("synchronous JP=%d, want 25 (1+2+1+2+1+2 classes, 3×2 coaching, 10 seminar)", syncJP)
	}
	wantDates := []domain.Date{"2024-09-05", "2024-09-06", "2024-09-10", "2024-09-11", "2024-09-12", "2024-09-13"}
	wantJP := []int{10, 14, 12, 12, 10, 4}
	if len(klasikal) != 6 {
		t.Fatalf("klasikal sessions %v", klasikal)
	}
	for i, ss := range klasikal {
		if ss.Date != wantDates[i] || ss.JP != wantJP[i] {
			t.Errorf("klasikal day %d: %s %d JP, want %s %d JP", i+1, ss.Date, ss.JP, wantDates[i], wantJP[i])
		}
	}
	// The same opening again answers the opening and the sessions recorded.
	s := fold(evs...)
	again, err := cohort.DecideOpen(s, cohort.Open{Opened: o})
	if err != nil || len(again) != len(evs) || again[16] != evs[16] {
		t.Fatalf("same opening again: %d events, %v", len(again), err)
	}
	// Without default sessions asked, it is another opening.
	plain := o
	plain.DefaultSessions = false
	_, err = cohort.DecideOpen(s, cohort.Open{Opened: plain})
	wantRefusal(t, err, domain.CodeConflict, "", "")
}

func TestDefaultSessionsNeedATemplate(t *testing.T) {
	o := opened("III")
	o.DefaultSessions = true
	_, err := cohort.DecideOpen(cohort.Initial(), cohort.Open{Opened: o})
	wantRefusal(t, err, domain.CodeInvalid, "R-PHASE-21", "default_sessions")
}

// TestDefaultSessionIDs: a cohort id near the 64-character limit still
// gives valid, distinct session ids.
func TestDefaultSessionIDs(t *testing.T) {
	long := strings.Repeat("a", 60)
	a := cohort.DefaultSessionID(long+"-001", "elearning-22-seminar")
	b := cohort.DefaultSessionID(long+"-002", "elearning-22-seminar")
	if !domain.ValidID(a) || !domain.ValidID(b) || a == b {
		t.Fatalf("ids %q %q: want valid and distinct", a, b)
	}
	if got, want := cohort.DefaultSessionID("C1", "klasikal-1"), "C1:klasikal-1"; got != want {
		t.Errorf("id=%q, want %q", got, want)
	}
}
