package api

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
)

const (
	headerIdempotencyKey = "Idempotency-Key"
	headerReplayed       = "Idempotent-Replayed"
	maxIdempotencyKey    = 255
	idempotencyTTL       = 24 * time.Hour
)

// idempotencyKeys remembers the first answer to each (token, key) for 24 hours.
//
// The answers live in memory. A write's event ids are derived from the key
// (command.Command.IDKey), so after a restart a retried write is still
// recorded once; it then answers as a repeat (200) rather than byte for byte.
type idempotencyKeys struct {
	mu      sync.Mutex
	entries map[string]*idemEntry
	writes  int
}

type idemEntry struct {
	fingerprint [32]byte
	done        bool
	status      int
	contentType string
	body        []byte
	at          time.Time
}

func newIdempotencyKeys() *idempotencyKeys {
	return &idempotencyKeys{entries: make(map[string]*idemEntry)}
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

func (k *idempotencyKeys) finish(scope string, status int, contentType string, body []byte) {
	k.mu.Lock()
	defer k.mu.Unlock()
	e := k.entries[scope]
	if e == nil {
		return
	}
	if status >= 500 {
		delete(k.entries, scope) // a failure of ours: the client may try again
		return
	}
	e.done, e.status, e.contentType, e.body = true, status, contentType, body
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
		body, err := io.ReadAll(req.Body)
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
			}
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		h := sha256.New()
		h.Write([]byte(req.Method + " " + req.URL.Path + "\n"))
		h.Write(body)
		var fp [32]byte
		h.Sum(fp[:0])
		scope := principalOf(c).TokenID + "\x00" + key
		prior, err := k.begin(scope, fp, time.Now())
		if err != nil {
			return err
		}
		if prior != nil {
			c.Response().Header().Set(headerReplayed, "true")
			return c.Blob(prior.status, prior.contentType, prior.body)
		}
		rec := &recorder{ResponseWriter: c.Response().Writer}
		c.Response().Writer = rec
		err = next(c)
		if err != nil {
			c.Error(err) // write the problem now so that it is recorded too
		}
		k.finish(scope, c.Response().Status, c.Response().Header().Get(echo.HeaderContentType), rec.body.Bytes())
		return nil
	}
}

type recorder struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// idKey is the key a command derives its event ids from when it has no
// natural id: the caller's idempotency key, scoped to the token ("" without
// one: random ids).
func idKey(c echo.Context) string {
	if k := c.Request().Header.Get(headerIdempotencyKey); k != "" {
		return "idem:" + principalOf(c).TokenID + ":" + k
	}
	return ""
}
