package main

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// cpuTime is the CPU the process has used so far (user and system, from
// /proc: Linux only), false when it cannot be read. Divided by the requests
// of a load, it is the server's CPU per request: on a machine shared with
// other work the rate moves with the neighbours, the CPU per request far
// less (issue 18 is about the latter).
func (p *process) cpuTime() (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces: count from after it.
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0, false
	}
	// Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the name;
	// in clock ticks, 100 a second on Linux (USER_HZ).
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * (time.Second / 100), true
}

// cpuMeter measures a process's CPU over one load.
type cpuMeter struct {
	p     *process
	start time.Duration
	ok    bool
}

func meterCPU(p *process) cpuMeter {
	start, ok := p.cpuTime()
	return cpuMeter{p: p, start: start, ok: ok}
}

// perRequest is the CPU used since the meter started, per request in µs (0
// when unknown).
func (m cpuMeter) perRequest(requests int) float64 {
	end, ok := m.p.cpuTime()
	if !m.ok || !ok || requests == 0 {
		return 0
	}
	return float64(end-m.start) / float64(time.Microsecond) / float64(requests)
}
