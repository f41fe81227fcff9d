// Package browser tests the dashboard (/ui/) in a real headless Chromium
// driven through the DevTools protocol (chromedp): sign in, open a cohort
// and a participant, see the numbers the API answers, see live events
// arrive, and no console error on the way. A screenshot of each page is kept
// in tests/screenshots/ (ignored by git). The tests skip when no chromium is
// installed (`apt-get install chromium`; .ci/run installs it).
package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/latsar/ledger/app"
)

const adminSecret = "browser-test-admin"

// chromium is the browser binary, or the test is skipped.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH: the dashboard's browser tests need it (apt-get install chromium; .ci/run installs it)")
	return ""
}

// server is the ledger served over loopback.
type server struct {
	t      *testing.T
	url    string
	client *http.Client
}

func startServer(t *testing.T) *server {
	t.Helper()
	a, err := app.Start(context.Background(), app.Options{DataDir: t.TempDir(), AdminSecret: adminSecret, MinPositionWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(a.Server)
	t.Cleanup(func() {
		a.Server.CloseStreams()
		hs.Close()
		_ = a.Close()
	})
	return &server{t: t, url: hs.URL, client: hs.Client()}
}

// do sends a request with a token and decodes a JSON answer into out (when
// not nil); it fails the test on any status but the wanted ones.
func (s *server) do(token, method, path string, body, out any, want ...int) http.Header {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := s.client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	ok := false
	for _, w := range append(want, http.StatusOK, http.StatusCreated) {
		ok = ok || res.StatusCode == w
	}
	if !ok {
		s.t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			s.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return res.Header
}

// token issues a token of a role and returns its secret.
func (s *server) token(role string) string {
	s.t.Helper()
	var res struct{ Token string }
	s.do(adminSecret, "POST", "/v1/tokens", map[string]any{"name": "browser-" + role, "role": role}, &res)
	return res.Token
}

// write is one write of a batch.
type write struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Body   any    `json:"body"`
}

// batches records writes through POST /v1/batch, lanes of them at once (a
// lane's writes stay in order); every write must succeed.
func (s *server) batches(lanes [][]write) {
	s.t.Helper()
	var wg sync.WaitGroup
	errs := make(chan string, len(lanes))
	for _, lane := range lanes {
		wg.Add(1)
		go func(lane []write) {
			defer wg.Done()
			for len(lane) > 0 {
				n := min(len(lane), 1000)
				b, _ := json.Marshal(map[string]any{"requests": lane[:n]})
				req, _ := http.NewRequest("POST", s.url+"/v1/batch", bytes.NewReader(b))
				req.Header.Set("Authorization", "Bearer "+adminSecret)
				req.Header.Set("Content-Type", "application/json")
				res, err := s.client.Do(req)
				if err != nil {
					errs <- err.Error()
					return
				}
				var out struct {
					Results []struct {
						Status int
						Body   json.RawMessage
					}
				}
				err = json.NewDecoder(res.Body).Decode(&out)
				res.Body.Close()
				if err != nil {
					errs <- err.Error()
					return
				}
				for i, r := range out.Results {
					if r.Status != http.StatusOK && r.Status != http.StatusCreated {
						errs <- fmt.Sprintf("%s %s: %d %s", lane[i].Method, lane[i].Path, r.Status, r.Body)
						return
					}
				}
				lane = lane[n:]
			}
		}(lane)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		s.t.Fatal(e)
	}
}

// browser is one headless Chromium tab with a record of console errors.
type browser struct {
	t    *testing.T
	ctx  context.Context
	mu   sync.Mutex
	errs []string
	dir  string // where screenshots go
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // root in a container
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx, dir: filepath.Join("..", "screenshots")}
	if err := os.MkdirAll(b.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	// Every error and warning any page writes to the console (calls of the
	// console API, uncaught exceptions, the browser's own log: failed
	// requests, CSP violations) is kept and fails the test at its end.
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleWarning, chromedp.ConsoleException:
				b.record(m.String() + " " + m.URL)
			}
		}
	}()
	return b
}

func (b *browser) record(msg string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.errs = append(b.errs, msg)
}

// consoleErrors are the errors and warnings the pages logged so far.
func (b *browser) consoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errs...)
}

// do runs actions, failing the test after 30 s or on an error.
func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v (console: %v)", err, b.consoleErrors())
	}
}

// waitJS waits (up to 20 s) until a JavaScript expression is truthy. An
// evaluation that fails while a page is being replaced is tried again.
func (b *browser) waitJS(what, expr string) {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var err error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		var ok bool
		ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	page, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(document.getElementById("main") || document.body).innerText.slice(0, 1500)`))
	b.t.Fatalf("waiting for %s (%s): last error %v\npage: %s\nconsole: %v", what, expr, err, page, b.consoleErrors())
}

// eval evaluates an expression.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// text is the text of the first element a selector matches ("" if none).
func (b *browser) text(selector string) string {
	b.t.Helper()
	return strings.TrimSpace(eval[string](b, fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, selector)))
}

// shot keeps a full-page screenshot under tests/screenshots/.
func (b *browser) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// click clicks the first element a CSS selector matches, once it is visible.
func (b *browser) click(selector string) {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.CSS(selector)))
}

// typeInto types text into the element a CSS selector matches and presses
// Enter, as a person would (Submit would skip the page's own handler).
func (b *browser) typeInto(selector, text string) {
	b.t.Helper()
	b.do(chromedp.SendKeys(chromedp.CSS(selector), text+"\r"))
}

// accessible checks what a page owes a person with a screen reader or a
// keyboard: a language, one heading to start from, a label for every
// control, a text for every chart, headers for every data table.
func (b *browser) accessible(page string) {
	b.t.Helper()
	problems := eval[[]string](b, `(() => {
		const out = [];
		if (!["id", "en"].includes(document.documentElement.lang)) out.push("html lang " + document.documentElement.lang);
		if (document.querySelectorAll("main h1").length !== 1) out.push(document.querySelectorAll("main h1").length + " h1");
		for (const el of document.querySelectorAll("input, select, textarea"))
			if (!el.labels || el.labels.length === 0) out.push("unlabelled " + el.outerHTML.slice(0, 80));
		for (const svg of document.querySelectorAll("svg"))
			if (svg.getAttribute("role") !== "img" || !svg.querySelector("title") || !svg.querySelector("title").textContent) out.push("chart without a text");
		for (const t of document.querySelectorAll("table"))
			if (!t.querySelector("th")) out.push("table without headers");
		for (const a of document.querySelectorAll("a, button"))
			if (!a.textContent.trim() && !a.getAttribute("aria-label")) out.push("nameless " + a.outerHTML.slice(0, 80));
		return out;
	})()`)
	for _, p := range problems {
		b.t.Errorf("%s: %s", page, p)
	}
}
