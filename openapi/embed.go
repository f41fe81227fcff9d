package openapi

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// Spec is the OpenAPI 3.0.3 document of the API, generated from the handler
// annotations (see generate.go).
//
//go:embed openapi.json
var Spec []byte

// uiFiles is Swagger UI (swagger-ui-dist, see ui/VERSION) and its start page:
// only the files /docs/ loads.
//
//go:embed ui/index.html ui/index.css ui/init.js ui/swagger-ui-bundle.js ui/swagger-ui.css ui/favicon-32x32.png ui/favicon-16x16.png
var uiFiles embed.FS

// Register serves the document at GET /openapi.json and a browsable UI at
// GET /docs/ (GET /docs redirects there), all from the binary; HEAD works too.
// The contract leaves these open: an authentication middleware must let them
// through.
func Register(e *echo.Echo) {
	read := []string{http.MethodGet, http.MethodHead}
	specTag := etag(Spec)
	e.Match(read, "/openapi.json", func(c echo.Context) error {
		w := c.Response()
		w.Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
		serve(w, c.Request(), "openapi.json", specTag, Spec)
		return nil
	})

	// The page loads its assets by relative paths, so it must be at /docs/.
	e.Match(read, "/docs", func(c echo.Context) error {
		return c.Redirect(http.StatusMovedPermanently, "docs/")
	})
	contents, tags := uiAssets()
	e.Match(read, "/docs/*", func(c echo.Context) error {
		name := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
		if name == "" {
			name = "index.html"
		}
		b, ok := contents[name]
		if !ok {
			return echo.ErrNotFound
		}
		serve(c.Response(), c.Request(), name, tags[name], b)
		return nil
	})
}

// uiAssets reads the embedded UI once, with an ETag for each file.
func uiAssets() (contents map[string][]byte, tags map[string]string) {
	contents, tags = map[string][]byte{}, map[string]string{}
	err := fs.WalkDir(uiFiles, "ui", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := uiFiles.ReadFile(name)
		name = strings.TrimPrefix(name, "ui/")
		contents[name], tags[name] = b, etag(b)
		return err
	})
	if err != nil {
		panic(err) // an embedded file system does not fail to read
	}
	return contents, tags
}

// serve answers b with its ETag, so a browser revalidates cheaply (304)
// instead of fetching the 1.7 MB bundle on every visit.
func serve(w http.ResponseWriter, r *http.Request, name, tag string, b []byte) {
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

func etag(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}
