package development

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/latsar/ledger/domain"
)

// TestDecideRefusals: each broken field is named, with R-JP-3 where the
// table refuses it.
func TestDecideRefusals(t *testing.T) {
	ok := func() RecordActivity { return act(Seminar, National, Units(1), "2024-03-04", "2024-03-04") }
	tests := []struct {
		name  string
		edit  func(c *RecordActivity)
		rule  string
		field string
	}{
		{"unknown-form", func(c *RecordActivity) { c.Form = "webinar" }, "R-JP-3", "form"},
		{"unknown-scope", func(c *RecordActivity) { c.Scope = "regional" }, "R-JP-3", "scope"},
		{"zero-quantity", func(c *RecordActivity) { c.Quantity = 0 }, "R-JP-3", "quantity"},
		{"half-a-day", func(c *RecordActivity) { c.Quantity = 150; c.EndedOn = "2024-03-05" }, "R-JP-3", "quantity"},
		{"more-days-than-dates", func(c *RecordActivity) { c.Quantity = Units(2) }, "R-JP-3", "quantity"},
		{"half-a-session", func(c *RecordActivity) { *c = act(Coaching, National, 150, "2024-03-04", "2024-03-05") }, "R-JP-3", "quantity"},
		{"half-an-activity", func(c *RecordActivity) { *c = act(Internship, National, 50, "2024-03-04", "2024-03-05") }, "R-JP-3", "quantity"},
		{"half-a-semester", func(c *RecordActivity) { *c = act(Degree, National, 50, "2024-03-04", "2024-03-05") }, "R-JP-3", "quantity"},
		{"ended-before-started", func(c *RecordActivity) { c.EndedOn = "2024-03-03" }, "", "ended_on"},
		{"no-started-on", func(c *RecordActivity) { c.StartedOn = "" }, "", "started_on"},
		{"no-activity-id", func(c *RecordActivity) { c.ActivityID = "" }, "", "activity_id"},
		{"bad-activity-id", func(c *RecordActivity) { c.ActivityID = "a b" }, "", "activity_id"},
		{"no-agency-first-activity", func(c *RecordActivity) { c.Agency = "" }, "", "agency"},
		{"bad-agency", func(c *RecordActivity) { c.Agency = "pemkot blitar" }, "", "agency"},
		{"unknown-evidence-kind", func(c *RecordActivity) { c.Evidence.Kind = "photo" }, "R-JP-3", "evidence.kind"},
		{"seminar-by-letter", func(c *RecordActivity) { c.Evidence.Kind = Letter }, "R-JP-3", "evidence.kind"},
		{"self-study-by-certificate", func(c *RecordActivity) {
			*c = act(SelfStudy, National, Units(1), "2024-03-04", "2024-03-04")
			c.Evidence.Kind = Certificate
		}, "R-JP-3", "evidence.kind"},
		{"degree-by-certificate", func(c *RecordActivity) {
			*c = act(Degree, National, Units(1), "2024-02-01", "2024-07-31")
			c.Evidence.Kind = Certificate
		}, "R-JP-3", "evidence.kind"},
		{"no-evidence-number", func(c *RecordActivity) { c.Evidence.Number = " " }, "", "evidence.number"},
		{"no-evidence-issuer", func(c *RecordActivity) { c.Evidence.Issuer = "" }, "", "evidence.issuer"},
		{"leadership-international", func(c *RecordActivity) {
			*c = act(LeadershipTraining, International, Units(30), "2024-03-04", "2024-03-08")
		}, "R-JP-3", "scope"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := ok()
			tc.edit(&c)
			e := refused(t, Initial(), c)
			if e.Code != domain.CodeInvalid {
				t.Fatalf("code=%s, want invalid", e.Code)
			}
			if len(e.Fields) != 1 || e.Fields[0].Field != tc.field || e.Rule != tc.rule {
				t.Fatalf("refusal %v (fields %+v), want %s alone under %q", e, e.Fields, tc.field, tc.rule)
			}
		})
	}
}

// TestDecideEveryBrokenFieldAtOnce: a caller sees all its mistakes in one answer.
func TestDecideEveryBrokenFieldAtOnce(t *testing.T) {
	c := act(Seminar, National, Units(1), "2024-03-04", "2024-03-04")
	c.Form, c.Scope, c.Evidence = "webinar", "regional", Evidence{}
	e := refused(t, Initial(), c)
	for _, f := range []string{"form", "scope", "evidence.kind", "evidence.number", "evidence.issuer"} {
		if !names(e, "", f) {
			t.Errorf("refusal does not name %s: %+v", f, e.Fields)
		}
	}
}

// TestActivityIDIsANaturalID: the same activity again answers the first
// record; other details under the same id are a conflict.
func TestActivityIDIsANaturalID(t *testing.T) {
	c := act(ELearning, National, Units(5), "2024-03-04", "2024-03-04")
	s, first := record(t, Initial(), c)
	evs, err := DecideActivity(s, c)
	if err != nil || len(evs) != 1 {
		t.Fatalf("repeat: %v %v", evs, err)
	}
	if got := evs[0].(ActivityRecorded); got.JPCredited != first.JPCredited || got.ActivityID != first.ActivityID || len(got.Caps) != 1 {
		t.Fatalf("repeat answered %+v, want the first record %+v", got, first)
	}
	// An admin repeating without naming the agency asks the same.
	again := c
	again.Agency = ""
	if evs, err := DecideActivity(s, again); err != nil || evs[0].(ActivityRecorded).ActivityID != c.ActivityID {
		t.Fatalf("repeat without agency: %v %v", evs, err)
	}
	if s2 := Evolve(s, first); len(s2.Activities) != 1 {
		t.Fatalf("the same event folded twice counts %d activities", len(s2.Activities))
	}
	other := c
	other.Quantity = Units(2)
	if e := refused(t, s, other); e.Code != domain.CodeConflict {
		t.Fatalf("other details: %v, want a conflict", e)
	}
}

// TestAgencyFixedByFirstActivity: the first activity names the ASN's agency;
// later ones may omit it, and may not name another.
func TestAgencyFixedByFirstActivity(t *testing.T) {
	s, _ := record(t, Initial(), act(Seminar, National, Units(1), "2024-03-04", "2024-03-04"))
	if got, want := s.Agency, "pemkot-blitar"; got != want {
		t.Fatalf("agency=%s, want %s", got, want)
	}
	later := act(Workshop, National, Units(1), "2024-03-05", "2024-03-05")
	later.Agency = ""
	s, e := record(t, s, later)
	if got, want := e.Agency, "pemkot-blitar"; got != want {
		t.Fatalf("later activity's agency=%s, want %s", got, want)
	}
	other := act(Workshop, National, Units(1), "2024-03-06", "2024-03-06")
	other.Agency = "pemkab-blitar"
	if err := refused(t, s, other); err.Code != domain.CodeConflict {
		t.Fatalf("another agency: %v, want a conflict", err)
	}
}

// TestYearOfEndedOn: an activity counts in the year its ended_on falls in.
func TestYearOfEndedOn(t *testing.T) {
	s, e := record(t, Initial(), act(Seminar, National, Units(3), "2024-12-30", "2025-01-01"))
	if got, want := e.Year, 2025; got != want {
		t.Fatalf("year=%d, want %d", got, want)
	}
	if got := Summarize(s, 2024).JPTotal; got != 0 {
		t.Fatalf("2024 total=%s, want 0", got)
	}
	if got, want := Summarize(s, 2025).JPTotal, Units(12); got != want {
		t.Fatalf("2025 total=%s, want %s", got, want)
	}
}

// TestSummaryOfAnEmptyYear: nothing credited, nothing met; the guide still shows.
func TestSummaryOfAnEmptyYear(t *testing.T) {
	y := Summarize(Initial(), 2024)
	if y.JPTotal != 0 || y.Met || y.Gap != TargetJP || y.Target != Units(20) || len(y.Activities) != 0 {
		t.Fatalf("empty year: %+v", y)
	}
	if y.Split.Classroom.GuidePercent != 10 || y.Split.Guidance.GuidePercent != 20 || y.Split.Workplace.GuidePercent != 70 {
		t.Fatalf("guide=%+v, want 10/20/70", y.Split)
	}
	b, err := json.Marshal(y)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	if m["target"] != float64(20) || m["activities"] == nil {
		t.Fatalf("json: %s", b)
	}
}

// TestEventRoundTrip: a record reads back from its JSON as it was.
func TestEventRoundTrip(t *testing.T) {
	_, e := record(t, Initial(), act(SelfStudy, International, Units(3), "2024-03-04", "2024-03-04"))
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var back ActivityRecorded
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !back.sameInputs(e) || back.JPCredited != 240 || back.Counted != Units(2) || len(back.Caps) != 1 || back.Caps[0] != e.Caps[0] {
		t.Fatalf("round trip: %+v\nfrom %s", back, b)
	}
}

// TestAmount: exact decimals with at most two places, above zero.
func TestAmount(t *testing.T) {
	good := map[string]Amount{"8": 800, "2.5": 250, "0.01": 1, "1e1": 1000, "10000": MaxQuantity, "3.10": 310}
	for in, want := range good {
		if got, err := ParseAmount(in); err != nil || got != want {
			t.Errorf("ParseAmount(%s)=%d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "-1", "0.001", "10000.01", "1/2", "0x10", "", "abc"} {
		if _, err := ParseAmount(in); err == nil {
			t.Errorf("ParseAmount(%q) accepted", in)
		}
	}
	for a, want := range map[Amount]string{800: "8", 840: "8.4", 205: "2.05", 0: "0", 1: "0.01"} {
		if got := a.String(); got != want {
			t.Errorf("%d.String()=%s, want %s", int64(a), got, want)
		}
	}
	if got, want := Amount(700).times(6, 5), Amount(840); got != want {
		t.Fatalf("7×1.2=%s, want %s", got, want)
	}
	if got, want := Amount(1).times(6, 5), Amount(1); got != want { // 0.012 → 0.01
		t.Fatalf("0.01×1.2=%s, want %s", got, want)
	}
	if got, want := Amount(5).times(1, 2), Amount(3); got != want { // 0.025 → 0.03, half-up
		t.Fatalf("0.05/2=%s, want %s", got, want)
	}
}

// TestRoster: an agency's ASN, each once, in NIP order, paged.
func TestRoster(t *testing.T) {
	r := InitialRoster()
	for _, n := range []domain.NIP{"3", "1", "2", "1"} {
		evs, err := DecideRegistration(r, ASNRegistered{NIP: n, Agency: "a"})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			r = EvolveRoster(r, e)
		}
	}
	if got, want := r.NIPs, []domain.NIP{"1", "2", "3"}; !slices.Equal(got, want) {
		t.Fatalf("roster=%v, want %v", got, want)
	}
	if got, want := r.After("", 2), []domain.NIP{"1", "2"}; !slices.Equal(got, want) {
		t.Fatalf("first page=%v, want %v", got, want)
	}
	if got, want := r.After("2", 2), []domain.NIP{"3"}; !slices.Equal(got, want) {
		t.Fatalf("second page=%v, want %v", got, want)
	}
	if got := r.After("3", 2); len(got) != 0 {
		t.Fatalf("past the end=%v", got)
	}
}
