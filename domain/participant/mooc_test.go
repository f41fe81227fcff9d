package participant

import (
	"slices"
	"testing"

	"github.com/latsar/ledger/domain"
)

func TestAttemptCap(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want domain.Score
	}{
		{name: "attempt-1-up-to-100-R-POST-2", n: 1, want: 10000},
		{name: "attempt-2-up-to-100-R-POST-2", n: 2, want: 10000},
		{name: "attempt-3-up-to-100-R-POST-2", n: 3, want: 10000},
		{name: "attempt-4-up-to-90.01-R-POST-2", n: 4, want: 9001},
		{name: "attempt-5-up-to-90.01-R-POST-2", n: 5, want: 9001},
		{name: "attempt-6-up-to-80.01-R-POST-2", n: 6, want: 8001},
		{name: "attempt-7-up-to-70.01-R-POST-2", n: 7, want: 7001},
		{name: "attempt-8-up-to-70.01-R-POST-2", n: 8, want: 7001},
		{name: "attempt-20-up-to-70.01-R-POST-2", n: 20, want: 7001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := attemptCap(tt.n), tt.want; got != want {
				t.Fatalf("attemptCap(%d)=%v, want %v", tt.n, got, want)
			}
		})
	}
}

func TestWeightedPosttest(t *testing.T) {
	tests := []struct {
		name   string
		s1, s2 domain.Score
		want   domain.Score
	}{
		{name: "60-80-is-66.00-R-POST-3", s1: 6000, s2: 8000, want: 6600},
		{name: "65-70-is-66.50-R-POST-3", s1: 6500, s2: 7000, want: 6650},
		{name: "68-60-is-65.60-R-POST-3", s1: 6800, s2: 6000, want: 6560},
		{name: "100-90-is-97.00-R-POST-3", s1: 10000, s2: 9000, want: 9700},
		{name: "90-85-is-88.50-R-POST-3", s1: 9000, s2: 8500, want: 8850},
		{name: "75-70-is-73.50-R-POST-3", s1: 7500, s2: 7000, want: 7350},
		{name: "60-70-is-63.00-R-POST-3", s1: 6000, s2: 7000, want: 6300},
		{name: "70.15-70.00-is-70.105-half-up-70.11-R-POST-3", s1: 7015, s2: 7000, want: 7011},
		{name: "70.00-70.01-is-70.003-down-70.00-R-POST-3", s1: 7000, s2: 7001, want: 7000},
		{name: "70.01-70.00-is-70.007-up-70.01-R-POST-3", s1: 7001, s2: 7000, want: 7001},
		{name: "zero-R-POST-3", s1: 0, s2: 0, want: 0},
		{name: "top-R-POST-3", s1: 10000, s2: 10000, want: 10000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := weightedPosttest(tt.s1, tt.s2), tt.want; got != want {
				t.Fatalf("weightedPosttest(%v, %v)=%v, want %v", tt.s1, tt.s2, got, want)
			}
		})
	}
}

func TestRequiredSubstansi1(t *testing.T) {
	tests := []struct {
		name      string
		catalogue domain.Catalogue
		want      int
	}{
		{name: "30-offered-21-required-R-TRO-3", catalogue: domain.Catalogue{domain.Substansi1: {1: 10, 2: 10, 3: 10}}, want: 21},
		{name: "31-offered-22-required-R-TRO-3", catalogue: domain.Catalogue{domain.Substansi1: {1: 10, 2: 10, 3: 11}}, want: 22},
		{name: "29-offered-20.3-rounds-up-21-R-TRO-3", catalogue: domain.Catalogue{domain.Substansi1: {1: 10, 2: 10, 3: 9}}, want: 21},
		{name: "10-offered-7-required-R-TRO-3", catalogue: domain.Catalogue{domain.Substansi1: {1: 10}}, want: 7},
		{name: "1-offered-0.7-rounds-up-1-R-TRO-3", catalogue: domain.Catalogue{domain.Substansi1: {2: 1}}, want: 1},
		{name: "none-offered-none-required-R-TRO-3", catalogue: domain.Catalogue{domain.Kebijakan: {0: 3}}, want: 0},
		{name: "agenda-IV-not-counted-R-TRO-3", catalogue: domain.Catalogue{domain.Substansi1: {1: 10, 2: 10, 3: 10, 4: 10}}, want: 21},
		{name: "substansi-2-not-counted-R-TRO-3", catalogue: domain.Catalogue{domain.Substansi1: {1: 10}, domain.Substansi2: {1: 10}}, want: 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := requiredSubstansi1(tt.catalogue), tt.want; got != want {
				t.Fatalf("requiredSubstansi1=%d, want %d", got, want)
			}
		})
	}
}

func TestStarsFor(t *testing.T) {
	tests := []struct {
		name  string
		total int
		want  Stars
	}{
		{name: "28-is-2-full-1-half-3-trophies-R-TRO-6", total: 28, want: Stars{Full: 2, Half: 1, Trophies: 3}},
		{name: "50-is-5-full-R-TRO-6", total: 50, want: Stars{Full: 5}},
		{name: "0-is-nothing-R-TRO-6", total: 0, want: Stars{}},
		{name: "5-is-a-half-star-R-TRO-6", total: 5, want: Stars{Half: 1}},
		{name: "9-is-a-half-star-and-4-R-TRO-6", total: 9, want: Stars{Half: 1, Trophies: 4}},
		{name: "10-is-a-full-star-R-TRO-6", total: 10, want: Stars{Full: 1}},
		{name: "4-is-4-trophies-R-TRO-6", total: 4, want: Stars{Trophies: 4}},
		{name: "15-is-1-full-1-half-R-TRO-6", total: 15, want: Stars{Full: 1, Half: 1}},
		{name: "44-is-4-full-4-trophies-R-TRO-6", total: 44, want: Stars{Full: 4, Trophies: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := StarsFor(tt.total), tt.want; got != want {
				t.Fatalf("StarsFor(%d)=%+v, want %+v", tt.total, got, want)
			}
		})
	}
}

func TestAttitudeFromTrophies(t *testing.T) {
	tests := []struct {
		total int
		want  domain.Score
	}{
		{28, 7001},
		{29, 8000},
		{30, 9000},
		{31, 9000},
		{32, 9056}, // 90 + 5·1/9 = 90.555…
		{33, 9111},
		{34, 9167},
		{35, 9222},
		{36, 9278},
		{40, 9500},
		{41, 9500},
		{42, 9556},
		{45, 9722},
		{46, 9778},
		{49, 9944},
		{50, 10000},
	}
	for _, tt := range tests {
		t.Run("band-"+itoa(tt.total)+"-R-TRO-7", func(t *testing.T) {
			if got, want := attitudeFromTrophies(tt.total), tt.want; got != want {
				t.Fatalf("attitudeFromTrophies(%d)=%v, want %v", tt.total, got, want)
			}
		})
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// TestAttitudeScore runs R-TRO-7 through EvaluateMOOC on trophies earned
// through DecideTrophy (catalogue65, every minimum met).
func TestAttitudeScore(t *testing.T) {
	tests := []struct {
		total int
		want  domain.Score
	}{
		{28, 7001}, {29, 8000}, {30, 9000}, {31, 9000}, {35, 9222},
		{40, 9500}, {41, 9500}, {45, 9722}, {50, 10000},
	}
	for _, tt := range tests {
		t.Run("trophies-"+itoa(tt.total)+"-R-TRO-7", func(t *testing.T) {
			m := EvaluateMOOC(withTotal(t, tt.total))
			if m.AttitudeScore == nil {
				t.Fatalf("attitude=nil, want %v (unmet %v)", tt.want, m.Unmet)
			}
			if got, want := *m.AttitudeScore, tt.want; got != want {
				t.Fatalf("attitude=%v, want %v", got, want)
			}
		})
	}
}

func TestEvaluateMOOC(t *testing.T) {
	c31 := catalogue50()
	c31[domain.Substansi1][3] = 11 // 31 offered in agendas 1-3: 22 required
	c29 := catalogue50()
	c29[domain.Substansi1][3] = 9 // 29 offered: 20.3, 21 required
	tests := []struct {
		name         string
		state        func(t *testing.T) State
		wantUnmet    []string
		wantAttitude domain.Score // -1: no score
		wantResult   domain.Score // -1: no result
		wantPassed   bool
	}{
		{
			name:      "nothing-earned-every-rule-unmet",
			state:     func(t *testing.T) State { return enrolled(t, catalogue50()) },
			wantUnmet: []string{"R-TRO-2", "R-TRO-3", "R-TRO-4", "R-TRO-5", "R-POST-1"}, wantAttitude: -1, wantResult: -1,
		},
		{
			name:      "minimums-met-no-posttest-unmet-R-POST-1",
			state:     func(t *testing.T) State { return earn(t, enrolled(t, catalogue50()), minimums28...) },
			wantUnmet: []string{"R-POST-1"}, wantAttitude: 7001, wantResult: -1,
		},
		{
			name: "kebijakan-1-unmet-R-TRO-2",
			state: func(t *testing.T) State {
				return earn(t, enrolled(t, catalogue50()), grant{domain.Kebijakan, 0, 1},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10}, grant{domain.Substansi1, 3, 5},
					grant{domain.Substansi2, 1, 3})
			},
			wantUnmet: []string{"R-TRO-2", "R-POST-1"}, wantAttitude: -1, wantResult: -1,
		},
		{
			name: "substansi-1-20-of-30-unmet-R-TRO-3",
			state: func(t *testing.T) State {
				return earn(t, enrolled(t, catalogue50()), grant{domain.Kebijakan, 0, 3},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10},
					grant{domain.Substansi2, 1, 3}, grant{domain.Substansi2, 2, 3})
			},
			wantUnmet: []string{"R-TRO-3", "R-POST-1"}, wantAttitude: -1, wantResult: -1,
		},
		{
			name: "substansi-1-agenda-IV-not-counted-unmet-R-TRO-3",
			state: func(t *testing.T) State {
				return earn(t, enrolled(t, catalogue50()), grant{domain.Kebijakan, 0, 3},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10}, grant{domain.Substansi1, 4, 5},
					grant{domain.Substansi2, 1, 3})
			},
			wantUnmet: []string{"R-TRO-3", "R-POST-1"}, wantAttitude: -1, wantResult: -1,
		},
		{
			name: "31-offered-21-earned-unmet-R-TRO-3",
			state: func(t *testing.T) State {
				return earn(t, enrolled(t, c31), grant{domain.Kebijakan, 0, 2},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10}, grant{domain.Substansi1, 3, 1},
					grant{domain.Substansi2, 1, 3}, grant{domain.Substansi2, 2, 2})
			},
			wantUnmet: []string{"R-TRO-3", "R-POST-1"}, wantAttitude: -1, wantResult: -1,
		},
		{
			name: "31-offered-22-earned-met-R-TRO-3",
			state: func(t *testing.T) State {
				return earn(t, enrolled(t, c31), grant{domain.Kebijakan, 0, 2},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10}, grant{domain.Substansi1, 3, 2},
					grant{domain.Substansi2, 1, 3}, grant{domain.Substansi2, 2, 1})
			},
			wantUnmet: []string{"R-POST-1"}, wantAttitude: 7001, wantResult: -1,
		},
		{
			name: "29-offered-20-earned-unmet-R-TRO-3",
			state: func(t *testing.T) State {
				return earn(t, enrolled(t, c29), grant{domain.Kebijakan, 0, 3},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10},
					grant{domain.Substansi2, 1, 3}, grant{domain.Substansi2, 2, 3})
			},
			wantUnmet: []string{"R-TRO-3", "R-POST-1"}, wantAttitude: -1, wantResult: -1,
		},
		{
			name: "29-offered-21-earned-met-R-TRO-3",
			state: func(t *testing.T) State {
				return earn(t, enrolled(t, c29), grant{domain.Kebijakan, 0, 2},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10}, grant{domain.Substansi1, 3, 1},
					grant{domain.Substansi2, 1, 3}, grant{domain.Substansi2, 2, 2})
			},
			wantUnmet: []string{"R-POST-1"}, wantAttitude: 7001, wantResult: -1,
		},
		{
			name: "substansi-2-in-agenda-IV-not-counted-unmet-R-TRO-4",
			state: func(t *testing.T) State {
				return earn(t, enrolled(t, catalogue50()), grant{domain.Kebijakan, 0, 3},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10}, grant{domain.Substansi1, 3, 2},
					grant{domain.Substansi2, 1, 2}, grant{domain.Substansi2, 4, 3})
			},
			wantUnmet: []string{"R-TRO-4", "R-POST-1"}, wantAttitude: -1, wantResult: -1,
		},
		{
			name: "27-trophies-unmet-R-TRO-5",
			state: func(t *testing.T) State {
				return earn(t, enrolled(t, catalogue50()), grant{domain.Kebijakan, 0, 2},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10}, grant{domain.Substansi1, 3, 1},
					grant{domain.Substansi2, 1, 3}, grant{domain.Substansi2, 2, 1})
			},
			wantUnmet: []string{"R-TRO-5", "R-POST-1"}, wantAttitude: -1, wantResult: -1,
		},
		{
			name: "agenda-IV-counts-toward-28-R-TRO-5",
			state: func(t *testing.T) State {
				return earn(t, enrolled(t, catalogue50()), grant{domain.Kebijakan, 0, 2},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10}, grant{domain.Substansi1, 3, 1},
					grant{domain.Substansi2, 1, 3}, grant{domain.Substansi1, 4, 2})
			},
			wantUnmet: []string{"R-POST-1"}, wantAttitude: 7001, wantResult: -1,
		},
		{
			name: "40-trophies-kebijakan-1-no-score-R-TRO-2-R-TRO-7",
			state: func(t *testing.T) State {
				return earn(t, enrolled(t, catalogue50()), grant{domain.Kebijakan, 0, 1},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10}, grant{domain.Substansi1, 3, 10},
					grant{domain.Substansi2, 1, 3}, grant{domain.Substansi2, 2, 3}, grant{domain.Substansi2, 3, 3})
			},
			wantUnmet: []string{"R-TRO-2", "R-POST-1"}, wantAttitude: -1, wantResult: -1,
		},
		{
			name:      "posttest-70.00-not-passed-R-POST-1",
			state:     func(t *testing.T) State { return attempt(t, withTotal(t, 28), 7000, 7000) },
			wantUnmet: []string{"R-POST-1"}, wantAttitude: 7001, wantResult: 7000,
		},
		{
			name:      "posttest-70.01-passed-R-POST-1-R-POST-4",
			state:     func(t *testing.T) State { return attempt(t, withTotal(t, 28), 7001, 7001) },
			wantUnmet: nil, wantAttitude: 7001, wantResult: 7001, wantPassed: true,
		},
		{
			name: "posttest-7th-attempt-capped-70.01-passes-R-POST-2-R-POST-4",
			state: func(t *testing.T) State {
				s := withTotal(t, 28)
				for range 6 {
					s = attempt(t, s, 5000, 5000)
				}
				return attempt(t, s, 10000, 10000)
			},
			wantUnmet: nil, wantAttitude: 7001, wantResult: 7001, wantPassed: true,
		},
		{
			name: "posttest-best-result-passes-after-failed-attempt-R-POST-2",
			state: func(t *testing.T) State {
				return attempt(t, attempt(t, withTotal(t, 35), 8000, 8000), 5000, 5000)
			},
			wantUnmet: nil, wantAttitude: 9222, wantResult: 8000, wantPassed: true,
		},
		{
			name: "posttest-100-trophies-unmet-not-passed-R-POST-4",
			state: func(t *testing.T) State {
				return attempt(t, earn(t, enrolled(t, catalogue50()), grant{domain.Kebijakan, 0, 3}), 10000, 10000)
			},
			wantUnmet: []string{"R-TRO-3", "R-TRO-4", "R-TRO-5"}, wantAttitude: -1, wantResult: 10000,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := EvaluateMOOC(tt.state(t))
			if got, want := m.Unmet, tt.wantUnmet; !slices.Equal(got, want) {
				t.Fatalf("unmet=%v, want %v", got, want)
			}
			if got, want := m.Passed, tt.wantPassed; got != want {
				t.Fatalf("passed=%v, want %v", got, want)
			}
			switch {
			case tt.wantAttitude < 0 && m.AttitudeScore != nil:
				t.Fatalf("attitude=%v, want none", *m.AttitudeScore)
			case tt.wantAttitude >= 0 && m.AttitudeScore == nil:
				t.Fatalf("attitude=nil, want %v", tt.wantAttitude)
			case tt.wantAttitude >= 0 && *m.AttitudeScore != tt.wantAttitude:
				t.Fatalf("attitude=%v, want %v", *m.AttitudeScore, tt.wantAttitude)
			}
			switch {
			case tt.wantResult < 0 && m.Result != nil:
				t.Fatalf("result=%v, want none", *m.Result)
			case tt.wantResult >= 0 && m.Result == nil:
				t.Fatalf("result=nil, want %v", tt.wantResult)
			case tt.wantResult >= 0 && *m.Result != tt.wantResult:
				t.Fatalf("result=%v, want %v", *m.Result, tt.wantResult)
			}
		})
	}
}
