package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // to tamper with the store's file

	"github.com/latsar/ledger/app"
)

// The auditors' commands (verify, replay, audit) run against a store filled
// through the HTTP API of a real server on a temporary directory.

const cliAdmin = "cli-admin-secret"

const cliNIP = "199901012024011001"

// cliServer is a ledger serving HTTP on a temporary store.
type cliServer struct {
	t   *testing.T
	url string
	app *app.App
	hs  *httptest.Server
}

func cliStart(t *testing.T, dir string) *cliServer {
	t.Helper()
	a, err := app.Start(context.Background(), app.Options{DataDir: dir, AdminSecret: cliAdmin, MinPositionWait: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	s := &cliServer{t: t, app: a, hs: httptest.NewServer(a.Server)}
	s.url = s.hs.URL
	t.Cleanup(s.stop)
	return s
}

func (s *cliServer) stop() {
	if s.hs != nil {
		s.hs.Close()
		_ = s.app.Close()
		s.hs = nil
	}
}

// do sends an admin request and decodes the JSON answer; it must answer want.
func (s *cliServer) do(method, path string, body any, want int) map[string]any {
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
	req.Header.Set("Authorization", "Bearer "+cliAdmin)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := s.hs.Client().Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		s.t.Fatalf("%s %s: status %d, want %d: %s", method, path, res.StatusCode, want, raw)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		s.t.Fatalf("%s %s: %v: %s", method, path, err, raw)
	}
	return m
}

// cliEvent is the first event of a write answer.
func cliEvent(t *testing.T, answer map[string]any) (id string, revision, position float64, at time.Time) {
	t.Helper()
	evs, _ := answer["events"].([]any)
	if len(evs) == 0 {
		t.Fatalf("no events in %v", answer)
	}
	ev := evs[0].(map[string]any)
	at, err := time.Parse(time.RFC3339Nano, ev["recorded_at"].(string))
	if err != nil {
		t.Fatal(err)
	}
	return ev["id"].(string), ev["revision"].(float64), ev["position"].(float64), at
}

// cliDig walks decoded JSON along a dotted path.
func cliDig(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			var i int
			if _, err := fmt.Sscanf(k, "%d", &i); err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func cliJSON(t *testing.T, out *bytes.Buffer) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("the output is not one JSON object: %v\n%s", err, out.String())
	}
	return m
}

type cliTrophy struct {
	id       string
	revision float64
	position float64
	at       time.Time
}

// cliFill opens a cohort, enrols cliNIP and records three trophies (apart
// in time) and a posttest; it answers the trophies and the live standing.
func cliFill(t *testing.T, s *cliServer) ([]cliTrophy, map[string]any) {
	t.Helper()
	s.do("POST", "/v1/cohorts", map[string]any{
		"cohort_id": "CLI", "name": "Latsar CLI", "institution_id": "bpsdm-jatim", "golongan": []string{"III"},
		"starts_on": "2024-06-03", "ends_on": "2024-08-02",
		"trophy_catalogue": map[string]any{"kebijakan": map[string]int{"0": 3}, "substansi_1": map[string]int{"1": 10, "2": 10, "3": 10, "4": 10}, "substansi_2": map[string]int{"1": 5, "2": 5, "3": 5, "4": 4}},
	}, http.StatusCreated)
	s.do("POST", "/v1/cohorts/CLI/participants", map[string]any{"nip": cliNIP, "name": "Siti", "golongan": "III", "agency": "pemkab-blitar"}, http.StatusCreated)
	var trophies []cliTrophy
	for i, act := range []string{"cli-1", "cli-2", "cli-3"} {
		time.Sleep(15 * time.Millisecond)
		a := s.do("POST", "/v1/participants/"+cliNIP+"/trophies", map[string]any{"activity_id": act, "material": "substansi_1", "agenda": 1 + i, "earned_at": "2024-06-05T09:30:00Z"}, http.StatusCreated)
		var tr cliTrophy
		tr.id, tr.revision, tr.position, tr.at = cliEvent(t, a)
		trophies = append(trophies, tr)
	}
	time.Sleep(15 * time.Millisecond)
	post := s.do("POST", "/v1/participants/"+cliNIP+"/posttests", map[string]any{"attempt_id": "cli-post", "substansi_1_score": 80, "substansi_2_score": 60, "taken_at": "2024-06-20T10:00:00Z"}, http.StatusCreated)
	_, _, last, _ := cliEvent(t, post)
	standing := s.do("GET", fmt.Sprintf("/v1/participants/%s/standing?min_position=%d", cliNIP, int64(last)), nil, http.StatusOK)
	return trophies, standing
}

func TestAuditorCommands(t *testing.T) {
	dir := t.TempDir()
	s := cliStart(t, dir)
	trophies, live := cliFill(t, s)
	data := []string{"--data", dir}

	// verify opens the store read-only: it runs beside the server.
	var out bytes.Buffer
	if err := verifyStore(data, &out); err != nil {
		t.Fatalf("verify beside a running server: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "every chain holds") {
		t.Errorf("verify printed %q", out.String())
	}
	s.stop()

	t.Run("verify", func(t *testing.T) {
		var out bytes.Buffer
		if err := verifyStore(data, &out); err != nil {
			t.Fatalf("verify: %v\n%s", err, out.String())
		}
		if !strings.Contains(out.String(), "every chain holds") || strings.Contains(out.String(), "BROKEN") {
			t.Errorf("verify printed %q", out.String())
		}
		// cohort-CLI, participant-<nip> and the token streams (none here but the env admin's).
		if !strings.Contains(out.String(), "verified ") || !strings.Contains(out.String(), " streams") {
			t.Errorf("verify printed no count: %q", out.String())
		}
	})

	t.Run("replay", func(t *testing.T) {
		var out bytes.Buffer
		if err := replay(append([]string{"--nip", cliNIP}, data...), &out); err != nil {
			t.Fatal(err)
		}
		if got := cliJSON(t, &out); !reflect.DeepEqual(got, live) {
			t.Errorf("replay of the whole stream\n%v\ndiffers from the live standing\n%v", got, live)
		}
		mid := trophies[0].at.Add(trophies[1].at.Sub(trophies[0].at) / 2).Format(time.RFC3339Nano)
		out.Reset()
		if err := replay(append([]string{"--nip", cliNIP, "--as-of", mid}, data...), &out); err != nil {
			t.Fatal(err)
		}
		st := cliJSON(t, &out)
		if cliDig(st, "mooc.trophies.total") != 1.0 || cliDig(st, "position") != trophies[0].position {
			t.Errorf("--as-of %s: trophies %v position %v, want 1 trophy at position %v", mid, cliDig(st, "mooc.trophies.total"), cliDig(st, "position"), trophies[0].position)
		}
		out.Reset()
		if err := replay(append([]string{"--nip", cliNIP, "--at-position", fmt.Sprint(int64(trophies[1].position))}, data...), &out); err != nil {
			t.Fatal(err)
		}
		st = cliJSON(t, &out)
		if cliDig(st, "mooc.trophies.total") != 2.0 || cliDig(st, "mooc.posttest.result") != nil {
			t.Errorf("--at-position %v: trophies %v posttest %v, want 2 trophies and no posttest", trophies[1].position, cliDig(st, "mooc.trophies.total"), cliDig(st, "mooc.posttest.result"))
		}
		for _, bad := range [][]string{
			{"--nip", cliNIP, "--as-of", "2000-01-01T00:00:00Z"}, // before the enrolment
			{"--nip", "199001012020011999"},                      // nobody
			{"--nip", "12"},                                      // not a NIP
			{},                                                   // no NIP
			{"--nip", cliNIP, "--as-of", "yesterday"},
			{"--nip", cliNIP, "--at-position", "x"},
		} {
			out.Reset()
			if err := replay(append(bad, data...), &out); err == nil {
				t.Errorf("replay %v: no error; printed %s", bad, out.String())
			}
		}
	})

	t.Run("audit", func(t *testing.T) {
		var out bytes.Buffer
		if err := auditTrail(append([]string{"--nip", cliNIP}, data...), &out); err != nil {
			t.Fatal(err)
		}
		trail := cliJSON(t, &out)
		entries, _ := trail["entries"].([]any)
		if trail["nip"] != cliNIP || len(entries) != 5 {
			t.Fatalf("audit: nip %v, %d entries, want the enrolment, 3 trophies and a posttest", trail["nip"], len(entries))
		}
		prev := ""
		for i, x := range entries {
			en := x.(map[string]any)
			if en["revision"] != float64(i) || en["prev_hash"] != prev || en["hash"] == "" {
				t.Errorf("entry %d: revision %v prev_hash %v hash %v", i, en["revision"], en["prev_hash"], en["hash"])
			}
			prev, _ = en["hash"].(string)
		}
		first := entries[1].(map[string]any)
		if first["id"] != trophies[0].id || first["type"] != "TrophyEarned" || first["actor"] != "env-admin" || first["role"] != "admin" {
			t.Errorf("entry 1: %v", first)
		}
		found := false
		for _, c := range first["changes"].([]any) {
			ch := c.(map[string]any)
			if ch["field"] == "mooc.trophies.total" {
				found = ch["before"] == 0.0 && ch["after"] == 1.0
			}
		}
		if !found {
			t.Errorf("the first trophy's entry does not change mooc.trophies.total 0 -> 1: %v", first["changes"])
		}
		if rules, _ := first["rules"].([]any); len(rules) == 0 || rules[0] != "R-TRO-1" {
			t.Errorf("the first trophy's rules: %v", first["rules"])
		}
		out.Reset()
		if err := auditTrail(append([]string{"--nip", "199001012020011999"}, data...), &out); err == nil {
			t.Errorf("audit of nobody: no error; printed %s", out.String())
		}
	})

	t.Run("verify-tampered", func(t *testing.T) {
		db, err := sql.Open("sqlite", filepath.Join(dir, "events.db"))
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Exec(`UPDATE events SET data = replace(data, 'cli-2', 'cli-X') WHERE position = ?`, int64(trophies[1].position))
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("tampered with %d rows", n)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		err = verifyStore(data, &out)
		if !errors.Is(err, errBroken) {
			t.Fatalf("verify of a tampered store: err %v, want errBroken\n%s", err, out.String())
		}
		want := fmt.Sprintf("BROKEN participant-%s at revision %d (event %s)", cliNIP, int64(trophies[1].revision), trophies[1].id)
		if !strings.Contains(out.String(), want) {
			t.Errorf("verify printed\n%s\nwant a line with %q", out.String(), want)
		}
		if strings.Contains(out.String(), "every chain holds") || strings.Count(out.String(), "BROKEN") != 1 {
			t.Errorf("verify printed\n%s\nwant exactly one broken stream", out.String())
		}
		// The audit and the replay still read the tampered store.
		out.Reset()
		if err := replay(append([]string{"--nip", cliNIP}, data...), &out); err != nil {
			t.Errorf("replay of the tampered store: %v", err)
		}
	})

	t.Run("missing-store", func(t *testing.T) {
		var out bytes.Buffer
		if err := verifyStore([]string{"--data", filepath.Join(t.TempDir(), "nothing")}, &out); err == nil {
			t.Errorf("verify of a missing store: no error; printed %s", out.String())
		}
	})
}
