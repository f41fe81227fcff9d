package api

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
)

// TestObserve: every request is counted once by method, route and status,
// timed by route, and logged once at debug level with its request id,
// route, status and actor, whether its route has the edge composed in
// (/healthz, /v1) or not (a route registered on Echo(), no route at all); a
// problem (401, 404) counts with its own status.
func TestObserve(t *testing.T) {
	var logs bytes.Buffer
	reg := prometheus.NewRegistry()
	s := New(Config{
		Logger:      slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Registry:    reg,
		AdminSecret: "secret",
	})
	send := func(path, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	s.Echo().GET("/elsewhere", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }) // as the UI registers
	for range 3 {
		send("/healthz", "")
	}
	for _, path := range []string{"/elsewhere", "/nowhere"} {
		if rec := send(path, ""); rec.Header().Get("X-Request-Id") == "" {
			t.Fatalf("%s: no X-Request-Id", path)
		}
	}
	denied := send("/v1/nowhere", "")
	missing := send("/v1/nowhere", "secret")
	if denied.Code != http.StatusUnauthorized || missing.Code != http.StatusNotFound {
		t.Fatalf("statuses %d %d, want 401 404", denied.Code, missing.Code)
	}
	for _, tc := range []struct {
		route, status string
		want          float64
	}{
		{"/healthz", "200", 3},
		{"/elsewhere", "204", 1},
		{"unmatched", "404", 1},
		{"/v1", "401", 0},
		{"/v1/*", "401", 1},
		{"/v1/*", "404", 1},
	} {
		if got := gathered(t, reg, "latsar_http_requests_total", "GET", tc.route, tc.status); got != tc.want {
			t.Errorf("requests GET %s %s = %v, want %v", tc.route, tc.status, got, tc.want)
		}
	}
	if got := gathered(t, reg, "latsar_http_request_duration_seconds", "GET", "/healthz", ""); got != 3 {
		t.Errorf("%v latencies of /healthz, want 3", got)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 7 {
		t.Fatalf("%d log lines, want 7:\n%s", len(lines), logs.String())
	}
	last := lines[6]
	for _, want := range []string{
		"msg=request", "request_id=" + missing.Header().Get("X-Request-Id"), "method=GET", "route=/v1/*", "status=404", "took_ms=", "actor=" + envAdminTokenID,
	} {
		if !strings.Contains(last, want) {
			t.Errorf("log line %q lacks %q", last, want)
		}
	}
}

// gathered is the value of a counter (or a histogram's count) whose labels
// are method, route and, when given, status; 0 when there is none.
func gathered(t *testing.T, reg *prometheus.Registry, name, method, route, status string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	metrics:
		for _, m := range f.GetMetric() {
			want := map[string]string{"method": method, "route": route, "status": status}
			for _, l := range m.GetLabel() {
				if want[l.GetName()] != l.GetValue() {
					continue metrics
				}
			}
			if h := m.GetHistogram(); h != nil {
				return float64(h.GetSampleCount())
			}
			return m.GetCounter().GetValue()
		}
	}
	return 0
}
