package participant

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
)

// componentScores are the component scores a test participant is given; a
// component left out is missing. academic_mooc is given as posttest attempt 1
// with both parts equal to it, so its weighted score (R-POST-3) equals it.
type componentScores map[Component]domain.Score

// uniformScores is every component at v: each aspect and the final are v.
func uniformScores(v domain.Score) componentScores {
	cs := componentScores{}
	for _, c := range AllComponents {
		cs[c] = v
	}
	return cs
}

// example6Scores are the components of rules.md §10 example 6.
func example6Scores() componentScores {
	return componentScores{
		AttitudeInstitution:         8500,
		AttitudeAgency:              8800,
		AcademicMOOC:                9001,
		AcademicElearning:           8250,
		ActualizationDesign:         8400,
		ActualizationImplementation: 8600,
		PKTBT:                       8000,
	}
}

// but is a copy of cs with c set to v.
func (cs componentScores) but(c Component, v domain.Score) componentScores {
	out := make(componentScores, len(cs))
	for k, x := range cs {
		out[k] = x
	}
	out[c] = v
	return out
}

// without is a copy of cs with c missing.
func (cs componentScores) without(c Component) componentScores {
	out := make(componentScores, len(cs))
	for k, x := range cs {
		if k != c {
			out[k] = x
		}
	}
	return out
}

// assessorFor names who scores c in the tests.
func assessorFor(c Component) string {
	if c.AssessedBy() == ByAgency {
		return "pemkab-probolinggo"
	}
	return "bpsdm-jatim"
}

// giveScores records cs on s: academic_mooc through DecidePosttest, the others
// through DecideScore, folding what they decide.
func giveScores(t *testing.T, s State, cs componentScores) State {
	t.Helper()
	for i, c := range AllComponents {
		v, ok := cs[c]
		if !ok {
			continue
		}
		if c == AcademicMOOC {
			s = attempt(t, s, v, v)
			continue
		}
		cmd := Score{ComponentScored{Component: c, Score: v, Assessor: assessorFor(c), AssessedAt: t0.Add(time.Duration(40+i) * 24 * time.Hour)}}
		events, err := DecideScore(s, cmd)
		if err != nil {
			t.Fatalf("DecideScore %s %v: %v", c, v, err)
		}
		s = apply(t, s, events)
	}
	return s
}

// withScores is a participant enrolled under catalogue50 holding cs.
func withScores(t *testing.T, cs componentScores) State {
	t.Helper()
	return giveScores(t, enrolled(t, catalogue50()), cs)
}

// gradedText shows a graded score as "84.75 memuaskan", "nil" when missing.
func gradedText(g Graded) string {
	if g.Score == nil {
		if g.Qualification != nil {
			return "nil " + string(*g.Qualification)
		}
		return "nil"
	}
	if g.Qualification == nil {
		return g.Score.String() + " nil"
	}
	return g.Score.String() + " " + string(*g.Qualification)
}

// scoreText shows a component score, "nil" when missing.
func scoreText(v *domain.Score) string {
	if v == nil {
		return "nil"
	}
	return v.String()
}

func TestQualify(t *testing.T) {
	tests := []struct {
		name  string
		score domain.Score
		want  Qualification
	}{
		{"0.00-tidak-memuaskan-R-QUAL-1", 0, TidakMemuaskan},
		{"59.99-tidak-memuaskan-R-QUAL-1", 5999, TidakMemuaskan},
		{"60.00-tidak-memuaskan-interpretation-R-QUAL-1", 6000, TidakMemuaskan},
		{"60.01-kurang-memuaskan-R-QUAL-1", 6001, KurangMemuaskan},
		{"70.00-kurang-memuaskan-R-QUAL-1", 7000, KurangMemuaskan},
		{"70.01-cukup-memuaskan-passing-grade-R-QUAL-1", 7001, CukupMemuaskan},
		{"80.00-cukup-memuaskan-R-QUAL-1", 8000, CukupMemuaskan},
		{"80.01-memuaskan-R-QUAL-1", 8001, Memuaskan},
		{"90.00-memuaskan-R-QUAL-1", 9000, Memuaskan},
		{"90.01-sangat-memuaskan-R-QUAL-1", 9001, SangatMemuaskan},
		{"100.00-sangat-memuaskan-R-QUAL-1", 10000, SangatMemuaskan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := Qualify(tt.score), tt.want; got != want {
				t.Errorf("Qualify(%v): got %q, want %q", tt.score, got, want)
			}
		})
	}
}

// TestEvaluateAspectsAndFinal checks R-EVAL-1 (weighted, exact in hundredths,
// half-up) and R-QUAL-1 on the aspects and the final score. A want of ""
// is not checked.
func TestEvaluateAspectsAndFinal(t *testing.T) {
	tests := []struct {
		name                                            string
		scores                                          componentScores
		attitude, academic, actualization, pktbt, final string
	}{
		{
			name:     "example-6-final-84.751-rounds-down-to-84.75-R-EVAL-1",
			scores:   example6Scores(),
			attitude: "86.00 memuaskan", academic: "86.26 memuaskan", actualization: "85.20 memuaskan",
			pktbt: "80.00 cukup_memuaskan", final: "84.75 memuaskan",
		},
		{
			name: "uniform-0.00-tidak-memuaskan-R-QUAL-1", scores: uniformScores(0),
			attitude: "0.00 tidak_memuaskan", academic: "0.00 tidak_memuaskan", actualization: "0.00 tidak_memuaskan",
			pktbt: "0.00 tidak_memuaskan", final: "0.00 tidak_memuaskan",
		},
		{
			name: "uniform-60.00-tidak-memuaskan-R-QUAL-1", scores: uniformScores(6000),
			attitude: "60.00 tidak_memuaskan", academic: "60.00 tidak_memuaskan", actualization: "60.00 tidak_memuaskan",
			pktbt: "60.00 tidak_memuaskan", final: "60.00 tidak_memuaskan",
		},
		{
			name: "uniform-60.01-kurang-memuaskan-R-QUAL-1", scores: uniformScores(6001),
			attitude: "60.01 kurang_memuaskan", academic: "60.01 kurang_memuaskan", actualization: "60.01 kurang_memuaskan",
			pktbt: "60.01 kurang_memuaskan", final: "60.01 kurang_memuaskan",
		},
		{
			name: "uniform-70.00-kurang-memuaskan-R-QUAL-1", scores: uniformScores(7000),
			attitude: "70.00 kurang_memuaskan", academic: "70.00 kurang_memuaskan", actualization: "70.00 kurang_memuaskan",
			pktbt: "70.00 kurang_memuaskan", final: "70.00 kurang_memuaskan",
		},
		{
			name: "uniform-70.01-cukup-memuaskan-R-QUAL-1", scores: uniformScores(7001),
			attitude: "70.01 cukup_memuaskan", academic: "70.01 cukup_memuaskan", actualization: "70.01 cukup_memuaskan",
			pktbt: "70.01 cukup_memuaskan", final: "70.01 cukup_memuaskan",
		},
		{
			name: "uniform-80.00-cukup-memuaskan-R-QUAL-1", scores: uniformScores(8000),
			attitude: "80.00 cukup_memuaskan", academic: "80.00 cukup_memuaskan", actualization: "80.00 cukup_memuaskan",
			pktbt: "80.00 cukup_memuaskan", final: "80.00 cukup_memuaskan",
		},
		{
			name: "uniform-80.01-memuaskan-R-QUAL-1", scores: uniformScores(8001),
			attitude: "80.01 memuaskan", academic: "80.01 memuaskan", actualization: "80.01 memuaskan",
			pktbt: "80.01 memuaskan", final: "80.01 memuaskan",
		},
		{
			name: "uniform-90.00-memuaskan-R-QUAL-1", scores: uniformScores(9000),
			attitude: "90.00 memuaskan", academic: "90.00 memuaskan", actualization: "90.00 memuaskan",
			pktbt: "90.00 memuaskan", final: "90.00 memuaskan",
		},
		{
			name: "uniform-90.01-sangat-memuaskan-R-QUAL-1", scores: uniformScores(9001),
			attitude: "90.01 sangat_memuaskan", academic: "90.01 sangat_memuaskan", actualization: "90.01 sangat_memuaskan",
			pktbt: "90.01 sangat_memuaskan", final: "90.01 sangat_memuaskan",
		},
		{
			name: "uniform-100.00-sangat-memuaskan-R-QUAL-1", scores: uniformScores(10000),
			attitude: "100.00 sangat_memuaskan", academic: "100.00 sangat_memuaskan", actualization: "100.00 sangat_memuaskan",
			pktbt: "100.00 sangat_memuaskan", final: "100.00 sangat_memuaskan",
		},
		{
			// (10·70.00 + 5·70.02)/15 = 70.0066… → 70.01
			name:     "attitude-70.0067-rounds-up-to-70.01-cukup-R-EVAL-1",
			scores:   uniformScores(8000).but(AttitudeInstitution, 7000).but(AttitudeAgency, 7002),
			attitude: "70.01 cukup_memuaskan",
		},
		{
			// (10·70.01 + 5·69.99)/15 = 70.0033… → 70.00
			name:     "attitude-70.0033-rounds-down-to-70.00-kurang-R-EVAL-1",
			scores:   uniformScores(8000).but(AttitudeInstitution, 7001).but(AttitudeAgency, 6999),
			attitude: "70.00 kurang_memuaskan",
		},
		{
			// (10·72 + 5·60)/15 = 68.00 (example 8)
			name:     "attitude-72-and-60-is-68.00-kurang-R-EVAL-1",
			scores:   uniformScores(8000).but(AttitudeInstitution, 7200).but(AttitudeAgency, 6000),
			attitude: "68.00 kurang_memuaskan",
		},
		{
			name:     "academic-70.005-half-up-70.01-cukup-R-EVAL-1",
			scores:   uniformScores(8000).but(AcademicMOOC, 7000).but(AcademicElearning, 7001),
			academic: "70.01 cukup_memuaskan",
		},
		{
			name:     "academic-60.005-half-up-60.01-kurang-R-EVAL-1",
			scores:   uniformScores(8000).but(AcademicMOOC, 6000).but(AcademicElearning, 6001),
			academic: "60.01 kurang_memuaskan",
		},
		{
			name:     "academic-59.995-half-up-60.00-tidak-R-EVAL-1",
			scores:   uniformScores(8000).but(AcademicMOOC, 5999).but(AcademicElearning, 6000),
			academic: "60.00 tidak_memuaskan",
		},
		{
			name:     "academic-80.005-half-up-80.01-memuaskan-R-EVAL-1",
			scores:   uniformScores(8000).but(AcademicMOOC, 8000).but(AcademicElearning, 8001),
			academic: "80.01 memuaskan",
		},
		{
			name:     "academic-90.005-half-up-90.01-sangat-R-EVAL-1",
			scores:   uniformScores(8000).but(AcademicMOOC, 9000).but(AcademicElearning, 9001),
			academic: "90.01 sangat_memuaskan",
		},
		{
			// (20·70.00 + 30·70.01)/50 = 70.006 → 70.01
			name:          "actualisation-70.006-rounds-up-to-70.01-cukup-R-EVAL-1",
			scores:        uniformScores(8000).but(ActualizationDesign, 7000).but(ActualizationImplementation, 7001),
			actualization: "70.01 cukup_memuaskan",
		},
		{
			// (20·70.01 + 30·70.00)/50 = 70.004 → 70.00
			name:          "actualisation-70.004-rounds-down-to-70.00-kurang-R-EVAL-1",
			scores:        uniformScores(8000).but(ActualizationDesign, 7001).but(ActualizationImplementation, 7000),
			actualization: "70.00 kurang_memuaskan",
		},
		{
			name:   "pktbt-aspect-is-the-pktbt-component-R-EVAL-1",
			scores: uniformScores(8000).but(PKTBT, 6001),
			pktbt:  "60.01 kurang_memuaskan",
		},
		{
			// 90·80.00 + 10·80.05 = 8000.50 → 80.01
			name:     "final-80.005-half-up-80.01-memuaskan-R-EVAL-1",
			scores:   uniformScores(8000).but(AcademicElearning, 8005),
			academic: "80.03 memuaskan", final: "80.01 memuaskan",
		},
		{
			// 90·80.00 + 10·80.04 = 8000.40 → 80.00
			name:     "final-80.004-rounds-down-80.00-cukup-R-EVAL-1",
			scores:   uniformScores(8000).but(AcademicElearning, 8004),
			academic: "80.02 memuaskan", final: "80.00 cukup_memuaskan",
		},
		{
			// 95·90.00 + 5·90.10 = 9000.50 → 90.01
			name:     "final-90.005-half-up-90.01-sangat-R-EVAL-1",
			scores:   uniformScores(9000).but(AttitudeAgency, 9010),
			attitude: "90.03 sangat_memuaskan", final: "90.01 sangat_memuaskan",
		},
		{
			// 85·70.00 + 15·70.03 = 7000.45 → 70.00
			name:   "final-70.0045-rounds-down-70.00-kurang-R-EVAL-1",
			scores: uniformScores(7000).but(PKTBT, 7003),
			pktbt:  "70.03 cukup_memuaskan", final: "70.00 kurang_memuaskan",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Evaluate(withScores(t, tt.scores))
			checks := []struct {
				what string
				g    Graded
				want string
			}{
				{"attitude", e.Aspects.Attitude, tt.attitude},
				{"academic", e.Aspects.Academic, tt.academic},
				{"actualization", e.Aspects.Actualization, tt.actualization},
				{"pktbt", e.Aspects.PKTBT, tt.pktbt},
				{"final", e.Final, tt.final},
			}
			for _, c := range checks {
				if c.want == "" {
					continue
				}
				if got, want := gradedText(c.g), c.want; got != want {
					t.Errorf("%s: got %s, want %s", c.what, got, want)
				}
			}
		})
	}
}

func TestEvaluateMissingComponent(t *testing.T) {
	tests := []struct {
		name         string
		scores       componentScores
		nilAspects   []Aspect
		wantNilFinal bool
	}{
		{name: "all-seven-scored-no-gap-R-EVAL-1", scores: uniformScores(8000)},
		{name: "no-posttest-no-academic-no-final-R-POST-2", scores: uniformScores(8000).without(AcademicMOOC), nilAspects: []Aspect{AspectAcademic}, wantNilFinal: true},
		{name: "no-pktbt-no-pktbt-aspect-no-final-R-EVAL-1", scores: uniformScores(8000).without(PKTBT), nilAspects: []Aspect{AspectPKTBT}, wantNilFinal: true},
		{name: "no-agency-attitude-no-attitude-no-final-R-EVAL-1", scores: uniformScores(8000).without(AttitudeAgency), nilAspects: []Aspect{AspectAttitude}, wantNilFinal: true},
		{name: "nothing-scored-nothing-computed-R-EVAL-1", scores: componentScores{}, nilAspects: AllAspects[:], wantNilFinal: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Evaluate(withScores(t, tt.scores))
			for _, c := range AllComponents {
				_, given := tt.scores[c]
				if got, want := e.Components.Get(c) != nil, given; got != want {
					t.Errorf("component %s known: got %v, want %v", c, got, want)
				}
			}
			for _, a := range AllAspects {
				if got, want := e.Aspects.Get(a).Score == nil, slices.Contains(tt.nilAspects, a); got != want {
					t.Errorf("aspect %s missing: got %v, want %v", a, got, want)
				}
			}
			if got, want := e.Final.Score == nil, tt.wantNilFinal; got != want {
				t.Errorf("final missing: got %v (%s), want %v", got, gradedText(e.Final), want)
			}
		})
	}
}

// TestAcademicMOOCFromPosttest checks that academic_mooc is the R-POST-2
// result, never a hand score.
func TestAcademicMOOCFromPosttest(t *testing.T) {
	handScore := func(s State, v domain.Score) State {
		return Evolve(s, ComponentScored{Component: AcademicMOOC, Score: v, Assessor: "bpsdm-jatim", AssessedAt: t0})
	}
	tests := []struct {
		name  string
		state func(t *testing.T) State
		want  string
	}{
		{
			name:  "no-attempt-academic-mooc-missing-R-POST-2",
			state: func(t *testing.T) State { return enrolled(t, catalogue50()) },
			want:  "nil",
		},
		{
			name:  "one-attempt-90.01-R-POST-3",
			state: func(t *testing.T) State { return attempt(t, enrolled(t, catalogue50()), 9001, 9001) },
			want:  "90.01",
		},
		{
			name: "best-capped-attempt-is-the-result-R-POST-2",
			state: func(t *testing.T) State {
				s := enrolled(t, catalogue50())
				s = attempt(t, s, 6000, 8000)     // 66.00
				s = attempt(t, s, 6500, 7000)     // 66.50
				s = attempt(t, s, 6800, 6000)     // 65.60
				return attempt(t, s, 10000, 9000) // 97.00 capped 90.01
			},
			want: "90.01",
		},
		{
			name: "a-later-lower-attempt-does-not-lower-R-POST-2",
			state: func(t *testing.T) State {
				s := attempt(t, enrolled(t, catalogue50()), 8000, 8000)
				return attempt(t, s, 5000, 5000)
			},
			want: "80.00",
		},
		{
			name: "hand-score-in-the-log-is-ignored-R-POST-2",
			state: func(t *testing.T) State {
				return handScore(attempt(t, enrolled(t, catalogue50()), 8000, 8000), 9900)
			},
			want: "80.00",
		},
		{
			name:  "hand-score-without-posttest-is-no-score-R-POST-2",
			state: func(t *testing.T) State { return handScore(enrolled(t, catalogue50()), 9900) },
			want:  "nil",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Evaluate(tt.state(t))
			if got, want := scoreText(e.Components.AcademicMOOC), tt.want; got != want {
				t.Errorf("academic_mooc: got %s, want %s", got, want)
			}
		})
	}
}

func TestDecideScore(t *testing.T) {
	at := t0.Add(50 * 24 * time.Hour)
	tests := []struct {
		name      string
		state     func(t *testing.T) State
		cmd       ComponentScored
		wantCode  domain.Code
		wantRule  string
		wantField string
	}{
		{
			name:  "attitude-institution-recorded",
			state: func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:   ComponentScored{Component: AttitudeInstitution, Score: 8500, Assessor: "bpsdm-jatim", AssessedAt: at},
		},
		{
			name:  "pktbt-recorded",
			state: func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:   ComponentScored{Component: PKTBT, Score: 8000, Assessor: "pemkab-probolinggo", AssessedAt: at},
		},
		{
			name:     "academic-mooc-by-hand-refused-R-POST-2",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:      ComponentScored{Component: AcademicMOOC, Score: 9500, Assessor: "bpsdm-jatim", AssessedAt: at},
			wantCode: domain.CodeInvalid, wantRule: "R-POST-2", wantField: "component",
		},
		{
			name:     "academic-mooc-by-hand-refused-after-posttest-R-POST-2",
			state:    func(t *testing.T) State { return attempt(t, enrolled(t, catalogue50()), 8000, 8000) },
			cmd:      ComponentScored{Component: AcademicMOOC, Score: 9500, Assessor: "bpsdm-jatim", AssessedAt: at},
			wantCode: domain.CodeInvalid, wantRule: "R-POST-2", wantField: "component",
		},
		{
			name:     "unknown-component-refused-R-EVAL-1",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:      ComponentScored{Component: "seminar", Score: 9500, Assessor: "bpsdm-jatim", AssessedAt: at},
			wantCode: domain.CodeInvalid, wantRule: "R-EVAL-1", wantField: "component",
		},
		{
			name:     "not-enrolled-not-found",
			state:    func(t *testing.T) State { return Initial() },
			cmd:      ComponentScored{Component: PKTBT, Score: 8000, Assessor: "pemkab-probolinggo", AssessedAt: at},
			wantCode: domain.CodeNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := DecideScore(tt.state(t), Score{tt.cmd})
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, tt.wantField)
				return
			}
			if err != nil {
				t.Fatalf("DecideScore: %v", err)
			}
			if got, want := fmt.Sprint(events), fmt.Sprint([]domain.Event{tt.cmd}); got != want {
				t.Errorf("events: got %s, want %s", got, want)
			}
		})
	}
}

// TestEvaluateLaterScoreReplaces: a later ComponentScored replaces the earlier.
func TestEvaluateLaterScoreReplaces(t *testing.T) {
	s := withScores(t, uniformScores(8000))
	s = giveScores(t, s, componentScores{PKTBT: 6500})
	if got, want := scoreText(Evaluate(s).Components.PKTBT), "65.00"; got != want {
		t.Errorf("pktbt: got %s, want %s", got, want)
	}
}
