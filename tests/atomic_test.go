package tests

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestRacedEnrolmentAcrossInstitutions is the first wave's phantom enrolment,
// run 100 times over HTTP: two institutions' LMS enrol the same NIP into
// their own cohorts at the same moment, then each holds its graduation
// meeting. Exactly one enrolment answers 201 each time, the other
// institution's roster never counts the participant, and its meeting
// decides nobody (nor shows the participant in its preview).
func TestRacedEnrolmentAcrossInstitutions(t *testing.T) {
	e := start(t)
	tokens := []string{e.lms(), e.otherLMS()}
	institutions := []string{"bpsdm-jatim", "bpsdm-jabar"}
	const rounds = 100
	phantoms, foreign := 0, 0
	for i := range rounds {
		ids := []string{fmt.Sprintf("RXA-%d", i), fmt.Sprintf("RXB-%d", i)}
		for j, id := range ids {
			body := cohortBody(id)
			body["institution_id"] = institutions[j]
			mustStatus(t, e.do(tokens[j], "POST", "/v1/cohorts", body), http.StatusCreated)
		}
		n := nip(i)
		statuses := make([]int, 2)
		var wg sync.WaitGroup
		for j := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[j] = e.do(tokens[j], "POST", "/v1/cohorts/"+ids[j]+"/participants", map[string]any{
					"nip": n, "name": "Peserta " + n, "golongan": "III", "agency": "pemkab-blitar",
				}).status
			}()
		}
		wg.Wait()
		winner := -1
		for j, s := range statuses {
			switch s {
			case http.StatusCreated:
				if winner >= 0 {
					t.Fatalf("round %d: both enrolments answered 201", i)
				}
				winner = j
			case http.StatusConflict:
			default:
				t.Fatalf("round %d: enrolment answered %d, want 201 or 409", i, s)
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: no enrolment answered 201 (%v)", i, statuses)
		}
		for j, id := range ids {
			view := e.do(tokens[j], "GET", "/v1/cohorts/"+id+"?min_position="+e.head(), nil).json(t)
			want := 0.0
			if j == winner {
				want = 1
			}
			if view["roster_size"] != want {
				phantoms++
			}
			preview := e.do(tokens[j], "GET", "/v1/cohorts/"+id+"/graduation/preview", nil)
			mustStatus(t, preview, http.StatusOK)
			held := e.do(tokens[j], "POST", "/v1/cohorts/"+id+"/graduation", gradMeeting("2024-08-02", "BA-"+id))
			mustStatus(t, held, http.StatusCreated)
			for _, r := range []response{preview, held} {
				_, decisions := scnDecisions(t, r)
				if _, ok := decisions[n]; ok != (j == winner) || len(decisions) > 1 {
					foreign++
				}
			}
		}
	}
	if phantoms != 0 || foreign != 0 {
		t.Fatalf("%d phantom roster entries and %d decisions or previews by another cohort's meeting in %d rounds, want 0 and 0", phantoms, foreign, rounds)
	}
}
