package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/url"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/latsar/ledger/api"
	"github.com/latsar/ledger/domain"
)

// config is the server's configuration: each field has a flag and a LATSAR_*
// variable; a flag given on the command line wins over the variable.
type config struct {
	Addr       string
	Data       string
	AdminToken string
	LogFormat  string
	LogLevel   string
	BodyLimit  string
	Demo       string
	Holidays   string
	RedisURL   string
	ESDBURL    string
	Projector  string
	// Timeouts of a connection (a slow client may not hold one forever).
	ReadTimeout  string
	WriteTimeout string
	IdleTimeout  string
	ReadyMaxLag  string
	MetricsToken string
	CORSOrigins  string
	// CheckpointEvery is how often the head of the log is signed.
	CheckpointEvery string
	// SnapshotEvery is how often the embedded read model is snapshotted.
	SnapshotEvery string
	// StreamCopy is the log size from which DATA/streams.db is kept, or off.
	StreamCopy string
	// Rate limits per token and per anonymous client address.
	RatePerToken, RateTokenBurst     string
	RatePerAddress, RateAddressBurst string
	// PublicURL is the address the documents' verification links name.
	PublicURL string
	// Caches of the embedded read model (cmd/latsar/caches.go).
	StateCache, StandingCache string
	// Webhook deliveries (cmd/latsar/webhooks.go).
	WebhooksDeliver, WebhooksAttempts, WebhooksFirstRetry, WebhooksAllowHTTPLoopback string
	// The garbage collector's pace and soft memory limit (gcSettings).
	GOGC, MemoryLimit string
}

type setting struct {
	name, env, def, help string
	dst                  *string
}

func (c *config) settings() []setting {
	return []setting{
		{"addr", "LATSAR_ADDR", "127.0.0.1:8080", "listen address", &c.Addr},
		{"data", "LATSAR_DATA", "./data", "data directory of the embedded store (SQLite file events.db)", &c.Data},
		{"admin-token", "LATSAR_ADMIN_TOKEN", "", "when set, this bearer secret is accepted as an admin token", &c.AdminToken},
		{"log-format", "LATSAR_LOG_FORMAT", "text", "log format: text or json", &c.LogFormat},
		{"log-level", "LATSAR_LOG_LEVEL", "info", "log level: debug, info, warn, error", &c.LogLevel},
		{"body-limit", "LATSAR_BODY_LIMIT", "1M", "largest request body accepted", &c.BodyLimit},
		{"holidays", "LATSAR_HOLIDAYS", "", "non-working days for R-REM-4, comma-separated YYYY-MM-DD", &c.Holidays},
		{"redis-url", "LATSAR_REDIS_URL", "", "put the read models in Redis (redis://host:6379/0); empty keeps them in memory", &c.RedisURL},
		{"esdb-url", "LATSAR_ESDB_URL", "", "keep the log in a KurrentDB 25.1+ cluster (esdb://host:2113?tls=false) instead of the SQLite file", &c.ESDBURL},
		{"projector", "LATSAR_PROJECTOR", "true", "with Redis: also run the projector here (false when `latsar project` runs it)", &c.Projector},
		{"demo", "LATSAR_DEMO", "false", "load a demo cohort into an empty store (true or false)", &c.Demo},
		{"read-timeout", "LATSAR_READ_TIMEOUT", "30s", "longest time to read a request, body included", &c.ReadTimeout},
		{"write-timeout", "LATSAR_WRITE_TIMEOUT", "60s", "longest time to write an answer (the live feed is exempt)", &c.WriteTimeout},
		{"idle-timeout", "LATSAR_IDLE_TIMEOUT", "60s", "longest time a keep-alive connection waits for its next request", &c.IdleTimeout},
		{"checkpoint-every", "LATSAR_CHECKPOINT_EVERY", "10s", "how often the head of the log is signed (when it moved) into DATA/checkpoints.ndjson", &c.CheckpointEvery},
		{"snapshot-every", "LATSAR_SNAPSHOT_EVERY", "10m", "how often the embedded read model is written to DATA/projections.snap, which starts load and catch up from (0: never)", &c.SnapshotEvery},
		{"stream-copy", "LATSAR_STREAM_COPY", "1000000", "keep DATA/streams.db, the log ordered by stream, for fast replays (as_of, audit trails, cold folds) once the log holds this many events; rebuilt in the background when an eighth more is recorded (off: never)", &c.StreamCopy},
		{"cors-origins", "LATSAR_CORS_ORIGINS", "", "browser origins allowed to call the API, comma-separated (https://lms.example.go.id); empty: none", &c.CORSOrigins},
		{"metrics-token", "LATSAR_METRICS_TOKEN", "", "when set, /metrics asks for this bearer secret; empty leaves it open", &c.MetricsToken},
		{"ready-max-lag", "LATSAR_READY_MAX_LAG", "5s", "how far a projection may trail the log before /readyz answers 503", &c.ReadyMaxLag},
		{"rate-per-token", "LATSAR_RATE_PER_TOKEN", "5000", "requests per second one bearer token may send (0: no limit)", &c.RatePerToken},
		{"rate-token-burst", "LATSAR_RATE_TOKEN_BURST", "10000", "requests a token may send at once above its rate", &c.RateTokenBurst},
		{"rate-per-address", "LATSAR_RATE_PER_ADDRESS", "20", "requests per second one client address may send without a valid token (0: no limit)", &c.RatePerAddress},
		{"rate-address-burst", "LATSAR_RATE_ADDRESS_BURST", "100", "requests an address may send at once above its rate", &c.RateAddressBurst},
		{"public-url", "LATSAR_PUBLIC_URL", "", "the address outsiders reach the server at (https://latsar.example.go.id), which documents' QR codes and verification links name; empty: the request's own", &c.PublicURL},
		{"state-cache", "LATSAR_STATE_CACHE", "2048", "participants' full states the embedded read model keeps for folding live events (up to some 60 KiB each); hold at least the participants written to at once", &c.StateCache},
		{"standing-cache", "LATSAR_STANDING_CACHE", "32M", "bytes of encoded standing documents the embedded read model keeps for repeated reads (K, M, G)", &c.StandingCache},
		{"webhooks-deliver", "LATSAR_WEBHOOKS_DELIVER", "true", "deliver webhooks from this process (false on every replica but one)", &c.WebhooksDeliver},
		{"webhooks-attempts", "LATSAR_WEBHOOKS_ATTEMPTS", "8", "attempts at delivering one event before it is logged failed", &c.WebhooksAttempts},
		{"webhooks-first-retry", "LATSAR_WEBHOOKS_FIRST_RETRY", "30s", "wait after a delivery's first failed attempt; each later wait doubles (at most 1h)", &c.WebhooksFirstRetry},
		{"gogc", "LATSAR_GOGC", "100", "the garbage collector's GOGC: heap growth in percent between collections (400 trades memory for ~2 % less CPU per write)", &c.GOGC},
		{"memory-limit", "LATSAR_MEMORY_LIMIT", "auto", "soft memory limit of the process, such as 2G, under which the collector works harder instead of growing; auto: 3/4 of the container's or machine's memory; off: none", &c.MemoryLimit},
		{"webhooks-allow-http-loopback", "LATSAR_WEBHOOKS_ALLOW_HTTP_LOOPBACK", "false", "admit http:// webhook endpoints on 127.0.0.1, [::1] or localhost (tests and development)", &c.WebhooksAllowHTTPLoopback},
	}
}

// publicURL checks LATSAR_PUBLIC_URL: empty, or an http(s) URL without query.
func (c config) publicURL() (string, error) {
	if c.PublicURL == "" {
		return "", nil
	}
	u, err := url.Parse(c.PublicURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("LATSAR_PUBLIC_URL: %q is not an http(s) URL such as https://latsar.example.go.id", c.PublicURL)
	}
	return strings.TrimRight(c.PublicURL, "/"), nil
}

// storeSettings are the settings of the commands that open the store and
// the read models without serving (project, rebuild).
var storeSettings = []string{"data", "log-format", "log-level", "redis-url", "esdb-url"}

// parseConfig reads the settings of command name (every one for serve, the
// store's for the others) from the flags, then from the environment for
// those no flag gave. The help lists each flag with its own default, never
// a value taken from the environment (which may be a secret).
func parseConfig(name string, args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("latsar "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var used []setting
	for _, s := range c.settings() {
		if name != "serve" && !slices.Contains(storeSettings, s.name) {
			continue
		}
		used = append(used, s)
		fs.StringVar(s.dst, s.name, s.def, s.help+" (env "+s.env+")")
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, s := range used {
		if v, ok := os.LookupEnv(s.env); ok && !given[s.name] {
			*s.dst = v
		}
	}
	return c, c.check()
}

// check refuses values the server would otherwise take silently.
func (c config) check() error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return fmt.Errorf("LATSAR_LOG_LEVEL: %q is not debug, info, warn or error", c.LogLevel)
	}
	if f := strings.ToLower(c.LogFormat); f != "text" && f != "json" {
		return fmt.Errorf("LATSAR_LOG_FORMAT: %q is not text or json", c.LogFormat)
	}
	return nil
}

func (c config) logger(w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if strings.EqualFold(c.LogFormat, "json") {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// holidays parses LATSAR_HOLIDAYS.
func (c config) holidays() (map[domain.Date]bool, error) {
	out := map[domain.Date]bool{}
	for _, f := range strings.Split(c.Holidays, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		d, ok := domain.ParseDate(f)
		if !ok {
			return nil, fmt.Errorf("LATSAR_HOLIDAYS: %q is not a date YYYY-MM-DD", f)
		}
		out[d] = true
	}
	return out, nil
}

// timeouts parses the connection timeouts.
func (c config) timeouts() (read, write, idle, readyLag, checkpoints time.Duration, err error) {
	for _, t := range []struct {
		env, value string
		dst        *time.Duration
	}{{"LATSAR_READ_TIMEOUT", c.ReadTimeout, &read}, {"LATSAR_WRITE_TIMEOUT", c.WriteTimeout, &write}, {"LATSAR_IDLE_TIMEOUT", c.IdleTimeout, &idle}, {"LATSAR_READY_MAX_LAG", c.ReadyMaxLag, &readyLag}, {"LATSAR_CHECKPOINT_EVERY", c.CheckpointEvery, &checkpoints}} {
		d, perr := time.ParseDuration(t.value)
		if perr != nil || d <= 0 {
			return 0, 0, 0, 0, 0, fmt.Errorf("%s: %q is not a positive duration such as 30s", t.env, t.value)
		}
		*t.dst = d
	}
	return read, write, idle, readyLag, checkpoints, nil
}

// snapshotEvery parses LATSAR_SNAPSHOT_EVERY: 0 turns snapshots off.
func (c config) snapshotEvery() (time.Duration, error) {
	if c.SnapshotEvery == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(c.SnapshotEvery)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("LATSAR_SNAPSHOT_EVERY: %q is not 0 or a positive duration such as 10m", c.SnapshotEvery)
	}
	return d, nil
}

// streamCopyFrom parses LATSAR_STREAM_COPY: off (0) or a number of events.
func (c config) streamCopyFrom() (uint64, error) {
	if c.StreamCopy == "off" {
		return 0, nil
	}
	n, err := strconv.ParseUint(c.StreamCopy, 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("LATSAR_STREAM_COPY: %q is not off or a number of events such as 1000000", c.StreamCopy)
	}
	return n, nil
}

// rateLimits parses the rate limits.
func (c config) rateLimits() (api.RateLimits, error) {
	var l api.RateLimits
	for _, r := range []struct {
		env, value string
		rate       *float64
		burst      *int
	}{
		{"LATSAR_RATE_PER_TOKEN", c.RatePerToken, &l.PerToken, nil},
		{"LATSAR_RATE_TOKEN_BURST", c.RateTokenBurst, nil, &l.PerTokenBurst},
		{"LATSAR_RATE_PER_ADDRESS", c.RatePerAddress, &l.PerAddress, nil},
		{"LATSAR_RATE_ADDRESS_BURST", c.RateAddressBurst, nil, &l.PerAddressBurst},
	} {
		n, err := strconv.ParseFloat(r.value, 64)
		if err != nil || n < 0 || (r.burst != nil && (n < 1 || n != float64(int(n)))) {
			return l, fmt.Errorf("%s: %q is not a non-negative number (a burst: a whole number of at least 1)", r.env, r.value)
		}
		if r.rate != nil {
			*r.rate = n
		} else {
			*r.burst = int(n)
		}
	}
	return l, nil
}

// corsOrigins parses LATSAR_CORS_ORIGINS.
func (c config) corsOrigins() ([]string, error) {
	var out []string
	for _, o := range strings.Split(c.CORSOrigins, ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if o != "*" && !strings.HasPrefix(o, "https://") && !strings.HasPrefix(o, "http://") {
			return nil, fmt.Errorf("LATSAR_CORS_ORIGINS: %q is not an origin such as https://lms.example.go.id", o)
		}
		out = append(out, strings.TrimSuffix(o, "/"))
	}
	return out, nil
}

// gcSettings parses LATSAR_GOGC and LATSAR_MEMORY_LIMIT: the GC percent and
// the soft memory limit in bytes (0: none).
//
// Why 100 by default: 400 cut the collector's share of a trophy POST from
// 8–10 % to 2.4 % of the server's CPU but only ~2 % of the CPU per request
// (docs/benchmarks.md, issue 18), while the percent multiplies the memory
// read model's live heap: on the 1M-event year it added ~37 MB resident
// (116 → 151 MB), against the aim of memory per participant. A deployment
// that has memory to spare sets 400. The soft limit bounds either: near it
// the collector runs as often as it must, instead of the process being
// killed for its memory.
func (c config) gcSettings() (percent int, limit int64, err error) {
	percent, err = strconv.Atoi(c.GOGC)
	if err != nil || percent < 10 {
		return 0, 0, fmt.Errorf("LATSAR_GOGC: %q is not a percent of at least 10 (Go's default is 100)", c.GOGC)
	}
	switch v := strings.ToLower(strings.TrimSpace(c.MemoryLimit)); v {
	case "off":
		return percent, 0, nil
	case "auto":
		if total := availableMemory(); total > 0 {
			return percent, total / 4 * 3, nil
		}
		return percent, 0, nil
	default:
		if limit, err = parseSize(v); err != nil || limit < 64<<20 {
			return 0, 0, fmt.Errorf("LATSAR_MEMORY_LIMIT: %q is not auto, off or a size of at least 64M such as 2G", c.MemoryLimit)
		}
		return percent, limit, nil
	}
}

// applyGC sets the collector as gcSettings says.
func (c config) applyGC(log *slog.Logger) error {
	percent, limit, err := c.gcSettings()
	if err != nil {
		return err
	}
	debug.SetGCPercent(percent)
	if limit > 0 {
		debug.SetMemoryLimit(limit)
	}
	log.Debug("garbage collector", "gogc", percent, "memory_limit", limit)
	return nil
}

// parseSize reads 512K, 64M, 2G, 1T (powers of 1024) or plain bytes.
func parseSize(s string) (int64, error) {
	mult := int64(1)
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 'k':
			mult = 1 << 10
		case 'm':
			mult = 1 << 20
		case 'g':
			mult = 1 << 30
		case 't':
			mult = 1 << 40
		}
		if mult > 1 {
			s = s[:n-1]
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 || v > math.MaxInt64/mult {
		return 0, fmt.Errorf("not a size: %q", s)
	}
	return v * mult, nil
}

// availableMemory is the memory the process may use: its cgroup's limit
// when one is set (a container), else the machine's; 0 when unknown.
func availableMemory() int64 {
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && v > 0 {
			return v
		}
	}
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
