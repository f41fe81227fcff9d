package tests

import (
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/latsar/ledger/app"
)

// TestRedisRestartedEmptyNeverDenies: Redis comes back empty; until the
// projector has rebuilt it, reads of objects the log holds answer 503 (try
// again), never 404, and /readyz does not say ready while it lags.
func TestRedisRestartedEmptyNeverDenies(t *testing.T) {
	r := startRedis(t)
	e := startWith(t, app.Options{DataDir: t.TempDir(), RedisURL: r.url(), ReadyMaxLag: 100 * time.Millisecond})
	e.checkOA = false // 503 on a cohort read is not yet declared (issue 17)
	nips := e.openCohort("RE", 30)
	for _, p := range nips {
		mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k1", "kebijakan", 0)), http.StatusCreated)
	}
	mustStatus(t, e.do(adminSecret, "GET", "/v1/cohorts/RE?min_position="+e.head(), nil), http.StatusOK)

	r.stop()
	r.start()
	statuses := map[int]int{}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		res := e.do(adminSecret, "GET", "/v1/cohorts/RE", nil)
		statuses[res.status]++
		if res.status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the projector did not rebuild the emptied Redis: %v", statuses)
		}
	}
	if statuses[http.StatusNotFound] > 0 {
		t.Fatalf("reads denied a cohort the log holds while Redis was rebuilt: %v", statuses)
	}
	t.Logf("answers while Redis was rebuilt: %v", statuses)
}

// TestKeyedWriteWithRedisPaused: a Redis that stops answering (SIGSTOP) does
// not stop keyed writes: they are recorded, without a kept answer.
func TestKeyedWriteWithRedisPaused(t *testing.T) {
	r := startRedis(t)
	e := startWith(t, app.Options{DataDir: t.TempDir(), RedisURL: r.url()})
	p := e.openCohort("RP", 1)[0]
	if err := r.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.cmd.Process.Signal(syscall.SIGCONT) }()
	started := time.Now()
	mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k1", "kebijakan", 0), "Idempotency-Key", "paused-1"), http.StatusCreated)
	t.Logf("a keyed write with Redis paused took %v", time.Since(started).Round(time.Millisecond))
}
