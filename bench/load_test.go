// Package bench measures the ledger over real HTTP on loopback: trophy writes,
// standing reads, and a trivial echo handler as the ceiling they are compared
// with. Run with `make bench`; figures go to docs/benchmarks.md.
package bench

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// clients is how many concurrent HTTP clients a load uses.
const clients = 32

var transport = &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, DisableCompression: true}
var client = &http.Client{Transport: transport}

// request is one prepared request of a load.
type request struct {
	method, url string
	body        []byte
	want        int
}

// load sends reqs from `clients` goroutines and reports requests per second
// and the p50 and p99 latencies.
func load(b *testing.B, token string, reqs []request) {
	b.Helper()
	latencies := make([]time.Duration, len(reqs))
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(reqs) {
					return
				}
				r := reqs[i]
				req, _ := http.NewRequest(r.method, r.url, bytesReader(r.body))
				req.Header.Set("Authorization", "Bearer "+token)
				if r.body != nil {
					req.Header.Set("Content-Type", "application/json")
				}
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil {
					failed.Store(err.Error())
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				latencies[i] = time.Since(t0)
				if res.StatusCode != r.want {
					failed.Store(fmt.Sprintf("%s %s: status %d, want %d", r.method, r.url, res.StatusCode, r.want))
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if f := failed.Load(); f != nil {
		b.Fatal(f)
	}
	slices.Sort(latencies)
	b.ReportMetric(float64(len(reqs))/elapsed.Seconds(), "req/s")
	b.ReportMetric(ms(latencies[len(latencies)/2]), "p50-ms")
	b.ReportMetric(ms(latencies[len(latencies)*99/100]), "p99-ms")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func bytesReader(b []byte) io.Reader {
	if b == nil {
		return nil
	}
	return bytes.NewReader(b)
}
