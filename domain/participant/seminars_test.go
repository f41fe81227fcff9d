package participant

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/seminar"
)

// TestCombinedExaminers is R-SEM-2: the mean of every examiner's score in
// force, half-up to 0.01, once the whole panel has scored.
func TestCombinedExaminers(t *testing.T) {
	panel := []string{"a", "b", "c"}
	for _, tc := range []struct {
		name   string
		marks  map[string]domain.Score
		want   domain.Score
		wantOK bool
	}{
		{"two of three have scored", map[string]domain.Score{"a": 8000, "b": 9000}, 0, false},
		{"exact", map[string]domain.Score{"a": 8000, "b": 9000, "c": 8500}, 8500, true},
		{"a third below half rounds down", map[string]domain.Score{"a": 8000, "b": 8000, "c": 8001}, 8000, true},
		{"two thirds round up", map[string]domain.Score{"a": 8000, "b": 8001, "c": 8001}, 8001, true},
		{"85.336… is 85.34", map[string]domain.Score{"a": 8450, "b": 8525, "c": 8626}, 8534, true},
		{"a score of no examiner is not counted", map[string]domain.Score{"a": 8000, "b": 8000, "c": 8000, "x": 0}, 8000, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := SeminarRecord{Examiners: panel, Marks: map[string]Mark{}}
			for id, s := range tc.marks {
				r.Marks[id] = Mark{Score: s}
			}
			got, ok := r.Combined()
			if ok != tc.wantOK || got != tc.want {
				t.Fatalf("Combined()=%s, %v; want %s, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
	// Half-up at exactly half: two examiners, 80.00 and 80.01 → 80.005 → 80.01.
	r := SeminarRecord{Examiners: []string{"a", "b"}, Marks: map[string]Mark{"a": {Score: 8000}, "b": {Score: 8001}}}
	if got, _ := r.Combined(); got != 8001 {
		t.Fatalf("80.00 and 80.01 combine to %s, want 80.01 (half-up)", got)
	}
}

// TestSeminarFeedsTheComponent: the component follows the seminar once
// complete, and the latest fact about a component is in force.
func TestSeminarFeedsTheComponent(t *testing.T) {
	s := enrolled(t, catalogue50())
	sem := seminar.Scheduled{SeminarID: "aktual-1", CohortID: "latsar-2024-01", Kind: seminar.Actualization, Date: "2024-08-01",
		Examiners: []seminar.Examiner{{StaffID: "a"}, {StaffID: "b"}}, NIPs: []domain.NIP{"199901012024011001"}}
	score := func(s State, staff string, v domain.Score, minute int) State {
		t.Helper()
		evs, err := DecideSeminarScore(s, ScoreSeminar{Seminar: sem, StaffID: staff, Score: v, ScoredAt: t0.Add(time.Duration(minute) * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		return apply(t, s, evs)
	}
	s = score(s, "a", 7000, 1)
	if _, ok := s.Scores[ActualizationImplementation]; ok {
		t.Fatal("one examiner of two set the component")
	}
	s = score(s, "b", 8001, 2)
	if got := s.Scores[ActualizationImplementation]; got != 7501 {
		t.Fatalf("implementation %s, want 75.01 ((70 + 80.01) / 2 = 75.005, half-up)", got)
	}
	s = apply(t, s, []domain.Event{ComponentScored{Component: ActualizationImplementation, Score: 9000, Assessor: "x", AssessedAt: t0}})
	if got := s.Scores[ActualizationImplementation]; got != 9000 {
		t.Fatalf("a later ComponentScored left %s, want 90", got)
	}
	s = score(s, "a", 7200, 3)
	if got := s.Scores[ActualizationImplementation]; got != 7601 {
		t.Fatalf("a later seminar score left %s, want 76.01 ((72 + 80.01) / 2 = 76.005)", got)
	}
	if _, err := DecideSeminarScore(s, ScoreSeminar{Seminar: sem, StaffID: "c", Score: 1, ScoredAt: t0}); domain.ErrorCode(err) != domain.CodeInvalid {
		t.Fatalf("an examiner not on the panel: %v", err)
	}
	other := sem
	other.NIPs = []domain.NIP{"199901012024011002"}
	if _, err := DecideSeminarScore(s, ScoreSeminar{Seminar: other, StaffID: "a", Score: 1, ScoredAt: t0}); domain.ErrorCode(err) != domain.CodeInvalid {
		t.Fatalf("a seminar that does not examine the participant: %v", err)
	}
}

// TestProductRevisions is R-PROD-1: a new SHA-256 is the next revision, a
// known one that revision again; the kind stays.
func TestProductRevisions(t *testing.T) {
	s := enrolled(t, catalogue50())
	sub := func(sum string, minute int) Submit {
		return Submit{ProductID: "p", Kind: ProductReport, Title: "Laporan", SHA256: sum, Size: 10, SubmittedAt: t0.Add(time.Duration(minute) * time.Minute)}
	}
	const a, b = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
	for i, step := range []struct {
		c    Submit
		rev  int
		code domain.Code
	}{
		{sub(a, 0), 1, ""},
		{sub(b, 5), 2, ""}, // upper-case hex is the same hash
		{sub(a, 9), 1, ""}, // revision 1's file: revision 1 again
		{sub(b, 9), 2, ""},
		{sub("cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", 1), 0, domain.CodeInvalid}, // before revision 2
		{Submit{ProductID: "p", Kind: ProductDesign, Title: "x", SHA256: a, Size: 10, SubmittedAt: t0}, 0, domain.CodeInvalid},
	} {
		evs, err := DecideSubmission(s, step.c)
		if domain.ErrorCode(err) != step.code && !(step.code == "" && err == nil) {
			t.Fatalf("step %d: %v, want %q", i, err, step.code)
		}
		if err != nil {
			continue
		}
		if got := evs[0].(ProductSubmitted).Revision; got != step.rev {
			t.Fatalf("step %d: revision %d, want %d", i, got, step.rev)
		}
		s = apply(t, s, evs)
	}
	p := s.Products["p"]
	if len(p.Revisions) != 2 || p.Revisions[1].SHA256 != "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" {
		t.Fatalf("revisions %+v", p.Revisions)
	}
}

// TestProductsAndSeminarsSurviveASnapshot: a read model that keeps the
// state as JSON (Redis) restores products and seminars as they were.
func TestProductsAndSeminarsSurviveASnapshot(t *testing.T) {
	s := enrolled(t, catalogue50())
	evs, err := DecideSubmission(s, Submit{ProductID: "p", Kind: ProductDesign, Title: "R", SHA256: strings.Repeat("a", 64), Size: 3, SubmittedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	s = apply(t, s, evs)
	evs, err = DecideReview(s, Review{ProductID: "p", StaffID: "coach", Outcome: Revise, Note: "lagi", ReviewedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	s = apply(t, s, evs)
	sem := seminar.Scheduled{SeminarID: "ra", CohortID: "latsar-2024-01", Kind: seminar.Design, Date: "2024-07-05",
		Examiners: []seminar.Examiner{{StaffID: "a"}}, NIPs: []domain.NIP{"199901012024011001"}}
	evs, err = DecideSeminarScore(s, ScoreSeminar{Seminar: sem, StaffID: "a", Score: 8000, ScoredAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	s = apply(t, s, evs)
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back State
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(StandingOf(s))
	got, _ := json.Marshal(StandingOf(back))
	if string(got) != string(want) {
		t.Fatalf("restored standing\n%s\nwant\n%s", got, want)
	}
}
