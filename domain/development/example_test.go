package development

import "testing"

// TestExample11 is rules.md §10 example 11, exactly: one month of seminar 2
// days = 8 JP; 3 coaching sessions, 2 counted = 4 JP; e-learning 5 JP in a
// day → 3; self-study 3 JP in a day → 2. Total 17 JP, below 20 (R-JP-1). A
// 30 JP international technical training → 36 JP.
func TestExample11(t *testing.T) {
	s := Initial()
	var e ActivityRecorded

	s, e = record(t, s, act(Seminar, National, Units(2), "2024-05-06", "2024-05-07"))
	if got, want := e.JPCredited, Units(8); got != want {
		t.Fatalf("seminar 2 days=%s JP, want %s", got, want)
	}

	s, e = record(t, s, act(Coaching, National, Units(3), "2024-05-08", "2024-05-29"))
	if got, want := e.JPCredited, Units(4); got != want {
		t.Fatalf("3 coaching sessions=%s JP, want %s", got, want)
	}
	if len(e.Caps) != 1 || e.Caps[0].Counted != Units(2) || e.Caps[0].Per != PerMonth {
		t.Fatalf("coaching caps=%+v, want 2 of 3 sessions counted in the month", e.Caps)
	}

	s, e = record(t, s, act(ELearning, National, Units(5), "2024-05-13", "2024-05-13"))
	if got, want := e.JPCredited, Units(3); got != want {
		t.Fatalf("e-learning 5 JP in a day=%s JP, want %s", got, want)
	}

	s, e = record(t, s, act(SelfStudy, National, Units(3), "2024-05-14", "2024-05-14"))
	if got, want := e.JPCredited, Units(2); got != want {
		t.Fatalf("self-study 3 JP in a day=%s JP, want %s", got, want)
	}

	y := Summarize(s, 2024)
	if got, want := y.JPTotal, Units(17); got != want {
		t.Fatalf("total=%s JP, want %s", got, want)
	}
	if y.Met {
		t.Fatal("met=true with 17 JP, want false (R-JP-1: 20 JP)")
	}
	if got, want := y.Gap, Units(3); got != want {
		t.Fatalf("gap=%s, want %s", got, want)
	}
	if got, want := len(y.Activities), 4; got != want {
		t.Fatalf("%d activities, want %d", got, want)
	}
	// R-JP-2, reported: classroom 8 + 2, guidance 4, workplace 3 of 17.
	wantSplit := Split{
		Classroom: Share{JP: Units(10), GuidePercent: 10, ActualPercent: 5882},
		Guidance:  Share{JP: Units(4), GuidePercent: 20, ActualPercent: 2353},
		Workplace: Share{JP: Units(3), GuidePercent: 70, ActualPercent: 1765},
	}
	if got := y.Split; got != wantSplit {
		t.Fatalf("split=%+v, want %+v", got, wantSplit)
	}

	s, e = record(t, s, act(TechnicalTraining, International, Units(30), "2024-06-03", "2024-06-07"))
	if got, want := e.JPCredited, Units(36); got != want {
		t.Fatalf("30 JP international technical training=%s JP, want %s", got, want)
	}
	y = Summarize(s, 2024)
	if got, want := y.JPTotal, Units(53); got != want || !y.Met || y.Gap != 0 {
		t.Fatalf("after the training: total=%s met=%v gap=%s, want %s, met, 0", got, y.Met, y.Gap, want)
	}
}
