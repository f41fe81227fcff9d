package tests

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// R-COH-1 under a race: 60 enrolments at once into a cohort of 40 admit exactly 40.
func TestConcurrentEnrolmentsAdmitExactlyCapacity(t *testing.T) {
	e := start(t)
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts", cohortBody("RACE")), http.StatusCreated)
	statuses := make([]int, 60)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := e.do(adminSecret, "POST", "/v1/cohorts/RACE/participants", map[string]any{
				"nip": nip(i), "name": fmt.Sprintf("Peserta %d", i), "golongan": "III", "agency": "pemkab-blitar",
			})
			statuses[i] = r.status
		}()
	}
	wg.Wait()
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	if got, want := count[http.StatusCreated], 40; got != want {
		t.Fatalf("admitted=%d, want %d (statuses %v)", got, want, count)
	}
	if got, want := count[http.StatusUnprocessableEntity], 20; got != want {
		t.Fatalf("refused=%d, want %d (statuses %v)", got, want, count)
	}
	cohort := e.do(adminSecret, "GET", "/v1/cohorts/RACE?min_position="+e.head(), nil).json(t)
	if got, want := cohort["roster_size"], float64(40); got != want {
		t.Fatalf("roster_size=%v, want %v", got, want)
	}
	// Every admitted participant has a stream of their own; the refused have none.
	admitted := 0
	for i := range statuses {
		r := e.do(adminSecret, "GET", "/v1/participants/"+nip(i)+"/standing", nil)
		if r.status == http.StatusOK {
			admitted++
		}
		if (r.status == http.StatusOK) != (statuses[i] == http.StatusCreated) {
			t.Fatalf("participant %d: enrol answered %d but standing %d", i, statuses[i], r.status)
		}
	}
	if admitted != 40 {
		t.Fatalf("standings=%d, want 40", admitted)
	}
}

// R-TRO-1 under a race: 60 distinct trophies at once for one participant whose
// catalogue offers 62 record exactly 50.
func TestConcurrentTrophiesStopAtFifty(t *testing.T) {
	e := start(t)
	p := e.openCohort("C1", 1)[0]
	claims := make([]map[string]any, 0, 60)
	for i := range 3 {
		claims = append(claims, trophy(fmt.Sprintf("k%d", i), "kebijakan", 0))
	}
	for a := 1; a <= 4; a++ {
		for i := range 10 {
			claims = append(claims, trophy(fmt.Sprintf("s1-%d-%d", a, i), "substansi_1", a))
		}
	}
	for a := 1; a <= 4 && len(claims) < 60; a++ {
		for i := 0; i < 5 && len(claims) < 60; i++ {
			claims = append(claims, trophy(fmt.Sprintf("s2-%d-%d", a, i), "substansi_2", a))
		}
	}
	statuses := make([]int, len(claims))
	var wg sync.WaitGroup
	for i, c := range claims {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", c).status
		}()
	}
	wg.Wait()
	created := 0
	for _, s := range statuses {
		if s == http.StatusCreated {
			created++
		} else if s != http.StatusUnprocessableEntity {
			t.Fatalf("unexpected status %d", s)
		}
	}
	if created != 50 {
		t.Fatalf("recorded=%d, want 50", created)
	}
	st := e.standing(adminSecret, p)
	if got := st["mooc"].(map[string]any)["trophies"].(map[string]any)["total"]; got != float64(50) {
		t.Fatalf("total=%v, want 50", got)
	}
}
