package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/latsar/ledger/app"
)

// buildSnapshot folds the log into the embedded read model and writes
// DATA/projections.snap (app.BuildSnapshot): what `latsar serve` runs as a
// child process when its start finds no snapshot it can use. The caches'
// settings are serve's (LATSAR_STATE_CACHE, LATSAR_STANDING_CACHE).
func buildSnapshot(args []string, out io.Writer) error {
	cfg, err := parseConfig("serve", args, os.Stderr)
	if err != nil {
		return err
	}
	caches, err := cfg.caches()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	started := time.Now()
	position, err := app.BuildSnapshot(ctx, app.Options{DataDir: cfg.Data, Caches: caches, Logger: cfg.logger(os.Stderr)})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: the read model at position %d (%s)\n", app.SnapshotFile, position, time.Since(started).Round(time.Millisecond))
	return nil
}
