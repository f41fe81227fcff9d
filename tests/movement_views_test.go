package tests

import (
	"net/http"
	"testing"

	"github.com/latsar/ledger/app"
)

// TestMovesReachTheViews: after a transfer the participant is listed (and
// ranked) in the new cohort only; after a withdrawal in none; memory and
// Redis read models answer alike.
func TestMovesReachTheViews(t *testing.T) {
	r := startRedis(t)
	for _, mode := range []struct {
		name string
		opts app.Options
	}{{"memory", app.Options{DataDir: t.TempDir()}}, {"redis", app.Options{DataDir: t.TempDir(), RedisURL: r.url()}}} {
		t.Run(mode.name, func(t *testing.T) {
			e := startWith(t, mode.opts)
			nips := e.openCohort("MA", 3)
			mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts", cohortBody("MB")), http.StatusCreated)
			for _, p := range nips {
				mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k1", "kebijakan", 0)), http.StatusCreated)
			}
			mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+nips[0]+"/transfer", transferTo("MB")), http.StatusCreated)
			mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+nips[1]+"/withdrawal", withdrawal("2024-07-01")), http.StatusCreated)

			listed := func(cohort string) map[string]bool {
				t.Helper()
				out := map[string]bool{}
				page := e.do(adminSecret, "GET", "/v1/cohorts/"+cohort+"/standings?min_position="+e.head(), nil)
				mustStatus(t, page, http.StatusOK)
				for _, it := range page.json(t)["items"].([]any) {
					out[it.(map[string]any)["nip"].(string)] = true
				}
				board := e.do(adminSecret, "GET", "/v1/cohorts/"+cohort+"/leaderboard?board=trophies", nil)
				mustStatus(t, board, http.StatusOK)
				for _, row := range board.json(t)["rows"].([]any) {
					if n := row.(map[string]any)["nip"].(string); !out[n] {
						t.Errorf("%s's board ranks %s, whom its standings do not list", cohort, n)
					}
				}
				return out
			}
			a, b := listed("MA"), listed("MB")
			if a[nips[0]] || !b[nips[0]] {
				t.Errorf("transferred %s: listed in MA %v, in MB %v; want MB only", nips[0], a[nips[0]], b[nips[0]])
			}
			if a[nips[1]] || b[nips[1]] {
				t.Errorf("withdrawn %s is still listed", nips[1])
			}
			if !a[nips[2]] {
				t.Errorf("%s, who stayed, is not listed in MA", nips[2])
			}
		})
	}
}
