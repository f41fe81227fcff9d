package ledger_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/domain/seminar"
	"github.com/latsar/ledger/domain/staff"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
)

// fileSum is the SHA-256 of a file's content, as an LMS would send it.
func fileSum(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}

func submission(id string, kind participant.ProductKind, content string, minute int) participant.Submit {
	return participant.Submit{ProductID: id, Kind: kind, Title: "Rancangan Aktualisasi " + id, SHA256: fileSum(content),
		Size: int64(len(content)), SubmittedAt: time.Date(2024, 7, 1, 8, minute, 0, 0, time.UTC)}
}

func review(coach, outcome, note string) participant.Review {
	return participant.Review{StaffID: coach, Outcome: outcome, Note: note}
}

// staffedCohort opens cohort A of inst-a with participants 1 and 2 in
// kelompok-1 and 3 outside it, coach-budi coaching kelompok-1 and three
// examiners assigned; cohort B of inst-b with participant 9.
func (w *world) staffedCohort() (n1, n2, n3, n9 string) {
	w.t.Helper()
	ctx := context.Background()
	w.open(admin, "A", "inst-a")
	w.open(admin, "B", "inst-b")
	n1, n2, n3, n9 = w.enrolledIn("A", 1), w.enrolledIn("A", 2), w.enrolledIn("A", 3), w.enrolledIn("B", 9)
	if _, err := w.ledger.FormGroup(ctx, lmsA, "A", group("kelompok-1", n1, n2)); err != nil {
		w.t.Fatal(err)
	}
	w.registered("coach-budi", "Budi Santoso", "inst-a")
	w.registered("penguji-rina", "Dr. Rina Kartika", "inst-a")
	w.registered("penguji-agus", "Agus Salim", "inst-a")
	w.registered("penguji-dewi", "Dewi Lestari", "inst-a")
	w.registered("pic-ani", "Ani Rahmawati", "inst-a")
	w.assigned("A", "coach-budi", staff.Coach, "kelompok-1")
	for _, id := range []string{"penguji-rina", "penguji-agus", "penguji-dewi"} {
		w.assigned("A", id, staff.Examiner, "")
	}
	w.assigned("A", "pic-ani", staff.PIC, "")
	return n1, n2, n3, n9
}

// TestProductRevisedTwice: a design revised twice after the coach asked for
// revisions keeps every revision with its SHA-256, and each review names
// the revision and hash it judged.
func TestProductRevisedTwice(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	n1, _, n3, n9 := w.staffedCohort()
	files := []string{"rancangan v1", "rancangan v2 (indikator diperjelas)", "rancangan v3 (jadwal kegiatan)"}

	steps := []struct {
		name    string
		do      func() (ledger.ProductWritten, error)
		status  string
		revs    int
		repeats bool
	}{
		{"revision 1", func() (ledger.ProductWritten, error) {
			return w.ledger.SubmitProduct(ctx, lmsA, n1, submission("ra-1", participant.ProductDesign, files[0], 0))
		}, "submitted", 1, false},
		{"the coach asks for a revision", func() (ledger.ProductWritten, error) {
			return w.ledger.ReviewProduct(ctx, lmsA, "ra-1", review("coach-budi", participant.Revise, "Perjelas indikator"))
		}, "revision_requested", 1, false},
		{"revision 2", func() (ledger.ProductWritten, error) {
			return w.ledger.SubmitProduct(ctx, lmsA, n1, submission("ra-1", participant.ProductDesign, files[1], 10))
		}, "submitted", 2, false},
		{"revision 1's file again answers revision 1", func() (ledger.ProductWritten, error) {
			return w.ledger.SubmitProduct(ctx, lmsA, n1, submission("ra-1", participant.ProductDesign, files[0], 0))
		}, "submitted", 2, true},
		{"the coach asks again", func() (ledger.ProductWritten, error) {
			return w.ledger.ReviewProduct(ctx, lmsA, "ra-1", review("coach-budi", participant.Revise, "Tambahkan jadwal"))
		}, "revision_requested", 2, false},
		{"revision 3", func() (ledger.ProductWritten, error) {
			return w.ledger.SubmitProduct(ctx, lmsA, n1, submission("ra-1", participant.ProductDesign, files[2], 20))
		}, "submitted", 3, false},
		{"approved", func() (ledger.ProductWritten, error) {
			return w.ledger.ReviewProduct(ctx, lmsA, "ra-1", review("coach-budi", participant.Approved, ""))
		}, "approved", 3, false},
		{"the same approval again", func() (ledger.ProductWritten, error) {
			return w.ledger.ReviewProduct(ctx, lmsA, "ra-1", review("coach-budi", participant.Approved, ""))
		}, "approved", 3, true},
	}
	for _, s := range steps {
		res, err := s.do()
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := res.Product; got.Status != s.status || len(got.Revisions) != s.revs {
			t.Fatalf("%s: product %s with %d revisions, want %s with %d", s.name, got.Status, len(got.Revisions), s.status, s.revs)
		}
		if res.Repeated() != s.repeats {
			t.Fatalf("%s: repeated=%v, want %v", s.name, res.Repeated(), s.repeats)
		}
	}

	p, err := w.ledger.Product(ctx, auditor, "ra-1")
	if err != nil {
		t.Fatal(err)
	}
	if p.NIP != domain.NIP(n1) || len(p.Product.Revisions) != 3 || len(p.Product.Reviews) != 3 {
		t.Fatalf("product %+v", p)
	}
	for i, r := range p.Product.Revisions {
		if r.Revision != i+1 || r.SHA256 != fileSum(files[i]) || r.Size != int64(len(files[i])) {
			t.Fatalf("revision %d is %+v, want the SHA-256 and size of %q", i+1, r, files[i])
		}
		if rv := p.Product.Reviews[i]; rv.Revision != i+1 || rv.SHA256 != r.SHA256 || rv.StaffID != "coach-budi" {
			t.Fatalf("review %d is %+v, want coach-budi's of revision %d", i+1, rv, i+1)
		}
	}
	// The participant's stream holds three submissions and three reviews,
	// the index one claim; the standing shows them.
	kinds := map[string]int{}
	for _, r := range w.stream(events.ParticipantPrefix + n1) {
		kinds[r.Type]++
	}
	if kinds["ProductSubmitted"] != 3 || kinds["ProductReviewed"] != 3 {
		t.Fatalf("the participant's stream holds %v", kinds)
	}
	if got := len(w.stream(events.ProductPrefix + "ra-1")); got != 1 {
		t.Fatalf("the product index holds %d events, want 1", got)
	}
	st := w.live(n1).(map[string]any)
	if ps := st["products"].([]any); len(ps) != 1 || len(ps[0].(map[string]any)["revisions"].([]any)) != 3 {
		t.Fatalf("standing products %v", st["products"])
	}

	for _, tc := range []struct {
		name  string
		do    func() error
		code  domain.Code
		field string
	}{
		{"a coach of another group may not review", func() error {
			w.assigned("A", "coach-budi", staff.Examiner, "")
			_, err := w.ledger.SubmitProduct(ctx, lmsA, n3, submission("ra-3", participant.ProductDesign, "n3 v1", 0))
			if err != nil {
				return err
			}
			_, err = w.ledger.ReviewProduct(ctx, lmsA, "ra-3", review("coach-budi", participant.Approved, ""))
			return err
		}, domain.CodeInvalid, "staff_id"},
		{"an examiner is no coach", func() error {
			_, err := w.ledger.ReviewProduct(ctx, lmsA, "ra-1", review("penguji-rina", participant.Approved, ""))
			return err
		}, domain.CodeInvalid, "staff_id"},
		{"a request to revise says what", func() error {
			if _, err := w.ledger.SubmitProduct(ctx, lmsA, n1, submission("notes-1", participant.ProductNotes, "catatan", 30)); err != nil {
				return err
			}
			_, err := w.ledger.ReviewProduct(ctx, lmsA, "notes-1", review("coach-budi", participant.Revise, ""))
			return err
		}, domain.CodeInvalid, "note"},
		{"a reviewed revision is not reviewed again otherwise", func() error {
			_, err := w.ledger.ReviewProduct(ctx, lmsA, "ra-1", review("coach-budi", participant.Revise, "lagi"))
			return err
		}, domain.CodeConflict, ""},
		{"a stale revision", func() error {
			r := review("coach-budi", participant.Approved, "")
			r.Revision = 2
			_, err := w.ledger.ReviewProduct(ctx, lmsA, "ra-1", r)
			return err
		}, domain.CodeConflict, ""},
		{"a product keeps its kind", func() error {
			_, err := w.ledger.SubmitProduct(ctx, lmsA, n1, submission("ra-1", participant.ProductReport, "laporan", 40))
			return err
		}, domain.CodeInvalid, "kind"},
		{"another participant's product id", func() error {
			_, err := w.ledger.SubmitProduct(ctx, admin, n9, submission("ra-1", participant.ProductDesign, "other", 0))
			return err
		}, domain.CodeConflict, ""},
		{"not a SHA-256", func() error {
			s := submission("ra-9", participant.ProductDesign, "x", 0)
			s.SHA256 = "abc"
			_, err := w.ledger.SubmitProduct(ctx, lmsA, n1, s)
			return err
		}, domain.CodeInvalid, "sha256"},
		{"another institution's participant", func() error {
			_, err := w.ledger.SubmitProduct(ctx, lmsB, n1, submission("ra-8", participant.ProductDesign, "x", 0))
			return err
		}, domain.CodeNotFound, ""},
		{"another institution's product", func() error {
			_, err := w.ledger.ReviewProduct(ctx, lmsB, "ra-1", review("coach-budi", participant.Approved, ""))
			return err
		}, domain.CodeNotFound, ""},
		{"an unknown product", func() error {
			_, err := w.ledger.ReviewProduct(ctx, lmsA, "nope", review("coach-budi", participant.Approved, ""))
			return err
		}, domain.CodeNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			wantCode(t, err, tc.code, "")
			wantField(t, err, tc.field)
		})
	}
}

func mustScore(t *testing.T, s string) domain.Score {
	t.Helper()
	v, err := domain.ParseScore(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSeminarWithThreeExaminers: the design is the mean of the three
// examiners' scores once all have scored (R-SEM-2), with the revision under
// review kept with each score (R-SEM-3).
func TestSeminarWithThreeExaminers(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	n1, n2, n3, _ := w.staffedCohort()
	if _, err := w.ledger.SubmitProduct(ctx, lmsA, n1, submission("ra-1", participant.ProductDesign, "rancangan", 0)); err != nil {
		t.Fatal(err)
	}
	panel := []string{"penguji-rina", "penguji-agus", "penguji-dewi"}
	sem := seminar.Schedule{SeminarID: "ra-A", Kind: seminar.Design, Date: "2024-07-05", Examiners: panel, NIPs: []string{n1, n2}}
	for _, tc := range []struct {
		name  string
		who   ledger.Principal
		cmd   seminar.Schedule
		code  domain.Code
		field string
	}{
		{"the seminar R.A", lmsA, sem, "", ""},
		{"the same again", lmsA, sem, "", ""},
		{"other details", lmsA, seminar.Schedule{SeminarID: "ra-A", Kind: seminar.Design, Date: "2024-07-06", Examiners: panel, NIPs: []string{n1, n2}}, domain.CodeConflict, ""},
		{"a coach is no examiner", lmsA, seminar.Schedule{SeminarID: "ra-X", Kind: seminar.Design, Date: "2024-07-05", Examiners: []string{"coach-budi"}, NIPs: []string{n1}}, domain.CodeInvalid, "examiners[0]"},
		{"an unknown kind", lmsA, seminar.Schedule{SeminarID: "ra-X", Kind: "thesis", Date: "2024-07-05", Examiners: panel, NIPs: []string{n1}}, domain.CodeInvalid, "kind"},
		{"a participant of another cohort", lmsA, seminar.Schedule{SeminarID: "ra-X", Kind: seminar.Design, Date: "2024-07-05", Examiners: panel, NIPs: []string{nipOf(9)}}, domain.CodeInvalid, "nips[0]"},
		{"another institution's cohort", lmsB, seminar.Schedule{SeminarID: "ra-Y", Kind: seminar.Design, Date: "2024-07-05", Examiners: panel, NIPs: []string{n1}}, domain.CodeNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.ledger.ScheduleSeminar(ctx, tc.who, "A", tc.cmd)
			wantCode(t, err, tc.code, "")
			wantField(t, err, tc.field)
		})
	}

	at := func(m int) time.Time { return time.Date(2024, 7, 5, 11, m, 0, 0, time.UTC) }
	scores := []string{"84.5", "85.25", "86.26"}
	for i, examiner := range panel {
		res, err := w.ledger.ScoreSeminar(ctx, lmsA, "ra-A", ledger.SeminarScore{NIP: n1, StaffID: examiner, Score: mustScore(t, scores[i]), ScoredAt: at(i)})
		if err != nil {
			t.Fatalf("%s scores: %v", examiner, err)
		}
		design := res.Evaluation.Components.ActualizationDesign
		if i < 2 {
			if design != nil || res.Seminar.Complete {
				t.Fatalf("after %d of 3 examiners the design is %v (complete %v), want none yet", i+1, design, res.Seminar.Complete)
			}
			continue
		}
		// (84.50 + 85.25 + 86.26) / 3 = 85.336… → 85.34, half-up (R-SEM-2).
		if design == nil || *design != 8534 || !res.Seminar.Complete || *res.Seminar.Combined != 8534 {
			t.Fatalf("after the panel the design is %v, want 85.34", design)
		}
		if p := res.Seminar.Product; p == nil || p.ProductID != "ra-1" || p.Revision != 1 || p.SHA256 != fileSum("rancangan") {
			t.Fatalf("product under review %+v, want ra-1 revision 1", p)
		}
		if len(res.Warnings) != 0 {
			t.Fatalf("warnings %v", res.Warnings)
		}
	}
	// A later score of one examiner replaces theirs: (84.50 + 90 + 86.26) / 3 = 86.92.
	res, err := w.ledger.ScoreSeminar(ctx, lmsA, "ra-A", ledger.SeminarScore{NIP: n1, StaffID: "penguji-agus", Score: mustScore(t, "90"), ScoredAt: at(30)})
	if err != nil {
		t.Fatal(err)
	}
	if d := res.Evaluation.Components.ActualizationDesign; d == nil || *d != 8692 {
		t.Fatalf("after a new score the design is %v, want 86.92", d)
	}
	// The same score again is a repeat; another at the same time a conflict.
	again, err := w.ledger.ScoreSeminar(ctx, lmsA, "ra-A", ledger.SeminarScore{NIP: n1, StaffID: "penguji-agus", Score: mustScore(t, "90"), ScoredAt: at(30)})
	if err != nil || !again.Repeated() {
		t.Fatalf("the same score again: repeated=%v err=%v", again.Repeated(), err)
	}
	_, err = w.ledger.ScoreSeminar(ctx, lmsA, "ra-A", ledger.SeminarScore{NIP: n1, StaffID: "penguji-agus", Score: mustScore(t, "91"), ScoredAt: at(30)})
	wantCode(t, err, domain.CodeConflict, "R-SEM-2")

	// n2 submitted no design: recorded with a warning (R-SEM-3).
	warned, err := w.ledger.ScoreSeminar(ctx, lmsA, "ra-A", ledger.SeminarScore{NIP: n2, StaffID: "penguji-rina", Score: mustScore(t, "80"), ScoredAt: at(40)})
	if err != nil || len(warned.Warnings) != 1 || warned.Warnings[0].Rule != "R-SEM-3" {
		t.Fatalf("a score without a product: %+v %v", warned.Warnings, err)
	}
	for _, tc := range []struct {
		name  string
		who   ledger.Principal
		cmd   ledger.SeminarScore
		code  domain.Code
		field string
	}{
		{"an examiner not on the panel", lmsA, ledger.SeminarScore{NIP: n1, StaffID: "coach-budi", Score: 8000, ScoredAt: at(50)}, domain.CodeInvalid, "staff_id"},
		{"a participant the seminar does not examine", lmsA, ledger.SeminarScore{NIP: n3, StaffID: "penguji-rina", Score: 8000, ScoredAt: at(50)}, domain.CodeInvalid, "nip"},
		{"another institution's seminar", lmsB, ledger.SeminarScore{NIP: n1, StaffID: "penguji-rina", Score: 8000, ScoredAt: at(50)}, domain.CodeNotFound, ""},
		{"an agency does not score seminars", agency, ledger.SeminarScore{NIP: n1, StaffID: "penguji-rina", Score: 8000, ScoredAt: at(50)}, domain.CodeForbidden, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.ledger.ScoreSeminar(ctx, tc.who, "ra-A", tc.cmd)
			wantCode(t, err, tc.code, "")
			wantField(t, err, tc.field)
		})
	}

	view, err := w.ledger.Seminar(ctx, auditor, "ra-A")
	if err != nil {
		t.Fatal(err)
	}
	if len(view.Participants) != 2 || !view.Participants[0].Seminar.Complete || view.Participants[1].Seminar.Complete {
		t.Fatalf("seminar view %+v", view.Participants)
	}
	if _, err := w.ledger.Seminar(ctx, lmsB, "ra-A"); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("another institution reads the seminar: %v", err)
	}
	// The standing and its replay agree on the seminar.
	live := w.live(n1).(map[string]any)
	if got := live["components"].(map[string]any)["actualization_design"]; got != 86.92 {
		t.Fatalf("standing's design %v, want 86.92", got)
	}
	replayed, err := w.ledger.Replay(ctx, auditor, n1, time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := asJSON(t, replayed.Seminars); !reflect.DeepEqual(got, live["seminars"]) {
		t.Fatalf("replayed seminars %v, live %v", got, live["seminars"])
	}
}

// TestScoreNamesItsExaminer: an actualisation score names an examiner
// assigned to the cohort (R-STAFF-3); naming anyone else is refused, naming
// no one is recorded with a warning.
func TestScoreNamesItsExaminer(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	n1, _, _, _ := w.staffedCohort()
	w.registered("penguji-lain", "Penguji of no cohort", "inst-a")
	as := func(p ledger.Principal, id string) ledger.Principal { p.RecordedFor = id; return p }
	withExaminer := func(c participant.Component, score, examiner string) participant.Score {
		s := scored(c, score)
		s.Examiner = examiner
		return participant.Score{ComponentScored: s}
	}
	for _, tc := range []struct {
		name     string
		who      ledger.Principal
		cmd      participant.Score
		code     domain.Code
		field    string
		examiner string
		warned   bool
	}{
		{"an assigned examiner", lmsA, withExaminer(participant.ActualizationDesign, "84", "penguji-rina"), "", "", "penguji-rina", false},
		{"an examiner assigned to no cohort", lmsA, withExaminer(participant.ActualizationDesign, "84", "penguji-lain"), domain.CodeInvalid, "examiner", "", false},
		{"a coach is no examiner", lmsA, withExaminer(participant.ActualizationImplementation, "84", "coach-budi"), domain.CodeInvalid, "examiner", "", false},
		{"an unknown examiner", lmsA, withExaminer(participant.ActualizationImplementation, "84", "nobody"), domain.CodeInvalid, "examiner", "", false},
		{"recorded for an assigned examiner", as(lmsA, "penguji-dewi"), withExaminer(participant.ActualizationImplementation, "86", ""), "", "", "penguji-dewi", false},
		{"recorded for the PIC, not an examiner", as(lmsA, "pic-ani"), withExaminer(participant.ActualizationImplementation, "86", ""), domain.CodeInvalid, "recorded_for", "", false},
		{"the PIC records the examiner's score", as(lmsA, "pic-ani"), withExaminer(participant.ActualizationImplementation, "86", "penguji-agus"), "", "", "penguji-agus", false},
		{"no examiner: recorded, with a warning", lmsA, withExaminer(participant.ActualizationDesign, "82", ""), "", "", "", true},
		{"only actualisation scores name an examiner", lmsA, withExaminer(participant.AttitudeInstitution, "82", "penguji-rina"), domain.CodeInvalid, "examiner", "", false},
		{"attitude without an examiner, no warning", lmsA, withExaminer(participant.AttitudeInstitution, "82", ""), "", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := w.ledger.RecordScore(ctx, tc.who, n1, tc.cmd)
			rule := ""
			if tc.code == domain.CodeInvalid {
				rule = "R-STAFF-3"
			}
			wantCode(t, err, tc.code, rule)
			wantField(t, err, tc.field)
			if err != nil {
				return
			}
			if got := len(res.Warnings) == 1 && res.Warnings[0].Rule == "R-STAFF-3"; got != tc.warned {
				t.Fatalf("warnings %v, want warned=%v", res.Warnings, tc.warned)
			}
			recs := w.stream(events.ParticipantPrefix + n1)
			last := recs[len(recs)-1]
			var e participant.ComponentScored
			if err := json.Unmarshal(last.Data, &e); err != nil || e.Examiner != tc.examiner {
				t.Fatalf("recorded %s (%v), want examiner %q", last.Data, err, tc.examiner)
			}
			if last.Metadata.RecordedFor != tc.who.RecordedFor {
				t.Fatalf("metadata recorded_for %q, want %q", last.Metadata.RecordedFor, tc.who.RecordedFor)
			}
		})
	}
}

// TestAuditNamesPersons: the trail shows the token and the person each
// write was recorded for, by name, and the people the events name.
func TestAuditNamesPersons(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	n1, _, _, _ := w.staffedCohort()
	// A real token, so the trail can name it.
	tok, err := w.ledger.IssueToken(ctx, admin, ledger.IssueToken{Name: "LMS BPSDM Jatim", Role: access.LMS, InstitutionID: "inst-a"})
	if err != nil {
		t.Fatal(err)
	}
	lms := ledger.Principal{TokenID: tok.Token.TokenID, Role: access.LMS, Institution: "inst-a", RecordedFor: "pic-ani"}
	if _, err := w.ledger.SubmitProduct(ctx, lms, n1, submission("ra-1", participant.ProductDesign, "rancangan", 0)); err != nil {
		t.Fatal(err)
	}
	coach := lms
	coach.RecordedFor = "coach-budi"
	if _, err := w.ledger.ReviewProduct(ctx, coach, "ra-1", review("coach-budi", participant.Approved, "")); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ledger.ScheduleSeminar(ctx, lms, "A", seminar.Schedule{SeminarID: "ra-A", Kind: seminar.Design, Date: "2024-07-05",
		Examiners: []string{"penguji-rina"}, NIPs: []string{n1}}); err != nil {
		t.Fatal(err)
	}
	examiner := lms
	examiner.RecordedFor = "penguji-rina"
	if _, err := w.ledger.ScoreSeminar(ctx, examiner, "ra-A", ledger.SeminarScore{NIP: n1, StaffID: "penguji-rina", Score: 8500,
		ScoredAt: time.Date(2024, 7, 5, 11, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ledger.RecordScore(ctx, lmsA, n1, participant.Score{ComponentScored: scored(participant.ActualizationImplementation, "80")}); err != nil {
		t.Fatal(err)
	}
	trail, err := w.ledger.Audit(ctx, auditor, n1)
	if err != nil {
		t.Fatal(err)
	}
	byType := map[string]int{}
	for i, e := range trail.Entries {
		byType[e.Type] = i
	}
	for _, want := range []struct {
		typ, recordedFor, person, named, as string
	}{
		{"ProductSubmitted", "pic-ani", "Ani Rahmawati", "", ""},
		{"ProductReviewed", "coach-budi", "Budi Santoso", "Budi Santoso", "coach"},
		{"SeminarScored", "penguji-rina", "Dr. Rina Kartika", "Dr. Rina Kartika", "examiner"},
	} {
		e := trail.Entries[byType[want.typ]]
		if e.RecordedFor != want.recordedFor || e.Person == nil || e.Person.Name != want.person {
			t.Fatalf("%s: recorded for %q %+v, want %s (%s)", want.typ, e.RecordedFor, e.Person, want.recordedFor, want.person)
		}
		if e.Actor != tok.Token.TokenID || e.ActorName != "LMS BPSDM Jatim" {
			t.Fatalf("%s: token %s %q, want %s named LMS BPSDM Jatim", want.typ, e.Actor, e.ActorName, tok.Token.TokenID)
		}
		if want.named != "" && (len(e.Staff) != 1 || e.Staff[0].Name != want.named || e.Staff[0].As != want.as) {
			t.Fatalf("%s: names %+v, want %s as %s", want.typ, e.Staff, want.named, want.as)
		}
	}
	last := trail.Entries[len(trail.Entries)-1]
	if last.Type != "ComponentScored" || last.Person != nil || len(last.Warnings) != 1 || last.Warnings[0].Rule != "R-STAFF-3" {
		t.Fatalf("the unattested score's entry %+v, want a warning R-STAFF-3 and no person", last)
	}
	if !slices.Contains(last.Rules, "R-STAFF-3") {
		t.Fatalf("the unattested score's rules %v, want R-STAFF-3 among them", last.Rules)
	}
}
