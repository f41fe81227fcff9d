package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"github.com/prometheus/client_golang/prometheus"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/idempotency"
)

const (
	headerIdempotencyKey = "Idempotency-Key"
	headerReplayed       = "Idempotent-Replayed"
	maxIdempotencyKey    = 255
	idempotencyTTL       = 24 * time.Hour
)

// AnswerStore keeps first answers outside the process (idempotency.SQLite,
// idempotency.Redis), so a retry after a restart or on another replica gets
// the same answer back.
type AnswerStore interface {
	Load(ctx context.Context, scope string) (idempotency.Answer, bool, error)
	Save(ctx context.Context, scope string, a idempotency.Answer) error
}

// idempotencyKeys remembers the first answer to each (token, key) for 24
// hours: in memory, where requests still in flight are told apart, and in
// the answer store when there is one. A write's event ids also derive from
// the key (command.Command.IDKey), so even without a store a retry is
// recorded once.
type idempotencyKeys struct {
	mu      sync.Mutex
	entries map[string]*idemEntry
	writes  int
	store   AnswerStore
	log     *slog.Logger
	// replayed counts answers given again (nil: not counted).
	replayed prometheus.Counter
}

type idemEntry struct {
	fingerprint [32]byte
	done        bool
	status      int
	contentType string
	body        []byte
	at          time.Time
}

func newIdempotencyKeys(store AnswerStore, log *slog.Logger) *idempotencyKeys {
	return &idempotencyKeys{entries: make(map[string]*idemEntry), store: store, log: log}
}

// kept is the answer the store kept for scope, if any.
func (k *idempotencyKeys) kept(ctx context.Context, scope string) (*idemEntry, error) {
	if k.store == nil {
		return nil, nil
	}
	a, ok, err := k.store.Load(ctx, scope)
	if err != nil || !ok {
		return nil, err
	}
	e := &idemEntry{done: true, status: a.Status, contentType: a.ContentType, body: a.Body, at: a.At}
	copy(e.fingerprint[:], a.Fingerprint)
	return e, nil
}

// begin claims the key, or answers what the first request with it answered.
func (k *idempotencyKeys) begin(scope string, fp [32]byte, now time.Time) (*idemEntry, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if e, ok := k.entries[scope]; ok && now.Sub(e.at) < idempotencyTTL {
		switch {
		case e.fingerprint != fp:
			return nil, domain.Refuse("", headerIdempotencyKey, "this Idempotency-Key was used with another request body")
		case !e.done:
			return nil, domain.Conflict("", "a request with this Idempotency-Key is still in flight")
		}
		return e, nil
	}
	k.writes++
	if k.writes%4096 == 0 {
		for s, e := range k.entries {
			if now.Sub(e.at) >= idempotencyTTL {
				delete(k.entries, s)
			}
		}
	}
	k.entries[scope] = &idemEntry{fingerprint: fp, at: now}
	return nil, nil
}

func (k *idempotencyKeys) finish(ctx context.Context, scope string, status int, contentType string, body []byte) {
	k.mu.Lock()
	e := k.entries[scope]
	if e == nil {
		k.mu.Unlock()
		return
	}
	if status >= 500 {
		delete(k.entries, scope) // a failure of ours: the client may try again
		k.mu.Unlock()
		return
	}
	e.done, e.status, e.contentType, e.body = true, status, contentType, body
	a := idempotency.Answer{Fingerprint: e.fingerprint[:], Status: status, ContentType: contentType, Body: body, At: e.at}
	k.mu.Unlock()
	if k.store != nil {
		if err := k.store.Save(ctx, scope, a); err != nil {
			k.log.Warn("idempotency answer not kept beyond this process", "err", err)
		}
	}
}

// idempotent is the middleware of api.md's Idempotency-Key convention.
func (k *idempotencyKeys) idempotent(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		key := req.Header.Get(headerIdempotencyKey)
		if key == "" || req.Method == http.MethodGet || req.Method == http.MethodHead {
			return next(c)
		}
		if len(key) > maxIdempotencyKey {
			return domain.Refuse("", headerIdempotencyKey, "an Idempotency-Key has at most 255 characters")
		}
		body, err := readBody(req)
		if err != nil {
			return err
		}
		keepBody(req, body)
		h := sha256.New()
		h.Write([]byte(req.Method + " " + req.URL.Path + "\n"))
		h.Write(body)
		var fp [32]byte
		h.Sum(fp[:0])
		scope := principalOf(c).TokenID + "\x00" + key
		prior, err := k.kept(req.Context(), scope)
		if err != nil {
			k.log.Warn("idempotency answers unreadable; deciding afresh", "err", err)
		}
		switch {
		case prior != nil && prior.fingerprint != fp:
			return domain.Refuse("", headerIdempotencyKey, "this Idempotency-Key was used with another request body")
		case prior == nil:
			if prior, err = k.begin(scope, fp, time.Now()); err != nil {
				return err
			}
		}
		if prior != nil {
			if k.replayed != nil {
				k.replayed.Inc()
			}
			c.Response().Header().Set(headerReplayed, "true")
			return c.Blob(prior.status, prior.contentType, prior.body)
		}
		rec := &recorder{ResponseWriter: c.Response().Writer}
		c.Response().Writer = rec
		err = next(c)
		if err != nil {
			c.Error(err) // write the problem now so that it is recorded too
		}
		kept := rec.body.Bytes()
		if instead, ok := c.Get(keptInsteadKey).([]byte); ok {
			kept = instead
		}
		k.finish(req.Context(), scope, c.Response().Status, c.Response().Header().Get(echo.HeaderContentType), kept)
		return nil
	}
}

const keptInsteadKey = "latsar.idempotency.kept"

// keepForReplay makes a retry with the same Idempotency-Key answer body
// instead of what this request answers: an answer that holds a secret
// (a new token) is shown once, and neither kept nor replayed.
func keepForReplay(c echo.Context, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	c.Set(keptInsteadKey, append(b, '\n'))
	return nil
}

type recorder struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
