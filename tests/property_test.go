package tests

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latsar/ledger/app"
	"pgregory.net/rapid"
)

// Property tests of the read paths (design.md "Read models and consistency",
// "Time travel and audit"): for random valid command sequences over a few
// participants of one cohort,
//
//  1. the live projection (GET standing?min_position=head), a rebuild from the
//     log (a new server started on the same data directory) and as_of=now
//     answer the same standing document, position included;
//  2. as_of at each event's recorded_at equals at_position of the last event
//     recorded at that instant, and each audit entry's changes are exactly
//     the fields that differ between at_position of the event before it and
//     at_position of the event itself, with those before and after values.
//
// Every check starts its own server on a fresh SQLite file, so a check costs a
// few hundred milliseconds under -race: the number of checks defaults to
// propChecks (not rapid's 100) unless -rapid.checks or RAPID_CHECKS says
// otherwise (-short divides it by 5, as rapid always does), and shrinking to
// propShrinkTime unless -rapid.shrinktime or RAPID_SHRINKTIME says otherwise.

// propChecks is the default number of rapid checks for these properties, and
// propShrinkTime the default time rapid may spend shrinking a failure (each
// shrink step starts a server too).
const (
	propChecks     = 25
	propShrinkTime = 20 * time.Second
)

// propFlagDefault sets one of rapid's flags to value for this test unless the
// command line gave it or the environment variable env is set. (The flag's
// value is set directly, so flag.Visit still tells only what the command line
// set, and -count=N sets it again each time.)
func propFlagDefault(t *testing.T, name, env, value string) {
	t.Helper()
	if _, ok := os.LookupEnv(env); ok {
		return
	}
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == name })
	f := flag.Lookup(name)
	if explicit || f == nil {
		return
	}
	old := f.Value.String()
	if err := f.Value.Set(value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Value.Set(old) })
}

// propServer is one running ledger, spoken to over HTTP as admin. It reports
// through a *rapid.T so that a failure is shrunk rather than ending the test.
type propServer struct {
	rt     *rapid.T
	url    string
	client *http.Client
	stop   func()
}

func propStart(rt *rapid.T, dir string) *propServer {
	rt.Helper()
	ledger, err := app.Start(context.Background(), app.Options{DataDir: dir, AdminSecret: adminSecret, MinPositionWait: 5 * time.Second})
	if err != nil {
		rt.Fatalf("start the ledger on %s: %v", dir, err)
	}
	hs := httptest.NewServer(ledger.Server)
	s := &propServer{rt: rt, url: hs.URL, client: hs.Client()}
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			hs.Close()
			_ = ledger.Close()
		})
	}
	rt.Cleanup(s.stop)
	return s
}

// do sends a request as admin; body is nil or a value sent as JSON.
func (s *propServer) do(method, path string, body any) (int, []byte) {
	s.rt.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			s.rt.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		s.rt.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+adminSecret)
	res, err := s.client.Do(req)
	if err != nil {
		s.rt.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		s.rt.Fatalf("%s %s: read the answer: %v", method, path, err)
	}
	return res.StatusCode, raw
}

// write sends a write and fails unless its status is one of ok.
func (s *propServer) write(what, method, path string, body any, ok ...int) int {
	s.rt.Helper()
	status, raw := s.do(method, path, body)
	if !slices.Contains(ok, status) {
		s.rt.Fatalf("%s: %s %s answered %d, want one of %v\nbody: %s", what, method, path, status, ok, truncate(raw))
	}
	s.rt.Logf("  %s -> %d", what, status)
	return status
}

// get reads a JSON object and fails unless the answer is want.
func (s *propServer) get(path string, want int) map[string]any {
	s.rt.Helper()
	status, raw := s.do("GET", path, nil)
	if status != want {
		s.rt.Fatalf("GET %s answered %d, want %d\nbody: %s", path, status, want, truncate(raw))
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		s.rt.Fatalf("GET %s: not a JSON object: %v\n%s", path, err, truncate(raw))
	}
	return m
}

// head is the store's last position, from /readyz.
func (s *propServer) head() uint64 {
	s.rt.Helper()
	r := s.get("/readyz", http.StatusOK)
	p, _ := r["projections"].(map[string]any)
	m, _ := p["memory"].(map[string]any)
	h, ok := m["head"].(float64)
	if !ok {
		s.rt.Fatalf("/readyz names no projections.memory.head: %v", r)
	}
	return uint64(h)
}

// Generators of command parts.

var propBase = time.Date(2024, 6, 3, 7, 0, 0, 0, time.UTC)

// propTime draws a time within the cohort's two months.
func propTime(rt *rapid.T, label string) string {
	m := rapid.IntRange(0, 59*24*60).Draw(rt, label)
	return propBase.Add(time.Duration(m) * time.Minute).Format(time.RFC3339)
}

// propScore draws a score of at most two decimals and writes it as a JSON number.
func propScore(rt *rapid.T, label string) json.RawMessage {
	v := rapid.IntRange(0, 10000).Draw(rt, label)
	switch {
	case v%100 == 0:
		return json.RawMessage(strconv.Itoa(v / 100))
	case v%10 == 0:
		return json.RawMessage(fmt.Sprintf("%d.%d", v/100, (v%100)/10))
	}
	return json.RawMessage(fmt.Sprintf("%d.%02d", v/100, v%100))
}

// propMaterialAgenda draws a material and an agenda the catalogue offers
// (substansi_1 most often, as the catalogue and R-TRO-* need most of it).
func propMaterialAgenda(rt *rapid.T) (string, int) {
	m := rapid.SampledFrom([]string{"substansi_1", "substansi_1", "substansi_2", "kebijakan"}).Draw(rt, "material")
	if m == "kebijakan" {
		return m, 0
	}
	return m, rapid.IntRange(1, 4).Draw(rt, "agenda")
}

var propComponents = []string{"attitude_institution", "attitude_agency", "academic_elearning", "actualization_design", "actualization_implementation", "pktbt"}

// propWorld is what the test remembers of what it sent, to draw repeats,
// attendance and corrections from.
type propWorld struct {
	nips     []string
	trophies [][]map[string]any // bodies the ledger accepted, per participant
	attempts [][]map[string]any
	sessions []string
	next     int
}

func (w *propWorld) id(prefix string) string {
	w.next++
	return fmt.Sprintf("%s-%d", prefix, w.next)
}

// propStep draws and sends one command.
func propStep(rt *rapid.T, s *propServer, w *propWorld, step int) {
	kinds := []string{"trophy", "posttest", "score", "trophy-repeat", "session", "attendance", "correction", "trophies", "posttest-repeat", "checkin", "mooc"}
	kind := rapid.SampledFrom(kinds).Draw(rt, "kind")
	p := rapid.IntRange(0, len(w.nips)-1).Draw(rt, "participant")
	n := w.nips[p]
	what := fmt.Sprintf("step %d %s %s", step, kind, n)
	switch kind {
	case "trophy":
		m, a := propMaterialAgenda(rt)
		body := map[string]any{"activity_id": w.id("act"), "material": m, "agenda": a, "earned_at": propTime(rt, "earned_at")}
		what += fmt.Sprintf(" %v", body)
		// 422: the catalogue's trophies of that material and agenda are all earned.
		if s.write(what, "POST", "/v1/participants/"+n+"/trophies", body, 201, 422) == 201 {
			w.trophies[p] = append(w.trophies[p], body)
		}
	case "trophies":
		// A burst of trophies, so that sequences of a few dozen commands can
		// pass the MOOC (R-TRO-*, R-POST-4) and check in.
		k := rapid.IntRange(1, 15).Draw(rt, "burst")
		for j := range k {
			m, a := propMaterialAgenda(rt)
			body := map[string]any{"activity_id": w.id("act"), "material": m, "agenda": a, "earned_at": propTime(rt, "earned_at")}
			if s.write(fmt.Sprintf("%s %d/%d %v", what, j+1, k, body), "POST", "/v1/participants/"+n+"/trophies", body, 201, 422) == 201 {
				w.trophies[p] = append(w.trophies[p], body)
			}
		}
	case "mooc":
		// What R-TRO-* and R-POST-1 ask for at least (2 kebijakan, 3 substansi_2
		// and 21 substansi_1 in agendas 1-3, 28 in all) and a posttest drawn
		// above the passing grade: each a write of its own, refused (422) where
		// the catalogue's share is already earned.
		at := propBase.Add(time.Duration(rapid.IntRange(0, 30*24*60).Draw(rt, "earned_at")) * time.Minute)
		var set [][2]any
		for range 2 {
			set = append(set, [2]any{"kebijakan", 0})
		}
		for a := 1; a <= 3; a++ {
			set = append(set, [2]any{"substansi_2", a})
			for range 7 {
				set = append(set, [2]any{"substansi_1", a})
			}
		}
		set = append(set, [2]any{"substansi_1", 4}, [2]any{"substansi_1", 4})
		for j, ma := range set {
			body := map[string]any{"activity_id": w.id("act"), "material": ma[0], "agenda": ma[1], "earned_at": at.Add(time.Duration(j) * time.Minute).Format(time.RFC3339)}
			if s.write(fmt.Sprintf("%s %d/%d %v", what, j+1, len(set), body), "POST", "/v1/participants/"+n+"/trophies", body, 201, 422) == 201 {
				w.trophies[p] = append(w.trophies[p], body)
			}
		}
		score := func(label string) json.RawMessage {
			v := rapid.IntRange(7001, 10000).Draw(rt, label)
			return json.RawMessage(fmt.Sprintf("%d.%02d", v/100, v%100))
		}
		body := map[string]any{"attempt_id": w.id("try"), "substansi_1_score": score("substansi_1_score"),
			"substansi_2_score": score("substansi_2_score"), "taken_at": at.Add(time.Hour).Format(time.RFC3339)}
		s.write(fmt.Sprintf("%s posttest %s %s", what, body["substansi_1_score"], body["substansi_2_score"]), "POST", "/v1/participants/"+n+"/posttests", body, 201)
		w.attempts[p] = append(w.attempts[p], body)
	case "checkin":
		// 422 until the MOOC is passed (R-CHECKIN-1); 200 once checked in.
		s.write(what, "POST", "/v1/participants/"+n+"/checkin", map[string]any{"checked_in_at": propTime(rt, "checked_in_at")}, 200, 201, 422)
	case "trophy-repeat":
		if len(w.trophies[p]) == 0 {
			rt.Logf("  %s: no trophy to repeat", what)
			return
		}
		prior := w.trophies[p][rapid.IntRange(0, len(w.trophies[p])-1).Draw(rt, "prior")]
		body := map[string]any{"activity_id": prior["activity_id"], "material": prior["material"], "agenda": prior["agenda"], "earned_at": prior["earned_at"]}
		if rapid.Bool().Draw(rt, "other details") {
			m, a := propMaterialAgenda(rt)
			body["material"], body["agenda"] = m, a
		}
		what += fmt.Sprintf(" %v", body)
		// 200: the same trophy again; 409: the same activity with other details
		// (R-TRO-8). When a correction without replacement took the first one
		// away, the ledger answers 200 with the corrected original and records
		// nothing (the event id derives from activity_id and earned_at, which a
		// repeat shares): accepted here, as these properties are about reads.
		s.write(what, "POST", "/v1/participants/"+n+"/trophies", body, 200, 201, 409, 422)
	case "posttest":
		body := map[string]any{"attempt_id": w.id("try"), "substansi_1_score": propScore(rt, "substansi_1_score"),
			"substansi_2_score": propScore(rt, "substansi_2_score"), "taken_at": propTime(rt, "taken_at")}
		what += fmt.Sprintf(" %s %s", body["substansi_1_score"], body["substansi_2_score"])
		s.write(what, "POST", "/v1/participants/"+n+"/posttests", body, 201)
		w.attempts[p] = append(w.attempts[p], body)
	case "posttest-repeat":
		if len(w.attempts[p]) == 0 {
			rt.Logf("  %s: no attempt to repeat", what)
			return
		}
		body := w.attempts[p][rapid.IntRange(0, len(w.attempts[p])-1).Draw(rt, "prior")]
		what += fmt.Sprintf(" %s", body["attempt_id"])
		s.write(what, "POST", "/v1/participants/"+n+"/posttests", body, 200)
	case "score":
		body := map[string]any{"component": rapid.SampledFrom(propComponents).Draw(rt, "component"), "score": propScore(rt, "score"),
			"assessor": "Widyaiswara Ahmad", "assessed_at": propTime(rt, "assessed_at")}
		what += fmt.Sprintf(" %s=%s", body["component"], body["score"])
		s.write(what, "POST", "/v1/participants/"+n+"/scores", body, 201)
	case "session":
		id := w.id("S")
		body := map[string]any{"session_id": id, "mode": rapid.SampledFrom([]string{"synchronous", "klasikal"}).Draw(rt, "mode"),
			"date": propTime(rt, "date")[:10], "jp": rapid.IntRange(1, 8).Draw(rt, "jp"), "title": "Sesi " + id}
		what = fmt.Sprintf("step %d session %v", step, body)
		s.write(what, "POST", "/v1/cohorts/PROP/sessions", body, 201)
		w.sessions = append(w.sessions, id)
	case "attendance":
		if len(w.sessions) == 0 {
			rt.Logf("  %s: no session scheduled", what)
			return
		}
		session := w.sessions[rapid.IntRange(0, len(w.sessions)-1).Draw(rt, "session")]
		var records []map[string]any
		for i, x := range w.nips {
			if i == p || rapid.Bool().Draw(rt, "also "+x) {
				records = append(records, map[string]any{"nip": x, "status": rapid.SampledFrom([]string{"absent", "present"}).Draw(rt, "status")})
			}
		}
		what = fmt.Sprintf("step %d attendance %s %v", step, session, records)
		s.write(what, "PUT", "/v1/sessions/"+session+"/attendance", map[string]any{"records": records}, 200, 201)
	case "correction":
		propCorrect(rt, s, w, n, what)
	}
}

// propCorrect corrects one of the participant's ComponentScored or
// TrophyEarned events, found in its audit trail, with or without replacement.
func propCorrect(rt *rapid.T, s *propServer, w *propWorld, n, what string) {
	trail := s.get("/v1/participants/"+n+"/audit", http.StatusOK)
	var targets []map[string]any
	for _, e := range trail["entries"].([]any) {
		e := e.(map[string]any)
		if e["type"] == "ComponentScored" || e["type"] == "TrophyEarned" {
			targets = append(targets, e)
		}
	}
	if len(targets) == 0 {
		rt.Logf("  %s: nothing to correct", what)
		return
	}
	target := targets[rapid.IntRange(0, len(targets)-1).Draw(rt, "target")]
	var data map[string]any
	if err := json.Unmarshal(mustJSON(rt, target["data"]), &data); err != nil {
		rt.Fatal(err)
	}
	body := map[string]any{"event_id": target["id"], "reason": "salah input"}
	if rapid.Bool().Draw(rt, "with replacement") {
		switch target["type"] {
		case "ComponentScored":
			c := data["component"]
			if !rapid.Bool().Draw(rt, "same component") {
				c = rapid.SampledFrom(propComponents).Draw(rt, "component")
			}
			body["replacement"] = map[string]any{"component": c, "score": propScore(rt, "score"), "assessor": "Widyaiswara Budi", "assessed_at": propTime(rt, "assessed_at")}
		case "TrophyEarned":
			act := data["activity_id"]
			if !rapid.Bool().Draw(rt, "same activity") {
				act = w.id("act")
			}
			m, a := propMaterialAgenda(rt)
			body["replacement"] = map[string]any{"activity_id": act, "material": m, "agenda": a, "earned_at": data["earned_at"]}
		}
	}
	what += fmt.Sprintf(" %s %s (%s) replacement=%v", target["type"], target["id"], strings.TrimSpace(string(mustJSON(rt, data))), body["replacement"])
	// 200: already corrected (the first correction stands); 409/422: the
	// replacement is refused by the rules of its type against the state before
	// the original.
	s.write(what, "POST", "/v1/participants/"+n+"/corrections", body, 200, 201, 409, 422)
}

func mustJSON(rt *rapid.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		rt.Fatal(err)
	}
	return b
}

// propFlatten is a standing as dotted paths to JSON values, the way the audit
// trail names fields (empty lists kept, position left out).
func propFlatten(doc map[string]any) map[string]any {
	out := map[string]any{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch t := v.(type) {
		case map[string]any:
			for k, x := range t {
				if prefix != "" {
					k = prefix + "." + k
				}
				walk(k, x)
			}
		case []any:
			if len(t) == 0 {
				out[prefix] = t
			}
			for i, x := range t {
				walk(fmt.Sprintf("%s[%d]", prefix, i), x)
			}
		default:
			out[prefix] = t
		}
	}
	walk("", doc)
	delete(out, "position")
	return out
}

// propDiff lists the fields where two standings differ, for failure messages.
func propDiff(a, b map[string]any) string {
	fa, fb := propFlatten(a), propFlatten(b)
	fa["position"], fb["position"] = a["position"], b["position"]
	var lines []string
	for k, x := range fa {
		if y, ok := fb[k]; !ok || !reflect.DeepEqual(x, y) {
			lines = append(lines, fmt.Sprintf("  %s: %s vs %s", k, mustJSONString(x, true), mustJSONString(y, ok)))
		}
	}
	for k, y := range fb {
		if _, ok := fa[k]; !ok {
			lines = append(lines, fmt.Sprintf("  %s: (absent) vs %s", k, mustJSONString(y, true)))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func mustJSONString(v any, present bool) string {
	if !present {
		return "(absent)"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// propSame fails unless two standing documents are equal.
func propSame(rt *rapid.T, what string, a, b map[string]any) {
	rt.Helper()
	if !reflect.DeepEqual(a, b) {
		rt.Fatalf("%s differ:\n%s", what, propDiff(a, b))
	}
}

// propJSONEqual compares two decoded JSON values as JSON.
func propJSONEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// propCheckTrail checks the second property for one participant: as_of at
// each recorded_at against at_position, and each entry's changes.
func propCheckTrail(rt *rapid.T, s *propServer, n string, trail map[string]any) {
	rt.Helper()
	base := "/v1/participants/" + n + "/standing?"
	entries := trail["entries"].([]any)
	if len(entries) == 0 {
		rt.Fatalf("%s: empty audit trail", n)
	}
	prev := map[string]any{} // the flat standing before the entry: nothing before the enrolment
	var prevAt time.Time
	for i, x := range entries {
		e := x.(map[string]any)
		pos := uint64(e["position"].(float64))
		rawAt := e["recorded_at"].(string)
		at, err := time.Parse(time.RFC3339Nano, rawAt)
		if err != nil {
			rt.Fatalf("%s: entry %d recorded_at %q: %v", n, i, rawAt, err)
		}
		if at.Before(prevAt) {
			rt.Fatalf("%s: entry %d (position %d) recorded at %s, before entry %d (%s): as_of cannot be a prefix", n, i, pos, rawAt, i-1, prevAt.Format(time.RFC3339Nano))
		}
		if i == 0 {
			before := url.QueryEscape(at.Add(-time.Nanosecond).Format(time.RFC3339Nano))
			s.get(base+"as_of="+before, http.StatusNotFound)
		}
		prevAt = at

		st := s.get(fmt.Sprintf("%sat_position=%d", base, pos), http.StatusOK)
		if got, _ := st["position"].(float64); uint64(got) != pos {
			rt.Fatalf("%s: at_position=%d answers position %v", n, pos, st["position"])
		}
		flat := propFlatten(st)

		// The changes name exactly the fields that differ, with their values.
		listed := map[string]bool{}
		for _, c := range e["changes"].([]any) {
			c := c.(map[string]any)
			f := c["field"].(string)
			listed[f] = true
			got, ok := flat[f]
			if c["after"] != nil && (!ok || !propJSONEqual(got, c["after"])) {
				rt.Fatalf("%s: entry %d (%s, position %d) says %s became %s; at_position=%d shows %s",
					n, i, e["type"], pos, f, mustJSONString(c["after"], true), pos, mustJSONString(got, ok))
			}
			if c["after"] == nil && ok && got != nil {
				rt.Fatalf("%s: entry %d (%s, position %d) says %s became null/absent; at_position=%d shows %s",
					n, i, e["type"], pos, f, pos, mustJSONString(got, true))
			}
			was, ok := prev[f]
			if c["before"] != nil && (!ok || !propJSONEqual(was, c["before"])) {
				rt.Fatalf("%s: entry %d (%s, position %d) says %s was %s; the standing before showed %s",
					n, i, e["type"], pos, f, mustJSONString(c["before"], true), mustJSONString(was, ok))
			}
			if c["before"] == nil && ok && was != nil {
				rt.Fatalf("%s: entry %d (%s, position %d) says %s was null/absent; the standing before showed %s",
					n, i, e["type"], pos, f, mustJSONString(was, true))
			}
		}
		for f := range union(prev, flat) {
			was, okWas := prev[f]
			got, okGot := flat[f]
			if (okWas != okGot || !propJSONEqual(was, got)) && !listed[f] {
				rt.Fatalf("%s: entry %d (%s, position %d) changed %s from %s to %s but its changes do not list it",
					n, i, e["type"], pos, f, mustJSONString(was, okWas), mustJSONString(got, okGot))
			}
		}
		prev = flat

		// as_of at this instant is the standing after the last event recorded then.
		last := i == len(entries)-1
		if !last {
			next := entries[i+1].(map[string]any)["recorded_at"].(string)
			nextAt, err := time.Parse(time.RFC3339Nano, next)
			if err != nil {
				rt.Fatal(err)
			}
			last = !nextAt.Equal(at)
		}
		if last {
			asOf := s.get(base+"as_of="+url.QueryEscape(rawAt), http.StatusOK)
			propSame(rt, fmt.Sprintf("%s: as_of=%s and at_position=%d (entry %d, %s)", n, rawAt, pos, i, e["type"]), asOf, st)
		}
	}
}

func union(a, b map[string]any) map[string]bool {
	out := make(map[string]bool, len(a)+len(b))
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

func TestPropertyStandingReadsAgree(t *testing.T) {
	propFlagDefault(t, "rapid.checks", "RAPID_CHECKS", strconv.Itoa(propChecks))
	propFlagDefault(t, "rapid.shrinktime", "RAPID_SHRINKTIME", propShrinkTime.String())
	rapid.Check(t, func(rt *rapid.T) {
		dir, err := os.MkdirTemp("", "latsar-property-")
		if err != nil {
			rt.Fatal(err)
		}
		rt.Cleanup(func() { _ = os.RemoveAll(dir) })
		s := propStart(rt, dir)

		w := &propWorld{}
		count := rapid.IntRange(2, 4).Draw(rt, "participants")
		s.write("open cohort PROP", "POST", "/v1/cohorts", cohortBody("PROP"), 201)
		for i := range count {
			w.nips = append(w.nips, nip(i))
			s.write("enrol "+nip(i), "POST", "/v1/cohorts/PROP/participants", map[string]any{
				"nip": nip(i), "name": fmt.Sprintf("Peserta %d", i), "golongan": "III", "agency": "pemkab-blitar",
			}, 201)
		}
		w.trophies, w.attempts = make([][]map[string]any, count), make([][]map[string]any, count)
		steps := rapid.IntRange(1, 30).Draw(rt, "steps")
		for i := range steps {
			propStep(rt, s, w, i+1)
		}

		// 1. live, as_of=now, and (below) a rebuild from the log.
		head := s.head()
		now := time.Now().UTC().Format(time.RFC3339Nano)
		live := map[string]map[string]any{}
		for _, n := range w.nips {
			live[n] = s.get(fmt.Sprintf("/v1/participants/%s/standing?min_position=%d", n, head), http.StatusOK)
			asOf := s.get("/v1/participants/"+n+"/standing?as_of="+url.QueryEscape(now), http.StatusOK)
			propSame(rt, n+": live standing (min_position="+strconv.FormatUint(head, 10)+") and as_of="+now, live[n], asOf)
		}

		// 2. as_of at each recorded_at, at_position and the audit's changes.
		for _, n := range w.nips {
			propCheckTrail(rt, s, n, s.get("/v1/participants/"+n+"/audit", http.StatusOK))
		}

		s.stop()
		rebuilt := propStart(rt, dir)
		if h := rebuilt.head(); h != head {
			rt.Fatalf("head after restart is %d, was %d", h, head)
		}
		for _, n := range w.nips {
			st := rebuilt.get(fmt.Sprintf("/v1/participants/%s/standing?min_position=%d", n, head), http.StatusOK)
			propSame(rt, n+": live standing and the standing rebuilt from the log", live[n], st)
		}
	})
}
