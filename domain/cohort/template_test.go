package cohort_test

import (
	"reflect"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// TestLayOutAcrossHolidays: the blended template from Monday 2024-06-03,
// with Monday 2024-06-17 and Monday 2024-07-08 holidays, skips weekends and
// both holidays (R-PHASE-1): 74 working days of training, then the meeting.
func TestLayOutAcrossHolidays(t *testing.T) {
	holidays := map[domain.Date]bool{"2024-06-17": true, "2024-07-08": true}
	got := cohort.Templates[cohort.TemplateBlended].LayOut("2024-06-03", holidays)
	want := []cohort.Phase{
		{Phase: "mooc", StartsOn: "2024-06-03", EndsOn: "2024-06-25"},
		{Phase: "elearning", StartsOn: "2024-06-26", EndsOn: "2024-07-26"},
		{Phase: "actualization", StartsOn: "2024-07-29", EndsOn: "2024-09-06"},
		{Phase: "pktbt", StartsOn: "2024-07-29", EndsOn: "2024-09-06"},
		{Phase: "klasikal", StartsOn: "2024-09-09", EndsOn: "2024-09-16"},
		{Phase: "graduation", StartsOn: "2024-09-17", EndsOn: "2024-09-17"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("layout:\n got %v\nwant %v", got, want)
	}
	// Without the holidays every phase after them is earlier.
	if got := cohort.Templates[cohort.TemplateBlended].LayOut("2024-06-03", nil)[0].EndsOn; got != "2024-06-24" {
		t.Errorf("mooc without holidays ends %s, want 2024-06-24", got)
	}
}

func TestTemplateDays(t *testing.T) {
	tpl := cohort.Templates[cohort.TemplateBlended]
	jp := map[string]int{}
	for _, st := range tpl.Steps {
		for _, d := range st.Days {
			jp[st.Phase] += d.JP
		}
		if len(st.Days) > 0 && len(st.Days) != st.WorkingDays {
			t.Errorf("%s: %d days listed, %d working days", st.Phase, len(st.Days), st.WorkingDays)
		}
	}
	if jp["mooc"] != 48 || jp["klasikal"] != 62 {
		t.Errorf("JP: mooc %d (want 48), klasikal %d (want 62)", jp["mooc"], jp["klasikal"])
	}
	if tpl.Ruleset != domain.Ruleset {
		t.Errorf("template ruleset %s", tpl.Ruleset)
	}
}

// TestDecideOpenWithTemplate: ends_on defaults to klasikal's last day; a
// start on a holiday or weekend, an unknown template and an ends_on before
// the training's end are refused (R-PHASE-1); the same opening again keeps
// the recorded layout whatever the holidays now.
func TestDecideOpenWithTemplate(t *testing.T) {
	holidays := map[domain.Date]bool{"2024-06-17": true}
	o := opened("III")
	o.EndsOn, o.Template = "", cohort.TemplateBlended
	evs, err := cohort.DecideOpen(cohort.Initial(), cohort.Open{Opened: o, Holidays: holidays})
	if err != nil {
		t.Fatal(err)
	}
	e := evs[0].(cohort.Opened)
	if e.EndsOn != "2024-09-13" || len(e.Phases) != 6 || e.Phases[0].EndsOn != "2024-06-25" {
		t.Fatalf("opened: ends %s, phases %v", e.EndsOn, e.Phases)
	}
	st := cohort.Evolve(cohort.Initial(), e)
	again, err := cohort.DecideOpen(st, cohort.Open{Opened: o})
	if err != nil || !reflect.DeepEqual(again[0], e) {
		t.Fatalf("same opening again: %v %v", again, err)
	}
	for name, tc := range map[string]struct {
		mutate func(*cohort.Opened)
		field  string
	}{
		"holiday start":   {func(o *cohort.Opened) { o.StartsOn = "2024-06-17" }, "starts_on"},
		"saturday start":  {func(o *cohort.Opened) { o.StartsOn = "2024-06-01" }, "starts_on"},
		"unknown":         {func(o *cohort.Opened) { o.Template = "perlan-2099" }, "template"},
		"ends too early":  {func(o *cohort.Opened) { o.EndsOn = "2024-09-12" }, "ends_on"},
		"no template end": {func(o *cohort.Opened) { o.Template = "" }, "ends_on"},
	} {
		c := o
		tc.mutate(&c)
		_, err := cohort.DecideOpen(cohort.Initial(), cohort.Open{Opened: c, Holidays: holidays})
		de, ok := err.(*domain.Error)
		if !ok || len(de.Fields) == 0 || de.Fields[0].Field != tc.field {
			t.Errorf("%s: got %v, want a refusal naming %s", name, err, tc.field)
		}
	}
}
