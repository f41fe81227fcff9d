package participant

import (
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
)

// TestPosttestNumberedByTakenAt is R-POST-2: attempts are numbered in the
// order they were taken, not recorded. rules.md §10 example 4 and 5, with the
// attempts recorded out of order.
func TestPosttestNumberedByTakenAt(t *testing.T) {
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	type try struct {
		id     string
		s1, s2 domain.Score
		taken  int // hours after t0
	}
	type want struct {
		id     string
		number int
		cap    domain.Score
		capped domain.Score
	}
	tests := []struct {
		name string
		// recorded in this order
		tries      []try
		wantLast   int // the number the last recorded attempt is answered with
		want       []want
		wantResult domain.Score
	}{
		{
			name:       "in-order-example-4",
			tries:      []try{{"a", 6000, 8000, 1}, {"b", 6500, 7000, 2}, {"c", 6800, 6000, 3}, {"d", 10000, 9000, 4}},
			wantLast:   4,
			want:       []want{{"a", 1, 10000, 6600}, {"b", 2, 10000, 6650}, {"c", 3, 10000, 6560}, {"d", 4, 9001, 9001}},
			wantResult: 9001,
		},
		{
			// Example 4's (100, 90) was taken first but recorded last: it is
			// attempt 1 (uncapped, 97.00) and the others move up a number.
			name:       "late-attempt-renumbers-those-after-it",
			tries:      []try{{"a", 6000, 8000, 2}, {"b", 6500, 7000, 3}, {"c", 6800, 6000, 4}, {"d", 10000, 9000, 1}},
			wantLast:   1,
			want:       []want{{"d", 1, 10000, 9700}, {"a", 2, 10000, 6600}, {"b", 3, 10000, 6650}, {"c", 4, 9001, 6560}},
			wantResult: 9700,
		},
		{
			// Example 5: a 6th attempt (90, 85) caps at 80.01; recorded
			// after a 7th taken later, the 7th's cap follows its number.
			name: "caps-follow-the-new-numbers-example-5",
			tries: []try{
				{"1", 5000, 5000, 1}, {"2", 5000, 5000, 2}, {"3", 5000, 5000, 3}, {"4", 5000, 5000, 4}, {"5", 5000, 5000, 5},
				{"seventh", 9000, 8500, 7}, {"sixth", 7500, 7000, 6},
			},
			wantLast:   6,
			want:       []want{{"sixth", 6, 8001, 7350}, {"seventh", 7, 7001, 7001}},
			wantResult: 7350,
		},
		{
			name:       "equal-times-ordered-by-attempt-id",
			tries:      []try{{"b", 9000, 9000, 1}, {"a", 5000, 5000, 1}},
			wantLast:   1,
			want:       []want{{"a", 1, 10000, 5000}, {"b", 2, 10000, 9000}},
			wantResult: 9000,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := withTotal(t, 28)
			var last PosttestAttempted
			for _, tr := range tt.tries {
				events, err := DecidePosttest(s, AttemptPosttest{AttemptID: tr.id, Substansi1: tr.s1, Substansi2: tr.s2, TakenAt: at(tr.taken)})
				if err != nil {
					t.Fatalf("attempt %s: %v", tr.id, err)
				}
				last = events[0].(PosttestAttempted)
				s = apply(t, s, events)
			}
			if got := last.AttemptNumber; got != tt.wantLast {
				t.Errorf("last recorded attempt answered as number %d, want %d", got, tt.wantLast)
			}
			for _, w := range tt.want {
				a, ok := s.attempt(w.id)
				if !ok {
					t.Fatalf("attempt %s missing", w.id)
				}
				if a.AttemptNumber != w.number || a.Cap != w.cap || a.Capped != w.capped {
					t.Errorf("attempt %s: number %d cap %v capped %v, want %d %v %v", w.id, a.AttemptNumber, a.Cap, a.Capped, w.number, w.cap, w.capped)
				}
			}
			if s.Result != tt.wantResult {
				t.Errorf("result %v, want %v", s.Result, tt.wantResult)
			}
		})
	}
}

// TestOldLogFoldsToTakenOrder: events recorded with the numbers of the
// recording order fold to the numbers of the taking order.
func TestOldLogFoldsToTakenOrder(t *testing.T) {
	s := withTotal(t, 28)
	late := PosttestAttempted{AttemptID: "late", AttemptNumber: 2, Substansi1: 10000, Substansi2: 10000,
		Weighted: 10000, Cap: 10000, Capped: 10000, TakenAt: t0.Add(time.Hour)}
	first := PosttestAttempted{AttemptID: "first", AttemptNumber: 1, Substansi1: 5000, Substansi2: 5000,
		Weighted: 5000, Cap: 10000, Capped: 5000, TakenAt: t0.Add(2 * time.Hour)}
	s = Evolve(Evolve(s, first), late)
	if a, _ := s.attempt("late"); a.AttemptNumber != 1 {
		t.Errorf("late attempt folded as %d, want 1", a.AttemptNumber)
	}
	if a, _ := s.attempt("first"); a.AttemptNumber != 2 {
		t.Errorf("first-recorded attempt folded as %d, want 2", a.AttemptNumber)
	}
	if s.Result != 10000 {
		t.Errorf("result %v, want 100.00", s.Result)
	}
}
