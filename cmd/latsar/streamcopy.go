package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/events/sqlite"
)

// streamCopy builds DATA/streams.db, the log ordered by stream that replays
// read (events/sqlite/streamcopy.go), from the log read-only: beside a
// running server, or before a first start on a large restored log. The
// server runs it as a child process (below); a server already running
// takes a copy built by hand when its own is next due (checked every 10
// minutes). One build at a time: a second, in any process, is refused
// (sqlite.ErrStreamCopyBusy).
func streamCopy(args []string, out io.Writer) error {
	flags, data := auditorFlags("stream-copy")
	if err := flags.Parse(args); err != nil {
		return err
	}
	s, err := sqlite.Open(filepath.Join(*data, "events.db"), sqlite.ReadOnly(), sqlite.WithStreamCopy(filepath.Join(*data, app.StreamCopyFile)))
	if err != nil {
		return err
	}
	defer s.Close()
	started := time.Now()
	upTo, err := s.BuildStreamCopy(context.Background())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: the log up to position %d, ordered by stream (%s)\n", app.StreamCopyFile, upTo, time.Since(started).Round(time.Millisecond))
	return nil
}

// streamCopyInChild builds the stream copy in a child process running
// `exe stream-copy`, at a lower priority: the sort holds up to ~0.5 GB
// while it runs (10.4M events), which the server's own allocator would
// keep after it, and takes a core for a minute or more.
func streamCopyInChild(exe, data string, env ...string) func(ctx context.Context) error {
	run := inChild(exe, []string{"stream-copy", "--data", data}, child{env: env, below: true})
	return func(ctx context.Context) error {
		err := run(ctx)
		if err != nil && ctx.Err() != nil {
			// Killed with the server: its half-built files go with it.
			sqlite.RemoveUnfinishedStreamCopy(filepath.Join(data, app.StreamCopyFile))
		}
		return err
	}
}

// child tunes inChild: env is added to the server's environment, below
// lowers the child's priority, logs (when set) gets its stderr too.
type child struct {
	env   []string
	below bool
	logs  io.Writer
}

// inChild runs `exe args…` as a child process that dies with the server,
// and answers its error with the start of its output.
func inChild(exe string, args []string, o child) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		cmd := exec.CommandContext(ctx, exe, args...)
		cmd.Env = append(os.Environ(), o.env...)
		var out limitedBuffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if o.logs != nil {
			cmd.Stderr = io.MultiWriter(&out, o.logs)
		}
		diesWithParent(cmd)
		// The parent-death signal follows the thread that forked the child:
		// keep this goroutine on it until the child is done.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			return err
		}
		if o.below {
			runsBelow(cmd.Process.Pid)
		}
		if err := cmd.Wait(); err != nil {
			return fmt.Errorf("%s %s: %v: %s", exe, args[0], err, out.b)
		}
		return nil
	}
}

// limitedBuffer keeps the first 4 KiB written to it (a child's error).
type limitedBuffer struct{ b []byte }

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := 4096 - len(l.b); room > 0 {
		l.b = append(l.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
