package kurrent

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/latsar/ledger/events"
)

// URLVariable is the environment variable that selects this adapter and
// names the cluster, e.g. esdb://node1:2113,node2:2113,node3:2113?tls=false.
const URLVariable = "LATSAR_ESDB_URL"

// ClaimPrefix starts the name of every id-claim stream (claims.go). It must
// not start like a stream of the ledger.
const ClaimPrefix = "latsar-id-"

// DefaultStreamPrefixes are the prefixes of the ledger's streams
// (design.md "Streams and events"): the global log of a Store opened without
// WithStreamPrefixes.
func DefaultStreamPrefixes() []string {
	return []string{events.CohortPrefix, events.ParticipantPrefix, events.TokenPrefix, events.JPPrefix,
		events.StaffPrefix, events.SeminarPrefix, events.ProductPrefix}
}

// Option tunes a Store.
type Option func(*config)

type config struct {
	prefixes prefixes
	lease    time.Duration
	logger   *slog.Logger
}

// WithStreamPrefixes sets the stream prefixes of the global log (default
// DefaultStreamPrefixes). Append refuses a stream without one of them, since
// ReadAll and Subscribe would never show its events.
func WithStreamPrefixes(p ...string) Option {
	return func(c *config) { c.prefixes = append(prefixes(nil), p...) }
}

// WithClaimLease sets how long an id claim whose event is not recorded keeps
// other appenders of the same id waiting before they may take it over
// (default 30s; see claims.go). It must exceed the longest append: an append
// that has not finished within half of it gives up.
func WithClaimLease(d time.Duration) Option {
	return func(c *config) { c.lease = d }
}

// WithLogger sets where the adapter and the client library log (default
// slog.Default()). Resubscriptions are logged at Warn, the client's own
// messages at Debug.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// Store is the KurrentDB adapter of events.Store. It is safe for concurrent
// use.
type Store struct {
	client *kurrentdb.Client
	cfg    config

	mu     sync.Mutex // guards closed and adding to ops
	closed bool
	done   chan struct{} // closed by Close
	ops    sync.WaitGroup
	// base ends with Close, and with it every running operation: the client
	// must not be closed while a call is inside it (it would send on a
	// closed channel).
	base       context.Context
	cancelBase context.CancelFunc
}

var _ events.Store = (*Store)(nil)

// Open connects to the KurrentDB node or cluster of connString (esdb://…,
// esdb+discover://…, or the client's newer kurrentdb://… spellings;
// credentials, tls and nodePreference as the client documents them), checks
// that it answers, and refuses a server older than KurrentDB 25.1, which
// cannot append to several streams atomically (AppendMulti).
func Open(ctx context.Context, connString string, opts ...Option) (*Store, error) {
	cfg := config{prefixes: DefaultStreamPrefixes(), lease: 30 * time.Second, logger: slog.Default()}
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	conf, err := kurrentdb.ParseConnectionString(connString)
	if err != nil {
		return nil, fmt.Errorf("kurrent: connection string: %w", err)
	}
	log := cfg.logger.With("component", "kurrentdb-client")
	conf.Logger = func(level kurrentdb.LogLevel, format string, args ...any) {
		log.Debug(fmt.Sprintf(format, args...), "level", level)
	}
	client, err := kurrentdb.NewClient(conf)
	if err != nil {
		return nil, fmt.Errorf("kurrent: %w", err)
	}
	s := &Store{client: client, cfg: cfg, done: make(chan struct{})}
	s.base, s.cancelBase = context.WithCancel(context.Background())
	err = s.Ping(ctx)
	if err == nil {
		err = s.checkVersion()
	}
	if err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("kurrent: open %s: %w", redact(connString), err)
	}
	return s, nil
}

// checkVersion refuses a server without the multi-stream append. AppendMulti
// is part of the port, promised to the workflows that touch several streams
// (enrolment, a graduation meeting): better not to start than to fail each of
// them. The version is the connected node's, read by the client on connecting.
func (s *Store) checkVersion() error {
	v, err := s.client.GetServerVersion()
	if err != nil {
		return s.fail("server version", err)
	}
	if v.IsAtLeast(25, 1, 0) {
		return nil
	}
	server := fmt.Sprintf("version %d.%d.%d", v.Major, v.Minor, v.Patch)
	if *v == (kurrentdb.ServerVersion{}) {
		server = "too old to report its version"
	}
	return fmt.Errorf("the server is %s; atomic multi-stream appends (AppendMulti) need KurrentDB 25.1 or later: %w",
		server, errors.ErrUnsupported)
}

func (c *config) validate() error {
	if len(c.prefixes) == 0 {
		return errors.New("kurrent: no stream prefix")
	}
	for _, p := range c.prefixes {
		switch {
		case p == "" || strings.HasPrefix(p, "$"):
			return fmt.Errorf("kurrent: stream prefix %q: empty or a system stream", p)
		case strings.HasPrefix(ClaimPrefix, p) || strings.HasPrefix(p, ClaimPrefix):
			return fmt.Errorf("kurrent: stream prefix %q overlaps the id claims (%s…)", p, ClaimPrefix)
		}
	}
	if c.lease < time.Second {
		return fmt.Errorf("kurrent: claim lease %s is too short", c.lease)
	}
	if c.logger == nil {
		c.logger = slog.Default()
	}
	return nil
}

// redact drops the password of a connection string for error messages.
func redact(conn string) string {
	scheme, rest, ok := strings.Cut(conn, "://")
	if !ok {
		return conn
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		if user, _, hasPass := strings.Cut(rest[:at], ":"); hasPass {
			return scheme + "://" + user + ":***" + rest[at:]
		}
	}
	return conn
}

// Close implements events.Store: running calls and subscriptions end with
// events.ErrClosed (an append cut short may or may not be recorded, as after
// a timeout), later calls get it at once. Close may be called more than once.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		s.ops.Wait()
		return nil
	}
	s.closed = true
	close(s.done)
	s.cancelBase()
	s.mu.Unlock()
	s.ops.Wait()
	return s.client.Close()
}

// begin starts an operation: its context also ends when the store closes.
// end must be called when the operation no longer uses the client.
func (s *Store) begin(ctx context.Context) (_ context.Context, end func(), _ error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, nil, events.ErrClosed
	}
	s.ops.Add(1)
	s.mu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(s.base, cancel)
	return ctx, func() {
		stop()
		cancel()
		s.ops.Done()
	}, nil
}

func (s *Store) usable() error {
	if s.isClosed() {
		return events.ErrClosed
	}
	return nil
}

func (s *Store) isClosed() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// fail wraps a client error, as events.ErrClosed once the store is closed.
func (s *Store) fail(op string, err error) error {
	if s.isClosed() || hasCode(err, kurrentdb.ErrorCodeConnectionClosed) {
		return events.ErrClosed
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("kurrent: %s: %w", op, err)
}

// Ping implements events.Store: the node answers a read of $all.
func (s *Store) Ping(ctx context.Context) error {
	ctx, end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	rs, err := s.client.ReadAll(ctx, kurrentdb.ReadAllOptions{Direction: kurrentdb.Backwards, From: kurrentdb.End{}}, 1)
	if err != nil {
		return s.fail("ping", err)
	}
	defer rs.Close()
	if _, err := rs.Recv(); err != nil && !errors.Is(err, io.EOF) {
		return s.fail("ping", err)
	}
	return nil
}

// readCount asks the server for every event of a read; the read is closed
// as soon as the adapter has what it needs.
const readCount = math.MaxInt64
