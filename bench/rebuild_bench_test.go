package bench

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
	ledgerpkg "github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/projections"
	"github.com/redis/go-redis/v9"
)

// The generated log: 7,000 participants × 150 events (enrolment, 50 trophies,
// 9 posttest attempts, 60 attendance records, 30 scores) in 175 cohorts.
const (
	genParticipants = 7000
	perCohort       = 40
)

var (
	logOnce sync.Once
	logDir  string
	logKept bool
	logSize uint64
	logErr  error
)

// generatedLog writes the log once per run straight into a SQLite store
// (through the store port, 150 events per append), outside any timing.
// LATSAR_BENCH_LOG names a directory to keep it in and reuse, so a server
// (`latsar serve -data DIR`) can be measured on the same log.
func generatedLog(b *testing.B) (string, uint64) {
	b.Helper()
	logOnce.Do(func() {
		if dir := os.Getenv("LATSAR_BENCH_LOG"); dir != "" {
			logDir, logKept = dir, true
			logSize, logErr = keptLog(dir)
			return
		}
		logDir, logErr = os.MkdirTemp("", "latsar-bench-log-")
		if logErr != nil {
			return
		}
		logSize, logErr = writeLog(filepath.Join(logDir, "events.db"))
	})
	if logErr != nil {
		b.Fatal(logErr)
	}
	return logDir, logSize
}

// keptLog opens the log kept in dir, writing it first if it is not there.
func keptLog(dir string) (uint64, error) {
	path := filepath.Join(dir, "events.db")
	if _, err := os.Stat(path); err != nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return 0, err
		}
		return writeLog(path)
	}
	store, err := sqlite.Open(path)
	if err != nil {
		return 0, err
	}
	defer store.Close()
	return store.HeadPosition(context.Background())
}

func writeLog(path string) (uint64, error) {
	store, err := sqlite.Open(path)
	if err != nil {
		return 0, err
	}
	defer store.Close()
	ctx := context.Background()
	cat := ledgerpkg.Catalogue()
	catalogue := domain.Catalogue{domain.Kebijakan: {0: 3}, domain.Substansi1: {1: 10, 2: 10, 3: 10, 4: 10}, domain.Substansi2: {1: 5, 2: 5, 3: 5, 4: 5}}
	slots := trophySlots()
	at := time.Date(2024, 6, 3, 8, 0, 0, 0, time.UTC)
	propose := func(stream string, evs []domain.Event) error {
		ps := make([]events.Proposed, len(evs))
		for i, e := range evs {
			name, data, err := cat.Encode(e)
			if err != nil {
				return err
			}
			at = at.Add(time.Second)
			ps[i] = events.Proposed{ID: events.EventID(stream, "", i, at), Type: name, Data: data,
				Metadata: events.Metadata{Actor: "bench", Role: "admin", SchemaVersion: 1, Ruleset: domain.Ruleset}}
		}
		_, err := store.Append(ctx, stream, events.Any, ps)
		return err
	}
	var wg sync.WaitGroup
	errs := make(chan error, genParticipants)
	sem := make(chan struct{}, 32)
	for c := 0; c < genParticipants/perCohort; c++ {
		id := fmt.Sprintf("G%03d", c)
		opened := cohort.Opened{CohortID: id, Name: "Bench " + id, InstitutionID: "bpsdm", Golongan: []string{"III"},
			StartsOn: "2024-06-03", EndsOn: "2024-08-02", Catalogue: catalogue, Ruleset: domain.Ruleset}
		head := []domain.Event{opened}
		for s := range 60 {
			head = append(head, cohort.SessionScheduled{SessionID: fmt.Sprintf("%s-s%d", id, s), Mode: "synchronous",
				Date: domain.Date("2024-06-10").AddDays(s / 2), JP: 1, Title: "Sinkronus"})
		}
		if err := propose(events.CohortPrefix+id, head); err != nil {
			return 0, err
		}
		for i := range perCohort {
			nip := domain.NIP(fmt.Sprintf("19%02d%02d152024011%03d", 80+c%20, 1+c/20, i))
			enrol := cohort.ParticipantEnrolled{CohortID: id, NIP: nip, Name: fmt.Sprintf("Peserta %d", i), Golongan: "III",
				Agency: "blitar", InstitutionID: "bpsdm", Catalogue: catalogue, Ruleset: domain.Ruleset}
			if err := propose(events.CohortPrefix+id, []domain.Event{enrol}); err != nil {
				return 0, err
			}
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				evs := []domain.Event{enrol}
				for k, s := range slots {
					evs = append(evs, participant.TrophyEarned{ActivityID: "act-" + strconv.Itoa(k), Material: domain.Material(s[0].(string)), Agenda: s[1].(int), EarnedAt: at})
				}
				for a := 1; a <= 9; a++ {
					w := domain.Score(6000 + 300*a + i)
					evs = append(evs, participant.PosttestAttempted{AttemptID: "p" + strconv.Itoa(a), AttemptNumber: a, Substansi1: w, Substansi2: w, Weighted: w, Cap: 10000, Capped: min(w, 10000), TakenAt: at})
				}
				for s := range 60 {
					status := participant.Present
					if (s+i)%17 == 0 {
						status = participant.Absent
					}
					evs = append(evs, participant.AttendanceRecorded{SessionID: fmt.Sprintf("%s-s%d", id, s), Date: domain.Date("2024-06-10").AddDays(s / 2), JP: 1, Mode: "synchronous", Status: status})
				}
				comps := []participant.Component{participant.AttitudeInstitution, participant.AttitudeAgency, participant.AcademicElearning, participant.ActualizationDesign, participant.ActualizationImplementation, participant.PKTBT}
				for k := range 30 {
					evs = append(evs, participant.ComponentScored{Component: comps[k%6], Score: domain.Score(7000 + 40*k + i), Assessor: "A", AssessedAt: at})
				}
				if err := propose(events.ParticipantPrefix+string(nip), evs); err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		return 0, err
	}
	return store.HeadPosition(ctx)
}

// BenchmarkRebuildMemory folds the whole generated log into a fresh memory
// read model (what every start of the embedded setup does), and reports
// the model's live heap and the time of a collection with it live.
func BenchmarkRebuildMemory(b *testing.B) {
	dir, size := generatedLog(b)
	b.ResetTimer()
	for range b.N {
		a, err := app.Open(app.Options{DataDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		before := liveHeap()
		start := time.Now()
		m, n, err := app.RebuildMemoryModel(context.Background(), a, nil)
		took := time.Since(start)
		if err != nil || n != size {
			b.Fatalf("rebuilt %d of %d: %v", n, size, err)
		}
		b.ReportMetric(float64(n)/took.Seconds(), "events/s")
		// The participants the model ranks: 7,000 on the generated log,
		// what the kept one (LATSAR_BENCH_LOG) holds otherwise.
		ranked, _, err := m.Leaderboard(context.Background(), "", projections.BoardTrophies, math.MaxInt32)
		participants := len(ranked)
		if err != nil || participants == 0 {
			b.Fatalf("ranked %d participants: %v", participants, err)
		}
		ranked = nil
		b.ReportMetric(float64(liveHeap()-before)/float64(participants), "heap_B/participant")
		b.ReportMetric(float64(collection().Microseconds())/1e3, "collection_ms")
		runtime.KeepAlive(m)
		a.Close()
	}
}

// liveHeap is the bytes of live heap objects after a collection.
func liveHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// collection is how long a whole collection takes with what is live now
// (the median of five): what the collector's mark costs a model of that
// shape (docs/benchmarks.md, "Sessions without pointers").
func collection() time.Duration {
	took := make([]time.Duration, 5)
	for i := range took {
		start := time.Now()
		runtime.GC()
		took[i] = time.Since(start)
	}
	slices.Sort(took)
	return took[len(took)/2]
}

// BenchmarkRebuildRedis rebuilds the generated log into fresh Redis keys.
func BenchmarkRebuildRedis(b *testing.B) {
	dir, size := generatedLog(b)
	url := benchRedis(b)
	b.ResetTimer()
	for range b.N {
		a, err := app.Open(app.Options{DataDir: dir, RedisURL: url})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		n, err := a.Redis.Rebuild(context.Background(), a.Store, a.Catalogue, nil)
		took := time.Since(start)
		a.Close()
		if err != nil || n != size {
			b.Fatalf("rebuilt %d of %d: %v", n, size, err)
		}
		b.ReportMetric(float64(n)/took.Seconds(), "events/s")
	}
}

var (
	redisOnce sync.Once
	redisURL  string
	redisCmd  *exec.Cmd
)

// TestMain stops the benchmarks' redis-server and removes the generated log.
func TestMain(m *testing.M) {
	code := m.Run()
	if redisCmd != nil && redisCmd.Process != nil {
		_ = redisCmd.Process.Kill()
		_, _ = redisCmd.Process.Wait()
	}
	if logDir != "" && !logKept {
		_ = os.RemoveAll(logDir)
	}
	os.Exit(code)
}

// benchRedis starts one redis-server for the run (left to die with the process group).
func benchRedis(b *testing.B) string {
	b.Helper()
	redisOnce.Do(func() {
		port := 16379 + os.Getpid()%1000
		dir, _ := os.MkdirTemp("", "latsar-bench-redis-")
		cmd := exec.Command("redis-server", "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir)
		if err := cmd.Start(); err != nil {
			return
		}
		redisCmd = cmd
		time.Sleep(300 * time.Millisecond)
		redisURL = fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	})
	if redisURL == "" {
		b.Fatal("redis-server could not start: apt-get install redis-server")
	}
	return redisURL
}

// benchRedisFresh is the run's redis-server, emptied.
func benchRedisFresh(b *testing.B) string {
	url := benchRedis(b)
	c := redis.NewClient(mustParse(b, url))
	defer c.Close()
	if err := c.FlushAll(context.Background()).Err(); err != nil {
		b.Fatal(err)
	}
	return url
}

func mustParse(b *testing.B, url string) *redis.Options {
	o, err := redis.ParseURL(url)
	if err != nil {
		b.Fatal(err)
	}
	return o
}

// BenchmarkStandingReads starts the ledger on the generated log and measures
// the standing reads over HTTP: p99 of a first read of a participant (its
// stream folded from the store), of repeated reads of hot participants, of
// an as_of replay of a whole 150-event stream, and the throughput of hot
// standing reads against /healthz's.
func BenchmarkStandingReads(b *testing.B) {
	dir, _ := generatedLog(b)
	a, err := app.Start(context.Background(), app.Options{DataDir: dir, AdminSecret: adminSecret})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(a.Server)
	defer func() { srv.Close(); _ = a.Close() }()
	nipOf := func(k int) string {
		c, i := k/perCohort%(genParticipants/perCohort), k%perCohort
		return fmt.Sprintf("19%02d%02d152024011%03d", 80+c%20, 1+c/20, i)
	}
	standing := func(k int) string { return srv.URL + "/v1/participants/" + nipOf(k) + "/standing" }
	b.ResetTimer()
	for range b.N {
		var cold, hot, asOf []time.Duration
		for k := range 2000 {
			cold = append(cold, timedGet(b, standing(k)))
		}
		for k := range 5000 {
			hot = append(hot, timedGet(b, standing(k%200)))
		}
		for k := range 300 {
			asOf = append(asOf, timedGet(b, standing(3000+k)+"?as_of=2030-01-01T00:00:00Z"))
		}
		b.ReportMetric(p99(cold), "cold_p99_ms")
		b.ReportMetric(p99(hot), "hot_p99_ms")
		b.ReportMetric(p99(asOf), "asof_p99_ms")
		trivial := throughput(b, func(int) string { return srv.URL + "/healthz" })
		reads := throughput(b, func(k int) string { return standing(k % 200) })
		b.ReportMetric(trivial, "healthz_req/s")
		b.ReportMetric(reads, "standing_req/s")
		b.ReportMetric(100*reads/trivial, "standing_vs_healthz_%")
	}
}

func timedGet(b *testing.B, url string) time.Duration {
	took, err := get(url)
	if err != nil {
		b.Fatal(err)
	}
	return took
}

// get GETs url as the admin and says how long the answer took.
func get(url string) (time.Duration, error) {
	start := time.Now()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+adminSecret)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %d", url, res.StatusCode)
	}
	return time.Since(start), nil
}

// p99 is the 99th percentile in milliseconds.
func p99(ds []time.Duration) float64 {
	slices.Sort(ds)
	return float64(ds[len(ds)*99/100]) / float64(time.Millisecond)
}

// throughput is how many GETs a second four clients get answered in 3 s.
func throughput(b *testing.B, url func(k int) string) float64 {
	const clients, window = 4, 3 * time.Second
	var wg sync.WaitGroup
	var total atomic.Int64
	deadline := time.Now().Add(window)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := c; time.Now().Before(deadline); k += clients {
				if _, err := get(url(k)); err != nil {
					b.Error(err)
					return
				}
				total.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(total.Load()) / window.Seconds()
}
