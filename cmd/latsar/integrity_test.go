package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/keys"
	"github.com/latsar/ledger/openapi/openapitest"
)

// The whole log is verified after someone with write access to the data
// directory changed events.db with the sqlite3 shell, in each of the ways an
// outside review listed, with the CLI and over HTTP.

const cliNIP2, cliNIP3 = "199902022024011002", "199903032024011003"

// itLog fills a store in two runs of the server, so the data directory holds
// two signed checkpoints (one at each clean shutdown), and answers the log.
func itLog(t *testing.T, dir string) []events.Recorded {
	s := cliStart(t, dir)
	cliFill(t, s)
	s.stop()
	s = cliStart(t, dir)
	for i, nip := range []string{cliNIP2, cliNIP3} {
		s.do("POST", "/v1/cohorts/CLI/participants", map[string]any{"nip": nip, "name": "Budi", "golongan": "III", "agency": "pemkab-blitar"}, http.StatusCreated)
		for j := range 2 {
			s.do("POST", "/v1/participants/"+nip+"/trophies", map[string]any{"activity_id": fmt.Sprintf("it-%d-%d", i, j), "material": "substansi_1", "agenda": 1 + j, "earned_at": "2024-06-05T09:30:00Z"}, http.StatusCreated)
		}
	}
	itHTTPChecks(t, s)
	s.stop()
	return itRead(t, itDB(t, dir))
}

// itHTTPChecks reads the checkpoints and the keys over HTTP, as an auditor
// would, and checks their signatures with nothing but what they answer.
func itHTTPChecks(t *testing.T, s *cliServer) {
	t.Helper()
	page := itGet(t, s, "/v1/checkpoints", true)
	var cps struct {
		Latest      events.Checkpoint   `json:"latest"`
		Checkpoints []events.Checkpoint `json:"checkpoints"`
	}
	if err := json.Unmarshal(page, &cps); err != nil {
		t.Fatal(err)
	}
	if len(cps.Checkpoints) != 1 || cps.Latest.Position != 7 {
		t.Fatalf("checkpoints after the first run: %s, want one at position 7", page)
	}
	pub, err := keys.ParseJWKS(itGet(t, s, "/.well-known/jwks.json", false))
	if err != nil {
		t.Fatal(err)
	}
	if err := cps.Latest.Verify(pub); err != nil {
		t.Fatalf("the served checkpoint does not verify with the served keys: %v", err)
	}
	rep := itGet(t, s, "/v1/verify?scope=log", true)
	var v map[string]any
	if err := json.Unmarshal(rep, &v); err != nil {
		t.Fatal(err)
	}
	if v["ok"] != true || cliDig(v, "log.checkpoints") != 1.0 || cliDig(v, "log.chained_from") != 2.0 {
		t.Fatalf("verify of the live log: %s", rep)
	}
}

var (
	itValidator    *openapitest.Validator
	itValidatorErr error
)

// itGet answers the body of a GET, checked against the OpenAPI document.
func itGet(t *testing.T, s *cliServer, path string, auth bool) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", s.url+path, nil)
	if auth {
		req.Header.Set("Authorization", "Bearer "+cliAdmin)
	}
	res, err := s.hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
	}
	if itValidator == nil && itValidatorErr == nil {
		itValidator, itValidatorErr = openapitest.NewValidator()
	}
	if itValidatorErr != nil {
		t.Fatal(itValidatorErr)
	}
	if err := itValidator.Check(req, res.StatusCode, res.Header, body); err != nil {
		t.Errorf("GET %s: %v", path, err)
	}
	return body
}

func itDB(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// itRead reads the log as the sqlite3 shell shows it.
func itRead(t *testing.T, db *sql.DB) []events.Recorded {
	t.Helper()
	rows, err := db.Query(`SELECT position, id, stream, revision, type, data, metadata, recorded_at FROM events ORDER BY position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []events.Recorded
	for rows.Next() {
		var e events.Recorded
		var md string
		var at int64
		if err := rows.Scan(&e.Position, &e.ID, &e.Stream, &e.Revision, &e.Type, &e.Data, &md, &at); err != nil {
			t.Fatal(err)
		}
		if err := events.ParseMetadataJSON([]byte(md), &e.Metadata); err != nil {
			t.Fatal(err)
		}
		e.RecordedAt = time.Unix(0, at).UTC()
		out = append(out, e)
	}
	return out
}

func itExec(t *testing.T, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// itInsert writes e as a row, as the writer would have.
func itInsert(t *testing.T, db *sql.DB, e events.Recorded) {
	itExec(t, db, `INSERT INTO events (position, id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		int64(e.Position), e.ID, e.Stream, int64(e.Revision), e.Type, string(e.Data), string(events.AppendMetadataJSON(nil, &e.Metadata)), e.RecordedAt.UnixNano())
}

// itShift moves the events after position k one up, to make room.
func itShift(t *testing.T, db *sql.DB, k uint64) {
	itExec(t, db, `UPDATE events SET position = -position - 1 WHERE position > ?`, int64(k))
	itExec(t, db, `UPDATE events SET position = -position WHERE position < 0`)
}

// itCopy copies a data directory, modes kept (the key must stay 0600).
func itCopy(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), fi.Mode().Perm())
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, fi.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

func TestVerifyFindsTampering(t *testing.T) {
	base := t.TempDir()
	log := itLog(t, base)
	if len(log) != 15 {
		t.Fatalf("the log holds %d events, want 15", len(log))
	}
	at := func(stream string, rev int) events.Recorded {
		for _, e := range log {
			if e.Stream == stream && e.Revision == uint64(rev) {
				return e
			}
		}
		t.Fatalf("no %s revision %d", stream, rev)
		return events.Recorded{}
	}
	p1, p2 := "participant-"+cliNIP, "participant-"+cliNIP2
	head := log[len(log)-1].Position
	firstP2 := at(p2, 0).Position
	afterP2 := at(p2, 2).Position + 1 // the first event after the dropped stream that is not its own

	for _, c := range []struct {
		name   string
		tamper func(t *testing.T, db *sql.DB)
		chain  string
		pos    uint64
		line   string // what latsar verify prints
	}{
		{"edit-data", func(t *testing.T, db *sql.DB) {
			itExec(t, db, `UPDATE events SET data = replace(data, 'cli-2', 'cli-X') WHERE position = ?`, int64(at(p1, 2).Position))
		}, events.ChainStream, at(p1, 2).Position, fmt.Sprintf("BROKEN %s at revision 2 (event %s)", p1, at(p1, 2).ID)},
		{"delete-middle", func(t *testing.T, db *sql.DB) {
			itExec(t, db, `DELETE FROM events WHERE position = ?`, int64(at(p1, 2).Position))
		}, events.ChainLog, at(p1, 2).Position + 1, ""},
		{"delete-tail", func(t *testing.T, db *sql.DB) { // a decision taken back
			itExec(t, db, `DELETE FROM events WHERE position = ?`, int64(head))
		}, events.ChainCheckpoint, head, ""},
		{"delete-stream", func(t *testing.T, db *sql.DB) {
			itExec(t, db, `DELETE FROM events WHERE stream = ?`, p2)
		}, events.ChainLog, afterP2, ""},
		{"insert-forged", func(t *testing.T, db *sql.DB) {
			// A trophy of a participant who never enrolled, sealed in its
			// own stream and after the event before it, hashes and all.
			k := at(p1, 3).Position
			forged := at(p1, 3)
			forged.ID, forged.Stream, forged.Revision, forged.Position = "forged-1", "participant-199001012020011999", 0, k+1
			forged.Metadata.PrevGlobal = at(p1, 3).Metadata.Hash
			events.Seal("", &forged)
			itShift(t, db, k)
			itInsert(t, db, forged)
		}, events.ChainLog, at(p1, 3).Position + 1, "inserted"},
		{"swap", func(t *testing.T, db *sql.DB) {
			a, b := at(p1, 1).Position, at(p1, 3).Position
			itExec(t, db, `UPDATE events SET position = -1 WHERE position = ?`, int64(a))
			itExec(t, db, `UPDATE events SET position = ? WHERE position = ?`, int64(a), int64(b))
			itExec(t, db, `UPDATE events SET position = ? WHERE position = -1`, int64(b))
		}, events.ChainLog, at(p1, 1).Position, ""},
		{"rewrite", func(t *testing.T, db *sql.DB) {
			itRewrite(t, db, firstP2, func(e *events.Recorded) {
				e.Data = bytes.ReplaceAll(e.Data, []byte("Budi"), []byte("Bude"))
			})
		}, events.ChainCheckpoint, head, "the log still matched the checkpoint of position 7"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := itCopy(t, base)
			c.tamper(t, itDB(t, dir))
			line := c.line
			if line == "" {
				line = fmt.Sprintf("BROKEN %s at position %d", c.chain, c.pos)
			}
			var out bytes.Buffer
			err := verifyStore([]string{"--data", dir}, &out)
			t.Logf("latsar verify:\n%s", out.String())
			if !errors.Is(err, errBroken) || !strings.Contains(out.String(), line) || strings.Contains(out.String(), "every chain holds") {
				t.Fatalf("verify: %v\n%s\nwant a line with %q", err, out.String(), line)
			}

			s := cliStart(t, dir)
			v := s.do("GET", "/v1/verify?scope=log", nil, http.StatusOK)
			found := false
			for _, b := range cliDig(v, "log.breaks").([]any) {
				found = found || cliDig(b, "chain") == c.chain && cliDig(b, "position") == float64(c.pos)
			}
			if v["ok"] != false || cliDig(v, "break.position") != float64(c.pos) || !found {
				t.Fatalf("GET /v1/verify?scope=log: ok %v, breaks %v; want the first at position %d, of the %s chain", v["ok"], cliDig(v, "log.breaks"), c.pos, c.chain)
			}
		})
	}

	t.Run("auditor-copy", func(t *testing.T) {
		// The operator rewrites the log and the checkpoint file the server
		// keeps; the auditor's copies still hold it to what was signed.
		audit := t.TempDir()
		for from, to := range map[string]string{"checkpoints.ndjson": "checkpoints.ndjson", "keys/jwks.json": "jwks.json"} {
			b, err := os.ReadFile(filepath.Join(base, from))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(audit, to), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		dir := itCopy(t, base)
		itRewrite(t, itDB(t, dir), 1, func(e *events.Recorded) { e.Data = bytes.ReplaceAll(e.Data, []byte("Siti"), []byte("Sita")) })
		if err := os.Remove(filepath.Join(dir, "checkpoints.ndjson")); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		// The standings shelf the server wrote before the rewrite still
		// holds the standing the log had: it tells, by chance of what it holds.
		if err := verifyStore([]string{"--data", dir}, &out); !errors.Is(err, errShelfDiffers) || !strings.Contains(out.String(), "participant "+cliNIP) {
			t.Fatalf("a rewrite against the shelf written before it: %v\n%s", err, out.String())
		}
		if err := os.Remove(filepath.Join(dir, app.ShelfFile)); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if err := verifyStore([]string{"--data", dir}, &out); err != nil || !strings.Contains(out.String(), "no signed checkpoint") {
			t.Fatalf("without checkpoints a rewrite with its hashes recomputed cannot be told: %v\n%s", err, out.String())
		}
		out.Reset()
		err := verifyStore([]string{"--data", dir, "--checkpoints", filepath.Join(audit, "checkpoints.ndjson"), "--keys", filepath.Join(audit, "jwks.json")}, &out)
		if !errors.Is(err, errBroken) || !strings.Contains(out.String(), "BROKEN checkpoint at position 7") {
			t.Fatalf("verify against the auditor's copy: %v\n%s", err, out.String())
		}
		out.Reset()
		if err := verifyStore([]string{"--data", dir, "--checkpoints", filepath.Join(audit, "nothing.ndjson")}, &out); err == nil || errors.Is(err, errBroken) {
			t.Fatalf("a --checkpoints file that is not there: %v", err)
		}
	})

	t.Run("forged-checkpoints", func(t *testing.T) {
		dir := itCopy(t, base)
		cps, _, err := events.LoadCheckpoints(filepath.Join(dir, "checkpoints.ndjson"))
		if err != nil || len(cps) != 2 {
			t.Fatalf("%d checkpoints, %v", len(cps), err)
		}
		// A checkpoint moved to pin a truncated log, and one signed by a key
		// the ledger never published.
		moved := cps[1]
		moved.Position--
		stranger, err := keys.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		foreign := cps[1]
		if err := foreign.Sign(stranger.Signer()); err != nil {
			t.Fatal(err)
		}
		for _, c := range []events.Checkpoint{moved, foreign} {
			if err := events.AppendCheckpoint(filepath.Join(dir, "checkpoints.ndjson"), c); err != nil {
				t.Fatal(err)
			}
		}
		var out bytes.Buffer
		err = verifyStore([]string{"--data", dir}, &out)
		if !errors.Is(err, errBroken) || strings.Count(out.String(), "REFUSED") != 2 || strings.Contains(out.String(), "BROKEN") ||
			!strings.Contains(out.String(), "signature does not hold") || !strings.Contains(out.String(), "not published") {
			t.Fatalf("verify with forged checkpoints: %v\n%s", err, out.String())
		}
		s := cliStart(t, dir)
		v := s.do("GET", "/v1/verify?scope=log", nil, http.StatusOK)
		if refused, _ := cliDig(v, "log.refused").([]any); v["ok"] != false || len(refused) != 2 {
			t.Fatalf("GET /v1/verify?scope=log with forged checkpoints: %v", v)
		}
		if page := s.do("GET", "/v1/checkpoints", nil, http.StatusOK); len(page["checkpoints"].([]any)) != 2 {
			t.Fatalf("the forged checkpoints are served: %v", page)
		}
	})
}

// itRewrite changes the events from position from on and recomputes every
// hash after them, both chains, as an attacker who knows the algorithm would.
func itRewrite(t *testing.T, db *sql.DB, from uint64, change func(*events.Recorded)) {
	t.Helper()
	prevStream := map[string]string{}
	global := ""
	for _, e := range itRead(t, db) {
		if e.Position >= from {
			change(&e)
			e.Metadata.PrevGlobal = global
			events.Seal(prevStream[e.Stream], &e)
			itExec(t, db, `UPDATE events SET data = ?, metadata = ? WHERE position = ?`, string(e.Data), string(events.AppendMetadataJSON(nil, &e.Metadata)), int64(e.Position))
		}
		prevStream[e.Stream], global = e.Metadata.Hash, e.Metadata.Hash
	}
}

// verify holds the standings shelf (the read model's cache of standing
// documents, served to readers) to the log: a document changed in the file
// is named and fails the check; a file of another log is not checked.
func TestVerifyHoldsTheShelfToTheLog(t *testing.T) {
	dir := t.TempDir()
	s := cliStart(t, dir)
	cliFill(t, s)
	s.stop()
	// The first start, on an empty log, keeps no shelf; the next one does,
	// and its clean shutdown shelves the standings its reads folded.
	s = cliStart(t, dir)
	s.do("GET", "/v1/participants/"+cliNIP+"/standing", nil, http.StatusOK)
	s.stop()
	data := []string{"--data", dir}
	var out bytes.Buffer
	if err := verifyStore(data, &out); err != nil || !strings.Contains(out.String(), "standings.db: 1 standing documents, each the log's fold") {
		t.Fatalf("verify: %v\n%s", err, out.String())
	}

	db, err := sql.Open("sqlite", filepath.Join(dir, app.ShelfFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Any change of a document's bytes, here a total of trophies raised.
	if _, err := db.Exec(`UPDATE standings SET body = CAST(replace(CAST(body AS TEXT), '"total":', '"total":9') AS BLOB)`); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err = verifyStore(data, &out)
	if !errors.Is(err, errShelfDiffers) || !strings.Contains(out.String(), "participant "+cliNIP) {
		t.Fatalf("verify of a forged standing: %v\n%s", err, out.String())
	}

	if _, err := db.Exec(`UPDATE meta SET value = 'shelf-2/another-log'`); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := verifyStore(data, &out); err != nil || !strings.Contains(out.String(), "another build of latsar or for another log: not checked") {
		t.Fatalf("verify of another log's shelf: %v\n%s", err, out.String())
	}
}
