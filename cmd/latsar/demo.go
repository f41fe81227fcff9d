package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"
)

// loadDemo records two small cohorts through the API itself (the same
// handlers and rules an LMS meets): one with 12 participants at different
// points of the MOOC, and one laid out by the programme template and run
// to its graduation meeting (loadProgrammeDemo).
func loadDemo(h http.Handler, token string) error {
	post := func(path string, body any) error {
		raw, _ := json.Marshal(body)
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(raw))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 300 {
			return fmt.Errorf("demo: POST %s: %d %s", path, rec.Code, rec.Body.String())
		}
		return nil
	}
	err := post("/v1/cohorts", map[string]any{
		"cohort_id": "DEMO-2024-III-01", "name": "Latsar CPNS Golongan III Angkatan 1 (demo)",
		"institution_id": "bpsdm-demo", "golongan": []string{"III"}, "starts_on": "2024-06-03", "ends_on": "2024-08-02",
		"trophy_catalogue": map[string]any{
			"kebijakan":   map[string]int{"0": 3},
			"substansi_1": map[string]int{"1": 10, "2": 10, "3": 10, "4": 10},
			"substansi_2": map[string]int{"1": 5, "2": 5, "3": 5, "4": 4},
		},
	})
	if err != nil {
		return err
	}
	names := []string{"Siti Rahayu", "Budi Santoso", "Dewi Lestari", "Agus Prasetyo", "Rina Wati", "Joko Susilo",
		"Maya Sari", "Hendra Gunawan", "Putri Ayu", "Rudi Hartono", "Nur Aini", "Eko Saputra"}
	start := time.Date(2024, 6, 5, 8, 0, 0, 0, time.UTC)
	for i, name := range names {
		nip := fmt.Sprintf("199%d0%d152024011%03d", 5+i%5, 1+i%9, i+1)
		if err := post("/v1/cohorts/DEMO-2024-III-01/participants", map[string]any{
			"nip": nip, "name": name, "golongan": "III/a", "agency": "pemkab-blitar",
		}); err != nil {
			return err
		}
		// Participant i earns 20 + 2i trophies (capped by the catalogue) in catalogue order.
		earned := 0
		claim := func(material string, agenda, n int) error {
			for k := 0; k < n && earned < 20+2*i; k++ {
				earned++
				at := start.Add(time.Duration(earned) * time.Hour)
				if err := post("/v1/participants/"+nip+"/trophies", map[string]any{
					"activity_id": fmt.Sprintf("%s-%d-%d", material, agenda, k), "material": material,
					"agenda": agenda, "earned_at": at.Format(time.RFC3339),
				}); err != nil {
					return err
				}
			}
			return nil
		}
		for _, c := range []struct {
			m    string
			a, n int
		}{{"kebijakan", 0, 2}, {"substansi_2", 1, 2}, {"substansi_2", 2, 2}, {"substansi_1", 1, 8}, {"substansi_1", 2, 8}, {"substansi_1", 3, 8}, {"substansi_1", 4, 10}, {"substansi_2", 3, 5}} {
			if err := claim(c.m, c.a, c.n); err != nil {
				return err
			}
		}
		if err := post("/v1/participants/"+nip+"/posttests", map[string]any{
			"attempt_id": "posttest-1", "substansi_1_score": 60 + 3*i, "substansi_2_score": 70 + i,
			"taken_at": start.Add(20 * 24 * time.Hour).Format(time.RFC3339),
		}); err != nil {
			return err
		}
	}
	return loadProgrammeDemo(post)
}

// loadProgrammeDemo opens a cohort with the perlan-1-2021-blended template
// (R-PHASE-1: its phases and ends_on laid out from 2024-06-03), brings four
// participants in by proposal, call-up and confirmation (R-CALL-1..3), runs
// them through the MOOC, klasikal check-in and the final evaluation, and
// holds the graduation meeting: one participant in each outcome (lulus,
// ditunda, tidak_lulus, incomplete).
func loadProgrammeDemo(post func(path string, body any) error) error {
	const id = "DEMO-2024-III-02"
	err := post("/v1/cohorts", map[string]any{
		"cohort_id": id, "name": "Latsar CPNS Golongan III Angkatan 2 (demo, blended template)",
		"institution_id": "bpsdm-demo", "golongan": []string{"III"}, "starts_on": "2024-06-03",
		"template": "perlan-1-2021-blended",
		"trophy_catalogue": map[string]any{
			"kebijakan":   map[string]int{"0": 3},
			"substansi_1": map[string]int{"1": 10, "2": 10, "3": 10, "4": 10},
			"substansi_2": map[string]int{"1": 5, "2": 5, "3": 5, "4": 4},
		},
	})
	if err != nil {
		return err
	}
	lulus := map[string]float64{"attitude_institution": 85, "attitude_agency": 88, "academic_elearning": 82.5,
		"actualization_design": 84, "actualization_implementation": 86, "pktbt": 80}
	with := func(changes map[string]float64) map[string]float64 {
		out := make(map[string]float64, len(lulus))
		for k, v := range lulus {
			out[k] = v
		}
		for k, v := range changes {
			out[k] = v
		}
		return out
	}
	people := []struct {
		name   string
		scores map[string]float64 // nil: nothing scored (incomplete)
	}{
		{"Ahmad Fauzi", lulus},
		{"Lina Marlina", with(map[string]float64{"academic_elearning": 45})},                          // ditunda (R-GRAD-2)
		{"Bayu Nugroho", with(map[string]float64{"attitude_institution": 40, "attitude_agency": 40})}, // tidak_lulus (R-GRAD-3)
		{"Wulan Sari", nil}, // incomplete (R-GRAD-4)
	}
	nips := make([]string, len(people))
	for i, p := range people {
		nips[i] = fmt.Sprintf("19960%d202024012%03d", 1+i, 101+i)
		if err := post("/v1/cohorts/"+id+"/proposals", map[string]any{
			"nip": nips[i], "name": p.name, "golongan": "III/a", "agency": "pemkab-blitar", "letter_number": "800/45/BKPSDM/2024",
		}); err != nil {
			return err
		}
	}
	if err := post("/v1/cohorts/"+id+"/callups", map[string]any{"nips": nips, "letter_number": "800/77/BPSDM-DEMO/2024", "called_on": "2024-05-27"}); err != nil {
		return err
	}
	for i, p := range people {
		nip := nips[i]
		if err := post("/v1/participants/"+nip+"/confirmation", map[string]any{"cohort_id": id, "confirmed_at": "2024-05-29T09:00:00Z"}); err != nil {
			return err
		}
		// 28 trophies meeting R-TRO-2..5, in the MOOC's order.
		k := 0
		for _, c := range []struct {
			m    string
			a, n int
		}{{"kebijakan", 0, 2}, {"substansi_1", 1, 7}, {"substansi_2", 1, 2}, {"substansi_1", 2, 7}, {"substansi_2", 2, 2}, {"substansi_1", 3, 7}, {"substansi_2", 3, 1}} {
			for j := range c.n {
				k++
				if err := post("/v1/participants/"+nip+"/trophies", map[string]any{
					"activity_id": fmt.Sprintf("%s-%d-%d", c.m, c.a, j), "material": c.m, "agenda": c.a,
					"earned_at": time.Date(2024, 6, 4, 8, 0, 0, 0, time.UTC).Add(time.Duration(k) * 6 * time.Hour).Format(time.RFC3339),
				}); err != nil {
					return err
				}
			}
		}
		if err := post("/v1/participants/"+nip+"/posttests", map[string]any{
			"attempt_id": "posttest-1", "substansi_1_score": 90.01, "substansi_2_score": 90.01, "taken_at": "2024-06-21T10:00:00Z",
		}); err != nil {
			return err
		}
		if p.scores == nil {
			continue
		}
		if err := post("/v1/participants/"+nip+"/checkin", map[string]any{"checked_in_at": "2024-09-05T07:30:00Z"}); err != nil {
			return err
		}
		for _, c := range []string{"attitude_institution", "attitude_agency", "academic_elearning", "actualization_design", "actualization_implementation", "pktbt"} {
			if err := post("/v1/participants/"+nip+"/scores", map[string]any{
				"component": c, "score": p.scores[c], "assessor": "Widyaiswara Ahmad", "assessed_at": "2024-09-12T10:00:00Z",
			}); err != nil {
				return err
			}
		}
	}
	return post("/v1/cohorts/"+id+"/graduation", map[string]any{"decided_on": "2024-09-13", "meeting_ref": "BA-DEMO-02"})
}
