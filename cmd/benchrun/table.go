package main

import (
	"fmt"
	"io"
	"runtime"
	"time"
)

// row is one load of one binary in one run.
type row struct {
	run    int
	binary string
	load   string
	res    result
	ratio  float64 // of the trivial load beside it; 0 for the trivial loads
	// cpuPerReq is the server process's CPU per request in µs (cpu.go), 0
	// when unknown; the load generator's is not in it.
	cpuPerReq float64
}

// printTable prints the rows as a Markdown table, ready for docs/benchmarks.md.
func printTable(w io.Writer, o options, rows []row) {
	fmt.Fprintf(w, "\n%s, %d CPUs, %d connections, %s per load, %d participants\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.NumCPU(), o.conns, o.duration, o.participants)
	fmt.Fprintln(w, "| run | binary | load | req/s | p50 ms | p99 ms | errors | of trivial | server CPU µs/req |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		ratio := ""
		if r.ratio > 0 {
			ratio = fmt.Sprintf("%.1f %%", 100*r.ratio)
		}
		cpu := ""
		if r.cpuPerReq > 0 {
			cpu = fmt.Sprintf("%.1f", r.cpuPerReq)
		}
		fmt.Fprintf(w, "| %d | %s | %s | %.0f | %.2f | %.2f | %d | %s | %s |\n",
			r.run, r.binary, r.load, r.res.PerSec, r.res.P50ms, r.res.P99ms, r.res.Errors, ratio, cpu)
	}
}
