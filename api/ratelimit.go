package api

import (
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"
)

// RateLimits bound how fast one caller may send requests: each bearer token
// on its own, and each client address for requests without a valid token
// (unauthenticated routes, missing or wrong tokens), so that guessing tokens
// is slow and one integrator cannot starve the others. A zero rate is no
// limit.
type RateLimits struct {
	PerToken        float64 // requests per second
	PerTokenBurst   int
	PerAddress      float64
	PerAddressBurst int
}

// buckets are token buckets by key, forgotten once idle and full again.
type buckets struct {
	name    string
	every   rate.Limit
	burst   int
	refused prometheus.Counter

	mu    sync.Mutex
	byID  map[string]*bucket
	swept time.Time
}

type bucket struct {
	limiter *rate.Limiter
	used    time.Time
}

func newBuckets(name string, perSecond float64, burst int, refused *prometheus.CounterVec) *buckets {
	if perSecond <= 0 {
		return nil
	}
	return &buckets{name: name, every: rate.Limit(perSecond), burst: max(burst, 1), byID: map[string]*bucket{},
		refused: refused.WithLabelValues(name)}
}

// maxBuckets bounds the memory of callers remembered (about 100 bytes each).
const maxBuckets = 200_000

// take spends one request of key's bucket. It answers the headers of the
// IETF RateLimit draft and, when the bucket is empty, how long to wait.
func (b *buckets) take(key string, now time.Time) (remaining int, wait time.Duration, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if now.Sub(b.swept) > time.Minute || len(b.byID) > maxBuckets {
		b.sweep(now)
	}
	bk := b.byID[key]
	if bk == nil {
		bk = &bucket{limiter: rate.NewLimiter(b.every, b.burst)}
		b.byID[key] = bk
	}
	bk.used = now
	r := bk.limiter.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return 0, d, false
	}
	return int(bk.limiter.TokensAt(now)), 0, true
}

// sweep forgets buckets idle long enough to be full again.
func (b *buckets) sweep(now time.Time) {
	full := time.Duration(float64(b.burst) / float64(b.every) * float64(time.Second))
	for k, bk := range b.byID {
		if now.Sub(bk.used) > full || len(b.byID) > maxBuckets {
			delete(b.byID, k)
		}
	}
	b.swept = now
}

// limit spends one request of key's bucket, sets the RateLimit headers and
// refuses with 429 and Retry-After when the bucket is empty.
func (b *buckets) limit(c echo.Context, key string) error {
	if b == nil {
		return nil
	}
	remaining, wait, ok := b.take(key, time.Now())
	h := c.Response().Header()
	window := int(math.Ceil(float64(b.burst) / float64(b.every)))
	h.Set("RateLimit-Policy", `"`+b.name+`";q=`+strconv.Itoa(b.burst)+`;w=`+strconv.Itoa(max(window, 1)))
	reset := 0
	if !ok {
		reset = int(math.Ceil(wait.Seconds()))
	}
	h.Set("RateLimit", `"`+b.name+`";r=`+strconv.Itoa(remaining)+`;t=`+strconv.Itoa(reset))
	if ok {
		return nil
	}
	b.refused.Inc()
	h.Set("Retry-After", strconv.Itoa(max(reset, 1)))
	return domain.Errorf(codeRateLimited, "too many requests from this %s; retry after %d s", b.name, max(reset, 1))
}

// clientAddress is the peer's address: forwarded-for headers are not
// trusted, since a client could name any address in them.
func clientAddress(c echo.Context) string {
	return echo.ExtractIPDirect()(c.Request())
}
