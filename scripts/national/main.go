// Command national measures a national year on one machine (issue 18,
// docs/benchmarks.md): it generates the log once with `latsar generate`
// (kept outside the repository and reused by later runs), then starts
// `latsar serve` on it and prints, as a Markdown table to paste, the size on
// disk, the generation rate, the start-up time to ready, the rebuild rate,
// resident memory per participant, standing and as_of latencies and the
// time `latsar verify` takes. Run it with `make national`; it is not part of
// `make test`.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "bin/latsar", "the latsar binary to measure")
	flag.IntVar(&o.participants, "participants", envInt("NATIONAL_PARTICIPANTS", 70_000), "participants in the generated year (env NATIONAL_PARTICIPANTS)")
	flag.StringVar(&o.root, "data", envString("NATIONAL_DATA", "/work/national-data"), "where generated years are kept, one directory each (env NATIONAL_DATA)")
	flag.Uint64Var(&o.seed, "seed", uint64(envInt("NATIONAL_SEED", 1)), "the generator's seed (env NATIONAL_SEED)")
	flag.IntVar(&o.samples, "samples", envInt("NATIONAL_SAMPLES", 2000), "requests per latency figure (env NATIONAL_SAMPLES)")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "national:", err)
		os.Exit(1)
	}
}

type options struct {
	bin          string
	participants int
	root         string
	seed         uint64
	samples      int
}

// figures is what one run measured.
type figures struct {
	dir                      string
	events, bytes            uint64
	cohorts                  int
	genRate                  float64
	genTook                  time.Duration
	startup, rebuild         time.Duration
	rebuildFromStartup       bool // the server's log did not say how long the projections took
	rss, hwm, emptyRSS, heap uint64
	settledRSS, settledEmpty uint64  // 30 s after ready: the scavenger has returned the start's garbage
	standing, evicted        latency // cold reads: the page cache as the start left it; the files evicted from it
	hot, asOf, asOfCached    latency
	sampled                  int
	load                     string // /proc/loadavg when the latencies were taken
	verify                   time.Duration
	copyBuilt                time.Duration // ready → the stream copy in use (0: none; -1: in use from the start)
	copyBytes, copyRSS       uint64        // streams.db's size; VmRSS 30 s after it was built
}

type latency struct{ p50, p99, max time.Duration }

func run(o options) error {
	dir := filepath.Join(o.root, fmt.Sprintf("p%d-s%d", o.participants, o.seed))
	f := figures{dir: dir}
	if err := ensureLog(o, dir, &f); err != nil {
		return err
	}
	var err error
	if f.bytes, err = storeBytes(dir); err != nil {
		return err
	}

	step("an empty server, for the baseline resident memory")
	empty, err := os.MkdirTemp("", "latsar-national-empty-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(empty)
	s, err := startServer(o.bin, empty)
	if err != nil {
		return err
	}
	time.Sleep(2 * time.Second)
	f.emptyRSS, _ = s.memory()
	time.Sleep(settle - 2*time.Second)
	f.settledEmpty, _ = s.memory()
	s.stop()

	step("the server on the generated year: start-up, rebuild, memory")
	if s, err = startServer(o.bin, dir); err != nil {
		return err
	}
	defer s.stop()
	f.startup = s.ready
	if f.rebuild, err = s.rebuildTook(); err != nil {
		// A server that logs its start otherwise (a snapshot loaded, say):
		// the whole start-up stands for the rebuild, and the table says so.
		fmt.Fprintln(os.Stderr, "national:", err, "; the rebuild rate is taken over the whole start-up")
		f.rebuild, f.rebuildFromStartup = f.startup, true
	}
	time.Sleep(2 * time.Second)
	f.rss, f.hwm = s.memory()
	f.heap = s.heapInUse()
	time.Sleep(settle - 2*time.Second)
	f.settledRSS, _ = s.memory()

	step("waiting for the stream copy (DATA/streams.db)")
	if f.copyBuilt, err = s.waitForStreamCopy(); err != nil {
		return err
	}
	if f.copyBuilt > 0 {
		time.Sleep(settle)
	}
	if f.copyBuilt != 0 {
		f.copyRSS, _ = s.memory()
		if st, err := os.Stat(filepath.Join(dir, "streams.db")); err == nil {
			f.copyBytes = uint64(st.Size())
		}
	}

	step("latencies")
	if raw, err := os.ReadFile("/proc/loadavg"); err == nil {
		f.load = strings.Join(strings.Fields(string(raw))[:3], " ")
	}
	// Two samples of distinct participants: the first read as the start
	// left the page cache, the second after the data files left it.
	both, err := s.sampleNIPs(2 * o.samples)
	if err != nil {
		return err
	}
	nips, evictedNIPs := both[:len(both)/2], both[len(both)/2:]
	f.sampled = len(nips)
	standing := func(nip string) string { return "/v1/participants/" + nip + "/standing" }
	if f.standing, err = s.measure(nips, standing); err != nil {
		return err
	}
	if err := evictPageCache(dir); err != nil {
		return err
	}
	if f.evicted, err = s.measure(evictedNIPs, standing); err != nil {
		return err
	}
	hot := make([]string, len(nips))
	for i := range hot {
		hot[i] = nips[0]
	}
	if f.hot, err = s.measure(hot, func(nip string) string { return "/v1/participants/" + nip + "/standing" }); err != nil {
		return err
	}
	asOf := url.QueryEscape(time.Now().UTC().Format(time.RFC3339))
	mrand.Shuffle(len(nips), func(i, j int) { nips[i], nips[j] = nips[j], nips[i] })
	if err := evictPageCache(dir); err != nil {
		return err
	}
	replay := func(nip string) string { return "/v1/participants/" + nip + "/standing?as_of=" + asOf }
	if f.asOf, err = s.measure(nips, replay); err != nil {
		return err
	}
	// The same replays of the other sample with the whole log just read
	// into the page cache: what a server whose file stays cached sees.
	step("reading events.db and streams.db into the page cache")
	for _, name := range []string{"events.db", "streams.db"} {
		if err := readWhole(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if f.asOfCached, err = s.measure(evictedNIPs, replay); err != nil {
		return err
	}
	s.stop()

	step("latsar verify")
	started := time.Now()
	out, err := exec.Command(o.bin, "verify", "--data", dir).CombinedOutput()
	if err != nil {
		return fmt.Errorf("latsar verify: %v\n%s", err, out)
	}
	f.verify = time.Since(started)
	f.print(os.Stdout, o)
	return nil
}

// ensureLog generates the year unless a finished generation is there
// (generate.log ends with its summary), and reads the generation's figures.
func ensureLog(o options, dir string, f *figures) error {
	logPath := filepath.Join(dir, "generate.log")
	if _, err := summary(logPath); err != nil {
		step(fmt.Sprintf("generating %d participants into %s", o.participants, dir))
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		logFile, err := os.Create(logPath)
		if err != nil {
			return err
		}
		cmd := exec.Command(o.bin, "generate", "--data", dir, "--participants", strconv.Itoa(o.participants), "--seed", strconv.FormatUint(o.seed, 10))
		cmd.Stdout, cmd.Stderr = io.MultiWriter(logFile, os.Stdout), os.Stderr
		err = cmd.Run()
		logFile.Close()
		if err != nil {
			return fmt.Errorf("latsar generate: %w", err)
		}
	} else {
		step("reusing the year generated in " + dir)
	}
	m, err := summary(logPath)
	if err != nil {
		return err
	}
	f.events, _ = strconv.ParseUint(m[1], 10, 64)
	f.cohorts, _ = strconv.Atoi(m[3])
	f.genTook, _ = time.ParseDuration(m[4])
	f.genRate, _ = strconv.ParseFloat(m[5], 64)
	return nil
}

var summaryLine = regexp.MustCompile(`generated (\d+) events for (\d+) participants in (\d+) cohorts .* in (\S+): (\d+) events/s`)

func summary(path string) ([]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := summaryLine.FindStringSubmatch(string(raw))
	if m == nil {
		return nil, errors.New(path + " holds no finished generation")
	}
	return m, nil
}

func storeBytes(dir string) (uint64, error) {
	var n uint64
	for _, name := range []string{"events.db", "events.db-wal"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			return 0, err
		}
		n += uint64(fi.Size())
	}
	return n, nil
}

// server is a running `latsar serve`.
type server struct {
	cmd     *exec.Cmd
	base    string
	token   string
	logPath string
	ready   time.Duration
	readyAt time.Time
	client  *http.Client
	stopped bool
}

// startServer starts the server on dir with a JSON log and waits until
// /readyz answers 200, which it does once the projections are built.
func startServer(bin, dir string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	var secret [24]byte
	_, _ = rand.Read(secret[:])
	s := &server{base: "http://" + addr, token: hex.EncodeToString(secret[:]), logPath: filepath.Join(dir, "serve.log"),
		client: &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 4}}}
	logFile, err := os.Create(s.logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	s.cmd = exec.Command(bin, "serve", "--addr", addr, "--data", dir, "--log-format", "json")
	s.cmd.Env = append(os.Environ(), "LATSAR_ADMIN_TOKEN="+s.token)
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	started := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()
	for {
		select {
		case err := <-exited:
			s.stopped = true
			return nil, fmt.Errorf("latsar serve exited before it was ready (%v); see %s", err, s.logPath)
		case <-time.After(20 * time.Millisecond):
		}
		if resp, err := s.client.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.ready = time.Since(started)
				s.readyAt = time.Now()
				go func() { <-exited }()
				return s, nil
			}
		}
		if time.Since(started) > time.Hour {
			s.stop()
			return nil, errors.New("latsar serve was not ready within an hour")
		}
	}
}

// stop ends the server as an operator does (SIGTERM: a clean shutdown).
func (s *server) stop() {
	if s.stopped {
		return
	}
	s.stopped = true
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	for range 600 {
		if s.cmd.Process.Signal(syscall.Signal(0)) != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = s.cmd.Process.Kill()
}

// rebuildTook is how long the server says building the projections took.
func (s *server) rebuildTook() (time.Duration, error) {
	file, err := os.Open(s.logPath)
	if err != nil {
		return 0, err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		var line struct {
			Msg    string `json:"msg"`
			TookMS int64  `json:"took_ms"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && strings.HasPrefix(line.Msg, "projections built") {
			return time.Duration(line.TookMS) * time.Millisecond, nil
		}
	}
	return 0, errors.New(s.logPath + " does not say how long the projections took")
}

// waitForStreamCopy waits until the server has its stream copy in use and
// answers how long after ready that was; 0 when the server keeps none
// (its /metrics has no latsar_stream_copy_position), -1 when it had one
// from the start.
func (s *server) waitForStreamCopy() (time.Duration, error) {
	deadline := time.Now().Add(time.Hour)
	for try := 0; time.Now().Before(deadline); try++ {
		raw, err := s.get("/metrics")
		if err != nil {
			return 0, err
		}
		found := false
		for _, line := range strings.Split(string(raw), "\n") {
			if v, ok := strings.CutPrefix(line, "latsar_stream_copy_position "); ok {
				found = true
				if f, _ := strconv.ParseFloat(v, 64); f > 0 {
					if try == 0 {
						return -1, nil // in use already: kept from an earlier start
					}
					return time.Since(s.readyAt), nil
				}
			}
		}
		if !found {
			return 0, nil
		}
		time.Sleep(time.Second)
	}
	return 0, errors.New("the stream copy was not built within an hour")
}

// memory is the server's resident set now and at its peak (VmRSS, VmHWM).
func (s *server) memory() (rss, hwm uint64) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		kb, _ := strconv.ParseUint(fields[1], 10, 64)
		switch fields[0] {
		case "VmRSS:":
			rss = kb << 10
		case "VmHWM:":
			hwm = kb << 10
		}
	}
	return rss, hwm
}

// heapInUse is the Go heap in use the server reports on /metrics (0 if it does not).
func (s *server) heapInUse() uint64 {
	raw, err := s.get("/metrics")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "go_memstats_heap_inuse_bytes "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return uint64(f)
		}
	}
	return 0
}

func (s *server) get(path string) ([]byte, error) {
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, s.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %d %.200s", path, resp.StatusCode, body)
	}
	return body, err
}

// sampleNIPs draws about n distinct participants from random cohorts, as a
// client finds them: the cohorts' list, then their standings.
func (s *server) sampleNIPs(n int) ([]string, error) {
	var cohorts []string
	for cursor := ""; ; {
		raw, err := s.get("/v1/cohorts?limit=100" + cursor)
		if err != nil {
			return nil, err
		}
		var page struct {
			Items []struct {
				CohortID string `json:"cohort_id"`
			} `json:"items"`
			Next string `json:"next_cursor"`
		}
		if err := json.Unmarshal(raw, &page); err != nil {
			return nil, err
		}
		for _, c := range page.Items {
			cohorts = append(cohorts, c.CohortID)
		}
		if page.Next == "" {
			break
		}
		cursor = "&cursor=" + url.QueryEscape(page.Next)
	}
	mrand.Shuffle(len(cohorts), func(i, j int) { cohorts[i], cohorts[j] = cohorts[j], cohorts[i] })
	var nips []string
	for _, id := range cohorts {
		if len(nips) >= n {
			break
		}
		raw, err := s.get("/v1/cohorts/" + url.PathEscape(id) + "/standings?limit=100")
		if err != nil {
			return nil, err
		}
		var page struct {
			Items []struct {
				NIP string `json:"nip"`
			} `json:"items"`
		}
		if err := json.Unmarshal(raw, &page); err != nil {
			return nil, err
		}
		for _, p := range page.Items {
			nips = append(nips, p.NIP)
		}
	}
	if len(nips) == 0 {
		return nil, errors.New("no participant found through /v1/cohorts")
	}
	mrand.Shuffle(len(nips), func(i, j int) { nips[i], nips[j] = nips[j], nips[i] })
	return nips[:min(n, len(nips))], nil
}

// measure reads path(nip) for each nip in turn, one client, and answers
// the latency percentiles (the whole request as the client sees it).
func (s *server) measure(nips []string, path func(string) string) (latency, error) {
	took := make([]time.Duration, 0, len(nips))
	for _, nip := range nips {
		start := time.Now()
		if _, err := s.get(path(nip)); err != nil {
			return latency{}, err
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	at := func(q float64) time.Duration { return took[int(math.Ceil(q*float64(len(took))))-1] }
	return latency{p50: at(0.50), p99: at(0.99), max: took[len(took)-1]}, nil
}

func (f figures) print(w io.Writer, o options) {
	mib := func(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
	perMillion := float64(f.bytes) / (float64(f.events) / 1e6)
	rebuildRate := float64(f.events) / f.rebuild.Seconds()
	perParticipant := float64(f.rss-min(f.rss, f.emptyRSS)) / float64(o.participants)
	const national, nationalEvents = 280_000, 42e6
	host, _ := os.Hostname()
	fmt.Fprintf(w, "\n### %d participants, seed %d: %s events (%s)\n\n", o.participants, o.seed, thousands(f.events), f.dir)
	fmt.Fprintf(w, "Machine: %s, %d CPUs; %s; load average %s when the latencies were taken.\n\n", host, runtime.NumCPU(), time.Now().UTC().Format("2006-01-02 15:04 UTC"), f.load)
	fmt.Fprintln(w, "| figure | measured | aim |")
	fmt.Fprintln(w, "|---|---|---|")
	fmt.Fprintf(w, "| events | %s (%.0f a participant, %d cohorts) | ≥ 10M here |\n", thousands(f.events), float64(f.events)/float64(o.participants), f.cohorts)
	fmt.Fprintf(w, "| size on disk (events.db + WAL) | %s; %s per million events (%.0f bytes an event) | — |\n", mib(f.bytes), mib(uint64(perMillion)), perMillion/1e6)
	fmt.Fprintf(w, "| generation (`latsar generate`) | %s events/s (%s) | — |\n", thousands(uint64(f.genRate)), f.genTook)
	fmt.Fprintf(w, "| `latsar serve` start-up to ready (/readyz 200) | %s | 45M events ≤ 10 min |\n", f.startup.Round(100*time.Millisecond))
	what := "the start's catch-up, as the server logs it"
	if f.rebuildFromStartup {
		what = "over the whole start-up: the server's log did not say"
	}
	fmt.Fprintf(w, "| rebuild into memory (%s) | %s events/s (%s) | ≥ 75,000 events/s |\n", what, thousands(uint64(rebuildRate)), f.rebuild.Round(100*time.Millisecond))
	fmt.Fprintf(w, "| resident memory after ready (VmRSS; peak VmHWM) | %s (peak %s); empty server %s; Go heap in use %s | — |\n", mib(f.rss), mib(f.hwm), mib(f.emptyRSS), mib(f.heap))
	fmt.Fprintf(w, "| resident memory per participant ((VmRSS − empty) / participants), 2 s after ready | %.1f KiB | ≤ 2 KiB |\n", perParticipant/1024)
	settled := float64(f.settledRSS-min(f.settledRSS, f.settledEmpty)) / float64(o.participants)
	fmt.Fprintf(w, "| the same %v after ready (VmRSS %s, empty %s) | %.1f KiB | ≤ 2 KiB |\n", settle, mib(f.settledRSS), mib(f.settledEmpty), settled/1024)
	if f.copyBuilt < 0 {
		fmt.Fprintf(w, "| stream copy (DATA/streams.db) | in use from the start (kept from an earlier one); %s | — |\n", mib(f.copyBytes))
	}
	if f.copyBuilt > 0 {
		copied := float64(f.copyRSS-min(f.copyRSS, f.settledEmpty)) / float64(o.participants)
		fmt.Fprintf(w, "| stream copy (DATA/streams.db) built in the background, in use after ready | %s; %s | — |\n", f.copyBuilt.Round(time.Second), mib(f.copyBytes))
		fmt.Fprintf(w, "| resident memory per participant %v after the copy was built (VmRSS %s) | %.1f KiB | ≤ 2 KiB |\n", settle, mib(f.copyRSS), copied/1024)
	}
	fmt.Fprintf(w, "| standing GET, %d random participants: p50 / p99 / max | %s / %s / %s | p99 ≤ 5 ms |\n", f.sampled, ms(f.standing.p50), ms(f.standing.p99), ms(f.standing.max))
	fmt.Fprintf(w, "| standing GET, %d other participants, the data files evicted from the page cache first: p50 / p99 / max | %s / %s / %s | p99 ≤ 5 ms |\n", f.sampled, ms(f.evicted.p50), ms(f.evicted.p99), ms(f.evicted.max))
	fmt.Fprintf(w, "| standing GET, one hot participant: p50 / p99 / max | %s / %s / %s | p99 ≤ 5 ms |\n", ms(f.hot.p50), ms(f.hot.p99), ms(f.hot.max))
	fmt.Fprintf(w, "| `as_of` replay (now), %d random participants, the files evicted first: p50 / p99 / max | %s / %s / %s | p99 ≤ 5 ms |\n", f.sampled, ms(f.asOf.p50), ms(f.asOf.p99), ms(f.asOf.max))
	fmt.Fprintf(w, "| `as_of` replay (now), %d other participants, the log (and its stream copy) read whole into the page cache first: p50 / p99 / max | %s / %s / %s | p99 ≤ 5 ms |\n", f.sampled, ms(f.asOfCached.p50), ms(f.asOfCached.p99), ms(f.asOfCached.max))
	fmt.Fprintf(w, "| `latsar verify` (whole log) | %s (%s events/s) | — |\n", f.verify.Round(100*time.Millisecond), thousands(uint64(float64(f.events)/f.verify.Seconds())))
	fmt.Fprintf(w, "\nAt the national size (%s participants, %.0fM events) at these rates: rebuild %s, resident memory %.1f GiB, file %.1f GiB.\n",
		thousands(national), nationalEvents/1e6, time.Duration(nationalEvents/rebuildRate*float64(time.Second)).Round(time.Second),
		(float64(f.emptyRSS)+perParticipant*national)/(1<<30), perMillion*nationalEvents/1e6/(1<<30))
}

// evictPageCache asks the kernel to drop the data files' cached pages
// (posix_fadvise DONTNEED: no root needed), so the reads after it are cold
// whatever the machine's page cache kept.
func evictPageCache(dir string) error {
	for _, name := range []string{"events.db", "events.db-wal", "standings.db", "standings.db-wal", "streams.db"} {
		f, err := os.Open(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		err = unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
		f.Close()
		if err != nil {
			return fmt.Errorf("evict %s from the page cache: %w", name, err)
		}
	}
	return nil
}

// readWhole reads a file through, so the page cache holds it (as far as
// the machine lets it).
func readWhole(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(io.Discard, f)
	return err
}

// settle is how long after ready the settled resident memory is read: the
// runtime returns the start's garbage to the system over seconds, not at once.
const settle = 30 * time.Second

func thousands(n uint64) string {
	s := strconv.FormatUint(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func step(what string) {
	fmt.Fprintf(os.Stderr, "national: %s (%s)\n", what, time.Now().Format(time.TimeOnly))
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func envString(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
