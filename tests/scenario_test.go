package tests

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// This file runs one whole cohort through the HTTP API only, from opening to
// the repeat meeting, with the numbers of rules.md §10 examples 6-10.
// Helpers here are prefixed scn so that they stay clear of other test files.

// scnProfile is what a participant does and is scored: the posttest's two
// parts (academic_mooc is derived from them, R-POST-2/3) and the component
// scores the institution and the agency enter. A component left out of
// scores is never scored.
type scnProfile struct {
	posttest [2]float64
	scores   map[string]float64
}

// scnUniform scores every component (and both posttest parts) at v.
func scnUniform(v float64) scnProfile {
	return scnProfile{posttest: [2]float64{v, v}, scores: map[string]float64{
		"attitude_institution": v, "attitude_agency": v, "academic_elearning": v,
		"actualization_design": v, "actualization_implementation": v, "pktbt": v,
	}}
}

// scnExample6 is rules.md §10 example 6: institution 85, agency 88, MOOC
// 90.01, e-learning 82.50, design 84, implementation 86, PKTBT 80.
func scnExample6() scnProfile {
	return scnProfile{posttest: [2]float64{90.01, 90.01}, scores: map[string]float64{
		"attitude_institution": 85, "attitude_agency": 88, "academic_elearning": 82.50,
		"actualization_design": 84, "actualization_implementation": 86, "pktbt": 80,
	}}
}

// with is the profile with some scores changed (a negative value removes the component).
func (p scnProfile) with(changes map[string]float64) scnProfile {
	scores := make(map[string]float64, len(p.scores))
	for k, v := range p.scores {
		scores[k] = v
	}
	for k, v := range changes {
		if v < 0 {
			delete(scores, k)
		} else {
			scores[k] = v
		}
	}
	return scnProfile{posttest: p.posttest, scores: scores}
}

// scnAgencyComponents are scored by the home agency (rules.md §6).
var scnAgencyComponents = map[string]bool{"attitude_agency": true, "pktbt": true}

// scnTrophies are 28 trophies that meet R-TRO-2..5 with the harness catalogue:
// kebijakan 2, substansi_1 21 in agendas 1-3, substansi_2 5 in agendas 1-3.
func scnTrophies() []map[string]any {
	var out []map[string]any
	for i := range 2 {
		out = append(out, trophy(fmt.Sprintf("keb-%d", i), "kebijakan", 0))
	}
	for a := 1; a <= 3; a++ {
		for i := range 7 {
			out = append(out, trophy(fmt.Sprintf("s1-%d-%d", a, i), "substansi_1", a))
		}
	}
	for _, a := range []int{1, 1, 2, 2, 3} {
		out = append(out, trophy(fmt.Sprintf("s2-%d-%d", a, len(out)), "substansi_2", a))
	}
	return out
}

// scnExpect reports (without stopping: it runs in goroutines) a status other than want.
func scnExpect(t *testing.T, what string, r response, want int) bool {
	t.Helper()
	if r.status != want {
		t.Errorf("%s: status=%d, want %d; body: %s", what, r.status, want, truncate(r.body))
		return false
	}
	return true
}

// scnLearn takes a participant through the MOOC (28 trophies, one posttest
// attempt), the klasikal check-in (refused with R-CHECKIN-1 unless the MOOC
// is passed) and the component scores: lms for the institution's
// components, the agency token for attitude_agency and pktbt. The tokens
// must have been issued before (token() writes a map).
func scnLearn(t *testing.T, e *env, nip string, p scnProfile) {
	t.Helper()
	lms, agency := e.lms(), e.agency()
	for _, tr := range scnTrophies() {
		if !scnExpect(t, nip+" trophy", e.do(lms, "POST", "/v1/participants/"+nip+"/trophies", tr), http.StatusCreated) {
			return
		}
	}
	r := e.do(lms, "POST", "/v1/participants/"+nip+"/posttests", map[string]any{
		"attempt_id": "post-1", "substansi_1_score": p.posttest[0], "substansi_2_score": p.posttest[1], "taken_at": "2024-06-20T10:00:00Z",
	})
	if !scnExpect(t, nip+" posttest", r, http.StatusCreated) {
		return
	}
	passed, _ := r.json(t)["mooc_passed"].(bool)
	r = e.do(lms, "POST", "/v1/participants/"+nip+"/checkin", map[string]any{"checked_in_at": "2024-07-22T07:30:00Z"})
	if passed {
		scnExpect(t, nip+" check-in", r, http.StatusCreated)
	} else if scnExpect(t, nip+" check-in without the MOOC", r, http.StatusUnprocessableEntity) {
		if rule := r.json(t)["rule"]; rule != "R-CHECKIN-1" {
			t.Errorf("%s check-in refused with rule %v, want R-CHECKIN-1", nip, rule)
		}
	}
	for _, c := range []string{"attitude_institution", "attitude_agency", "academic_elearning", "actualization_design", "actualization_implementation", "pktbt"} {
		v, ok := p.scores[c]
		if !ok {
			continue
		}
		token := lms
		if scnAgencyComponents[c] {
			token = agency
		}
		scnExpect(t, nip+" score "+c, e.do(token, "POST", "/v1/participants/"+nip+"/scores", map[string]any{
			"component": c, "score": v, "assessor": "Widyaiswara Ahmad", "assessed_at": "2024-07-30T10:00:00Z",
		}), http.StatusCreated)
	}
}

// scnParallel runs f for each index with at most 8 at a time.
func scnParallel(n int, f func(i int)) {
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			f(i)
		}()
	}
	wg.Wait()
}

// scnDig walks a decoded JSON value along a dotted path ("outcome.result",
// "awards.1.kind"); nil when the path is not there.
func scnDig(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			var i int
			if _, err := fmt.Sscanf(k, "%d", &i); err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// scnWant checks fields of a decoded JSON value: path -> wanted value
// (float64 for numbers, []any or []string for arrays, nil for null).
func scnWant(t *testing.T, what string, v any, want map[string]any) {
	t.Helper()
	for path, w := range want {
		got := scnDig(v, path)
		if ws, ok := w.([]string); ok {
			arr := make([]any, len(ws))
			for i, s := range ws {
				arr[i] = s
			}
			w = arr
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s: %s=%v (%T), want %v (%T)", what, path, got, got, w, w)
		}
	}
}

// scnDecisions indexes a meeting answer's decisions by NIP.
func scnDecisions(t *testing.T, r response) (map[string]any, map[string]map[string]any) {
	t.Helper()
	body := r.json(t)
	out := map[string]map[string]any{}
	ds, ok := body["decisions"].([]any)
	if !ok {
		t.Fatalf("decisions is not an array: %s", truncate(r.body))
	}
	for _, d := range ds {
		m := d.(map[string]any)
		out[m["nip"].(string)] = m
	}
	return body, out
}

// scnEventIDs lists the ids of a write answer's events, sorted (a meeting
// answers its events in no particular order).
func scnEventIDs(body map[string]any) []string {
	var ids []string
	evs, _ := body["events"].([]any)
	for _, ev := range evs {
		ids = append(ids, ev.(map[string]any)["id"].(string))
	}
	slices.Sort(ids)
	return ids
}

func scnAwardKinds(v any) []string {
	var kinds []string
	as, _ := v.([]any)
	for _, a := range as {
		kinds = append(kinds, a.(map[string]any)["kind"].(string))
	}
	return kinds
}

func TestScenarioWholeCohort(t *testing.T) {
	e := start(t)
	lms, agency := e.lms(), e.agency()
	e.dashboard()
	const cohort = "SC-2024-III"
	base := "/v1/cohorts/" + cohort

	// Opening and enrolment: 40 of golongan III; the 41st is refused (R-COH-1).
	mustStatus(t, e.do(lms, "POST", "/v1/cohorts", cohortBody(cohort)), http.StatusCreated)
	nips := make([]string, 40)
	scnParallel(len(nips), func(i int) {
		nips[i] = nip(i)
		scnExpect(t, "enrol "+nips[i], e.do(lms, "POST", base+"/participants", map[string]any{
			"nip": nips[i], "name": fmt.Sprintf("Peserta %02d", i), "golongan": "III/a", "agency": "pemkab-blitar",
		}), http.StatusCreated)
	})
	if t.Failed() {
		t.FailNow()
	}
	r := e.do(lms, "POST", base+"/participants", map[string]any{"nip": nip(40), "name": "Peserta 40", "golongan": "III", "agency": "pemkab-blitar"})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-COH-1", "nip")(t, r)

	// Groups of 10 (R-COH-4); an eleventh member is refused.
	eleven := append([]string{}, nips[:10]...)
	eleven = append(eleven, nips[10])
	r = e.do(lms, "POST", base+"/groups", map[string]any{"group_id": "kelompok-x", "nips": eleven})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-COH-4", "nips")(t, r)
	for g := range 4 {
		mustStatus(t, e.do(lms, "POST", base+"/groups", map[string]any{
			"group_id": fmt.Sprintf("kelompok-%d", g+1), "nips": nips[g*10 : g*10+10],
		}), http.StatusCreated)
	}

	// The participants, by index:
	//   0        all 92.10                      lulus, rank 1, Piagam
	//   1, 2     all 88.40                      lulus, rank 2 (tie), Piagam each
	//   3        all 86.00                      lulus, rank 4, no Piagam
	//   4        example 6                      lulus, final 84.75, rank 5
	//   5        example 7 (e-learning 45)      ditunda, remedial 78 -> lulus 84.30
	//   6        example 6, implementation 55   ditunda (actualisation), late remedial once the deadline is extended
	//   7        example 6, implementation 55   ditunda (actualisation), remedial 80 -> lulus
	//   8        example 6, 20 JP absent        tidak_lulus (R-ATT-2)
	//   9        example 8 (72 / 60)            tidak_lulus (attitude kurang), final 82.05
	//   10       posttest 55: MOOC failed       no check-in; ditunda (academic_mooc), no remedial -> tidak_lulus
	//   11       all 80.00, 8 JP absent         lulus, rank 6
	//   12       example 6, PKTBT 65            ditunda (pktbt), agency remedial 75 -> lulus
	//   13       example 6 without implementation  incomplete (R-GRAD-4)
	//   14..39   all 80.00                      lulus, rank 6, no Piagam (80.00 < 80.01)
	ex6 := scnExample6()
	profiles := map[int]scnProfile{
		0: scnUniform(92.10), 1: scnUniform(88.40), 2: scnUniform(88.40), 3: scnUniform(86.00),
		4:  ex6,
		5:  ex6.with(map[string]float64{"academic_elearning": 45}),
		6:  ex6.with(map[string]float64{"actualization_implementation": 55}),
		7:  ex6.with(map[string]float64{"actualization_implementation": 55}),
		8:  ex6,
		9:  ex6.with(map[string]float64{"attitude_institution": 72, "attitude_agency": 60}),
		10: {posttest: [2]float64{55, 55}, scores: ex6.scores},
		12: ex6.with(map[string]float64{"pktbt": 65}),
		13: ex6.with(map[string]float64{"actualization_implementation": -1}),
	}
	scnParallel(len(nips), func(i int) {
		p, ok := profiles[i]
		if !ok {
			p = scnUniform(80)
		}
		scnLearn(t, e, nips[i], p)
	})
	if t.Failed() {
		t.FailNow()
	}

	// Who scores what (rules.md §6, last column).
	r = e.do(lms, "POST", "/v1/participants/"+nips[14]+"/scores", map[string]any{"component": "pktbt", "score": 80, "assessor": "x", "assessed_at": "2024-07-30T10:00:00Z"})
	mustStatus(t, r, http.StatusForbidden)
	problem("R-EVAL-1", "component")(t, r)
	r = e.do(agency, "POST", "/v1/participants/"+nips[14]+"/scores", map[string]any{"component": "attitude_institution", "score": 80, "assessor": "x", "assessed_at": "2024-07-30T10:00:00Z"})
	mustStatus(t, r, http.StatusForbidden)
	r = e.do(lms, "POST", "/v1/participants/"+nips[14]+"/scores", map[string]any{"component": "academic_mooc", "score": 80, "assessor": "x", "assessed_at": "2024-07-30T10:00:00Z"})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-POST-2", "component")(t, r)

	// Sessions: one synchronous session per group, the seminar of the
	// actualisation design for the whole cohort, three klasikal days.
	type session struct {
		id, mode, date, group string
		jp                    int
	}
	sessions := []session{
		{"sc-sync-k1", "synchronous", "2024-06-24", "kelompok-1", 1},
		{"sc-sync-k2", "synchronous", "2024-06-24", "kelompok-2", 1},
		{"sc-sync-k3", "synchronous", "2024-06-24", "kelompok-3", 1},
		{"sc-sync-k4", "synchronous", "2024-06-24", "kelompok-4", 1},
		{"sc-seminar-ra", "synchronous", "2024-07-01", "", 10},
		{"sc-klasikal-1", "klasikal", "2024-07-22", "", 10},
		{"sc-klasikal-2", "klasikal", "2024-07-23", "", 14},
		{"sc-klasikal-3", "klasikal", "2024-07-24", "", 7},
	}
	for _, s := range sessions {
		body := map[string]any{"session_id": s.id, "mode": s.mode, "date": s.date, "jp": s.jp, "title": "Sesi " + s.id}
		if s.group != "" {
			body["group_id"] = s.group
		}
		mustStatus(t, e.do(lms, "POST", base+"/sessions", body), http.StatusCreated)
	}
	// Attendance: participant 8 misses the seminar (10 JP) and a klasikal day
	// (10 JP): 20 JP > 18 breaks R-ATT-2. Participant 11 misses the group
	// session (1 JP) and klasikal-3 (7 JP): 8 JP, 2 sessions, 2 days, not
	// broken. Participant 10 never checked in and takes no klasikal record.
	absent := map[string]map[int]bool{
		"sc-seminar-ra": {8: true},
		"sc-klasikal-1": {8: true},
		"sc-klasikal-3": {11: true},
		"sc-sync-k2":    {11: true},
	}
	for g, s := range sessions {
		var records []map[string]any
		for i, n := range nips {
			if s.group != "" && i/10 != g {
				continue
			}
			if s.mode == "klasikal" && i == 10 {
				continue
			}
			status := "present"
			if absent[s.id][i] {
				status = "absent"
			}
			records = append(records, map[string]any{"nip": n, "status": status})
		}
		r := e.do(lms, "PUT", "/v1/sessions/"+s.id+"/attendance", map[string]any{"records": records})
		mustStatus(t, r, http.StatusCreated)
		if got := r.json(t)["recorded"]; got != float64(len(records)) {
			t.Fatalf("%s: recorded=%v, want %d", s.id, got, len(records))
		}
	}
	// A participant of another group is not expected at a group's session (R-ATT-1).
	r = e.do(lms, "PUT", "/v1/sessions/sc-sync-k1/attendance", map[string]any{"records": []map[string]any{{"nip": nips[10], "status": "present"}}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-ATT-1", "records[0].nip")(t, r)

	// A remedial before any meeting defers no one (R-REM-1).
	r = e.do(lms, "POST", "/v1/participants/"+nips[5]+"/remedials", map[string]any{"component": "academic_elearning", "score": 78, "taken_on": "2024-08-01"})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-REM-1", "component")(t, r)

	// Provisional standings before the meeting.
	st := e.standing(lms, nips[10])
	scnWant(t, "participant 10 before the meeting", st, map[string]any{
		"mooc.passed": false, "mooc.unmet_rules": []string{"R-POST-1"}, "checked_in": false,
		"components.academic_mooc": 55.0, "mooc.posttest.result": 55.0,
		"outcome.status": "provisional", "outcome.result": "ditunda",
	})
	st = e.standing(lms, nips[4])
	scnWant(t, "participant 4 (example 6) before the meeting", st, map[string]any{
		"mooc.passed": true, "checked_in": true, "mooc.trophies.total": 28.0, "mooc.attitude_score": 70.01,
		"components.academic_mooc": 90.01, "final.score": 84.75, "final.qualification": "memuaskan",
		"outcome.status": "provisional", "outcome.result": "lulus",
	})

	// The preview answers every decision and writes nothing.
	headBefore := e.head()
	r = e.do(lms, "GET", base+"/graduation/preview", nil)
	mustStatus(t, r, http.StatusOK)
	previewBody, preview := scnDecisions(t, r)
	scnWant(t, "preview", previewBody, map[string]any{
		"recorded": false, "redecision": false, "events": []any{},
		"outcomes": map[string]any{"lulus": 32.0, "ditunda": 5.0, "tidak_lulus": 2.0, "incomplete": 1.0},
	})
	if len(preview) != 40 {
		t.Fatalf("preview decides %d participants, want 40", len(preview))
	}
	if headAfter := e.head(); headAfter != headBefore {
		t.Fatalf("the preview moved the log head from %s to %s", headBefore, headAfter)
	}
	mustStatus(t, e.do(e.dashboard(), "GET", base+"/graduation/preview", nil), http.StatusOK)
	if headAfter := e.head(); headAfter != headBefore {
		t.Fatalf("a second preview moved the log head from %s to %s", headBefore, headAfter)
	}
	if st := e.standing(lms, nips[0]); scnDig(st, "outcome.status") != "provisional" {
		t.Fatalf("after the preview participant 0 is %v, want still provisional", scnDig(st, "outcome.status"))
	}

	// The graduation meeting (Friday 2024-08-02).
	r = e.do(lms, "POST", base+"/graduation", map[string]any{"decided_on": "2024-08-02", "meeting_ref": "BA-RAPAT-2024-08-02"})
	mustStatus(t, r, http.StatusCreated)
	meetingBody, decided := scnDecisions(t, r)
	scnWant(t, "meeting", meetingBody, map[string]any{
		"recorded": true, "redecision": false, "meeting_ref": "BA-RAPAT-2024-08-02", "decided_on": "2024-08-02", "cohort_id": cohort,
		"outcomes": map[string]any{"lulus": 32.0, "ditunda": 5.0, "tidak_lulus": 2.0, "incomplete": 1.0},
	})
	evs, _ := meetingBody["events"].([]any)
	if len(evs) != 79 {
		t.Fatalf("the meeting recorded %d events, want 40 GraduationDecided, 1 GraduationMeetingHeld, 1 DocumentsNumbered and 37 DocumentIssued", len(evs))
	}
	types := map[string]int{}
	for _, ev := range evs {
		types[ev.(map[string]any)["type"].(string)]++
	}
	if types["GraduationDecided"] != 40 || types["GraduationMeetingHeld"] != 1 || types["DocumentsNumbered"] != 1 || types["DocumentIssued"] != 32+3+2 {
		t.Fatalf("event types %v, want 40 GraduationDecided, 1 GraduationMeetingHeld, 1 DocumentsNumbered and 37 DocumentIssued (32 STTP, 3 Piagam, 2 Surat Keterangan)", types)
	}
	// The preview took the same decisions.
	for n, d := range decided {
		p := preview[n]
		for _, k := range []string{"outcome", "rules", "deferred_components", "final", "aspects", "rank", "awards"} {
			if !reflect.DeepEqual(p[k], d[k]) {
				t.Errorf("%s: preview %s=%v, meeting %v", n, k, p[k], d[k])
			}
		}
		if id, _ := d["event_id"].(string); id == "" {
			t.Errorf("%s: decision without event_id", n)
		}
	}

	type want struct {
		outcome string
		rules   []string
		awards  []string
		rank    any
		final   any
		extra   map[string]any
	}
	wants := map[int]want{
		0:  {"lulus", []string{"R-GRAD-1"}, []string{"sttp", "piagam_penghargaan"}, 1.0, 92.10, map[string]any{"awards.1.rank": 1.0, "final.qualification": "sangat_memuaskan"}},
		1:  {"lulus", []string{"R-GRAD-1"}, []string{"sttp", "piagam_penghargaan"}, 2.0, 88.40, map[string]any{"awards.1.rank": 2.0}},
		2:  {"lulus", []string{"R-GRAD-1"}, []string{"sttp", "piagam_penghargaan"}, 2.0, 88.40, map[string]any{"awards.1.rank": 2.0}},
		3:  {"lulus", []string{"R-GRAD-1"}, []string{"sttp"}, 4.0, 86.00, nil},
		4:  {"lulus", []string{"R-GRAD-1"}, []string{"sttp"}, 5.0, 84.75, map[string]any{"final.qualification": "memuaskan", "aspects.attitude.score": 86.0, "aspects.academic.score": 86.26, "aspects.actualization.score": 85.2, "aspects.pktbt.score": 80.0}},
		5:  {"ditunda", []string{"R-GRAD-2"}, nil, nil, 81.00, map[string]any{"deferred_components": []string{"academic_elearning"}, "aspects.academic.score": 67.51, "aspects.academic.qualification": "kurang_memuaskan"}},
		6:  {"ditunda", []string{"R-GRAD-2"}, nil, nil, 75.45, map[string]any{"deferred_components": []string{"actualization_implementation"}}},
		7:  {"ditunda", []string{"R-GRAD-2"}, nil, nil, 75.45, map[string]any{"deferred_components": []string{"actualization_implementation"}, "aspects.actualization.score": 66.6, "aspects.actualization.qualification": "kurang_memuaskan"}},
		8:  {"tidak_lulus", []string{"R-GRAD-3", "R-ATT-2"}, []string{"surat_keterangan"}, nil, 84.75, map[string]any{"attendance.limit_broken": true, "attendance.absent_jp": 20.0, "attendance.absent_sessions": 2.0, "attendance.absent_days": 2.0}},
		9:  {"tidak_lulus", []string{"R-GRAD-3", "R-QUAL-1"}, []string{"surat_keterangan"}, nil, 82.05, map[string]any{"aspects.attitude.score": 68.0, "aspects.attitude.qualification": "kurang_memuaskan"}},
		10: {"ditunda", []string{"R-GRAD-2"}, nil, nil, 81.25, map[string]any{"deferred_components": []string{"academic_mooc"}, "aspects.academic.score": 68.75}},
		11: {"lulus", []string{"R-GRAD-1"}, []string{"sttp"}, 6.0, 80.00, map[string]any{"attendance.limit_broken": false, "attendance.absent_jp": 8.0, "attendance.absent_sessions": 2.0, "attendance.absent_days": 2.0}},
		12: {"ditunda", []string{"R-GRAD-2"}, nil, nil, 82.50, map[string]any{"deferred_components": []string{"pktbt"}, "aspects.pktbt.qualification": "kurang_memuaskan"}},
		13: {"incomplete", []string{"R-GRAD-4"}, nil, nil, nil, map[string]any{"final.qualification": nil}},
	}
	for i := 14; i < 40; i++ {
		wants[i] = want{"lulus", []string{"R-GRAD-1"}, []string{"sttp"}, 6.0, 80.00, map[string]any{"final.qualification": "cukup_memuaskan"}}
	}
	piagam := 0
	for i, n := range nips {
		d, ok := decided[n]
		if !ok {
			t.Errorf("no decision for participant %d (%s)", i, n)
			continue
		}
		w := wants[i]
		what := fmt.Sprintf("meeting decision of participant %d", i)
		check := map[string]any{"outcome": w.outcome, "rules": w.rules, "rank": w.rank, "final.score": w.final, "name": fmt.Sprintf("Peserta %02d", i)}
		for k, v := range w.extra {
			check[k] = v
		}
		scnWant(t, what, d, check)
		if got := scnAwardKinds(d["awards"]); !reflect.DeepEqual(got, w.awards) {
			t.Errorf("%s: awards %v, want %v", what, got, w.awards)
		}
		for _, k := range scnAwardKinds(d["awards"]) {
			if k == "piagam_penghargaan" {
				piagam++
			}
		}
	}
	if piagam != 3 {
		t.Errorf("%d Piagam Penghargaan, want 3 (ranks 1, 2, 2)", piagam)
	}

	// The standings show the decision, read at the meeting's own position.
	lastPos := evs[len(evs)-1].(map[string]any)["position"].(float64)
	for _, i := range []int{0, 2, 5, 8, 9, 13} {
		r := e.do(e.dashboard(), "GET", fmt.Sprintf("/v1/participants/%s/standing?min_position=%d", nips[i], int64(lastPos)), nil)
		mustStatus(t, r, http.StatusOK)
		st := r.json(t)
		w := wants[i]
		scnWant(t, fmt.Sprintf("standing of participant %d after the meeting", i), st, map[string]any{
			"outcome.status": "decided", "outcome.result": w.outcome, "outcome.rules": w.rules,
			"outcome.meeting_ref": "BA-RAPAT-2024-08-02", "outcome.decided_on": "2024-08-02", "final.score": w.final,
		})
		if got := scnAwardKinds(st["awards"]); !reflect.DeepEqual(got, w.awards) {
			t.Errorf("standing of participant %d: awards %v, want %v", i, got, w.awards)
		}
		if w.rank != nil && scnDig(st, "outcome.rank") != w.rank {
			t.Errorf("standing of participant %d: outcome.rank=%v, want %v", i, scnDig(st, "outcome.rank"), w.rank)
		}
	}
	cv := e.do(lms, "GET", base+"?min_position="+e.head(), nil)
	mustStatus(t, cv, http.StatusOK)
	scnWant(t, "cohort after the meeting", cv.json(t), map[string]any{"phase": "decided", "remedial_deadline": "2024-08-09", "roster_size": 40.0})

	// The cohort is closed to learning events (409).
	runCases(t, e, []apiCase{
		{name: "trophy-after-decision-409", token: func(e *env) string { return lms }, method: "POST", path: "/v1/participants/" + nips[14] + "/trophies",
			body: trophy("s1-4-0", "substansi_1", 4), want: 409, check: problem("R-GRAD-4", "")},
		{name: "posttest-after-decision-409", token: func(e *env) string { return lms }, method: "POST", path: "/v1/participants/" + nips[5] + "/posttests",
			body: map[string]any{"attempt_id": "post-2", "substansi_1_score": 95, "substansi_2_score": 95, "taken_at": "2024-08-03T10:00:00Z"}, want: 409, check: problem("R-GRAD-4", "")},
		{name: "score-after-decision-409", token: func(e *env) string { return lms }, method: "POST", path: "/v1/participants/" + nips[5] + "/scores",
			body: map[string]any{"component": "academic_elearning", "score": 90, "assessor": "x", "assessed_at": "2024-08-05T10:00:00Z"}, want: 409, check: problem("R-GRAD-4", "")},
		{name: "agency-score-after-decision-409", token: func(e *env) string { return agency }, method: "POST", path: "/v1/participants/" + nips[13] + "/scores",
			body: map[string]any{"component": "pktbt", "score": 90, "assessor": "x", "assessed_at": "2024-08-05T10:00:00Z"}, want: 409, check: problem("R-GRAD-4", "")},
		{name: "attendance-after-decision-409", token: func(e *env) string { return lms }, method: "PUT", path: "/v1/sessions/sc-klasikal-1/attendance",
			body: map[string]any{"records": []map[string]any{{"nip": nips[8], "status": "present"}}}, want: 409, check: problem("R-GRAD-4", "")},
		{name: "enrolment-after-decision-409", token: func(e *env) string { return lms }, method: "POST", path: base + "/participants",
			body: map[string]any{"nip": nip(41), "name": "Terlambat", "golongan": "III", "agency": "pemkab-blitar"}, want: 409, check: problem("R-GRAD-4", "")},
		{name: "session-after-decision-409", token: func(e *env) string { return lms }, method: "POST", path: base + "/sessions",
			body: map[string]any{"session_id": "sc-late", "mode": "klasikal", "date": "2024-08-05", "jp": 2, "title": "Terlambat"}, want: 409, check: problem("R-GRAD-4", "")},
		{name: "the-same-trophy-again-200", token: func(e *env) string { return lms }, method: "POST", path: "/v1/participants/" + nips[14] + "/trophies",
			body: trophy("keb-0", "kebijakan", 0), want: 200},
	})
	// Nothing of that reached the standings.
	st = e.standing(lms, nips[8])
	scnWant(t, "participant 8 after the refused attendance", st, map[string]any{"attendance.absent_jp": 20.0, "outcome.result": "tidak_lulus"})

	// Remedials (R-REM-1..3), against the deadline 2024-08-09.
	remedial := func(token, n, component string, score float64, on string) response {
		return e.do(token, "POST", "/v1/participants/"+n+"/remedials", map[string]any{"component": component, "score": score, "taken_on": on})
	}
	r = remedial(lms, nips[5], "academic_elearning", 78, "2024-08-07")
	mustStatus(t, r, http.StatusCreated)
	scnWant(t, "remedial of participant 5", r.json(t), map[string]any{
		"deadline": "2024-08-09", "evaluation.components.academic_elearning": 78.0,
		"evaluation.aspects.academic.score": 84.01, "evaluation.final.score": 84.30, "evaluation.final.qualification": "memuaskan",
	})
	mustStatus(t, remedial(lms, nips[5], "academic_elearning", 78, "2024-08-07"), http.StatusOK) // the same remedial again
	r = remedial(lms, nips[5], "academic_elearning", 85, "2024-08-08")
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-REM-1", "component")(t, r) // a second remedial
	r = remedial(lms, nips[7], "academic_elearning", 90, "2024-08-07")
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-REM-1", "component")(t, r) // not the component that deferred them
	r = remedial(lms, nips[7], "actualization_design", 90, "2024-08-07")
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-REM-3", "component")(t, r) // design has no remedial
	r = remedial(lms, nips[0], "academic_elearning", 95, "2024-08-07")
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-REM-1", "component")(t, r) // lulus: nothing to remedy
	r = remedial(lms, nips[9], "attitude_institution", 90, "2024-08-07")
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-REM-3", "component")(t, r) // attitude has no remedial
	mustStatus(t, remedial(lms, nips[7], "actualization_implementation", 80, "2024-08-08"), http.StatusCreated)
	mustStatus(t, remedial(lms, nips[12], "pktbt", 75, "2024-08-09"), http.StatusForbidden) // pktbt is the agency's
	r = remedial(agency, nips[12], "pktbt", 75, "2024-08-09")                               // on the deadline itself
	mustStatus(t, r, http.StatusCreated)
	scnWant(t, "remedial of participant 12", r.json(t), map[string]any{"evaluation.aspects.pktbt.score": 75.0, "evaluation.final.score": 84.0})
	mustStatus(t, remedial(e.otherLMS(), nips[6], "actualization_implementation", 80, "2024-08-07"), http.StatusNotFound)
	r = remedial(lms, nips[6], "actualization_implementation", 80, "2024-08-01")
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-REM-1", "taken_on")(t, r) // before the meeting that deferred them

	// After the deadline: refused; an admin records a later deadline "as
	// needed" (R-REM-3), then the implementation remedial is accepted. The
	// academic remedials keep R-REM-2's one week (decisions.md).
	r = remedial(lms, nips[6], "actualization_implementation", 80, "2024-08-12")
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-REM-3", "taken_on")(t, r)
	mustStatus(t, e.do(lms, "POST", base+"/remedial-deadline", map[string]any{"deadline": "2024-08-16", "reason": "banjir"}), http.StatusForbidden)
	r = e.do(adminSecret, "POST", base+"/remedial-deadline", map[string]any{"deadline": "2024-08-16", "reason": "Remedial e-learning diperpanjang karena gangguan server LMS"})
	mustStatus(t, r, http.StatusCreated)
	scnWant(t, "deadline extension", r.json(t), map[string]any{"cohort.remedial_deadline": "2024-08-16", "cohort.academic_remedial_deadline": "2024-08-09"})
	r = remedial(lms, nips[6], "actualization_implementation", 80, "2024-08-12")
	mustStatus(t, r, http.StatusCreated)
	scnWant(t, "late remedial of participant 6", r.json(t), map[string]any{"deadline": "2024-08-16", "evaluation.final.score": 82.95})
	r = remedial(lms, nips[10], "academic_mooc", 80, "2024-08-12")
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-REM-2", "taken_on")(t, r) // the extension is not the academic remedials'

	st = e.standing(lms, nips[5])
	scnWant(t, "standing of participant 5 after the remedial", st, map[string]any{
		"outcome.status": "decided", "outcome.result": "ditunda",
		"remedials.0.component": "academic_elearning", "remedials.0.score": 78.0, "remedials.0.taken_on": "2024-08-07",
		"components.academic_elearning": 78.0, "aspects.academic.score": 84.01, "final.score": 84.30,
	})

	// The repeat meeting: at most 15 working days after 2024-08-02, i.e. by 2024-08-23 (R-REM-4).
	r = e.do(lms, "POST", base+"/graduation/redecision", map[string]any{"decided_on": "2024-08-26", "meeting_ref": "BA-ULANG-2024-08-26"})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-REM-4", "decided_on")(t, r)
	r = e.do(lms, "POST", base+"/graduation/redecision", map[string]any{"decided_on": "2024-08-01", "meeting_ref": "BA-ULANG-2024-08-01"})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-REM-4", "decided_on")(t, r)
	mustStatus(t, e.do(e.dashboard(), "POST", base+"/graduation/redecision", map[string]any{"decided_on": "2024-08-23", "meeting_ref": "BA-ULANG-2024-08-23"}), http.StatusForbidden)
	r = e.do(lms, "POST", base+"/graduation/redecision", map[string]any{"decided_on": "2024-08-23", "meeting_ref": "BA-ULANG-2024-08-23"})
	mustStatus(t, r, http.StatusCreated)
	repeatBody, redecided := scnDecisions(t, r)
	scnWant(t, "repeat meeting", repeatBody, map[string]any{
		"recorded": true, "redecision": true, "decided_on": "2024-08-23",
		"outcomes": map[string]any{"lulus": 4.0, "tidak_lulus": 1.0},
	})
	if len(redecided) != 5 {
		t.Fatalf("the repeat meeting decided %d participants, want the 5 deferred", len(redecided))
	}
	rwants := map[int]map[string]any{
		5:  {"outcome": "lulus", "rules": []string{"R-GRAD-1"}, "final.score": 84.30, "aspects.academic.score": 84.01, "aspects.academic.qualification": "memuaskan"},
		6:  {"outcome": "lulus", "rules": []string{"R-GRAD-1"}, "final.score": 82.95},
		7:  {"outcome": "lulus", "rules": []string{"R-GRAD-1"}, "final.score": 82.95, "aspects.actualization.score": 81.6},
		10: {"outcome": "tidak_lulus", "rules": []string{"R-REM-4", "R-REM-1", "R-GRAD-2"}, "deferred_components": []string{"academic_mooc"}},
		12: {"outcome": "lulus", "rules": []string{"R-GRAD-1"}, "final.score": 84.0},
	}
	for i, w := range rwants {
		d, ok := redecided[nips[i]]
		if !ok {
			t.Errorf("the repeat meeting did not decide participant %d", i)
			continue
		}
		scnWant(t, fmt.Sprintf("repeat decision of participant %d", i), d, w)
		wantAwards := []string{"sttp"}
		if w["outcome"] == "tidak_lulus" {
			wantAwards = []string{"surat_keterangan"}
		}
		if got := scnAwardKinds(d["awards"]); !reflect.DeepEqual(got, wantAwards) {
			t.Errorf("repeat decision of participant %d: awards %v, want %v (no Piagam at a repeat meeting)", i, got, wantAwards)
		}
		if d["rank"] != nil {
			t.Errorf("repeat decision of participant %d: rank %v, want none", i, d["rank"])
		}
	}
	// The same repeat meeting again changes nothing.
	again := e.do(lms, "POST", base+"/graduation/redecision", map[string]any{"decided_on": "2024-08-23", "meeting_ref": "BA-ULANG-2024-08-23"})
	mustStatus(t, again, http.StatusOK)
	// 5 GraduationDecided, 1 GraduationMeetingHeld, 1 DocumentsNumbered, 5 DocumentIssued (4 STTP, 1 Surat Keterangan).
	if a, b := scnEventIDs(again.json(t)), scnEventIDs(repeatBody); len(a) != 12 || !reflect.DeepEqual(a, b) {
		t.Fatalf("the repeated repeat meeting answered other events:\n%v\n%v", a, b)
	}
	// After the repeat meeting nobody is deferred: no remedial, no other repeat meeting decides anyone.
	r = remedial(lms, nips[10], "academic_mooc", 80, "2024-08-14")
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-REM-1", "component")(t, r)

	// The standings after the repeat meeting.
	final := map[int]map[string]any{
		5: {"outcome.status": "decided", "outcome.result": "lulus", "outcome.redecision": true, "outcome.meeting_ref": "BA-ULANG-2024-08-23",
			"outcome.decided_on": "2024-08-23", "outcome.rules": []string{"R-GRAD-1"}, "final.score": 84.30, "final.qualification": "memuaskan",
			"remedials.0.component": "academic_elearning", "remedials.0.score": 78.0, "awards.0.kind": "sttp"},
		6: {"outcome.result": "lulus", "outcome.redecision": true, "remedials.0.component": "actualization_implementation", "remedials.0.taken_on": "2024-08-12", "remedials.0.score": 80.0},
		7: {"outcome.result": "lulus", "remedials.0.component": "actualization_implementation", "components.actualization_implementation": 80.0},
		10: {"outcome.result": "tidak_lulus", "outcome.redecision": true, "outcome.rules": []string{"R-REM-4", "R-REM-1", "R-GRAD-2"},
			"remedials": []any{}, "awards.0.kind": "surat_keterangan", "mooc.passed": false, "checked_in": false},
		12: {"outcome.result": "lulus", "remedials.0.component": "pktbt", "remedials.0.score": 75.0},
		0:  {"outcome.result": "lulus", "outcome.meeting_ref": "BA-RAPAT-2024-08-02", "outcome.rank": 1.0, "awards.1.kind": "piagam_penghargaan", "awards.1.rank": 1.0, "remedials": []any{}},
		1:  {"outcome.rank": 2.0, "awards.1.kind": "piagam_penghargaan", "awards.1.rank": 2.0},
		3:  {"outcome.rank": 4.0, "awards": []any{map[string]any{"kind": "sttp"}}},
		8:  {"outcome.result": "tidak_lulus", "outcome.rules": []string{"R-GRAD-3", "R-ATT-2"}, "attendance.limit_broken": true, "awards.0.kind": "surat_keterangan"},
		9:  {"outcome.result": "tidak_lulus", "aspects.attitude.qualification": "kurang_memuaskan", "final.score": 82.05},
		13: {"outcome.result": "incomplete", "outcome.rules": []string{"R-GRAD-4"}, "components.actualization_implementation": nil, "awards": []any{}},
	}
	for i, w := range final {
		scnWant(t, fmt.Sprintf("final standing of participant %d", i), e.standing(e.dashboard(), nips[i]), w)
	}
	// The agency reads its own participants' standings too.
	scnWant(t, "agency's view of participant 12", e.standing(agency, nips[12]), map[string]any{"outcome.result": "lulus"})
}
