package bench

import (
	"bufio"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkTrophyPostLiveFeed500 records trophies as BenchmarkTrophyPost
// does while 500 subscribers follow the live feed (GET /v1/events/stream),
// each reading every event: the feed encodes an event once for all of them,
// so writes should stay within 20% of the rate without subscribers. The
// subscribers run in this process too, so their reading costs the same CPU.
func BenchmarkTrophyPostLiveFeed500(b *testing.B) {
	const followers = 500
	srv, nips := ledger(b, (b.N+49)/50)
	slots := trophySlots()
	reqs := make([]request, b.N)
	for i := range reqs {
		p, k := i%len(nips), i/len(nips)
		s := slots[k]
		reqs[i] = request{"POST", srv.URL + "/v1/participants/" + nips[p] + "/trophies",
			trophyBody(fmt.Sprintf("act-%d", k), s[0].(string), s[1].(int), i), http.StatusCreated}
	}
	feedClient := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: followers, MaxConnsPerHost: followers + 1}}
	var received atomic.Int64
	var wg sync.WaitGroup
	bodies := make(chan func(), followers)
	for range followers {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/events/stream?after="+headOf(b, srv.URL), nil)
		req.Header.Set("Authorization", "Bearer "+adminSecret)
		res, err := feedClient.Do(req)
		if err != nil || res.StatusCode != http.StatusOK {
			b.Fatalf("subscribe: %v %v", res, err)
		}
		bodies <- func() { res.Body.Close() }
		wg.Add(1)
		go func() {
			defer wg.Done()
			lines := bufio.NewScanner(res.Body)
			lines.Buffer(make([]byte, 64<<10), 1<<20)
			for lines.Scan() {
				if len(lines.Bytes()) > 3 && string(lines.Bytes()[:3]) == "id:" {
					received.Add(1)
				}
			}
		}()
	}
	load(b, adminSecret, reqs)
	for deadline := time.Now().Add(30 * time.Second); received.Load() < int64(followers*b.N) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	close(bodies)
	for stop := range bodies {
		stop()
	}
	wg.Wait()
	b.ReportMetric(float64(received.Load())/float64(followers*b.N), "delivered-fraction")
}
