package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"
)

// result is what a round found; a run adds its rounds up.
type result struct {
	tally
	lost, duplicated, off int
	verify                int // exit code of latsar verify after the kill
	broken                int // rounds whose verify failed
	restart, checked      time.Duration
}

func (t *result) add(r result) {
	t.acked += r.acked
	t.lost += r.lost
	t.duplicated += r.duplicated
	t.off += r.off
	t.failed += r.failed
	t.unanswered += r.unanswered
	t.broken += r.broken
}

// round writes until killAfter, kills the server, verifies the files the
// crash left, restarts, lets the clients finish what they held, and checks
// the log and the standings against what the clients were told.
func (h *harness) round(ctx context.Context, killAfter time.Duration) (res result, err error) {
	h.book.round = tally{}
	stopWriting := make(chan struct{})
	var clients sync.WaitGroup
	for range h.cfg.clients {
		clients.Go(func() { h.client(ctx, stopWriting) })
	}
	select {
	case <-time.After(killAfter):
	case <-ctx.Done():
	}
	close(stopWriting) // no new writes; those in flight meet the kill
	h.srv.kill()
	if err := ctx.Err(); err != nil {
		clients.Wait()
		return res, err
	}
	var out string
	if res.verify, out = verify(h.srv.bin, h.srv.data); res.verify != 0 {
		res.broken = 1
		fmt.Fprintf(os.Stderr, "latsar verify exited %d:\n%s\n", res.verify, out)
	}
	down := time.Now()
	if err := h.srv.start(ctx); err != nil {
		return res, fmt.Errorf("restart: %w", err)
	}
	res.restart = time.Since(down)
	clients.Wait() // every write held at the kill is now answered (or given up)
	res.tally = h.book.round

	if res.duplicated, err = h.scanLog(ctx); err != nil {
		return res, err
	}
	res.lost = h.lost()
	checking := time.Now()
	if res.off, err = h.checkStandings(ctx); err != nil {
		return res, err
	}
	res.checked = time.Since(checking)
	return res, nil
}
