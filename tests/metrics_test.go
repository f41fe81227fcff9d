package tests

import (
	"net/http"
	"strings"
	"testing"

	"github.com/latsar/ledger/app"
)

// TestApplicationMetrics: /metrics shows the store's appends, batch sizes
// and commit latency, each projector's lag, the live feed's subscribers,
// Idempotency-Key replays and rebuilds; with LATSAR_METRICS_TOKEN it asks
// for that secret.
func TestApplicationMetrics(t *testing.T) {
	e := startWith(t, app.Options{DataDir: t.TempDir(), MetricsToken: "scraper-secret"})
	p := e.openCohort("M", 1)[0]
	for range 2 {
		e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k1", "kebijakan", 0), "Idempotency-Key", "m-1")
	}
	if r := e.do("", "GET", "/metrics", nil); r.status != http.StatusUnauthorized {
		t.Fatalf("/metrics without the scraper's secret: %d, want 401", r.status)
	}
	r := e.do("scraper-secret", "GET", "/metrics", nil)
	mustStatus(t, r, http.StatusOK)
	for _, name := range []string{
		"latsar_store_events_appended_total", "latsar_store_commit_events_bucket", "latsar_store_commit_appends_bucket",
		"latsar_store_commit_seconds_bucket", `latsar_projection_lag_events{projector="memory"}`,
		"latsar_live_feed_subscribers", "latsar_idempotency_replays_total 1", "latsar_rebuild_running 0",
	} {
		if !strings.Contains(string(r.body), name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
}
