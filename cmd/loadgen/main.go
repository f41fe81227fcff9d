// Command loadgen is a small HTTP/1.1 load generator in the manner of wrk:
// N keep-alive connections send a list of requests round robin for a
// duration (or until a count is reached) and it reports requests per second,
// p50 and p99 latencies and errors. `make bench` runs it from a process of
// its own, so that its cost is not the server's.
//
// The request list has one request a line: METHOD, a space, the path, and
// optionally a space and the body (JSON bodies fit on one line):
//
//	POST /v1/participants/199901012024011000/trophies {"activity_id":"act-0",...}
//	GET /v1/participants/199901012024011000/standing
//
// Each connection writes its request and reads the whole answer before the
// next (no pipelining), as wrk does.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Result is what one load reports (printed as JSON with -json).
type Result struct {
	Requests int     `json:"requests"` // answered with the wanted status
	Errors   int     `json:"errors"`   // other statuses and failed exchanges
	Seconds  float64 `json:"seconds"`
	PerSec   float64 `json:"req_per_s"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	// FirstError describes the first error seen, if any.
	FirstError string `json:"first_error,omitempty"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "server host:port")
	conns := flag.Int("c", 32, "connections")
	duration := flag.Duration("d", 10*time.Second, "longest duration of the load")
	count := flag.Int("n", 0, "send each listed request once at most, and at most this many in all (0: cycle through the list until -d)")
	list := flag.String("requests", "", "file of requests, one a line: METHOD PATH [BODY]")
	token := flag.String("token", "", "bearer token sent with every request")
	want := flag.Int("want", 0, "the status every answer should have (0: any 2xx)")
	acked := flag.String("acked", "", "write the line numbers (0-based) of the requests answered with the wanted status to this file")
	asJSON := flag.Bool("json", false, "print the result as one JSON object")
	flag.Parse()

	reqs, err := readRequests(*list, *addr, *token)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
	l := &load{addr: *addr, reqs: reqs, once: *count > 0, limit: *count, want: *want}
	if l.once {
		l.limit = min(*count, len(reqs))
	}
	res, ok := l.run(*conns, *duration)
	if *acked != "" {
		if err := writeAcked(*acked, ok); err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			os.Exit(2)
		}
	}
	if *asJSON {
		_ = json.NewEncoder(os.Stdout).Encode(res)
		return
	}
	fmt.Printf("%d requests in %.2fs, %d errors: %.0f req/s, p50 %.2f ms, p99 %.2f ms\n",
		res.Requests, res.Seconds, res.Errors, res.PerSec, res.P50ms, res.P99ms)
	if res.FirstError != "" {
		fmt.Println("first error:", res.FirstError)
	}
}

// readRequests reads the list and encodes each request once, as it goes on the wire.
func readRequests(path, addr, token string) ([][]byte, error) {
	if path == "" {
		return nil, errors.New("-requests is required")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var reqs [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		method, rest, _ := bytes.Cut(line, []byte(" "))
		path, body, _ := bytes.Cut(rest, []byte(" "))
		var b bytes.Buffer
		fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: latsar-loadgen\r\n", method, path, addr)
		if token != "" {
			fmt.Fprintf(&b, "Authorization: Bearer %s\r\n", token)
		}
		if len(body) > 0 {
			fmt.Fprintf(&b, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
		}
		b.WriteString("\r\n")
		b.Write(body)
		reqs = append(reqs, b.Bytes())
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(reqs) == 0 {
		return nil, fmt.Errorf("%s lists no request", path)
	}
	return reqs, nil
}

type load struct {
	addr  string
	reqs  [][]byte
	once  bool // each request at most once, limit in all
	limit int
	want  int

	next     atomic.Int64
	errors   atomic.Int64
	firstErr sync.Once
	errText  string
}

// run drives conns connections until d has passed or, with once, the
// requests are spent. It answers the result and which requests got the
// wanted status.
func (l *load) run(conns int, d time.Duration) (Result, []int) {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	lat := make([][]time.Duration, conns)
	oks := make([][]int, conns)
	start := time.Now()
	timer := time.AfterFunc(d, func() { close(stop) })
	for i := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat[i], oks[i] = l.connection(stop)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	timer.Stop()

	all := slices.Concat(lat...)
	slices.Sort(all)
	res := Result{Requests: len(all), Errors: int(l.errors.Load()), Seconds: elapsed.Seconds(), FirstError: l.errText}
	res.PerSec = float64(res.Requests) / res.Seconds
	if len(all) > 0 {
		res.P50ms = ms(all[len(all)/2])
		res.P99ms = ms(all[len(all)*99/100])
	}
	ok := slices.Concat(oks...)
	slices.Sort(ok)
	return res, ok
}

// connection sends requests on one connection (reconnecting after an error)
// until stop or the end of the list; it answers the latencies and the line
// numbers of the requests answered as wanted.
func (l *load) connection(stop <-chan struct{}) (lat []time.Duration, ok []int) {
	var conn net.Conn
	var br *bufio.Reader
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	for {
		select {
		case <-stop:
			return lat, ok
		default:
		}
		n := int(l.next.Add(1) - 1)
		if l.once && n >= l.limit {
			return lat, ok
		}
		i := n % len(l.reqs)
		if conn == nil {
			c, err := net.Dial("tcp", l.addr)
			if err != nil {
				l.fail(err.Error())
				time.Sleep(10 * time.Millisecond)
				continue
			}
			conn, br = c, bufio.NewReaderSize(c, 16*1024)
		}
		t0 := time.Now()
		status, keep, err := exchange(conn, br, l.reqs[i])
		took := time.Since(t0)
		switch {
		case err != nil:
			l.fail(err.Error())
		case l.want != 0 && status != l.want, l.want == 0 && (status < 200 || status > 299):
			l.fail("status " + strconv.Itoa(status) + " for request " + strconv.Itoa(i))
		default:
			lat = append(lat, took)
			ok = append(ok, i)
		}
		if err != nil || !keep {
			conn.Close()
			conn = nil
		}
	}
}

// exchange writes one request and reads its whole answer.
func exchange(conn net.Conn, br *bufio.Reader, req []byte) (status int, keep bool, err error) {
	if _, err := conn.Write(req); err != nil {
		return 0, false, err
	}
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		return 0, false, err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, err == nil && !res.Close, err
}

func (l *load) fail(text string) {
	l.errors.Add(1)
	l.firstErr.Do(func() { l.errText = text })
}

func writeAcked(path string, ok []int) error {
	var b []byte
	for _, i := range ok {
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, '\n')
	}
	return os.WriteFile(path, b, 0o644)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
