package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
	"github.com/latsar/ledger/keys"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/webhooks"
)

// genOptions are `latsar generate`'s flags.
type genOptions struct {
	Data         string
	Participants int
	CohortSize   int
	Year         int
	Seed         uint64
	Batch        int // events per append at most (a larger unit goes alone)
	Progress     io.Writer
}

// generate writes a national year of Latsar into an empty data directory
// (see generateYear), then signs a checkpoint of its head as the server does.
func generate(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("latsar generate", flag.ContinueOnError)
	o := genOptions{Progress: os.Stderr}
	fs.StringVar(&o.Data, "data", "./data", "data directory to write (its store must be empty)")
	fs.IntVar(&o.Participants, "participants", 280_000, "participants in the year (about 150 events each)")
	fs.IntVar(&o.CohortSize, "cohort-size", 40, "participants per cohort (R-COH-1 allows 40)")
	fs.IntVar(&o.Year, "year", 2025, "the year whose cohorts are opened, in waves from February to September")
	fs.Uint64Var(&o.Seed, "seed", 1, "the same seed writes the same events")
	fs.IntVar(&o.Batch, "batch", 2000, "events per append at most")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.Participants < 1 || o.CohortSize < 1 || o.CohortSize > 40 || o.Batch < 1 {
		return errors.New("generate: --participants ≥ 1, --cohort-size 1..40 and --batch ≥ 1")
	}
	res, err := generateInto(context.Background(), o)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "generated %d events for %d participants in %d cohorts (%d institutions) in %s: %.0f events/s\n",
		res.Events, res.Participants, res.Cohorts, res.Institutions, res.Took.Round(time.Second), float64(res.Events)/res.Took.Seconds())
	fmt.Fprintf(out, "store %s: %d bytes (%.1f MiB, %.1f MiB per million events); checkpoint signed at position %d\n",
		filepath.Join(o.Data, "events.db"), res.Bytes, float64(res.Bytes)/(1<<20), float64(res.Bytes)/(1<<20)/(float64(res.Events)/1e6), res.Checkpoint)
	return nil
}

// genResult is what a generation wrote.
type genResult struct {
	Events, Bytes, Checkpoint           uint64
	Participants, Cohorts, Institutions int
	Took                                time.Duration
}

// generateInto generates into o.Data. Appending is done in this goroutine
// and deciding in another, so the two cores share the work.
func generateInto(ctx context.Context, o genOptions) (genResult, error) {
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	if err := os.MkdirAll(o.Data, 0o700); err != nil {
		return genResult{}, err
	}
	path := filepath.Join(o.Data, "events.db")
	store, err := sqlite.Open(path)
	if err != nil {
		return genResult{}, err
	}
	defer func() { store.Close() }()
	if head, err := store.HeadPosition(ctx); err != nil {
		return genResult{}, err
	} else if head != 0 {
		return genResult{}, fmt.Errorf("generate: %s already holds %d events; generate into an empty data directory", path, head)
	}
	year := planYear(o)
	started := time.Now()
	chunks := make(chan []events.StreamAppend, 8)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	produced := make(chan error, 1)
	go func() {
		defer close(chunks)
		produced <- year.run(ctx, ledger.Catalogue(), o.Batch, chunks)
	}()
	var written uint64
	var lastShown time.Time
	for chunk := range chunks {
		if err := appendChunk(ctx, store, chunk); err != nil {
			cancel()
			for range chunks {
			}
			return genResult{}, err
		}
		for _, p := range chunk {
			written += uint64(len(p.Events))
		}
		if now := time.Now(); now.Sub(lastShown) >= 5*time.Second {
			lastShown = now
			fmt.Fprintf(o.Progress, "generate: %d events, day %s, %d cohorts active, %.0f events/s\n",
				written, year.today.Load(), year.active.Load(), float64(written)/now.Sub(started).Seconds())
		}
	}
	if err := <-produced; err != nil {
		return genResult{}, err
	}
	took := time.Since(started)
	cp, err := signCheckpoint(ctx, store, o.Data)
	if err != nil {
		return genResult{}, err
	}
	if err := noSubscriptions(ctx, o.Data, cp); err != nil {
		return genResult{}, err
	}
	if err := store.Close(); err != nil {
		return genResult{}, err
	}
	res := genResult{Events: written, Participants: year.participants, Cohorts: len(year.cohorts), Institutions: len(year.institutions), Took: took, Checkpoint: cp}
	res.Bytes, err = dirBytes(o.Data, "events.db")
	return res, err
}

// appendChunk appends one stream's part alone, several as one atomic append.
func appendChunk(ctx context.Context, store events.Store, chunk []events.StreamAppend) error {
	if len(chunk) == 1 {
		_, err := store.Append(ctx, chunk[0].Stream, chunk[0].Expected, chunk[0].Events)
		return err
	}
	_, err := store.AppendMulti(ctx, chunk)
	return err
}

// signCheckpoint signs the head of the log into DATA/checkpoints.ndjson
// with the data directory's key (made on the first use), as a server's
// checkpointer does every few seconds, so `latsar verify` holds the whole
// generated log to a signature.
func signCheckpoint(ctx context.Context, store events.Store, data string) (uint64, error) {
	ring, err := keys.Open(filepath.Join(data, "keys"))
	if err != nil {
		return 0, err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cp, err := events.NewCheckpointer(store, ring.Signer(), ring.Verifier(), filepath.Join(data, "checkpoints.ndjson"), log).Checkpoint(ctx)
	if err != nil || cp == nil {
		return 0, err
	}
	return cp.Position, nil
}

// noSubscriptions writes DATA/webhooks.db as a server that followed the
// year would have left it: the generated log registers no webhook, so the
// first start need not read it all to find out.
func noSubscriptions(ctx context.Context, data string, head uint64) error {
	db, err := webhooks.OpenDB(filepath.Join(data, "webhooks.db"))
	if err != nil {
		return err
	}
	if err := db.Known(ctx, head); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}

// dirBytes is the size on disk of the store's files (the database and its
// WAL and shared-memory files).
func dirBytes(dir, base string) (uint64, error) {
	var n uint64
	for _, suffix := range []string{"", "-wal", "-shm"} {
		fi, err := os.Stat(filepath.Join(dir, base+suffix))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, err
		}
		n += uint64(fi.Size())
	}
	return n, nil
}
