package ui

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

func get(t *testing.T, e *echo.Echo, path string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

func TestRoutes(t *testing.T) {
	e := echo.New()
	Register(e)
	for _, path := range []string{"/", "/ui", "/dashboard"} {
		if rec := get(t, e, path); rec.Code != http.StatusFound || rec.Header().Get("Location") != "/ui/" {
			t.Errorf("%s: %d to %q, want 302 to /ui/", path, rec.Code, rec.Header().Get("Location"))
		}
	}
	page := get(t, e, "/ui/")
	if got, want := page.Code, http.StatusOK; got != want {
		t.Fatalf("/ui/: status %d, want %d", got, want)
	}
	if csp := page.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
		t.Errorf("CSP %q, want scripts from this origin only", csp)
	}
	if got := page.Header().Get("Cache-Control"); got != "no-cache" {
		t.Errorf("/ui/ Cache-Control %q, want no-cache", got)
	}
	refs := regexp.MustCompile(`"(assets/[^"?]+)\?v=([0-9a-f]+)"`).FindAllStringSubmatch(page.Body.String(), -1)
	if len(refs) < 9 {
		t.Fatalf("the page references %d hashed assets, want every script, the style and the icon: %s", len(refs), page.Body)
	}
	for _, r := range refs {
		rec := get(t, e, "/ui/"+r[1]+"?v="+r[2])
		if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d, Cache-Control %q; want 200, immutable", r[1], rec.Code, rec.Header().Get("Cache-Control"))
		}
		if rec.Header().Get("ETag") != `"`+r[2]+`"` {
			t.Errorf("%s: ETag %s, want the hash the page names", r[1], rec.Header().Get("ETag"))
		}
	}
	// Not a hash the page names: revalidated every time.
	if rec := get(t, e, "/ui/assets/app.js?v=old"); rec.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("a stale hash: Cache-Control %q, want no-cache", rec.Header().Get("Cache-Control"))
	}
}

func TestGzipAndRevalidation(t *testing.T) {
	e := echo.New()
	Register(e)
	plain := get(t, e, "/ui/assets/core.js")
	zipped := get(t, e, "/ui/assets/core.js", "Accept-Encoding", "gzip, br")
	if zipped.Header().Get("Content-Encoding") != "gzip" || zipped.Body.Len() >= plain.Body.Len() {
		t.Fatalf("gzip: encoding %q, %d bytes against %d plain", zipped.Header().Get("Content-Encoding"), zipped.Body.Len(), plain.Body.Len())
	}
	r, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	if string(b) != plain.Body.String() {
		t.Error("the gzipped asset is not the plain one")
	}
	if !strings.HasPrefix(plain.Header().Get("Content-Type"), "text/javascript") {
		t.Errorf("content type %q", plain.Header().Get("Content-Type"))
	}
	if rec := get(t, e, "/ui/assets/core.js", "If-None-Match", zipped.Header().Get("ETag"), "Accept-Encoding", "gzip"); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("revalidation: %d with %d bytes, want 304 and none", rec.Code, rec.Body.Len())
	}
	if rec := get(t, e, "/ui/assets/core.js", "If-None-Match", zipped.Header().Get("ETag")); rec.Code != http.StatusOK {
		t.Errorf("the gzip ETag without gzip: %d, want the plain asset", rec.Code)
	}
	for _, path := range []string{"/ui/assets/nope.js", "/ui/assets/index.html", "/ui/assets/../ui.go"} {
		if rec := get(t, e, path); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, rec.Code)
		}
	}
}

func TestConfig(t *testing.T) {
	e := echo.New()
	Register(e)
	var c config
	if err := json.Unmarshal(get(t, e, "/ui/config.json").Body.Bytes(), &c); err != nil || c.Documents {
		t.Fatalf("config %+v (%v), want no documents without the route", c, err)
	}
	e.GET("/v1/participants/:nip/documents", func(c echo.Context) error { return nil })
	if err := json.Unmarshal(get(t, e, "/ui/config.json").Body.Bytes(), &c); err != nil || !c.Documents {
		t.Fatalf("config %+v (%v), want documents once the route exists", c, err)
	}
}
