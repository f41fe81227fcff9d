package tests

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/domain/webhook"
	"github.com/latsar/ledger/webhooks"
)

// whOptions let the server deliver to loopback http endpoints (httptest
// servers) and retry within milliseconds; nothing else is ever dialled.
func whOptions(dir string, firstRetry time.Duration) app.Options {
	return app.Options{DataDir: dir, Webhooks: webhooks.Options{
		Policy: webhook.Policy{AllowHTTPLoopback: true}, FirstRetry: firstRetry, Attempts: 4,
	}}
}

// whReceiver is an endpoint on the loopback interface that verifies each
// delivery with the Standard Webhooks algorithm, written here from the
// specification (not with the server's code), and records it.
type whReceiver struct {
	*httptest.Server
	t        *testing.T
	mu       sync.Mutex
	secret   string         // whsec_…, set once registered
	status   func() int     // what to answer (200 when nil)
	accepted []whDelivery   // answered 2xx, in arrival order
	attempts map[string]int // webhook-id -> requests received
}

type whDelivery struct {
	id   string
	body []byte
}

func whReceive(t *testing.T) *whReceiver {
	r := &whReceiver{t: t, attempts: map[string]int{}}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.Close)
	return r
}

func (r *whReceiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	id := req.Header.Get("webhook-id")
	if err := whVerify(r.secret, req.Header, body, time.Now()); err != "" {
		r.t.Errorf("delivery %s does not verify: %s", id, err)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	r.attempts[id]++
	status := http.StatusOK
	if r.status != nil {
		status = r.status()
	}
	if status/100 == 2 {
		r.accepted = append(r.accepted, whDelivery{id: id, body: body})
	}
	w.WriteHeader(status)
}

// whVerify is the receiver's side of Standard Webhooks: the secret is
// "whsec_" and base64 of the key; the signed content is
// "{webhook-id}.{webhook-timestamp}.{body}"; webhook-signature lists
// "v1,<base64 HMAC-SHA256>" signatures separated by spaces; the timestamp
// must be within 5 minutes.
func whVerify(secret string, h http.Header, body []byte, now time.Time) string {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || secret == "" {
		return "no secret to verify with"
	}
	id, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		return "a Standard Webhooks header is missing"
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "webhook-timestamp is not unix seconds"
	}
	if d := now.Sub(time.Unix(secs, 0)); d > 5*time.Minute || d < -5*time.Minute {
		return "webhook-timestamp is too far from now"
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body)
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	for _, s := range strings.Fields(sigs) {
		if v, sig, ok := strings.Cut(s, ","); ok && v == "v1" && hmac.Equal([]byte(sig), []byte(want)) {
			return ""
		}
	}
	return "no signature matches"
}

func (r *whReceiver) use(secret string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.secret = secret
}

func (r *whReceiver) answer(status func() int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.status = status
}

// await waits until n deliveries were accepted, then a little longer to see
// that no more come, and answers them.
func (r *whReceiver) await(n int) []whDelivery {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for r.count() < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(150 * time.Millisecond)
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.accepted) != n {
		var types []string
		for _, d := range r.accepted {
			var ev struct{ Type, Stream string }
			_ = json.Unmarshal(d.body, &ev)
			types = append(types, ev.Type+" of "+ev.Stream)
		}
		r.t.Fatalf("%d deliveries accepted (%s), want %d", len(r.accepted), strings.Join(types, ", "), n)
	}
	return slices.Clone(r.accepted)
}

func (r *whReceiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.accepted)
}

// whRegister registers a webhook for the receiver and tells it the secret.
func (e *env) whRegister(r *whReceiver, body map[string]any) string {
	e.t.Helper()
	body["url"] = r.URL + "/hooks"
	res := e.do(adminSecret, "POST", "/v1/webhooks", body)
	mustStatus(e.t, res, http.StatusCreated)
	m := res.json(e.t)
	r.use(m["secret"].(string))
	return m["webhook_id"].(string)
}

// whDeliveries reads a webhook's whole delivery log.
func (e *env) whDeliveries(id string) []map[string]any {
	e.t.Helper()
	res := e.do(adminSecret, "GET", "/v1/webhooks/"+id+"/deliveries?limit=1000", nil)
	mustStatus(e.t, res, http.StatusOK)
	var page struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(res.body, &page); err != nil {
		e.t.Fatal(err)
	}
	return page.Items
}

// whLogEvent is the event of the log page at a position, as GET /v1/events shows it.
func (e *env) whLogEvent(position float64) map[string]any {
	e.t.Helper()
	res := e.do(adminSecret, "GET", "/v1/events?limit=1&after="+strconv.FormatInt(int64(position)-1, 10), nil)
	mustStatus(e.t, res, http.StatusOK)
	var page struct {
		Events []map[string]any `json:"events"`
	}
	if err := json.Unmarshal(res.body, &page); err != nil || len(page.Events) != 1 {
		e.t.Fatalf("the log page at %v: %s", position, res.body)
	}
	return page.Events[0]
}

// whSameJSON tells whether two decoded JSON values are the same.
func whSameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// Registration answers the secret once: a replay of the POST with the same
// Idempotency-Key never contains it, no file of the data directory holds it,
// and only admins manage webhooks.
func TestWebhookRegistration(t *testing.T) {
	e := startWith(t, whOptions(t.TempDir(), 10*time.Millisecond))
	body := map[string]any{"url": "https://lms.example.go.id/hooks", "event_types": []string{"TrophyEarned", "PosttestAttempted"}, "institution_id": "bpsdm-jatim"}
	first := e.do(adminSecret, "POST", "/v1/webhooks", body, "Idempotency-Key", "wh-1")
	mustStatus(t, first, http.StatusCreated)
	got := first.json(t)
	secret, _ := got["secret"].(string)
	id, _ := got["webhook_id"].(string)
	if !strings.HasPrefix(secret, "whsec_") || id == "" {
		t.Fatalf("the registration answers %s, want a webhook_id and a whsec_ secret", first.body)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || len(key) < 24 {
		t.Fatalf("secret %q is not whsec_ and base64 of a key: %v", secret, err)
	}
	again := e.do(adminSecret, "POST", "/v1/webhooks", body, "Idempotency-Key", "wh-1")
	mustStatus(t, again, http.StatusCreated)
	if again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatal("the second answer is not a replay")
	}
	if _, shown := again.json(t)["secret"]; shown || bytes.Contains(again.body, []byte(secret)) || again.json(t)["webhook_id"] != id {
		t.Fatalf("the replay %s shows the secret or names another webhook", again.body)
	}
	list := e.do(adminSecret, "GET", "/v1/webhooks", nil)
	mustStatus(t, list, http.StatusOK)
	if !bytes.Contains(list.body, []byte(id)) || bytes.Contains(list.body, []byte(secret[6:])) {
		t.Fatalf("the list %s does not show %s, or shows its secret", list.body, id)
	}

	for _, tc := range []struct {
		name, token, method, path string
		body                      any
		want                      int
	}{
		{"http-elsewhere-422", adminSecret, "POST", "/v1/webhooks", map[string]any{"url": "http://lms.example.go.id/hooks", "event_types": []string{"*"}}, 422},
		{"unknown-type-422", adminSecret, "POST", "/v1/webhooks", map[string]any{"url": "https://x.example/h", "event_types": []string{"TrophyLost"}}, 422},
		{"no-types-422", adminSecret, "POST", "/v1/webhooks", map[string]any{"url": "https://x.example/h", "event_types": []string{}}, 422},
		{"unknown-field-422", adminSecret, "POST", "/v1/webhooks", map[string]any{"url": "https://x.example/h", "event_types": []string{"*"}, "secret": "mine"}, 422},
		{"lms-register-403", e.lms(), "POST", "/v1/webhooks", body, 403},
		{"agency-register-403", e.agency(), "POST", "/v1/webhooks", body, 403},
		{"auditor-register-403", e.auditor(), "POST", "/v1/webhooks", body, 403},
		{"dashboard-list-403", e.dashboard(), "GET", "/v1/webhooks", nil, 403},
		{"lms-deliveries-403", e.lms(), "GET", "/v1/webhooks/" + id + "/deliveries", nil, 403},
		{"auditor-disable-403", e.auditor(), "DELETE", "/v1/webhooks/" + id, nil, 403},
		{"no-token-401", "", "GET", "/v1/webhooks", nil, 401},
		{"unknown-deliveries-404", adminSecret, "GET", "/v1/webhooks/wh_unknown/deliveries", nil, 404},
		{"bad-cursor-400", adminSecret, "GET", "/v1/webhooks/" + id + "/deliveries?cursor=x", nil, 400},
		{"unknown-disable-404", adminSecret, "DELETE", "/v1/webhooks/wh_unknown", nil, 404},
		{"disable-201", adminSecret, "DELETE", "/v1/webhooks/" + id, nil, 201},
		{"disable-again-200", adminSecret, "DELETE", "/v1/webhooks/" + id, nil, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustStatus(t, e.do(tc.token, tc.method, tc.path, tc.body), tc.want)
		})
	}
	list = e.do(adminSecret, "GET", "/v1/webhooks", nil)
	if !strings.Contains(string(list.body), `"disabled":true`) {
		t.Fatalf("the list %s does not show the webhook disabled", list.body)
	}

	e.close()
	_ = filepath.WalkDir(e.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(secret[6:])) || bytes.Contains(b, key) {
			t.Errorf("%s holds the webhook's secret", path)
		}
		return nil
	})
}

// Each delivery is signed with the Standard Webhooks scheme, carries the
// event as the log shows it with its id as webhook-id, and reaches only the
// webhooks whose types and tenant it matches; a failed attempt is retried.
func TestWebhookDeliveries(t *testing.T) {
	e := startWith(t, whOptions(t.TempDir(), 20*time.Millisecond))
	jatim, malang, all := whReceive(t), whReceive(t), whReceive(t)
	calls := 0
	jatim.answer(func() int { // the first attempt fails, then every one succeeds
		calls++
		if calls == 1 {
			return http.StatusInternalServerError
		}
		return http.StatusNoContent
	})
	jatimID := e.whRegister(jatim, map[string]any{"event_types": []string{"ParticipantEnrolled", "TrophyEarned"}, "institution_id": "bpsdm-jatim"})
	malangID := e.whRegister(malang, map[string]any{"event_types": []string{"*"}, "agency": "pemkot-malang"})
	e.whRegister(all, map[string]any{"event_types": []string{"CohortOpened"}})

	p := e.openCohort("WH-1", 1)[0] // bpsdm-jatim, agency pemkab-blitar
	other := cohortBody("WH-2")
	other["institution_id"] = "bpsdm-jabar"
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts", other), http.StatusCreated)
	q := nip(7)
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts/WH-2/participants", map[string]any{
		"nip": q, "name": "Peserta Malang", "golongan": "III", "agency": "pemkot-malang"}), http.StatusCreated)
	mustStatus(t, e.do(e.lms(), "POST", "/v1/participants/"+p+"/trophies", trophy("k1", "kebijakan", 0)), http.StatusCreated)
	mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+q+"/trophies", trophy("k1", "kebijakan", 0)), http.StatusCreated)

	// bpsdm-jatim's webhook: its cohort's roster entry and its participant's
	// enrolment and trophy; nothing of bpsdm-jabar.
	got := jatim.await(3)
	want := [][2]string{{"ParticipantEnrolled", "cohort-WH-1"}, {"ParticipantEnrolled", "participant-" + p}, {"TrophyEarned", "participant-" + p}}
	for i, d := range got {
		var ev map[string]any
		if err := json.Unmarshal(d.body, &ev); err != nil {
			t.Fatal(err)
		}
		if ev["type"] != want[i][0] || ev["stream"] != want[i][1] || ev["id"] != d.id {
			t.Fatalf("delivery %d: %s, want %s of %s with webhook-id = its id", i, d.body, want[i][0], want[i][1])
		}
		if logged := e.whLogEvent(ev["position"].(float64)); !whSameJSON(logged, ev) {
			t.Fatalf("delivered %v, the log shows %v", ev, logged)
		}
	}
	// pemkot-malang's webhook: everything of its participant, nothing else.
	for _, d := range malang.await(2) {
		if !bytes.Contains(d.body, []byte(`"stream":"participant-`+q+`"`)) {
			t.Fatalf("pemkot-malang received %s", d.body)
		}
	}
	// A webhook without a tenant: every cohort opened.
	if n := len(all.await(2)); n != 2 {
		t.Fatalf("%d cohort openings delivered, want 2", n)
	}

	log := e.whDeliveries(jatimID)
	if len(log) != 3 || log[0]["attempts"] != float64(2) || log[0]["status"] != "delivered" || log[0]["last_status_code"] != float64(204) ||
		log[1]["attempts"] != float64(1) || log[2]["attempts"] != float64(1) || log[0]["event_id"] != got[0].id {
		t.Fatalf("delivery log %v, want the first delivered at the second attempt, the others at the first", log)
	}
	// Paged like every list: next_cursor and Link.
	page := e.do(adminSecret, "GET", "/v1/webhooks/"+malangID+"/deliveries?limit=1", nil)
	mustStatus(t, page, http.StatusOK)
	cursor, _ := page.json(t)["next_cursor"].(string)
	if cursor == "" || !strings.Contains(page.header.Get("Link"), `rel="next"`) {
		t.Fatalf("a full page %s (Link %q) has no next_cursor and Link", page.body, page.header.Get("Link"))
	}
	next := e.do(adminSecret, "GET", "/v1/webhooks/"+malangID+"/deliveries?limit=1&cursor="+cursor, nil)
	mustStatus(t, next, http.StatusOK)
	if bytes.Equal(next.body, page.body) || !bytes.Contains(next.body, []byte("TrophyEarned")) {
		t.Fatalf("the next page %s, want the trophy", next.body)
	}
}

// A restart loses no delivery and repeats none: a delivery failing when the
// server stops is attempted again after the restart, where its schedule left
// off, and then the events recorded later follow, each delivered once under
// its event id.
func TestWebhookResumesAfterRestart(t *testing.T) {
	dir := t.TempDir()
	e := startWith(t, whOptions(dir, 50*time.Millisecond))
	r := whReceive(t)
	id := e.whRegister(r, map[string]any{"event_types": []string{"TrophyEarned"}})
	p := e.openCohort("WH-R", 1)[0]
	for _, k := range []string{"k1", "k2"} {
		mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy(k, "kebijakan", 0)), http.StatusCreated)
	}
	r.await(2)
	r.answer(func() int { return http.StatusServiceUnavailable }) // the endpoint goes down
	mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k3", "kebijakan", 0)), http.StatusCreated)
	deadline := time.Now().Add(5 * time.Second)
	for {
		log := e.whDeliveries(id)
		if len(log) == 3 && log[2]["status"] == "pending" && log[2]["last_status_code"] == float64(503) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivery log %v, want the third pending after a 503", log)
		}
		time.Sleep(10 * time.Millisecond)
	}
	e.close()

	r.answer(nil) // up again
	e = startWith(t, whOptions(dir, 50*time.Millisecond))
	for _, k := range []string{"s1", "s2"} {
		mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy(k, "substansi_1", 1)), http.StatusCreated)
	}
	got := r.await(5)
	res := e.do(adminSecret, "GET", "/v1/events?limit=1000", nil)
	var page struct {
		Events []map[string]any `json:"events"`
	}
	if err := json.Unmarshal(res.body, &page); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, ev := range page.Events {
		if ev["type"] == "TrophyEarned" {
			want = append(want, ev["id"].(string))
		}
	}
	var ids []string
	for _, d := range got {
		ids = append(ids, d.id)
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("delivered %v, want each trophy once in log order: %v", ids, want)
	}
	log := e.whDeliveries(id)
	if len(log) != 5 || log[2]["status"] != "delivered" || log[2]["attempts"].(float64) < 2 {
		t.Fatalf("delivery log %v, want five delivered, the third after more than one attempt", log)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.attempts[want[2]] < 2 {
		t.Fatalf("the third trophy was attempted %d times under its id, want the retries under the same webhook-id", r.attempts[want[2]])
	}
}

// A disabled webhook receives nothing more.
func TestWebhookDisabledReceivesNothing(t *testing.T) {
	e := startWith(t, whOptions(t.TempDir(), 10*time.Millisecond))
	r := whReceive(t)
	id := e.whRegister(r, map[string]any{"event_types": []string{"CohortOpened"}})
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts", cohortBody("WH-D1")), http.StatusCreated)
	r.await(1)
	mustStatus(t, e.do(adminSecret, "DELETE", "/v1/webhooks/"+id, nil), http.StatusCreated)
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts", cohortBody("WH-D2")), http.StatusCreated)
	time.Sleep(200 * time.Millisecond)
	r.await(1)
}
