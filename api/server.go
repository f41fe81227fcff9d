package api

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/projections"
	"github.com/prometheus/client_golang/prometheus"
)

// Config is what the HTTP edge needs from main.
type Config struct {
	Store     events.Store
	Catalogue *events.Catalogue
	Model     projections.ReadModel
	// Tokens authenticates: a local index of the token streams, so that the
	// API still admits callers (and writes succeed) when a remote read model
	// is down. In the embedded setup it is the memory model itself.
	Tokens   TokenIndex
	Logger   *slog.Logger
	Registry *prometheus.Registry
	// AdminSecret, when set, is accepted as an admin bearer token (LATSAR_ADMIN_TOKEN).
	AdminSecret string
	// BodyLimit is the largest request body accepted (default 1 MiB).
	BodyLimit string
	// MinPositionWait bounds how long ?min_position waits (default 5 s).
	MinPositionWait time.Duration
	// Holidays are the deployment's non-working days (R-REM-4).
	Holidays map[domain.Date]bool
	// Rebuild, when set, rebuilds the read models while serving (Redis).
	Rebuild Rebuilder
	// Answers keeps Idempotency-Key answers beyond this process (optional).
	Answers AnswerStore
	// ReadyMaxLag is how far (in time) a projection may trail the log
	// before /readyz says not ready (default 5 s).
	ReadyMaxLag time.Duration
	// CORSOrigins are the browser origins (https://lms.example.go.id) whose
	// front ends may call the API; empty allows none.
	CORSOrigins []string
	// MetricsToken, when set, is the bearer secret /metrics asks for; empty
	// leaves /metrics open (for a scraper inside the deployment's network).
	MetricsToken string
	// RateLimits bound each token's and each anonymous address's requests
	// (zero: no limit).
	RateLimits RateLimits
	// Integrity is the signed checkpoints and the keys (optional).
	Integrity *Integrity
	// Documents signs the documents decisions issue (unsigned without a signer).
	Documents Documents
	// Webhooks are the webhook use cases (optional: 503 without).
	Webhooks *ledger.Webhooks
}

// TokenIndex finds live tokens.
type TokenIndex interface {
	TokenBySecret(secretSHA256 string) (access.TokenIssued, bool)
	HasAdminToken() bool
	Position() uint64
	Wait(ctx context.Context, pos uint64) error
}

// Server is the HTTP edge: routing, auth, idempotency, problems, metrics.
type Server struct {
	cfg         Config
	echo        *echo.Echo
	ledger      *ledger.Ledger
	idempotency *idempotencyKeys
	metrics     *metrics
	streamsDone chan struct{} // closed on shutdown: live event streams end
	feed        *feed
	perToken    *buckets
	perAddress  *buckets
	rebuilds    rebuilds
	closeOnce   sync.Once
	edge        []echo.MiddlewareFunc // see edge.go
	edged       map[routeKey]bool     // the routes with the edge composed in
}

// CloseStreams ends every live event stream, so that a graceful shutdown
// does not wait for subscribers that never hang up.
func (s *Server) CloseStreams() { s.closeOnce.Do(func() { close(s.streamsDone) }) }

// New builds the server and its routes.
func New(cfg Config) *Server {
	if cfg.BodyLimit == "" {
		cfg.BodyLimit = "1M"
	}
	if cfg.ReadyMaxLag == 0 {
		cfg.ReadyMaxLag = 5 * time.Second
	}
	if cfg.MinPositionWait == 0 {
		cfg.MinPositionWait = 5 * time.Second
	}
	if cfg.Tokens == nil {
		// The memory model indexes the token streams itself.
		cfg.Tokens, _ = cfg.Model.(TokenIndex)
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	l := ledger.New(ledger.Config{Store: cfg.Store, Catalogue: cfg.Catalogue, Model: cfg.Model, Holidays: cfg.Holidays,
		Signer: cfg.Documents.Signer, Verifier: cfg.Documents.Verifier, Integrity: cfg.Integrity})
	s := &Server{
		cfg:         cfg,
		ledger:      l,
		idempotency: newIdempotencyKeys(cfg.Answers, cfg.Logger),
		streamsDone: make(chan struct{}),
		metrics:     newMetrics(cfg.Registry),
		edged:       map[routeKey]bool{},
	}
	s.feed = newFeed(cfg.Store, cfg.Logger, s.streamsDone)
	s.perToken = newBuckets("token", cfg.RateLimits.PerToken, cfg.RateLimits.PerTokenBurst, s.metrics.rateLimited)
	s.perAddress = newBuckets("address", cfg.RateLimits.PerAddress, cfg.RateLimits.PerAddressBurst, s.metrics.rateLimited)
	s.idempotency.replayed = s.metrics.replayed
	s.observeServer(cfg.Registry)
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(cfg.Logger)
	s.edge = []echo.MiddlewareFunc{middleware.RequestIDWithConfig(middleware.RequestIDConfig{Generator: requestID})}
	if len(cfg.CORSOrigins) > 0 {
		// Before authentication: a browser's preflight carries no token.
		s.edge = append(s.edge, middleware.CORSWithConfig(middleware.CORSConfig{
			AllowOrigins: cfg.CORSOrigins,
			AllowMethods: []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete},
			AllowHeaders: []string{echo.HeaderAuthorization, echo.HeaderContentType, headerIdempotencyKey, "If-None-Match", "Last-Event-ID", "Recorded-For"},
			ExposeHeaders: []string{"X-Event-Position", "X-Projection-Position", "ETag", "Link", "Retry-After", "RateLimit", "RateLimit-Policy",
				headerReplayed, echo.HeaderXRequestID},
			MaxAge: 600,
		}))
	}
	s.edge = append(s.edge,
		s.observe,
		middleware.RecoverWithConfig(middleware.RecoverConfig{DisablePrintStack: true, DisableErrorHandler: true}),
		middleware.BodyLimit(cfg.BodyLimit),
		s.limitAnonymous,
		s.deadline)
	s.echo = e
	s.routes()
	return s
}

// requestDeadline bounds every request's calls to the event store and the
// read models (the live feed, which lasts as long as its subscriber, aside):
// a store that stops answering costs a request this long at most. The
// request's scope (scope.go) carries it, and the caller.
const requestDeadline = 30 * time.Second

func (s *Server) deadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		var until time.Time
		if c.Path() != "/v1/events/stream" {
			until = time.Now().Add(requestDeadline)
		}
		scope := newScope(c.Request().Context(), until)
		defer scope.finish()
		c.SetRequest(c.Request().WithContext(scope))
		return next(c)
	}
}

// Echo exposes the router so main can mount the OpenAPI document and UI.
func (s *Server) Echo() *echo.Echo { return s.echo }

func (s *Server) routes() {
	s.handle(http.MethodGet, "/healthz", s.healthz)
	s.handle(http.MethodGet, "/readyz", s.readyz)
	s.handle(http.MethodGet, "/metrics", s.metricsHandler())
	s.handle(http.MethodGet, "/.well-known/jwks.json", s.jwks)

	v1 := newGroup(s, "/v1", s.authenticate, s.idempotency.idempotent, s.recordedFor)
	v1.POST("/cohorts", s.openCohort)
	v1.GET("/cohorts", s.listCohorts)
	v1.GET("/me", s.getMe)
	v1.GET("/cohorts/:cohort_id", s.getCohort)
	v1.POST("/cohorts/:cohort_id/approvals", s.recordApproval)
	v1.POST("/cohorts/:cohort_id/participants", s.enrol)
	v1.POST("/cohorts/:cohort_id/proposals", s.propose)
	v1.POST("/cohorts/:cohort_id/callups", s.callUp)
	v1.POST("/participants/:nip/trophies", s.earnTrophy)
	v1.POST("/participants/:nip/posttests", s.attemptPosttest)
	v1.POST("/participants/:nip/checkin", s.checkIn)
	v1.POST("/participants/:nip/withdrawal", s.withdraw)
	v1.POST("/participants/:nip/transfer", s.transfer)
	v1.POST("/participants/:nip/confirmation", s.confirm)
	v1.GET("/participants/:nip/standing", s.getStanding)
	v1.POST("/participants/:nip/scores", s.recordScore)
	v1.POST("/participants/:nip/remedials", s.takeRemedial)
	v1.POST("/cohorts/:cohort_id/groups", s.formGroup)
	v1.POST("/cohorts/:cohort_id/sessions", s.scheduleSession)
	v1.PUT("/sessions/:session_id/attendance", s.recordAttendance)
	v1.GET("/cohorts/:cohort_id/graduation/preview", s.previewGraduation)
	v1.POST("/cohorts/:cohort_id/graduation", s.holdGraduation)
	v1.POST("/cohorts/:cohort_id/graduation/redecision", s.holdRedecision)
	v1.POST("/cohorts/:cohort_id/remedial-deadline", s.extendRemedialDeadline)
	v1.POST("/cohorts/:cohort_id/phases/:phase/move", s.movePhase)
	v1.POST("/cohorts/:cohort_id/release", s.release)
	v1.GET("/cohorts/:cohort_id/standings", s.listStandings)
	v1.GET("/cohorts/:cohort_id/leaderboard", s.cohortLeaderboard)
	v1.GET("/leaderboard", s.globalLeaderboard)
	v1.GET("/participants/:nip/audit", s.getAudit)
	v1.POST("/participants/:nip/corrections", s.correct)
	v1.POST("/participants/:nip/disputes", s.fileDispute)
	v1.POST("/disputes/:dispute_id/resolution", s.resolveDispute)
	v1.POST("/participants/:nip/redecision", s.redecide)
	v1.GET("/events", s.listEvents)
	v1.GET("/events/stream", s.streamEvents)
	v1.GET("/verify", s.verify)
	v1.GET("/checkpoints", s.listCheckpoints)
	s.developmentRoutes(v1)
	s.documentRoutes(v1)
	s.staffRoutes(v1)
	s.productRoutes(v1)
	v1.POST("/batch", s.batch)
	v1.POST("/admin/rebuild", s.startRebuild)
	v1.GET("/admin/rebuild", s.rebuildStatus)
	v1.POST("/tokens", s.issueToken)
	v1.DELETE("/tokens/:token_id", s.revokeToken)
	v1.POST("/webhooks", s.registerWebhook)
	v1.GET("/webhooks", s.listWebhooks)
	v1.DELETE("/webhooks/:webhook_id", s.disableWebhook)
	v1.GET("/webhooks/:webhook_id/deliveries", s.listDeliveries)
}

// observe counts, times and logs each request: the metrics by route and
// status, and the access log line with its request id (one clock reading
// and one wrapper for both).
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		took := time.Since(start)
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		status := c.Response().Status
		s.metrics.count(c.Request().Method, route, status, took)
		logRequest(s.cfg.Logger, c, status, took)
		return nil
	}
}

// logRequest writes the access log's line of a request, at debug level
// (error for a 5xx).
func logRequest(log *slog.Logger, c echo.Context, status int, took time.Duration) {
	level := slog.LevelDebug
	if status >= 500 {
		level = slog.LevelError
	}
	if !log.Enabled(c.Request().Context(), level) {
		return // at the default level: build no attributes for a line never written
	}
	log.LogAttrs(c.Request().Context(), level, "request",
		slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
		slog.String("method", c.Request().Method),
		slog.String("route", c.Path()),
		slog.Int("status", status),
		slog.Float64("took_ms", float64(took.Microseconds())/1000),
		slog.String("actor", principalOf(c).TokenID))
}

// readPosition honours ?min_position and sets X-Projection-Position.
func (s *Server) readPosition(c echo.Context) error {
	if raw := queryParam(c, "min_position"); raw != "" {
		want, err := strconv.ParseUint(raw, 10, 64)
		if err != nil {
			return badQuery("min_position", "min_position is a non-negative integer (an event position)")
		}
		ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.MinPositionWait)
		defer cancel()
		if err := s.cfg.Model.Wait(ctx, want); err != nil {
			return domain.Errorf(domain.CodeUnavailable, "projections have not reached position %d yet; try again", want)
		}
	}
	c.Response().Header().Set("X-Projection-Position", itoa(s.cfg.Model.Position()))
	return nil
}

// queryParam is c.QueryParam without parsing an empty query into a map.
func queryParam(c echo.Context, name string) string {
	if c.Request().URL.RawQuery == "" {
		return ""
	}
	return c.QueryParam(name)
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// badQuery is a 400 naming a query parameter.
func badQuery(field, message string) error {
	return &domain.Error{Code: codeMalformed, Message: message, Fields: []domain.FieldError{{Field: field, Message: message}}}
}
