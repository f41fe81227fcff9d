package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/latsar/ledger/events"
)

// errBroken makes `latsar verify` exit non-zero when a chain breaks.
var errBroken = errors.New("the hash chain is broken")

// verifyStore checks every stream's hash chain over the whole log, in one
// pass in position order, and names the first broken revision of each stream.
func verifyStore(args []string, out io.Writer) error {
	fs, data := auditorFlags("verify")
	if err := fs.Parse(args); err != nil {
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
	type tip struct {
		next uint64
		hash string
	}
	tips := map[string]tip{}
	broken := map[string]bool{}
	var breaks []events.ChainBreak
	prog := newProgress(os.Stderr, "verify", head)
	var after uint64
	n := 0
	for {
		page, err := store.ReadAll(ctx, after, 5000)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			after, n = e.Position, n+1
			if broken[e.Stream] {
				continue
			}
			t := tips[e.Stream]
			reason := ""
			switch {
			case e.Revision != t.next:
				reason = fmt.Sprintf("revision %d where %d was expected: an event is missing", e.Revision, t.next)
			case e.Metadata.PrevHash != t.hash:
				reason = "prev_hash does not match the hash of the event before"
			case events.ChainHash(t.hash, e) != e.Metadata.Hash:
				reason = "hash does not match the event's content"
			}
			if reason != "" {
				broken[e.Stream] = true
				breaks = append(breaks, events.ChainBreak{Stream: e.Stream, Revision: e.Revision, EventID: e.ID, Reason: reason})
				continue
			}
			tips[e.Stream] = tip{next: t.next + 1, hash: e.Metadata.Hash}
		}
		prog.update(uint64(n), after)
	}
	prog.done(uint64(n))
	fmt.Fprintf(out, "verified %d events in %d streams\n", n, len(tips)+len(broken))
	for _, b := range breaks {
		fmt.Fprintf(out, "BROKEN %s at revision %d (event %s): %s\n", b.Stream, b.Revision, b.EventID, b.Reason)
	}
	if len(breaks) > 0 {
		return fmt.Errorf("%w in %d stream(s)", errBroken, len(breaks))
	}
	fmt.Fprintln(out, "every chain holds")
	return nil
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
		fmt.Fprintf(p.w, "\r%s: %d events, position %d/%d, %.0f events/s, ETA %s   ", p.what, done, position, p.total, rate, eta)
	} else {
		fmt.Fprintf(p.w, "%s: %d events, position %d/%d, %.0f events/s, ETA %s\n", p.what, done, position, p.total, rate, eta)
	}
}

func (p *progress) done(n uint64) {
	if p.tty {
		fmt.Fprint(p.w, "\r")
	}
	fmt.Fprintf(p.w, "%s: %d events in %s\n", p.what, n, time.Since(p.start).Round(time.Millisecond))
}
