package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/bench/trivial"
)

const adminSecret = "bench-admin"

// trophyBody is the JSON of a trophy POST. Trophies arrive roughly in the
// order they are earned, so earned_at grows with seq (event ids take their
// leading bits from it).
func trophyBody(activity string, material string, agenda int, seq int) []byte {
	earned := benchStart.Add(time.Duration(seq) * 100 * time.Millisecond).Format(time.RFC3339Nano)
	return fmt.Appendf(nil, `{"activity_id":%q,"material":%q,"agenda":%d,"earned_at":%q}`, activity, material, agenda, earned)
}

var benchStart = time.Date(2024, 6, 5, 8, 0, 0, 0, time.UTC)

// trophySlots are the 50 (material, agenda) claims one participant can make.
func trophySlots() [][2]any {
	var slots [][2]any
	for range 3 {
		slots = append(slots, [2]any{"kebijakan", 0})
	}
	for a := 1; a <= 4; a++ {
		for range 10 {
			slots = append(slots, [2]any{"substansi_1", a})
		}
	}
	for a := 1; len(slots) < 50; a++ {
		for i := 0; i < 5 && len(slots) < 50; i++ {
			slots = append(slots, [2]any{"substansi_2", a})
		}
	}
	return slots
}

// ledger starts a ledger on a fresh SQLite file with participants enrolled.
func ledger(b *testing.B, participants int) (*httptest.Server, []string) {
	return ledgerWith(b, participants, "")
}

// ledgerWith starts a ledger whose read models live in Redis when redisURL is set.
func ledgerWith(b *testing.B, participants int, redisURL string) (*httptest.Server, []string) {
	b.Helper()
	a, err := app.Start(context.Background(), app.Options{DataDir: b.TempDir(), AdminSecret: adminSecret, RedisURL: redisURL})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(a.Server)
	b.Cleanup(func() { srv.Close(); _ = a.Close() })
	catalogue := `{"kebijakan":{"0":3},"substansi_1":{"1":10,"2":10,"3":10,"4":10},"substansi_2":{"1":5,"2":5,"3":5,"4":5}}`
	var setup []request
	cohorts := (participants + 39) / 40
	for c := range cohorts {
		setup = append(setup, request{"POST", srv.URL + "/v1/cohorts", fmt.Appendf(nil,
			`{"cohort_id":"B%d","name":"Bench %d","institution_id":"bpsdm","golongan":["III"],"starts_on":"2024-06-03","ends_on":"2024-08-02","trophy_catalogue":%s}`, c, c, catalogue), http.StatusCreated})
	}
	mustRun(b, setup)
	nips := make([]string, participants)
	setup = setup[:0]
	for i := range nips {
		nips[i] = fmt.Sprintf("19990101202401%d%03d", 1+i/1000%2, i%1000)
		if i >= 2000 {
			nips[i] = fmt.Sprintf("1998%02d01202401%d%03d", 1+i/2000%12, 1+i/1000%2, i%1000)
		}
		setup = append(setup, request{"POST", fmt.Sprintf("%s/v1/cohorts/B%d/participants", srv.URL, i/40),
			fmt.Appendf(nil, `{"nip":%q,"name":"Peserta %d","golongan":"III","agency":"blitar"}`, nips[i], i), http.StatusCreated})
	}
	mustRun(b, setup)
	return srv, nips
}

// award records that many trophies for each participant and waits until the
// read model has them all.
func award(b *testing.B, base string, nips []string, trophies int) {
	var setup []request
	for _, n := range nips {
		for k, s := range trophySlots()[:trophies] {
			setup = append(setup, request{"POST", base + "/v1/participants/" + n + "/trophies", trophyBody(fmt.Sprintf("act-%d", k), s[0].(string), s[1].(int), len(setup)), http.StatusCreated})
		}
	}
	mustRun(b, setup)
	mustRun(b, []request{{"GET", base + "/v1/cohorts/B0?min_position=" + headOf(b, base), nil, http.StatusOK}})
}

// mustRun sends setup requests concurrently, outside any timing.
func mustRun(b *testing.B, reqs []request) {
	b.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(reqs))
	sem := make(chan struct{}, clients)
	for _, r := range reqs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			req, _ := http.NewRequest(r.method, r.url, bytesReader(r.body))
			req.Header.Set("Authorization", "Bearer "+adminSecret)
			req.Header.Set("Content-Type", "application/json")
			res, err := client.Do(req)
			if err != nil {
				errs <- err
				return
			}
			res.Body.Close()
			if res.StatusCode != r.want {
				errs <- fmt.Errorf("setup %s: %d", r.url, res.StatusCode)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// BenchmarkTrivialEchoDecode is the ceiling: an echo handler that decodes the
// same JSON body a trophy POST carries and answers 201, and nothing else.
func BenchmarkTrivialEchoDecode(b *testing.B) {
	e := trivial.Server()
	srv := httptest.NewServer(e)
	defer srv.Close()
	reqs := make([]request, b.N)
	for i := range reqs {
		reqs[i] = request{"POST", srv.URL + "/trivial", trophyBody(fmt.Sprintf("a%d", i), "substansi_1", 1, i), http.StatusCreated}
	}
	load(b, adminSecret, reqs)
}

// BenchmarkTrophyPost records b.N trophies over HTTP, 50 per participant.
func BenchmarkTrophyPost(b *testing.B) {
	srv, nips := ledger(b, (b.N+49)/50)
	slots := trophySlots()
	reqs := make([]request, b.N)
	for i := range reqs {
		// Interleave participants so concurrent clients write different streams.
		p, k := i%len(nips), i/len(nips)
		s := slots[k]
		reqs[i] = request{"POST", srv.URL + "/v1/participants/" + nips[p] + "/trophies",
			trophyBody(fmt.Sprintf("act-%d", k), s[0].(string), s[1].(int), i), http.StatusCreated}
	}
	load(b, adminSecret, reqs)
}

// BenchmarkStandingGet reads standings of 1,000 participants who each hold trophies.
func BenchmarkStandingGet(b *testing.B) { benchReads(b, "", "standing") }

// BenchmarkStandingGetRedis reads the same standings from Redis.
func BenchmarkStandingGetRedis(b *testing.B) { benchReads(b, benchRedisFresh(b), "standing") }

// BenchmarkLeaderboardGet reads cohort leaderboards (top 10 by trophies).
func BenchmarkLeaderboardGet(b *testing.B) { benchReads(b, "", "leaderboard") }

// BenchmarkLeaderboardGetRedis reads the same leaderboards from Redis sorted sets.
func BenchmarkLeaderboardGetRedis(b *testing.B) { benchReads(b, benchRedisFresh(b), "leaderboard") }

func benchReads(b *testing.B, redisURL, what string) {
	srv, nips := ledgerWith(b, 1000, redisURL)
	award(b, srv.URL, nips, 30)
	reqs := make([]request, b.N)
	for i := range reqs {
		path := "/v1/participants/" + nips[i%len(nips)] + "/standing"
		if what == "leaderboard" {
			path = fmt.Sprintf("/v1/cohorts/B%d/leaderboard?board=trophies&limit=10", i%(len(nips)/40))
		}
		reqs[i] = request{"GET", srv.URL + path, nil, http.StatusOK}
	}
	load(b, adminSecret, reqs)
}

// headOf is the position of the last event, from /readyz.
func headOf(b *testing.B, base string) string {
	res, err := client.Get(base + "/readyz")
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	var ready struct {
		Projections map[string]struct{ Head uint64 } `json:"projections"`
	}
	_ = json.NewDecoder(res.Body).Decode(&ready)
	for _, p := range ready.Projections {
		return fmt.Sprint(p.Head)
	}
	return "0"
}
