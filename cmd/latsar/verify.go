package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/keys"
)

// errBroken makes `latsar verify` exit non-zero when a chain breaks.
var errBroken = errors.New("the hash chain is broken")

// verifyStore checks the whole log in one pass in position order: every
// stream's hash chain, the chain over the global order, and the signed
// checkpoints, which catch what the chains cannot (a cut tail, a log
// rewritten with its hashes recomputed). It names where each chain breaks.
func verifyStore(args []string, out io.Writer) error {
	flags, data := auditorFlags("verify")
	cpFile := flags.String("checkpoints", "", "signed checkpoints to hold the log to, e.g. an auditor's own copy (default DATA/checkpoints.ndjson)")
	keyFile := flags.String("keys", "", "the public keys (a JWK set, as /.well-known/jwks.json serves) that signed them (default DATA/keys/jwks.json)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	cps, refused, verifier, err := loadCheckpoints(*data, *cpFile, *keyFile)
	if err != nil {
		return err
	}
	store, err := openForAudit(*data)
	if err != nil {
		return err
	}
	defer store.Close()
	ctx := context.Background()
	head, err := store.HeadPosition(ctx)
	if err != nil {
		return err
	}
	prog := newProgress(os.Stderr, "verify", head)
	rep, err := events.VerifyLog(ctx, store, cps, verifier, func(n int, pos uint64) { prog.update(uint64(n), pos) })
	if err != nil {
		return err
	}
	prog.done(uint64(rep.Events))
	rep.Refused = append(refused, rep.Refused...)
	printLogReport(out, rep)
	if !rep.OK() {
		return fmt.Errorf("%w: %d break(s), %d checkpoint(s) refused", errBroken, len(rep.Breaks), len(rep.Refused))
	}
	fmt.Fprintln(out, "every chain holds")
	return verifyShelf(ctx, *data, store, out)
}

// loadCheckpoints reads the checkpoints and the keys to verify them with. The
// data directory's files may be missing (a log from before checkpoints, or
// an auditor holding only the file); files named on the command line may not.
func loadCheckpoints(data, cpFile, keyFile string) ([]events.Checkpoint, []string, *keys.Verifier, error) {
	if cpFile == "" {
		cpFile = filepath.Join(data, "checkpoints.ndjson")
	} else if _, err := os.Stat(cpFile); err != nil {
		return nil, nil, nil, fmt.Errorf("--checkpoints: %w", err)
	}
	if keyFile == "" {
		keyFile = filepath.Join(data, "keys", "jwks.json")
	}
	cps, bad, err := events.LoadCheckpoints(cpFile)
	if err != nil {
		return nil, nil, nil, err
	}
	b, err := os.ReadFile(keyFile)
	if errors.Is(err, fs.ErrNotExist) && len(cps) == 0 {
		return nil, bad, nil, nil
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("the keys that verify %s: %w", cpFile, err)
	}
	v, err := keys.ParseJWKS(b)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", keyFile, err)
	}
	return cps, bad, v, nil
}

func printLogReport(out io.Writer, rep *events.LogReport) {
	fmt.Fprintf(out, "verified %d events in %d streams, up to position %d\n", rep.Events, rep.Streams, rep.Head)
	if rep.ChainedFrom > 0 {
		fmt.Fprintf(out, "the log is chained (prev_global) from position %d\n", rep.ChainedFrom)
	} else if rep.Events > 0 {
		fmt.Fprintln(out, "no event carries prev_global: the order of the log rests on the checkpoints alone")
	}
	if last := rep.LastCheckpoint; last != nil {
		fmt.Fprintf(out, "%d signed checkpoint(s), the last at position %d, signed %s by key %s; %d event(s) after it\n",
			rep.Checkpoints, last.Position, last.RecordedAt.UTC().Format(time.RFC3339), last.KeyID, rep.Unsigned)
	} else {
		fmt.Fprintln(out, "no signed checkpoint: a cut tail or a rewritten log cannot be told")
	}
	for _, b := range rep.Breaks {
		switch b.Chain {
		case events.ChainStream:
			fmt.Fprintf(out, "BROKEN %s at revision %d (event %s): %s (position %d)\n", b.Stream, b.Revision, b.EventID, b.Reason, b.Position)
		default:
			fmt.Fprintf(out, "BROKEN %s at position %d%s: %s\n", b.Chain, b.Position, eventOf(b), b.Reason)
		}
	}
	for _, r := range rep.Refused {
		fmt.Fprintf(out, "REFUSED %s\n", r)
	}
}

func eventOf(b events.ChainBreak) string {
	if b.EventID == "" {
		return ""
	}
	return fmt.Sprintf(" (event %s, %s revision %d)", b.EventID, b.Stream, b.Revision)
}

// progress shows a long job's progress: a redrawn line on a terminal, a log
// line every few seconds elsewhere.
type progress struct {
	w        io.Writer
	what     string
	total    uint64
	tty      bool
	start    time.Time
	lastShow time.Time
}

func newProgress(w *os.File, what string, total uint64) *progress {
	fi, err := w.Stat()
	tty := err == nil && fi.Mode()&os.ModeCharDevice != 0
	return &progress{w: w, what: what, total: total, tty: tty, start: time.Now()}
}

func (p *progress) update(done, position uint64) {
	now := time.Now()
	every := 5 * time.Second
	if p.tty {
		every = 100 * time.Millisecond
	}
	if now.Sub(p.lastShow) < every {
		return
	}
	p.lastShow = now
	rate := float64(done) / max(now.Sub(p.start).Seconds(), 1e-9)
	eta := "?"
	if rate > 0 && p.total >= position {
		eta = time.Duration(float64(p.total-position) / rate * float64(time.Second)).Round(time.Second).String()
	}
	if p.tty {
		// \x1b[K clears what a longer line before left on the terminal.
		fmt.Fprintf(p.w, "\r%s: %d events, position %d/%d, %.0f events/s, ETA %s\x1b[K", p.what, done, position, p.total, rate, eta)
	} else {
		fmt.Fprintf(p.w, "%s: %d events, position %d/%d, %.0f events/s, ETA %s\n", p.what, done, position, p.total, rate, eta)
	}
}

func (p *progress) done(n uint64) {
	if p.tty {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	fmt.Fprintf(p.w, "%s: %d events in %s\n", p.what, n, time.Since(p.start).Round(time.Millisecond))
}
