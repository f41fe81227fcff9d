package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/latsar/ledger/events/sqlite"
)

// backup takes a consistent copy of a data directory while the server goes
// on serving: the event store, the kept Idempotency-Key answers and the
// webhooks' delivery records through
// SQLite's VACUUM INTO (one snapshot each), the signing keys, the signed
// checkpoints and the first-start admin token as files; then it verifies
// the copy (every chain, and the checkpoints). Restore: stop the server and
// start it on the copy (docs/operations.md).
func backup(args []string, out io.Writer) error {
	flags, data := auditorFlags("backup")
	to := flags.String("to", "", "the directory to create for the copy (must not exist)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("--to names the directory to create for the copy")
	}
	if _, err := os.Stat(*to); err == nil {
		return fmt.Errorf("--to %s exists: a backup never overwrites", *to)
	}
	if err := os.MkdirAll(*to, 0o700); err != nil {
		return err
	}
	ctx := context.Background()
	if err := sqlite.Snapshot(ctx, filepath.Join(*data, "events.db"), filepath.Join(*to, "events.db")); err != nil {
		return err
	}
	// The kept Idempotency-Key answers and the webhooks' checkpoints and
	// delivery log, when this deployment has them.
	for _, name := range []string{"idempotency.db", "webhooks.db"} {
		if _, err := os.Stat(filepath.Join(*data, name)); err != nil {
			continue
		}
		if err := sqlite.Snapshot(ctx, filepath.Join(*data, name), filepath.Join(*to, name)); err != nil {
			return err
		}
	}
	// The checkpoints are copied after the log: each signs a position the
	// copy holds (a checkpoint signed meanwhile names a position past the
	// copy's head, which verify reports as such).
	for _, name := range []string{"keys", "checkpoints.ndjson", "admin-token"} {
		if err := copyTree(filepath.Join(*data, name), filepath.Join(*to, name)); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "copied %s to %s; verifying the copy\n", *data, *to)
	return verifyStore([]string{"--data", *to}, out)
}

// copyTree copies a file or a directory, keeping file modes; a missing
// source is nothing to copy.
func copyTree(src, dest string) error {
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dest, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(target, info.Mode().Perm())
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, info.Mode().Perm())
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
