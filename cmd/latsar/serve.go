package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/latsar/ledger/api"
	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
)

func serve(args []string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveUntil(ctx, args)
}

// serveUntil serves until ctx ends, then shuts down gracefully.
func serveUntil(ctx context.Context, args []string) error {
	cfg, err := parseConfig("serve", args, os.Stderr)
	if err != nil {
		return err
	}
	log := cfg.logger(os.Stderr)
	if err := cfg.applyGC(log); err != nil {
		return err
	}

	holidays, err := cfg.holidays()
	if err != nil {
		return err
	}
	readTimeout, writeTimeout, idleTimeout, readyLag, checkpointEvery, err := cfg.timeouts()
	if err != nil {
		return err
	}
	limits, err := cfg.rateLimits()
	if err != nil {
		return err
	}
	origins, err := cfg.corsOrigins()
	if err != nil {
		return err
	}
	publicURL, err := cfg.publicURL()
	if err != nil {
		return err
	}
	hooks, err := cfg.webhooks()
	if err != nil {
		return err
	}
	caches, err := cfg.caches()
	if err != nil {
		return err
	}
	snapshotEvery, err := cfg.snapshotEvery()
	if err != nil {
		return err
	}
	streamCopyFrom, err := cfg.streamCopyFrom()
	if err != nil {
		return err
	}
	var buildStreamCopy, buildSnapshot func(context.Context) error
	if exe, err := os.Executable(); err == nil {
		buildStreamCopy = streamCopyInChild(exe, cfg.Data)
		// The child's log lines join the server's: the fold is the start's.
		buildSnapshot = inChild(exe, []string{"build-snapshot", "--data", cfg.Data, "--log-format", cfg.LogFormat, "--log-level", cfg.LogLevel,
			"--state-cache", cfg.StateCache, "--standing-cache", cfg.StandingCache}, child{logs: os.Stderr})
	}
	projector, _ := strconv.ParseBool(cfg.Projector)
	ledger, err := app.Start(ctx, app.Options{
		DataDir: cfg.Data, AdminSecret: cfg.AdminToken, RateLimits: limits, ReadyMaxLag: readyLag, CheckpointEvery: checkpointEvery, MetricsToken: cfg.MetricsToken, CORSOrigins: origins, PublicURL: publicURL, BodyLimit: cfg.BodyLimit, Holidays: holidays, Logger: log,
		RedisURL: cfg.RedisURL, NoProjector: !projector, ESDBURL: cfg.ESDBURL, Webhooks: hooks, Caches: caches,
		SnapshotEvery: snapshotEvery, StreamCopyFrom: streamCopyFrom, StreamCopyBuilder: buildStreamCopy, SnapshotBuilder: buildSnapshot,
	})
	if err != nil {
		return err
	}
	defer ledger.Close()
	srv, model := ledger.Server, ledger.Model

	devToken, created, err := firstStartToken(ctx, log, srv, ledger.Memory, cfg)
	if err != nil {
		return err
	}
	if demo, _ := strconv.ParseBool(cfg.Demo); demo {
		if err := maybeLoadDemo(ctx, log, ledger, devToken, cfg.AdminToken); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(os.Stdout, "latsar serving on %s\n  docs:    %s/docs\n  openapi: %s/openapi.json\n", base, base, base)
	switch {
	case created: // shown once, on the start that creates it
		fmt.Fprintf(os.Stdout, "  admin token: %s (kept in %s, mode 0600)\n  try:     curl -H 'Authorization: Bearer %s' %s/readyz\n",
			devToken, filepath.Join(cfg.Data, "admin-token"), devToken, base)
	case devToken != "":
		fmt.Fprintf(os.Stdout, "  admin token: in %s\n", filepath.Join(cfg.Data, "admin-token"))
	}
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: readTimeout, WriteTimeout: writeTimeout, IdleTimeout: idleTimeout}
	httpSrv.RegisterOnShutdown(srv.CloseStreams)
	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()

	select {
	case <-ctx.Done():
		log.Info("shutting down: finishing requests in flight")
	case err := <-serveErr:
		return err
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := httpSrv.Shutdown(shutdownCtx); err != nil {
		log.Error("shutdown", "err", err)
	}
	log.Info("stopped", "position", model.Position())
	return nil
}

// firstStartToken makes sure an operator can get in: on a first start it
// issues an admin token and keeps its secret in the data directory (0600) so
// that `make run` shows it again; LATSAR_ADMIN_TOKEN makes this unnecessary.
func firstStartToken(ctx context.Context, log *slog.Logger, srv *api.Server, model api.TokenIndex, cfg config) (secret string, created bool, err error) {
	path := filepath.Join(cfg.Data, "admin-token")
	if b, err := os.ReadFile(path); err == nil {
		secret := strings.TrimSpace(string(b))
		if _, ok := model.TokenBySecret(ledger.HashSecret(secret)); ok {
			return secret, false, nil
		}
	}
	if cfg.AdminToken != "" || model.HasAdminToken() {
		return "", false, nil
	}
	res, err := srv.Ledger().IssueToken(ctx, ledger.Principal{TokenID: "latsar-serve", Role: access.Admin},
		ledger.IssueToken{Name: "first-start admin", Role: access.Admin})
	if err != nil {
		return "", false, fmt.Errorf("issue the first admin token: %w", err)
	}
	if err := model.Wait(ctx, res.Position()); err != nil {
		return "", false, err
	}
	if err := os.WriteFile(path, []byte(res.Secret+"\n"), 0o600); err != nil {
		return "", false, fmt.Errorf("keep the first admin token: %w", err)
	}
	log.Info("issued the first admin token", "token_id", res.Token.TokenID, "file", path)
	return res.Secret, true, nil
}

// maybeLoadDemo loads each demo cohort the log does not hold yet. It asks
// the log, not the read model, which may still be catching up at start.
func maybeLoadDemo(ctx context.Context, log *slog.Logger, ledger *app.App, secrets ...string) error {
	have := func(id string) bool {
		recs, err := ledger.Store.ReadStream(ctx, events.CohortPrefix+id, 0, 0)
		return err == nil && len(recs) > 0
	}
	missing := false
	for _, c := range demoCohorts {
		missing = missing || !have(c.id)
	}
	if !missing {
		return nil
	}
	token := ""
	for _, s := range secrets {
		if s != "" {
			token = s
		}
	}
	if token == "" {
		log.Warn("demo data needs an admin token: set LATSAR_ADMIN_TOKEN")
		return nil
	}
	loaded, err := loadDemo(ledger.Server, token, have)
	if err != nil {
		return err
	}
	head, err := ledger.Store.HeadPosition(ctx)
	if err != nil {
		return err
	}
	log.Info("loaded the demo cohorts", "cohorts", loaded, "events", head)
	return nil
}
