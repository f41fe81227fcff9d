package tests

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/latsar/ledger/app"
)

// TestConventions: a browser front end's preflight from an allowed origin
// is answered without a token; standings and cohort views carry an ETag and
// answer 304 to If-None-Match; a paged list names its next page in Link.
func TestConventions(t *testing.T) {
	e := startWith(t, app.Options{DataDir: t.TempDir(), CORSOrigins: []string{"https://lms.example.go.id"}})
	nips := e.openCohort("CV", 3)

	pre := e.do("", "OPTIONS", "/v1/cohorts/CV", nil, "Origin", "https://lms.example.go.id", "Access-Control-Request-Method", "GET",
		"Access-Control-Request-Headers", "authorization")
	if pre.status != http.StatusNoContent || pre.header.Get("Access-Control-Allow-Origin") != "https://lms.example.go.id" {
		t.Fatalf("preflight: %d %v", pre.status, pre.header)
	}
	if other := e.do("", "OPTIONS", "/v1/cohorts/CV", nil, "Origin", "https://evil.example", "Access-Control-Request-Method", "GET"); other.header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("an origin not allowed got %v", other.header)
	}

	for _, path := range []string{"/v1/cohorts/CV?min_position=" + e.head(), "/v1/participants/" + nips[0] + "/standing"} {
		first := e.do(adminSecret, "GET", path, nil)
		mustStatus(t, first, http.StatusOK)
		tag := first.header.Get("ETag")
		if sum := sha256.Sum256(first.body); tag != `"`+hex.EncodeToString(sum[:12])+`"` {
			t.Fatalf("%s: ETag %s is not the digest of the body", path, tag)
		}
		mustStatus(t, e.do(adminSecret, "GET", path, nil, "If-None-Match", tag), http.StatusNotModified)
		mustStatus(t, e.do(adminSecret, "GET", path, nil, "If-None-Match", `"stale"`), http.StatusOK)
	}

	page := e.do(adminSecret, "GET", "/v1/cohorts/CV/standings?limit=2", nil)
	mustStatus(t, page, http.StatusOK)
	link := page.header.Get("Link")
	cursor, _ := page.json(t)["next_cursor"].(string)
	if cursor == "" || !strings.Contains(link, "cursor="+cursor) || !strings.HasSuffix(link, `rel="next"`) {
		t.Fatalf("Link %q for next_cursor %q", link, cursor)
	}
	events := e.do(adminSecret, "GET", "/v1/events?limit=2", nil)
	if events.json(t)["next_cursor"] == nil || !strings.Contains(events.header.Get("Link"), "after=") {
		t.Fatalf("the log's page: Link %q, body %s", events.header.Get("Link"), truncate(events.body))
	}
	last := e.do(adminSecret, "GET", "/v1/cohorts/CV/standings?limit=10", nil)
	if last.header.Get("Link") != "" {
		t.Fatalf("a last page with Link %q", last.header.Get("Link"))
	}
}
