// Package tests holds black-box tests: a real server on a real SQLite file,
// spoken to over HTTP only, every answer checked against the OpenAPI document.
package tests

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/openapi/openapitest"
)

const adminSecret = "test-admin-secret"

var (
	validatorOnce sync.Once
	validator     *openapitest.Validator
	validatorErr  error
)

// env is one running server.
type env struct {
	t       *testing.T
	url     string
	dir     string
	client  *http.Client
	close   func()
	tokens  map[string]string // role name -> secret, filled by token()
	checkOA bool
}

// start runs a server on a fresh SQLite file in a temporary directory.
func start(t *testing.T) *env {
	t.Helper()
	return startIn(t, t.TempDir())
}

// startIn runs a server on the store in dir (reopening what is there).
func startIn(t *testing.T, dir string) *env {
	t.Helper()
	return startWith(t, app.Options{DataDir: dir})
}

// startWith runs a server with options (the data directory, Redis…).
func startWith(t *testing.T, o app.Options) *env {
	t.Helper()
	dir := o.DataDir
	o.AdminSecret, o.MinPositionWait = adminSecret, time.Second
	ledger, err := app.Start(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(ledger.Server)
	e := &env{t: t, url: hs.URL, dir: dir, client: hs.Client(), tokens: map[string]string{"admin": adminSecret}, checkOA: true}
	var once sync.Once
	e.close = func() {
		once.Do(func() {
			hs.Close()
			_ = ledger.Close()
		})
	}
	t.Cleanup(e.close)
	return e
}

// response is what a request got.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

// do sends a request; body may be nil, a string (sent as is) or a value (JSON).
func (e *env) do(token, method, path string, body any, headers ...string) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.url+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	if e.checkOA {
		checkDocumented(e.t, req, res.StatusCode, res.Header, raw)
	}
	return response{status: res.StatusCode, header: res.Header, body: raw}
}

// checkDocumented fails the test when a response is not what the OpenAPI
// document promises, so the served document stays true.
func checkDocumented(t *testing.T, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if req.Method == http.MethodOptions {
		return // a CORS preflight is the browser's, not an API operation
	}
	validatorOnce.Do(func() { validator, validatorErr = openapitest.NewValidator() })
	if validatorErr != nil {
		t.Fatalf("load the OpenAPI document: %v", validatorErr)
	}
	if err := validator.Check(req, status, header, body); err != nil {
		if errors.Is(err, openapitest.ErrNotDocumented) && !strings.HasPrefix(req.URL.Path, "/v1/") && !strings.HasPrefix(req.URL.Path, "/healthz") && !strings.HasPrefix(req.URL.Path, "/readyz") {
			return // /docs assets, /metrics, /openapi.json: not API operations
		}
		t.Errorf("%s %s answered %d, which the OpenAPI document does not describe: %v\nbody: %s", req.Method, req.URL.Path, status, err, truncate(body))
	}
}

func truncate(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// token issues (once per env) a token for a role with a binding and returns its secret.
func (e *env) token(name string, body map[string]any) string {
	e.t.Helper()
	if s, ok := e.tokens[name]; ok {
		return s
	}
	body["name"] = name
	r := e.do(adminSecret, "POST", "/v1/tokens", body)
	if r.status != http.StatusCreated {
		e.t.Fatalf("issue token %s: %d %s", name, r.status, r.body)
	}
	secret := r.json(e.t)["token"].(string)
	e.tokens[name] = secret
	return secret
}

// Tokens used across the tests.
func (e *env) lms() string {
	return e.token("lms", map[string]any{"role": "lms", "institution_id": "bpsdm-jatim"})
}
func (e *env) otherLMS() string {
	return e.token("lms-other", map[string]any{"role": "lms", "institution_id": "bpsdm-jabar"})
}
func (e *env) agency() string {
	return e.token("agency", map[string]any{"role": "agency", "agency": "pemkab-blitar"})
}
func (e *env) otherAgency() string {
	return e.token("agency-other", map[string]any{"role": "agency", "agency": "pemkot-malang"})
}
func (e *env) auditor() string   { return e.token("auditor", map[string]any{"role": "auditor"}) }
func (e *env) dashboard() string { return e.token("dashboard", map[string]any{"role": "dashboard"}) }

// catalogue offers 30 substansi_1 trophies in agendas 1-3 (21 required) and 62 in all.
func catalogue() map[string]any {
	return map[string]any{
		"kebijakan":   map[string]int{"0": 3},
		"substansi_1": map[string]int{"1": 10, "2": 10, "3": 10, "4": 10},
		"substansi_2": map[string]int{"1": 5, "2": 5, "3": 5, "4": 4},
	}
}

func cohortBody(id string) map[string]any {
	return map[string]any{
		"cohort_id": id, "name": "Latsar CPNS Gol. III Angkatan " + id, "institution_id": "bpsdm-jatim",
		"golongan": []string{"III"}, "starts_on": "2024-06-03", "ends_on": "2024-08-02",
		"trophy_catalogue": catalogue(),
	}
}

// nip makes the i-th valid NIP.
func nip(i int) string { return fmt.Sprintf("19990101202401%d%03d", 1+i%2, i%1000) }

// mustStatus fails unless r has the status.
func mustStatus(t *testing.T, r response, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status=%d, want %d; body: %s", r.status, want, truncate(r.body))
	}
}

// openCohort opens a cohort (admin) and enrols n participants of agency pemkab-blitar.
func (e *env) openCohort(id string, n int) []string {
	e.t.Helper()
	mustStatus(e.t, e.do(adminSecret, "POST", "/v1/cohorts", cohortBody(id)), http.StatusCreated)
	nips := make([]string, n)
	for i := range nips {
		nips[i] = nip(i)
		mustStatus(e.t, e.do(adminSecret, "POST", "/v1/cohorts/"+id+"/participants", map[string]any{
			"nip": nips[i], "name": fmt.Sprintf("Peserta %d", i), "golongan": "III", "agency": "pemkab-blitar",
		}), http.StatusCreated)
	}
	return nips
}

// standing reads a participant's standing after the position of the last write.
func (e *env) standing(token, nip string) map[string]any {
	e.t.Helper()
	r := e.do(token, "GET", "/v1/participants/"+nip+"/standing?min_position="+e.head(), nil)
	mustStatus(e.t, r, http.StatusOK)
	return r.json(e.t)
}

// head is the position of the last event, from /readyz.
func (e *env) head() string {
	e.t.Helper()
	r := e.do("", "GET", "/readyz", nil)
	var ready struct {
		Projections map[string]struct{ Head uint64 } `json:"projections"`
	}
	_ = json.Unmarshal(r.body, &ready)
	var head uint64 // "memory", or "redis" and "tokens": the same log
	for _, p := range ready.Projections {
		head = max(head, p.Head)
	}
	return fmt.Sprint(head)
}
