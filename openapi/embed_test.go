package openapi

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestRegister(t *testing.T) {
	e := echo.New()
	Register(e)
	get := func(path string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec
	}

	spec := get("/openapi.json")
	if got, want := spec.Code, 200; got != want {
		t.Fatalf("GET /openapi.json: status=%d, want %d", got, want)
	}
	if got, want := spec.Header().Get("Content-Type"), "application/json"; got != want {
		t.Errorf("GET /openapi.json: Content-Type=%q, want %q", got, want)
	}
	if !bytes.Equal(spec.Body.Bytes(), Spec) {
		t.Errorf("GET /openapi.json: body is not Spec")
	}
	if got, want := get("/openapi.json", "If-None-Match", spec.Header().Get("ETag")).Code, 304; got != want {
		t.Errorf("GET /openapi.json with its ETag: status=%d, want %d", got, want)
	}

	head := httptest.NewRecorder()
	e.ServeHTTP(head, httptest.NewRequest(http.MethodHead, "/openapi.json", nil))
	if head.Code != 200 || head.Body.Len() != 0 {
		t.Errorf("HEAD /openapi.json: status=%d len=%d, want 200 and no body", head.Code, head.Body.Len())
	}

	redirect := get("/docs")
	if got, want := redirect.Code, 301; got != want {
		t.Errorf("GET /docs: status=%d, want %d", got, want)
	}
	if got, want := redirect.Header().Get("Location"), "docs/"; got != want {
		t.Errorf("GET /docs: Location=%q, want %q", got, want)
	}

	page := get("/docs/")
	if page.Code != 200 || !strings.Contains(page.Body.String(), `<script src="swagger-ui-bundle.js"`) {
		t.Fatalf("GET /docs/: status=%d, body=%.200s; want the Swagger UI page", page.Code, page.Body)
	}
	for _, c := range []struct{ path, contentType string }{
		{"/docs/index.html", "text/html; charset=utf-8"},
		{"/docs/init.js", "text/javascript; charset=utf-8"},
		{"/docs/swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
		{"/docs/swagger-ui.css", "text/css; charset=utf-8"},
		{"/docs/favicon-32x32.png", "image/png"},
	} {
		rec := get(c.path)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != c.contentType || rec.Body.Len() == 0 {
			t.Errorf("GET %s: status=%d Content-Type=%q len=%d, want 200 %q and a body",
				c.path, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len(), c.contentType)
		}
	}
	initJS := get("/docs/init.js").Body.String()
	for _, want := range []string{`"../openapi.json"`, "persistAuthorization: true"} {
		if !strings.Contains(initJS, want) {
			t.Errorf("init.js lacks %s", want)
		}
	}
	for _, path := range []string{"/docs/VERSION", "/docs/update.sh", "/docs/swagger-ui-bundle.js.map", "/docs/../openapi.json"} {
		if got, want := get(path).Code, 404; got != want {
			t.Errorf("GET %s: status=%d, want %d", path, got, want)
		}
	}
}
