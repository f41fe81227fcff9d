package tests

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/latsar/ledger/idempotency"
	"github.com/latsar/ledger/ledger"
)

func TestIdempotencyKey(t *testing.T) {
	e := start(t)
	p := e.openCohort("C1", 1)[0]
	path := "/v1/participants/" + p + "/posttests"
	body := map[string]any{"attempt_id": "a1", "substansi_1_score": 60, "substansi_2_score": 80, "taken_at": "2024-06-20T10:00:00Z"}

	first := e.do(adminSecret, "POST", path, body, "Idempotency-Key", "k-1")
	mustStatus(t, first, http.StatusCreated)
	again := e.do(adminSecret, "POST", path, body, "Idempotency-Key", "k-1")
	mustStatus(t, again, http.StatusCreated)
	if again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatal("a replay lacks Idempotent-Replayed: true")
	}
	if !bytes.Equal(first.body, again.body) {
		t.Fatalf("replay differs:\n%s\n%s", first.body, again.body)
	}

	other := map[string]any{"attempt_id": "a2", "substansi_1_score": 60, "substansi_2_score": 80, "taken_at": "2024-06-20T10:00:00Z"}
	r := e.do(adminSecret, "POST", path, other, "Idempotency-Key", "k-1")
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("", "Idempotency-Key")(t, r)

	// Keys are scoped to the token: another token's k-1 is a new request.
	mustStatus(t, e.do(e.lms(), "POST", path, other, "Idempotency-Key", "k-1"), http.StatusCreated)

	mustStatus(t, e.do(adminSecret, "POST", path, body, "Idempotency-Key", strings.Repeat("k", 256)), http.StatusUnprocessableEntity)

	st := e.standing(adminSecret, p)
	attempts := st["mooc"].(map[string]any)["posttest"].(map[string]any)["attempts"].([]any)
	if len(attempts) != 2 {
		t.Fatalf("attempts=%d, want 2 (a retry recorded twice?)", len(attempts))
	}
}

// A refusal is an answer too: the same key replays it rather than deciding again.
func TestIdempotencyKeyReplaysRefusals(t *testing.T) {
	e := start(t)
	p := e.openCohort("C1", 1)[0]
	path := "/v1/participants/" + p + "/checkin"
	body := map[string]any{"checked_in_at": "2024-07-22T07:30:00Z"}
	first := e.do(adminSecret, "POST", path, body, "Idempotency-Key", "c-1")
	mustStatus(t, first, http.StatusUnprocessableEntity)
	again := e.do(adminSecret, "POST", path, body, "Idempotency-Key", "c-1")
	mustStatus(t, again, http.StatusUnprocessableEntity)
	if again.header.Get("Idempotent-Replayed") != "true" || again.header.Get("Content-Type") != first.header.Get("Content-Type") {
		t.Fatalf("refusal not replayed as it was: %v", again.header)
	}
}

// Many retries of one request at once: one records, the rest replay it or
// are told it is in flight (409); the log holds one event.
func TestIdempotencyKeyConcurrentRetries(t *testing.T) {
	e := start(t)
	p := e.openCohort("C1", 1)[0]
	path := "/v1/participants/" + p + "/trophies"
	body := trophy("k1", "kebijakan", 0)
	statuses := make([]int, 20)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = e.do(adminSecret, "POST", path, body, "Idempotency-Key", "same").status
		}()
	}
	wg.Wait()
	for _, s := range statuses {
		if s != http.StatusCreated && s != http.StatusConflict {
			t.Fatalf("status %d among %v", s, statuses)
		}
	}
	st := e.standing(adminSecret, p)
	if got := st["mooc"].(map[string]any)["trophies"].(map[string]any)["total"]; got != float64(1) {
		t.Fatalf("total=%v, want 1", got)
	}
}

// A restart keeps everything acknowledged, and the ids a retry derives from
// its natural id still make it a repeat.
func TestRestartKeepsRecordsAndRepeats(t *testing.T) {
	e := start(t)
	p := e.openCohort("C1", 1)[0]
	mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k1", "kebijakan", 0)), http.StatusCreated)
	e.close()

	e2 := startIn(t, e.dir)
	mustStatus(t, e2.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k1", "kebijakan", 0)), http.StatusOK)
	mustStatus(t, e2.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k2", "kebijakan", 0)), http.StatusCreated)
	st := e2.standing(adminSecret, p)
	if got := st["mooc"].(map[string]any)["trophies"].(map[string]any)["total"]; got != float64(2) {
		t.Fatalf("total=%v, want 2", got)
	}
}

// TestTokenSecretShownOnce: a replayed POST /v1/tokens (same
// Idempotency-Key) answers the token without its secret, and the secret is
// kept nowhere beside the log (the kept answers' file holds no trace of it).
func TestTokenSecretShownOnce(t *testing.T) {
	e := start(t)
	body := map[string]any{"name": "lms-jatim", "role": "lms", "institution_id": "bpsdm-jatim"}
	first := e.do(adminSecret, "POST", "/v1/tokens", body, "Idempotency-Key", "tok-1")
	mustStatus(t, first, http.StatusCreated)
	secret, _ := first.json(t)["token"].(string)
	if secret == "" {
		t.Fatal("the first answer has no secret")
	}
	again := e.do(adminSecret, "POST", "/v1/tokens", body, "Idempotency-Key", "tok-1")
	mustStatus(t, again, http.StatusCreated)
	if again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatal("the second answer is not a replay")
	}
	replayed := again.json(t)
	if _, shown := replayed["token"]; shown || strings.Contains(string(again.body), secret) {
		t.Fatalf("a replay shows the secret: %s", again.body)
	}
	if replayed["token_id"] != first.json(t)["token_id"] {
		t.Fatalf("the replay names another token: %s", again.body)
	}
	e.close()
	answers, err := idempotency.OpenSQLite(filepath.Join(e.dir, "idempotency.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer answers.Close()
	kept, found, err := answers.Load(context.Background(), ledger.EnvAdminTokenID+"\x00tok-1")
	if err != nil || !found {
		t.Fatalf("no kept answer: %v", err)
	}
	if bytes.Contains(kept.Body, []byte(secret)) {
		t.Fatal("the kept answer holds the secret")
	}
}
