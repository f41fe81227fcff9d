package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// catalogue offers 30 substansi_1 trophies in agendas 1-3 (21 required).
var catalogue = map[string]any{
	"kebijakan":   map[string]int{"0": 3},
	"substansi_1": map[string]int{"1": 10, "2": 10, "3": 10, "4": 10},
	"substansi_2": map[string]int{"1": 5, "2": 5, "3": 5, "4": 4},
}

func nipOf(cohort, i int) string {
	return fmt.Sprintf("1999%02d01202401%d%03d", 1+cohort, 1+i%2, i%1000)
}

// minimums are the 28 trophies that meet R-TRO-2..5: (material, agenda, n).
var minimums = []struct {
	material string
	agenda   int
	n        int
}{{"kebijakan", 0, 2}, {"substansi_1", 1, 10}, {"substansi_1", 2, 10}, {"substansi_1", 3, 1}, {"substansi_2", 1, 3}, {"substansi_2", 2, 2}}

func trophyWrite(nip, id, material string, agenda int) write {
	return write{"POST", "/v1/participants/" + nip + "/trophies", map[string]any{
		"activity_id": id, "material": material, "agenda": agenda, "earned_at": "2024-06-05T09:30:00Z"}}
}

func scoreWrite(nip, component string, score float64) write {
	return write{"POST", "/v1/participants/" + nip + "/scores", map[string]any{
		"component": component, "score": score, "assessor": "A", "assessed_at": "2024-07-30T10:00:00Z"}}
}

// fillCohort opens cohort id with n participants (capacity raised past 40
// when needed) and records their learning: for a rich cohort, the MOOC's 28
// trophies, two posttest attempts and every component, varied so that each
// outcome occurs (i%4: lulus, ditunda, tidak lulus, incomplete); a light
// cohort gets a few trophies, a posttest and scores.
func fillCohort(s *server, c int, id string, n int, rich bool) []string {
	s.t.Helper()
	s.do(adminSecret, "POST", "/v1/cohorts", map[string]any{
		"cohort_id": id, "name": "Latsar CPNS Gol. III " + id, "institution_id": "bpsdm-jatim", "golongan": []string{"III"},
		"starts_on": "2024-06-03", "ends_on": "2024-08-02", "trophy_catalogue": catalogue}, nil)
	if n > 40 {
		s.do(adminSecret, "POST", "/v1/cohorts/"+id+"/approvals", map[string]any{
			"kind": "capacity", "letter_number": "LAN-" + id, "approved_by": "Kepala LAN", "approved_on": "2024-05-20", "capacity": n}, nil)
	}
	nips := make([]string, n)
	enrol := make([]write, n)
	for i := range nips {
		nips[i] = nipOf(c, i)
		enrol[i] = write{"POST", "/v1/cohorts/" + id + "/participants", map[string]any{
			"nip": nips[i], "name": fmt.Sprintf("Peserta %s %d", id, i+1), "golongan": "III", "agency": "pemkab-blitar"}}
	}
	s.batches([][]write{enrol})
	const laneCount = 8
	lanes := make([][]write, laneCount)
	for i, nip := range nips {
		var ws []write
		k := 0
		add := func(material string, agenda, count int) {
			for range count {
				ws = append(ws, trophyWrite(nip, fmt.Sprintf("act-%d", k), material, agenda))
				k++
			}
		}
		scores := map[string]float64{"attitude_institution": 85, "attitude_agency": 88, "academic_elearning": 82.5,
			"actualization_design": 84, "actualization_implementation": 86, "pktbt": 80}
		switch {
		case !rich:
			add("substansi_1", 1, 1+i%5)
		case i%4 == 3: // incomplete: a third of the MOOC, no pktbt
			add("substansi_1", 1, 10)
			delete(scores, "pktbt")
		default:
			for _, m := range minimums {
				add(m.material, m.agenda, m.n)
			}
			add("substansi_1", 4, i%8) // 28..35 trophies
		}
		{
			switch i % 4 {
			case 1:
				scores["academic_elearning"] = 45 // academic Kurang: ditunda
			case 2:
				scores["attitude_institution"], scores["attitude_agency"] = 72, 60 // attitude Kurang: tidak lulus
			}
		}
		ws = append(ws,
			write{"POST", "/v1/participants/" + nip + "/posttests", map[string]any{"attempt_id": "a1", "substansi_1_score": 60, "substansi_2_score": 80, "taken_at": "2024-06-20T10:00:00Z"}},
			write{"POST", "/v1/participants/" + nip + "/posttests", map[string]any{"attempt_id": "a2", "substansi_1_score": 90 + float64(i%10), "substansi_2_score": 85, "taken_at": "2024-06-21T10:00:00Z"}})
		for _, comp := range slices.Sorted(func(yield func(string) bool) {
			for c := range scores {
				if !yield(c) {
					return
				}
			}
		}) {
			ws = append(ws, scoreWrite(nip, comp, scores[comp]))
		}
		lanes[i%laneCount] = append(lanes[i%laneCount], ws...)
	}
	s.batches(lanes)
	if rich { // a klasikal session: every fifth participant absent
		s.do(adminSecret, "POST", "/v1/cohorts/"+id+"/sessions", map[string]any{
			"session_id": id + "-K1", "mode": "klasikal", "date": "2024-07-22", "jp": 7, "title": "Klasikal hari 1"}, nil)
		var records []map[string]any
		for i, nip := range nips {
			status := "present"
			if i%5 == 0 {
				status = "absent"
			}
			records = append(records, map[string]any{"nip": nip, "status": status})
		}
		s.do(adminSecret, "PUT", "/v1/sessions/"+id+"-K1/attendance", map[string]any{"records": records}, nil)
	}
	return nips
}

// id writes a score as Bahasa Indonesia does: 84,75.
func id(v float64) string { return strings.Replace(strconv.FormatFloat(v, 'f', 2, 64), ".", ",", 1) }

type standing struct {
	Name string
	MOOC struct {
		Trophies struct{ Total int }
		Posttest struct{ Result *float64 }
	}
	Components map[string]*float64
	Final      struct {
		Score         *float64
		Qualification *string
	}
	Outcome  struct{ Status, Result string }
	Position uint64
}

func TestDashboard(t *testing.T) {
	b := newBrowser(t) // skips without chromium
	s := startServer(t)
	auditor, dashboard := s.token("auditor"), s.token("dashboard")
	started := time.Now()
	nips40 := fillCohort(s, 0, "UI-40", 40, true)
	fillCohort(s, 1, "UI-400", 400, false)
	t.Logf("recorded two cohorts (40 and 400 participants) in %v", time.Since(started).Round(time.Millisecond))
	p, q := nips40[0], nips40[3] // p passes; q is incomplete, with 10 trophies

	var want standing
	s.do(auditor, "GET", "/v1/participants/"+p+"/standing", nil, &want)
	if want.Final.Score == nil || want.Outcome.Result != "lulus" {
		t.Fatalf("participant %s: final %v outcome %s, want a lulus with a final score", p, want.Final.Score, want.Outcome.Result)
	}

	// Each step needs the one before: the first that fails ends the test.
	step := func(name string, f func(t *testing.T)) {
		if !t.Run(name, f) {
			t.FailNow()
		}
	}
	step("sign-in", func(t *testing.T) {
		b.t = t
		b.do(chromedp.Navigate(s.url + "/"))
		b.waitJS("the sign-in form", `!!document.querySelector("#token")`)
		b.accessible("sign-in")
		// A keyboard reaches the skip link first, and it leads to the page.
		b.do(chromedp.KeyEvent("\t"))
		if got := eval[string](b, `document.activeElement.id`); got != "skip" {
			t.Errorf("the first Tab focuses %q, want the skip link", got)
		}
		b.shot("01-signin")
		b.typeInto("#token", auditor)
		b.waitJS("the cohorts list", `!!document.querySelector('#cohorts tr[data-cohort="UI-400"]')`)
		if got := b.text(`#cohorts tr[data-cohort="UI-40"] td[data-roster]`); got != "40 / 40" {
			t.Errorf("UI-40 roster %q, want 40 / 40", got)
		}
		if got := b.text(`#cohorts tr[data-cohort="UI-400"] td[data-roster]`); got != "400 / 400" {
			t.Errorf("UI-400 roster %q, want 400 / 400", got)
		}
		if got := b.text("#who"); !strings.Contains(got, "auditor") {
			t.Errorf("who %q, want the auditor named", got)
		}
		b.accessible("cohorts")
		b.shot("02-cohorts")
	})

	step("cohort", func(t *testing.T) {
		b.t = t
		b.click(`#cohorts tr[data-cohort="UI-40"] a`)
		b.waitJS("the roster with every standing", `document.querySelectorAll("#roster tbody tr").length === 40 && !!document.querySelector("#roster[data-complete]")`)
		row := `#roster tr[data-nip="` + p + `"] `
		for sel, wantText := range map[string]string{
			"td[data-col=trophies]":      strconv.Itoa(want.MOOC.Trophies.Total),
			"td[data-col=posttest]":      id(*want.MOOC.Posttest.Result),
			"td[data-col=academic_mooc]": id(*want.Components["academic_mooc"]),
			"td[data-col=pktbt]":         id(*want.Components["pktbt"]),
		} {
			if got := b.text(row + sel); got != wantText {
				t.Errorf("%s: %q, want %q (the API's)", sel, got, wantText)
			}
		}
		if got := b.text(row + "td[data-col=final]"); !strings.HasPrefix(got, id(*want.Final.Score)) {
			t.Errorf("final %q, want it to start with %s", got, id(*want.Final.Score))
		}
		if got := b.text(row + "td[data-col=outcome]"); !strings.HasPrefix(got, "Lulus") {
			t.Errorf("outcome %q, want Lulus", got)
		}
		var listing struct {
			Items []struct {
				CohortID string `json:"cohort_id"`
				Outcomes map[string]int
			}
		}
		s.do(auditor, "GET", "/v1/cohorts", nil, &listing)
		label := eval[string](b, `document.querySelector("#outcomes-chart svg title").textContent`)
		for _, c := range listing.Items {
			if c.CohortID != "UI-40" {
				continue
			}
			for k, name := range map[string]string{"lulus": "Lulus", "ditunda": "Ditunda", "tidak_lulus": "Tidak lulus", "incomplete": "Belum lengkap"} {
				if w := fmt.Sprintf("%s %d", name, c.Outcomes[k]); !strings.Contains(label, w) {
					t.Errorf("outcomes chart %q lacks %q (the API's count)", label, w)
				}
			}
		}
		b.waitJS("the leaderboards", `document.querySelectorAll(".board li").length > 0`)
		b.accessible("cohort")
		b.shot("03-cohort-40")
		// The CSV export downloads without an error.
		b.click("#csv")

		// A trophy recorded now arrives through the live feed.
		s.do(adminSecret, "POST", "/v1/participants/"+q+"/trophies", trophyWrite(q, "live-1", "substansi_1", 2).Body, nil)
		b.waitJS("the live trophy", `document.querySelector('#roster tr[data-nip="`+q+`"] td[data-col=trophies]').textContent === "11"`)
		if got := b.text("#live"); !strings.Contains(got, "umpan peristiwa") {
			t.Errorf("live note %q, want the event feed", got)
		}
		// The graduation preview, on demand.
		b.click("#preview-box summary")
		b.waitJS("the preview", `document.querySelectorAll("#preview tbody tr").length === 40`)
		b.shot("04-cohort-40-preview")
	})

	step("participant", func(t *testing.T) {
		b.t = t
		b.click(`#roster tr[data-nip="` + p + `"] th a`)
		b.waitJS("the explanation and the audit trail", `!!document.querySelector("#explained #final") && !!document.querySelector("#timeline")`)
		if got := b.text("#final-score"); !strings.HasPrefix(got, id(*want.Final.Score)) {
			t.Errorf("final %q, want %s", got, id(*want.Final.Score))
		}
		if got := b.text("#posttest-result"); !strings.Contains(got, id(*want.MOOC.Posttest.Result)) {
			t.Errorf("posttest %q, want %s", got, id(*want.MOOC.Posttest.Result))
		}
		if got := b.text(`#minimums li[data-rule="R-TRO-3"]`); !strings.Contains(got, "21 dari minimal 21") {
			t.Errorf("R-TRO-3 %q, want 21 of 21", got)
		}
		if got := b.text(`#final .formula`); !strings.Contains(got, "/ 100 = ") || !strings.Contains(got, id(*want.Final.Score)) {
			t.Errorf("final formula %q, want the weighted sum giving %s", got, id(*want.Final.Score))
		}
		if got := b.text("#outcome"); got != "Lulus" {
			t.Errorf("outcome %q, want Lulus", got)
		}
		var trail struct{ Entries []any }
		s.do(auditor, "GET", "/v1/participants/"+p+"/audit", nil, &trail)
		entries := eval[int](b, `document.querySelectorAll("#timeline > li").length`)
		if entries != len(trail.Entries) {
			t.Errorf("timeline shows %d entries, the API %d", entries, len(trail.Entries))
		}
		b.waitJS("the charts", `!!document.querySelector("#trophies-chart svg") && !!document.querySelector("#attempts-chart svg")`)
		b.accessible("participant")
		b.shot("05-participant")

		// The moment before the scores: no final score then.
		b.click(`#timeline > li:nth-child(30) a`)
		b.waitJS("the past standing", `!!document.querySelector(".banner") && document.querySelector("#final-score").textContent.startsWith("—")`)
		b.shot("06-participant-as-of")
	})

	step("feed", func(t *testing.T) {
		b.t = t
		b.click(`#nav a[href="#/feed"]`)
		b.waitJS("the feed", `document.querySelectorAll("#feed tbody tr").length > 0`)
		h := s.do(adminSecret, "POST", "/v1/participants/"+q+"/trophies", trophyWrite(q, "live-2", "substansi_1", 2).Body, nil)
		pos := h.Get("X-Event-Position")
		b.waitJS("the new event", `!!document.querySelector('#feed tr[data-position="`+pos+`"]')`)
		b.accessible("feed")
		b.shot("07-feed")
		b.click("#lang")
		b.waitJS("English", `document.querySelector("h1").textContent === "Live event feed" && document.documentElement.lang === "en"`)
		b.click("#lang")
		b.waitJS("Bahasa Indonesia", `document.documentElement.lang === "id"`)
	})

	step("dashboard-token-polls", func(t *testing.T) {
		b.t = t
		b.click("#signout")
		b.waitJS("the sign-in form", `!!document.querySelector("#token")`)
		b.typeInto("#token", dashboard)
		b.waitJS("the cohorts list", `!!document.querySelector('#cohorts tr[data-cohort="UI-40"]')`)
		b.click(`#cohorts tr[data-cohort="UI-40"] a`)
		b.waitJS("the roster", `document.querySelectorAll("#roster tbody tr").length === 40`)
		if got := b.text("#live"); !strings.Contains(got, "3 detik") {
			t.Errorf("live note %q, want polling", got)
		}
		s.do(adminSecret, "POST", "/v1/participants/"+q+"/trophies", trophyWrite(q, "live-3", "substansi_1", 2).Body, nil)
		b.waitJS("the polled trophy", `document.querySelector('#roster tr[data-nip="`+q+`"] td[data-col=trophies]').textContent === "13"`)
		b.click(`#roster tr[data-nip="` + q + `"] th a`)
		b.waitJS("the participant", `!!document.querySelector("#explained #final")`)
		// The audit section fills in after the derivation: wait for it.
		b.waitJS("the audit section's refusal", `(document.querySelector("#audit")?.textContent || "").includes("tidak membaca jejak audit")`)
		b.shot("08-participant-dashboard-token")
		b.click(`#nav a[href="#/feed"]`)
		b.waitJS("the feed's refusal", `document.querySelector("main").textContent.includes("admin dan auditor")`)
	})

	step("phone", func(t *testing.T) {
		b.t = t
		b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
		b.do(chromedp.Navigate(s.url + "/ui/#/participant/" + p))
		b.waitJS("the participant on a phone", `!!document.querySelector("#explained #final")`)
		if overflow := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth + 1`); overflow {
			t.Error("the participant page scrolls sideways on a 390 px screen")
		}
		b.shot("10-phone-participant")
		b.do(chromedp.Navigate(s.url + "/ui/#/cohort/UI-40"))
		b.waitJS("the cohort on a phone", `!!document.querySelector("#roster[data-complete]")`)
		if overflow := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth + 1`); overflow {
			t.Error("the cohort page scrolls sideways on a 390 px screen (only its roster may)")
		}
		b.shot("11-phone-cohort")
		b.do(chromedp.EmulateReset())
	})

	step("time-to-first-render", func(t *testing.T) {
		b.t = t
		var report []string
		for _, c := range []struct {
			id string
			n  int
		}{{"UI-40", 40}, {"UI-400", 400}} {
			var firsts, fulls []float64
			for range 3 {
				b.do(chromedp.Navigate("about:blank"), chromedp.Navigate(s.url+"/ui/#/cohort/"+c.id))
				b.waitJS("the roster", fmt.Sprintf(`document.querySelectorAll("#roster tbody tr").length === %d`, c.n))
				first := eval[float64](b, `performance.getEntriesByName("roster-rendered")[0].startTime`)
				b.waitJS("every standing", `!!document.querySelector("#roster[data-complete]")`)
				full := eval[float64](b, `performance.getEntriesByName("roster-complete")[0].startTime`)
				firsts, fulls = append(firsts, first), append(fulls, full)
			}
			slices.Sort(firsts)
			slices.Sort(fulls)
			line := fmt.Sprintf("cohort of %d: first render of the roster %.0f ms (median of 3: %.0f, %.0f, %.0f); every component score in %.0f ms",
				c.n, firsts[1], firsts[0], firsts[1], firsts[2], fulls[1])
			t.Log(line)
			report = append(report, line)
			b.shot("09-cohort-" + strconv.Itoa(c.n))
		}
		_ = os.WriteFile(filepath.Join(b.dir, "render-times.txt"), []byte(strings.Join(report, "\n")+"\n"), 0o644)
	})

	b.t = t
	if errs := b.consoleErrors(); len(errs) > 0 {
		t.Errorf("the pages logged %d errors or warnings:\n%s", len(errs), strings.Join(errs, "\n"))
	}
}
