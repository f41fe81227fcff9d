package ledger_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/domain/webhook"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/webhooks"
)

// hookWorld is a world with the webhook use cases and a deliverer
// following its log, as the server runs them.
type hookWorld struct {
	*world
	hooks   *ledger.Webhooks
	secrets *webhooks.Secrets
}

func newHookWorld(t *testing.T) *hookWorld {
	t.Helper()
	w := newWorld(t)
	db, err := webhooks.OpenDB(filepath.Join(t.TempDir(), "webhooks.db"))
	if err != nil {
		t.Fatal(err)
	}
	secrets := webhooks.NewSecrets([]byte("a master secret of 32 bytes long"))
	policy := webhook.Policy{AllowHTTPLoopback: true}
	d := webhooks.New(w.store, w.ledger.Catalogue(), db, secrets,
		webhooks.Options{Policy: policy, FirstRetry: 10 * time.Millisecond, Attempts: 3}, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); d.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done; db.Close() }) // before the world's store closes
	return &hookWorld{world: w, secrets: secrets, hooks: ledger.NewWebhooks(ledger.WebhooksConfig{
		Store: w.store, Catalogue: w.ledger.Catalogue(), Secrets: secrets, Records: db, Policy: policy,
	})}
}

// register registers a webhook as admin and waits until the deliverer knows it.
func (w *hookWorld) register(cmd ledger.RegisterWebhook) ledger.RegisteredWebhook {
	w.t.Helper()
	res, err := w.hooks.Register(context.Background(), admin, cmd)
	if err != nil {
		w.t.Fatal(err)
	}
	w.waitHooks(res.Position())
	return res
}

func (w *hookWorld) waitHooks(pos uint64) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := w.hooks.Wait(ctx, pos); err != nil {
		w.t.Fatalf("the deliverer did not reach position %d: %v", pos, err)
	}
}

func TestRegisterWebhook(t *testing.T) {
	w := newHookWorld(t)
	ctx := context.Background()
	ok := ledger.RegisterWebhook{URL: "https://lms.example.go.id/hooks", EventTypes: []string{"TrophyEarned"}, InstitutionID: "inst-a"}
	for _, tc := range []struct {
		name string
		who  ledger.Principal
		cmd  ledger.RegisterWebhook
		code domain.Code
	}{
		{"admin registers", admin, ok, ""},
		{"admin registers for every type", admin, ledger.RegisterWebhook{URL: "https://x.example/h", EventTypes: []string{"*"}}, ""},
		{"an lms token may not", lmsA, ok, domain.CodeForbidden},
		{"an agency token may not", agency, ok, domain.CodeForbidden},
		{"an auditor token may not", auditor, ok, domain.CodeForbidden},
		{"plain http elsewhere than loopback", admin, ledger.RegisterWebhook{URL: "http://lms.example.go.id/hooks", EventTypes: []string{"TrophyEarned"}}, domain.CodeInvalid},
		{"an event type the log does not know", admin, ledger.RegisterWebhook{URL: "https://x.example/h", EventTypes: []string{"TrophyLost"}}, domain.CodeInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := w.hooks.Register(ctx, tc.who, tc.cmd)
			wantCode(t, err, tc.code, "")
			if err != nil {
				return
			}
			id := res.Webhook.WebhookID
			if !domain.ValidID(id) || res.Secret != w.secrets.Secret(id) || !strings.HasPrefix(res.Secret, "whsec_") {
				t.Fatalf("answer %+v, want a valid id and its derived whsec_ secret", res)
			}
			recs := w.stream("webhook-" + id)
			if len(recs) != 1 || recs[0].Type != "WebhookRegistered" {
				t.Fatalf("the stream holds %v, want one WebhookRegistered", recs)
			}
			key := strings.TrimPrefix(res.Secret, "whsec_")
			if strings.Contains(string(recs[0].Data), key) || strings.Contains(string(recs[0].Data), "whsec_") {
				t.Fatalf("the log keeps the secret: %s", recs[0].Data)
			}
			w.waitHooks(res.Position())
			subs, err := w.hooks.List(ctx, admin)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, s := range subs {
				if s.WebhookID == id {
					found = s.URL == tc.cmd.URL && s.DisabledAt == nil && s.Position == res.Position()
				}
			}
			if !found {
				t.Fatalf("the list %+v does not show %s as registered", subs, id)
			}
		})
	}
	if _, err := w.hooks.List(ctx, lmsA); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("an lms token lists webhooks: %v, want forbidden", err)
	}
}

func TestDisableWebhook(t *testing.T) {
	w := newHookWorld(t)
	ctx := context.Background()
	id := w.register(ledger.RegisterWebhook{URL: "https://x.example/h", EventTypes: []string{"*"}}).Webhook.WebhookID
	for _, tc := range []struct {
		name    string
		who     ledger.Principal
		id      string
		code    domain.Code
		written int
	}{
		{"an lms token may not", lmsA, id, domain.CodeForbidden, 0},
		{"an unknown webhook", admin, "wh_unknown", domain.CodeNotFound, 0},
		{"a malformed id", admin, "not/an id", domain.CodeNotFound, 0},
		{"admin disables", admin, id, "", 1},
		{"disabling again records nothing", admin, id, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := w.hooks.Disable(ctx, tc.who, tc.id)
			wantCode(t, err, tc.code, "")
			if got := len(res.Events()); got != tc.written {
				t.Fatalf("%d events recorded, want %d", got, tc.written)
			}
			if got := len(res.Events()); got > 0 {
				w.waitHooks(res.Position())
			}
		})
	}
	subs, err := w.hooks.List(ctx, admin)
	if err != nil || len(subs) != 1 || subs[0].DisabledAt == nil {
		t.Fatalf("list %+v (%v), want the webhook disabled", subs, err)
	}
}

// receiver is an endpoint on the loopback interface that records what it
// is sent, answering the statuses given in turn (then 200).
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	got      []webhooks.Event
	statuses []int
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	r := &receiver{statuses: statuses}
	r.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		if len(r.statuses) > 0 {
			status := r.statuses[0]
			r.statuses = r.statuses[1:]
			if status != http.StatusOK {
				rw.WriteHeader(status)
				return
			}
		}
		var e webhooks.Event
		if err := json.Unmarshal(body, &e); err != nil {
			t.Errorf("a delivery is not an event: %v", err)
		}
		r.got = append(r.got, e)
	}))
	t.Cleanup(r.Close)
	return r
}

// await waits until n events were accepted, and answers them.
func (r *receiver) await(t *testing.T, n int) []webhooks.Event {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r.mu.Lock()
		got := append([]webhooks.Event(nil), r.got...)
		r.mu.Unlock()
		if len(got) >= n || time.Now().After(deadline) {
			if len(got) != n {
				t.Fatalf("%d deliveries accepted, want %d: %+v", len(got), n, got)
			}
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// finished waits until a webhook's delivery log holds n finished deliveries.
func (w *hookWorld) finished(id string, n int) ledger.DeliveryPage {
	w.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		page, err := w.hooks.Deliveries(context.Background(), admin, id, 0, 100)
		if err != nil {
			w.t.Fatal(err)
		}
		done := 0
		for _, d := range page.Items {
			if d.Status != webhook.Pending {
				done++
			}
		}
		if done == n && len(page.Items) == n {
			return page
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("delivery log %+v, want %d finished deliveries", page.Items, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A webhook of an institution receives the events of that institution's
// participants, whoever wrote them, and no other's; its delivery log shows
// each, with a retry counted.
func TestWebhookDeliversItsTenantsEvents(t *testing.T) {
	w := newHookWorld(t)
	ctx := context.Background()
	rcv := newReceiver(t, http.StatusInternalServerError) // the first attempt fails
	id := w.register(ledger.RegisterWebhook{URL: rcv.URL, EventTypes: []string{"TrophyEarned"}, InstitutionID: "inst-a"}).Webhook.WebhookID

	w.open(admin, "A", "inst-a")
	w.open(admin, "B", "inst-b")
	a, b := w.enrolledIn("A", 1), w.enrolledIn("B", 2)
	for i, who := range []ledger.Principal{admin, lmsA} { // the admin writes for inst-a too
		if _, err := w.ledger.EarnTrophy(ctx, who, a, trophyClaim("k"+string(rune('0'+i)), domain.Kebijakan, 0)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.ledger.EarnTrophy(ctx, admin, b, trophyClaim("k0", domain.Kebijakan, 0)); err != nil {
		t.Fatal(err)
	}
	got := rcv.await(t, 2)
	for _, e := range got {
		var tr participant.TrophyEarned
		if err := json.Unmarshal(e.Data, &tr); err != nil || e.Type != "TrophyEarned" || e.Stream != "participant-"+a {
			t.Fatalf("delivered %+v (%v), want a TrophyEarned of %s", e, err, a)
		}
	}
	if got[0].Position >= got[1].Position {
		t.Fatalf("delivered out of order: %d then %d", got[0].Position, got[1].Position)
	}

	page := w.finished(id, 2)
	first, second := page.Items[0], page.Items[1]
	if first.Status != webhook.Delivered || first.Attempts != 2 || first.EventID != got[0].ID || first.DeliveredAt == nil {
		t.Fatalf("first delivery %+v, want delivered at the second attempt", first)
	}
	if second.Status != webhook.Delivered || second.Attempts != 1 || second.LastStatusCode != 200 {
		t.Fatalf("second delivery %+v, want delivered at once", second)
	}
	if _, err := w.hooks.Deliveries(ctx, lmsA, id, 0, 10); domain.ErrorCode(err) != domain.CodeForbidden {
		t.Fatalf("an lms token reads deliveries: %v, want forbidden", err)
	}
	if _, err := w.hooks.Deliveries(ctx, admin, "wh_unknown", 0, 10); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("deliveries of an unknown webhook: %v, want not found", err)
	}
}

// Every attempt spent, the delivery is logged failed and the next event
// follows: one endpoint down holds up only its own webhook, for a bounded time.
func TestWebhookGivesUpAfterItsAttempts(t *testing.T) {
	w := newHookWorld(t)
	rcv := newReceiver(t, 500, 502, 503) // three attempts, all failed
	id := w.register(ledger.RegisterWebhook{URL: rcv.URL, EventTypes: []string{"CohortOpened"}}).Webhook.WebhookID
	w.open(admin, "A", "inst-a")
	w.open(admin, "B", "inst-b")
	got := rcv.await(t, 1)
	if !strings.HasSuffix(got[0].Stream, "-B") {
		t.Fatalf("delivered %s, want cohort B's opening after A's was given up", got[0].Stream)
	}
	page := w.finished(id, 2)
	if page.Items[0].Status != webhook.Failed || page.Items[0].Attempts != 3 || page.Items[0].LastStatusCode != 503 {
		t.Fatalf("delivery log %+v, want the first failed after 3 attempts (last 503)", page.Items)
	}
}

// A registration answered 503 (recorded, the deliverer behind) is sent
// again with its idempotency key: it is the same subscription, recorded once.
func TestRegisterWebhookAgainWithItsKey(t *testing.T) {
	w := newHookWorld(t)
	ctx := context.Background()
	cmd := ledger.RegisterWebhook{URL: "https://lms.example.go.id/hooks", EventTypes: []string{"TrophyEarned"}}
	keyed := admin
	keyed.IdempotencyKey = "register-1"
	first, err := w.hooks.Register(ctx, keyed, cmd)
	if err != nil {
		t.Fatal(err)
	}
	again, err := w.hooks.Register(ctx, keyed, cmd)
	if err != nil {
		t.Fatal(err)
	}
	id := first.Webhook.WebhookID
	if again.Webhook.WebhookID != id || !again.Repeated() || again.Position() != first.Position() || again.Secret != first.Secret {
		t.Fatalf("again: %+v, want the first registration %s repeated", again, id)
	}
	if recs := w.stream("webhook-" + id); len(recs) != 1 {
		t.Fatalf("the stream holds %d events, want 1", len(recs))
	}
	cmd.URL = "https://other.example.go.id/hooks"
	_, err = w.hooks.Register(ctx, keyed, cmd)
	wantCode(t, err, domain.CodeConflict, "")
	other := admin
	other.IdempotencyKey = "register-2"
	if res, err := w.hooks.Register(ctx, other, cmd); err != nil || res.Webhook.WebhookID == id {
		t.Fatalf("another key: %+v, %v; want a new subscription", res, err)
	}
}
