package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"
)

// post is a demo write through the API, failing on any status from 300.
type post func(path string, body any) error

// demoAPI writes the demo through the API itself (the same handlers and
// rules an LMS meets) as an admin.
type demoAPI struct {
	h        http.Handler
	token    string
	position string // X-Event-Position of the last write
}

func (d *demoAPI) do(method, path string, body any) error {
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("Authorization", "Bearer "+d.token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	d.h.ServeHTTP(rec, req)
	if rec.Code >= 300 {
		return fmt.Errorf("demo: %s %s: %d %s", method, path, rec.Code, rec.Body.String())
	}
	if p := rec.Header().Get("X-Event-Position"); p != "" && method != http.MethodGet {
		d.position = p
	}
	return nil
}

func (d *demoAPI) post(path string, body any) error { return d.do(http.MethodPost, path, body) }
func (d *demoAPI) put(path string, body any) error  { return d.do(http.MethodPut, path, body) }

// settle waits until the read model holds the last write: attendance finds
// a session's cohort through it.
func (d *demoAPI) settle(cohortID string) error {
	return d.do(http.MethodGet, "/v1/cohorts/"+cohortID+"?min_position="+d.position, nil)
}

// demoCohorts are the demo's cohorts, in the order they load (a later one
// may lean on an earlier one); each is loaded when the store lacks it, so a
// store holding the older ones gets the newer.
var demoCohorts = []struct {
	id   string
	load func(*demoAPI) error
}{
	{"DEMO-2024-III-01", loadMOOCDemo},
	{"DEMO-2024-III-02", loadProgrammeDemo},
	{"DEMO-2024-III-03", loadReleaseDemo},
}

// loadDemo records the demo cohorts the store does not have (have tells;
// nil: none) and answers the ids it loaded.
func loadDemo(h http.Handler, token string, have func(id string) bool) ([]string, error) {
	d := &demoAPI{h: h, token: token}
	var loaded []string
	for _, c := range demoCohorts {
		if have != nil && have(c.id) {
			continue
		}
		if err := c.load(d); err != nil {
			return loaded, err
		}
		loaded = append(loaded, c.id)
	}
	return loaded, nil
}

// loadMOOCDemo opens a cohort with 12 participants at different points of
// the MOOC.
func loadMOOCDemo(d *demoAPI) error {
	post := d.post
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
	return nil
}
