package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/latsar/ledger/app"
)

// project runs the projector only: with several API replicas on one Redis,
// the read models are kept by this process (or by whichever replica holds
// the lease).
func project(args []string) error {
	cfg, err := parseConfig("project", args, os.Stderr)
	if err != nil {
		return err
	}
	if cfg.RedisURL == "" {
		return errors.New("latsar project needs LATSAR_REDIS_URL: the embedded read model lives inside `latsar serve`")
	}
	log := cfg.logger(os.Stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ledger, err := app.Open(app.Options{DataDir: cfg.Data, RedisURL: cfg.RedisURL, ESDBURL: cfg.ESDBURL, Logger: log})
	if err != nil {
		return err
	}
	defer ledger.Close()
	log.Info("projector waiting for the lease", "redis", redactURL(cfg.RedisURL))
	ledger.Redis.RunLeased(ctx, ledger.Store, ledger.Catalogue, log)
	return nil
}

// rebuild builds the read models from the whole log: into fresh Redis keys
// that replace the live ones when caught up, or, without Redis, into memory
// (which every start does anyway) to measure it.
func rebuild(args []string) error {
	cfg, err := parseConfig("rebuild", args, os.Stderr)
	if err != nil {
		return err
	}
	log := cfg.logger(os.Stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ledger, err := app.Open(app.Options{DataDir: cfg.Data, RedisURL: cfg.RedisURL, ESDBURL: cfg.ESDBURL, Logger: log})
	if err != nil {
		return err
	}
	defer ledger.Close()
	head, err := ledger.Store.HeadPosition(ctx)
	if err != nil {
		return err
	}
	prog := newProgress(os.Stderr, "rebuild", head)
	start := time.Now()
	var n uint64
	if ledger.Redis != nil {
		n, err = ledger.Redis.Rebuild(ctx, ledger.Store, ledger.Catalogue, func(done, position, head uint64) {
			prog.total = head
			prog.update(done, position)
		})
	} else {
		n, err = app.RebuildMemory(ctx, ledger, func(done, position, head uint64) { prog.update(done, position) })
	}
	if err != nil {
		return err
	}
	prog.done(n)
	took := time.Since(start)
	fmt.Printf("rebuilt %d events in %s (%.0f events/s)\n", n, took.Round(time.Millisecond), float64(n)/took.Seconds())
	return nil
}

// redactURL is a URL fit for a log: without its password.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
