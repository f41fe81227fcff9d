// Package ui serves the dashboard at /ui/: a small front end embedded in the
// binary (HTML, CSS and plain JavaScript written for it, no third-party code,
// nothing from a CDN), so it works offline and loads in a few requests. It
// signs in with a bearer token that the browser keeps in session storage and
// reads the /v1 API with it; every number it shows is one the API answered.
// Its own routes hold no data, so they are open, like /docs.
package ui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

//go:embed assets
var files embed.FS

// asset is one embedded file, ready to serve plain or gzipped.
type asset struct {
	body, gzipped []byte
	tag           string // ETag of the plain body
	contentType   string
}

// securityHeaders keep the page to its own origin: no inline script, no
// framing, nothing loaded from elsewhere.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy":        "no-referrer",
	"X-Frame-Options":        "DENY",
}

// Register serves the dashboard at GET /ui/ (its assets under /ui/assets/)
// and sends /, /ui and /dashboard there. HEAD works too.
func Register(e *echo.Echo) {
	assets := load()
	read := []string{http.MethodGet, http.MethodHead}
	toUI := func(c echo.Context) error { return c.Redirect(http.StatusFound, "/ui/") }
	e.Match(read, "/", toUI)
	e.Match(read, "/ui", toUI)
	e.Match(read, "/dashboard", toUI)
	e.Match(read, "/ui/", func(c echo.Context) error {
		serve(c, assets["index.html"], false)
		return nil
	})
	// What the server offers that the page may use (routes, not data): the
	// page asks before it calls an endpoint another part of the API adds.
	e.Match(read, "/ui/config.json", func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.JSON(http.StatusOK, configOf(e))
	})
	e.Match(read, "/ui/assets/*", func(c echo.Context) error {
		name := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
		a, ok := assets[name]
		if !ok || name == "index.html" {
			return echo.ErrNotFound
		}
		// The page names each asset with its content hash (?v=): such a
		// request can be kept for good.
		serve(c, a, c.QueryParam("v") == a.tag[1:len(a.tag)-1])
		return nil
	})
}

// config is what /ui/config.json tells the page.
type config struct {
	Documents bool `json:"documents"` // GET /v1/participants/{nip}/documents exists
}

func configOf(e *echo.Echo) config {
	var c config
	for _, r := range e.Routes() {
		if r.Method == http.MethodGet && r.Path == "/v1/participants/:nip/documents" {
			c.Documents = true
		}
	}
	return c
}

// load reads the embedded files once, and writes each asset's content hash
// into the page's references to it (src="x.js" becomes src="x.js?v=hash").
func load() map[string]*asset {
	out := map[string]*asset{}
	err := fs.WalkDir(files, "assets", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(name)
		out[strings.TrimPrefix(name, "assets/")] = newAsset(name, b)
		return err
	})
	if err != nil {
		panic(err) // an embedded file system does not fail to read
	}
	page := out["index.html"].body
	for name, a := range out {
		if name != "index.html" {
			page = bytes.ReplaceAll(page, []byte(`"assets/`+name+`"`), []byte(`"assets/`+name+`?v=`+a.tag[1:len(a.tag)-1]+`"`))
		}
	}
	out["index.html"] = newAsset("index.html", page)
	return out
}

func newAsset(name string, b []byte) *asset {
	sum := sha256.Sum256(b)
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	return &asset{body: b, gzipped: gz.Bytes(), tag: `"` + hex.EncodeToString(sum[:10]) + `"`, contentType: ct}
}

// serve answers an asset, gzipped when the client takes it, with its ETag
// (a revalidation is a 304) and, for a hashed reference, a year's caching.
func serve(c echo.Context, a *asset, immutable bool) {
	w, r := c.Response(), c.Request()
	h := w.Header()
	for k, v := range securityHeaders {
		h.Set(k, v)
	}
	body, tag := a.body, a.tag
	h.Set("Vary", "Accept-Encoding")
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		body, tag = a.gzipped, a.tag[:len(a.tag)-1]+`-gz"`
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", tag)
	h.Set(echo.HeaderContentType, a.contentType)
	if immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if r.Header.Get("If-None-Match") == tag {
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}
