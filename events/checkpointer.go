package events

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Checkpointer signs the head of the log now and then and appends the
// checkpoint to a file. It folds the running hash as the log grows, reading
// only the events after the last checkpoint.
type Checkpointer struct {
	store  Store
	signer CheckpointSigner
	keys   CheckpointKeys
	path   string
	log    *slog.Logger

	mu      sync.Mutex // one checkpoint at a time: the ticker's and Close's
	resumed bool
	pos     uint64 // folded so far
	hash    string
	logHash string
	latest  *Checkpoint
}

// NewCheckpointer checkpoints store into the file at path, signing with
// signer; keys verify the checkpoints already in the file it resumes from.
func NewCheckpointer(store Store, signer CheckpointSigner, keys CheckpointKeys, path string, log *slog.Logger) *Checkpointer {
	return &Checkpointer{store: store, signer: signer, keys: keys, path: path, log: log}
}

// Path is the checkpoint file.
func (c *Checkpointer) Path() string { return c.path }

// Run writes a checkpoint every interval when the log has grown, and once
// more when ctx ends (a clean shutdown), before it returns.
func (c *Checkpointer) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if _, err := c.Checkpoint(ctx); err != nil && ctx.Err() == nil {
				c.log.Error("checkpoint of the log", "err", err)
			}
		case <-ctx.Done():
			// A store that no longer answers must not hold the shutdown.
			final, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			if _, err := c.Checkpoint(final); err != nil {
				c.log.Error("checkpoint of the log at shutdown", "err", err)
			}
			cancel()
			return
		}
	}
}

// Checkpoint signs and keeps the head of the log if it moved since the last
// checkpoint, and answers the newest checkpoint (nil while the log is empty).
func (c *Checkpointer) Checkpoint(ctx context.Context) (*Checkpoint, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.resumed {
		if err := c.resume(ctx); err != nil {
			return nil, err
		}
		c.resumed = true
	}
	for {
		page, err := c.store.ReadAll(ctx, c.pos, 5000)
		if err != nil {
			return nil, err
		}
		if len(page) == 0 {
			break
		}
		for i := range page {
			c.logHash = NextLogHash(c.logHash, page[i].Metadata.Hash)
		}
		last := page[len(page)-1]
		c.pos, c.hash = last.Position, last.Metadata.Hash
	}
	if c.pos == 0 || (c.latest != nil && c.latest.Position == c.pos) {
		return c.latest, nil
	}
	cp := Checkpoint{Position: c.pos, Hash: c.hash, LogHash: c.logHash, RecordedAt: time.Now().UTC()}
	if err := cp.Sign(c.signer); err != nil {
		return nil, err
	}
	if err := AppendCheckpoint(c.path, cp); err != nil {
		return nil, err
	}
	c.latest = &cp
	return c.latest, nil
}

// resume continues the running hash from the newest checkpoint the file
// holds, so a start reads only what came after it. It trusts that checkpoint
// rather than the log: if the log no longer matches it, recomputing would
// sign the tampered log, while continuing keeps every later checkpoint
// disagreeing with it, which is what `latsar verify` then reports.
func (c *Checkpointer) resume(ctx context.Context) error {
	cps, bad, err := LoadCheckpoints(c.path)
	if err != nil {
		return err
	}
	valid, refused := ValidCheckpoints(cps, c.keys)
	for _, r := range append(bad, refused...) {
		c.log.Warn("the checkpoint file holds what this server did not sign", "file", c.path, "finding", r)
	}
	if len(valid) == 0 {
		return nil
	}
	last := valid[len(valid)-1]
	c.pos, c.hash, c.logHash, c.latest = last.Position, last.Hash, last.LogHash, &last
	evs, err := c.store.ReadAll(ctx, last.Position-1, 1)
	if err != nil {
		return err
	}
	if len(evs) == 0 || evs[0].Position != last.Position || evs[0].Metadata.Hash != last.Hash {
		c.log.Error("the log does not match its last signed checkpoint: run `latsar verify`", "position", last.Position, "file", c.path)
	}
	return nil
}
