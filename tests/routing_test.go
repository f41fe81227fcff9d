package tests

import (
	"net/http"
	"testing"

	"github.com/latsar/ledger/app"
)

// TestUnknownPathsUnderV1: /v1 authenticates before it routes, so an unknown
// path there (or a known path with a method it does not take) answers 401
// without a token and 404 with one; outside /v1 an unknown path is a 404.
func TestUnknownPathsUnderV1(t *testing.T) {
	e := startWith(t, app.Options{DataDir: t.TempDir()})
	e.checkOA = false // the OpenAPI document describes the routes, not the paths without one
	for _, tc := range []struct {
		token, method, path string
		want                int
	}{
		{"", "GET", "/v1/nowhere", http.StatusUnauthorized},
		{"", "GET", "/v1", http.StatusUnauthorized},
		{adminSecret, "GET", "/v1/nowhere", http.StatusNotFound},
		{adminSecret, "GET", "/v1", http.StatusNotFound},
		{"", "PATCH", "/v1/cohorts", http.StatusUnauthorized},
		{adminSecret, "PATCH", "/v1/cohorts", http.StatusNotFound},
		{adminSecret, "GET", "/v1/cohorts/C1/nowhere", http.StatusNotFound},
		{"", "GET", "/nowhere", http.StatusNotFound},
	} {
		if got := e.do(tc.token, tc.method, tc.path, nil); got.status != tc.want {
			t.Errorf("%s %s (token %q): %d, want %d", tc.method, tc.path, tc.token, got.status, tc.want)
		}
	}
}
