package tests

import (
	"net/http"
	"strings"
	"testing"

	"github.com/latsar/ledger/api"
	"github.com/latsar/ledger/app"
)

// TestRateLimits: guessing tokens from one address, and one token's flood,
// are answered 429 with Retry-After and the RateLimit headers once their
// budget is spent; other tokens go on.
func TestRateLimits(t *testing.T) {
	e := startWith(t, app.Options{DataDir: t.TempDir(), RateLimits: api.RateLimits{PerToken: 0.01, PerTokenBurst: 3, PerAddress: 0.01, PerAddressBurst: 3}})
	e.checkOA = false // 429 is not yet declared per operation (issue 17)
	lms := e.lms()    // spends the admin token's budget: one request
	statuses := func(token string, n int) []int {
		out := make([]int, n)
		for i := range out {
			r := e.do(token, "GET", "/v1/cohorts/NONE", nil)
			out[i] = r.status
			if r.status == http.StatusTooManyRequests {
				if r.header.Get("Retry-After") == "" || !strings.Contains(r.header.Get("RateLimit"), "r=0") ||
					r.header.Get("RateLimit-Policy") == "" || !strings.Contains(string(r.body), "rate_limited") {
					t.Fatalf("429 without its headers or problem: %v %s", r.header, r.body)
				}
			}
		}
		return out
	}
	want := func(what string, got []int, ok int) {
		t.Helper()
		for i, s := range got {
			if (i < ok && s == http.StatusTooManyRequests) || (i >= ok && s != http.StatusTooManyRequests) {
				t.Fatalf("%s: statuses %v, want %d answers then 429", what, got, ok)
			}
		}
	}
	want("bogus tokens from one address", statuses("bogus", 5), 3)
	want("one lms token", statuses(lms, 5), 3)
	want("the admin token, which spent one", statuses(adminSecret, 3), 2)
	if r := e.do("", "GET", "/healthz", nil); r.status != http.StatusTooManyRequests {
		t.Fatalf("open route from an address out of budget: %d, want 429", r.status)
	}
}
