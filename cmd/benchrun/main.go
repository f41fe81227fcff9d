// Command benchrun compares the ledger with a trivial HTTP handler, both in
// processes of their own and driven by cmd/loadgen from a third (`make
// bench`). For each ledger binary named, in one run and back to back:
//
//   - trivial POST: an echo handler that decodes the trophy body and answers 201;
//   - trophy POST: `latsar serve` on a fresh data directory with 2,000 enrolled
//     participants, trophies round robin over them (at most 50 each, so the
//     load ends early when all 100,000 are recorded); then every trophy
//     acknowledged with 201 is looked for in the standings;
//   - trivial GET: an echo handler answering a small JSON object;
//   - standing GET: the standings of the same 2,000 participants, round robin.
//
// It prints one table: req/s, p50, p99, errors, each ledger load's rate as a
// share of the trivial one measured beside it, and the server process's CPU
// per request (cpu.go). Several binaries
// (-latsar before=path,after=path) alternate within each run, so that the
// shared machine's swings fall on both. Timings here never pass or fail; a
// lost acknowledged trophy does (exit 1).
//
// `benchrun -profile DIR` runs the ledger inside a child of benchrun itself
// (the same wiring as `latsar serve`) with net/http/pprof on another port,
// and keeps the CPU and allocation profiles of the trophy and standing loads.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const adminToken = "benchrun-admin"

type options struct {
	loadgen      string
	binaries     []binary
	participants int
	conns        int
	duration     time.Duration
	runs         int
	profileDir   string
	work         string
}

// binary is a ledger binary under comparison; an empty path means benchrun's
// own profiling child.
type binary struct{ label, path string }

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "trivial":
			exitOn(serveTrivial(os.Args[2:]))
			return
		case "ledger":
			exitOn(serveLedger(os.Args[2:]))
			return
		}
	}
	var o options
	latsar := flag.String("latsar", "bin/latsar", "ledger binaries to compare, as path or label=path, comma-separated")
	flag.StringVar(&o.loadgen, "loadgen", "bin/loadgen", "the load generator binary (cmd/loadgen)")
	flag.IntVar(&o.participants, "participants", 2000, "participants enrolled (50 trophies each at most)")
	flag.IntVar(&o.conns, "c", 32, "connections of each load")
	flag.DurationVar(&o.duration, "d", 10*time.Second, "duration of each load")
	flag.IntVar(&o.runs, "runs", 1, "runs (each measures every binary)")
	flag.StringVar(&o.profileDir, "profile", "", "profile the ledger (run in a child of benchrun) into this directory instead of running -latsar")
	flag.Parse()
	if o.profileDir != "" {
		o.binaries = []binary{{label: "profiled"}}
	} else {
		for _, b := range strings.Split(*latsar, ",") {
			label, path, ok := strings.Cut(b, "=")
			if !ok {
				label, path = filepath.Base(b), b
			}
			o.binaries = append(o.binaries, binary{label, path})
		}
	}
	work, err := os.MkdirTemp("", "benchrun-")
	exitOn(err)
	defer os.RemoveAll(work)
	o.work = work
	exitOn(run(o))
}

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		var lost *lostError
		if errors.As(err, &lost) {
			os.Exit(1)
		}
		os.Exit(2)
	}
}

func run(o options) error {
	trophies, trivialPosts, standings, trivialGets, err := writeLists(o)
	if err != nil {
		return err
	}
	trivial, err := startTrivial(o.work)
	if err != nil {
		return err
	}
	defer trivial.stop()
	var rows []row
	for r := 1; r <= o.runs; r++ {
		for _, b := range o.binaries {
			fmt.Fprintf(os.Stderr, "run %d, %s\n", r, b.label)
			got, err := measure(o, r, b, trivial, lists{trophies, trivialPosts, standings, trivialGets})
			if err != nil {
				return err
			}
			rows = append(rows, got...)
		}
	}
	printTable(os.Stdout, o, rows)
	return nil
}

// lists are the request files of the four loads.
type lists struct{ trophies, trivialPosts, standings, trivialGets string }

// measure runs the four loads of one binary in one run.
func measure(o options, run int, b binary, trivial *process, l lists) ([]row, error) {
	srv, err := startLedger(o, b)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	nips := participantNIPs(o.participants)
	if err := enrol(srv.addr, nips); err != nil {
		return nil, err
	}
	rows := make([]row, 0, 4)
	add := func(name string, res result, base *result, cpu cpuMeter) {
		rw := row{run: run, binary: b.label, load: name, res: res, cpuPerReq: cpu.perRequest(res.Requests)}
		if base != nil && base.PerSec > 0 {
			rw.ratio = res.PerSec / base.PerSec
		}
		rows = append(rows, rw)
	}

	cpu := meterCPU(trivial)
	tp, err := drive(o, trivial.addr, l.trivialPosts, 0, 201, "")
	if err != nil {
		return nil, err
	}
	add("trivial POST", tp, nil, cpu)
	acked := filepath.Join(o.work, "acked")
	stopProfile := srv.profile(o, "trophy", run)
	before := scrapeCommits(srv.addr)
	cpu = meterCPU(srv)
	lp, err := drive(o, srv.addr, l.trophies, len(nips)*50, 201, acked)
	stopProfile()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "group commit under the trophy load: %s\n", scrapeCommits(srv.addr).since(before))
	add("trophy POST", lp, &tp, cpu)
	if err := verify(srv.addr, nips, acked); err != nil {
		return nil, err
	}

	cpu = meterCPU(trivial)
	tg, err := drive(o, trivial.addr, l.trivialGets, 0, 200, "")
	if err != nil {
		return nil, err
	}
	add("trivial GET", tg, nil, cpu)
	stopProfile = srv.profile(o, "standing", run)
	cpu = meterCPU(srv)
	sg, err := drive(o, srv.addr, l.standings, 0, 200, "")
	stopProfile()
	if err != nil {
		return nil, err
	}
	add("standing GET", sg, &tg, cpu)
	return rows, nil
}
