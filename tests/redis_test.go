package tests

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/events/sqlite"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/projections/redisrm"
)

// fillCohorts records two cohorts' worth of learning through the API: trophies
// with ties, posttests, scores, a session with attendance, a graduation in
// one cohort and a correction, so every read model has something to show.
func fillCohorts(t *testing.T, e *env) (cohorts []string, nips []string) {
	t.Helper()
	for c, id := range []string{"RA", "RB"} {
		mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts", cohortBody(id)), http.StatusCreated)
		for i := range 6 {
			n := fmt.Sprintf("19990101202401%d%03d", 1+c, i)
			mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts/"+id+"/participants", map[string]any{
				"nip": n, "name": fmt.Sprintf("Peserta %s-%d", id, i), "golongan": "III", "agency": "pemkab-blitar"}), http.StatusCreated)
			nips = append(nips, n)
			for k := 0; k < 2+i%3; k++ { // 2, 3, 4, 2, 3, 4 trophies: ties
				mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+n+"/trophies", trophy(fmt.Sprintf("s1-%d", k), "substansi_1", 1)), http.StatusCreated)
			}
			mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+n+"/posttests", map[string]any{
				"attempt_id": "a1", "substansi_1_score": 70 + i, "substansi_2_score": 80, "taken_at": "2024-06-20T10:00:00Z"}), http.StatusCreated)
			for _, comp := range []string{"attitude_institution", "attitude_agency", "academic_elearning", "actualization_design", "actualization_implementation", "pktbt"} {
				mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+n+"/scores", map[string]any{
					"component": comp, "score": 75 + i*2, "assessor": "A", "assessed_at": "2024-07-30T10:00:00Z"}), http.StatusCreated)
			}
		}
		mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts/"+id+"/sessions", map[string]any{
			"session_id": "S-" + id, "mode": "klasikal", "date": "2024-07-22", "jp": 7, "title": "Klasikal 1"}), http.StatusCreated)
		mustStatus(t, e.do(adminSecret, "PUT", "/v1/sessions/S-"+id+"/attendance", map[string]any{
			"records": []map[string]any{{"nip": nips[len(nips)-1], "status": "absent"}, {"nip": nips[len(nips)-2], "status": "present"}}}), http.StatusCreated)
		cohorts = append(cohorts, id)
	}
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts/RA/graduation", map[string]any{"decided_on": "2024-08-02", "meeting_ref": "BA-RA"}), http.StatusCreated)
	return cohorts, nips
}

// readPaths are every read endpoint of a filled ledger.
func readPaths(cohorts, nips []string) []string {
	var paths []string
	for _, n := range nips {
		paths = append(paths, "/v1/participants/"+n+"/standing", "/v1/participants/"+n+"/standing?explain=true")
	}
	paths = append(paths, "/v1/cohorts", "/v1/cohorts?limit=1", "/v1/cohorts?phase=decided")
	for _, c := range cohorts {
		paths = append(paths, "/v1/cohorts/"+c, "/v1/cohorts/"+c+"/standings?limit=4", "/v1/cohorts/"+c+"/standings",
			"/v1/cohorts/"+c+"/leaderboard?board=trophies", "/v1/cohorts/"+c+"/leaderboard?board=final&limit=3")
	}
	return append(paths, "/v1/leaderboard?board=trophies", "/v1/leaderboard?board=final&limit=5", "/v1/leaderboard?board=trophies&limit=2")
}

// For one log, every read endpoint answers the same JSON from memory and from Redis.
func TestRedisAnswersLikeMemory(t *testing.T) {
	r := startRedis(t)
	e := start(t)
	cohorts, nips := fillCohorts(t, e)
	head := e.head()
	paths := readPaths(cohorts, nips)
	fromMemory := map[string][]byte{}
	for _, p := range paths {
		res := e.do(adminSecret, "GET", p+sep(p)+"min_position="+head, nil)
		mustStatus(t, res, http.StatusOK)
		fromMemory[p] = res.body
	}
	csv := e.do(adminSecret, "GET", "/v1/cohorts/RA/standings", nil, "Accept", "text/csv").body
	mustStatus(t, e.do(adminSecret, "POST", "/v1/admin/rebuild", nil), http.StatusConflict) // memory: rebuilt at every start
	e.close()

	re := startWith(t, app.Options{DataDir: e.dir, RedisURL: r.url()})
	for _, p := range paths {
		res := re.do(adminSecret, "GET", p+sep(p)+"min_position="+head, nil)
		mustStatus(t, res, http.StatusOK)
		if !bytes.Equal(res.body, fromMemory[p]) {
			t.Errorf("%s differs:\nmemory: %s\nredis:  %s", p, truncate(fromMemory[p]), truncate(res.body))
		}
		if got := res.header.Get("X-Projection-Position"); got != head {
			t.Errorf("%s: X-Projection-Position=%s, want %s", p, got, head)
		}
	}
	if got := re.do(adminSecret, "GET", "/v1/cohorts/RA/standings", nil, "Accept", "text/csv").body; !bytes.Equal(got, csv) {
		t.Errorf("CSV differs:\nmemory: %s\nredis:  %s", csv, got)
	}
	// A rebuild into fresh keys answers the same after the switch.
	mustStatus(t, re.do(adminSecret, "POST", "/v1/admin/rebuild", nil), http.StatusAccepted)
	deadline := time.Now().Add(20 * time.Second)
	for {
		st := re.do(adminSecret, "GET", "/v1/admin/rebuild", nil).json(t)
		if st["state"] == "done" {
			break
		}
		if st["state"] == "failed" || time.Now().After(deadline) {
			t.Fatalf("rebuild: %v", st)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(1100 * time.Millisecond) // readers re-read the live generation every second
	for _, p := range paths {
		res := re.do(adminSecret, "GET", p+sep(p)+"min_position="+head, nil)
		if !bytes.Equal(res.body, fromMemory[p]) {
			t.Errorf("after the rebuild %s differs:\nmemory: %s\nredis:  %s", p, truncate(fromMemory[p]), truncate(res.body))
		}
	}
	// Cursor pages walk the same roster.
	page := re.do(adminSecret, "GET", "/v1/cohorts/RA/standings?limit=4", nil).json(t)
	next := re.do(adminSecret, "GET", "/v1/cohorts/RA/standings?limit=4&cursor="+page["next_cursor"].(string), nil).json(t)
	if items := next["items"].([]any); len(items) != 2 {
		t.Errorf("second page holds %d, want 2", len(items))
	}
}

// Redis down: reads answer 503 with Retry-After, writes still succeed, and
// the projector catches up when Redis returns, losing nothing.
func TestRedisDown(t *testing.T) {
	r := startRedis(t)
	e := startWith(t, app.Options{DataDir: t.TempDir(), RedisURL: r.url()})
	p := e.openCohort("RD", 1)[0]
	mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k1", "kebijakan", 0)), http.StatusCreated)
	mustStatus(t, e.do(adminSecret, "GET", "/v1/participants/"+p+"/standing?min_position="+e.head(), nil), http.StatusOK)

	r.stop()
	// The near cache notices the lost connection within its 2 s health check.
	var res response
	for until := time.Now().Add(5 * time.Second); ; {
		res = e.do(adminSecret, "GET", "/v1/participants/"+p+"/standing", nil)
		if res.status != http.StatusOK || time.Now().After(until) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	mustStatus(t, res, http.StatusServiceUnavailable)
	problem("", "")(t, res)
	if res.header.Get("Retry-After") == "" {
		t.Fatal("503 without Retry-After")
	}
	mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k2", "kebijakan", 0)), http.StatusCreated)
	if rz := e.do("", "GET", "/readyz", nil); rz.status != http.StatusServiceUnavailable {
		t.Errorf("/readyz answered %d with Redis down, want 503", rz.status)
	}

	r.start() // empty: it kept nothing; the projector rebuilds from the log
	deadline := time.Now().Add(20 * time.Second)
	for {
		res := e.do(adminSecret, "GET", "/v1/participants/"+p+"/standing?min_position="+e.head(), nil)
		if res.status == http.StatusOK {
			if got := res.json(t)["mooc"].(map[string]any)["trophies"].(map[string]any)["total"]; got != float64(2) {
				t.Fatalf("total=%v after Redis returned, want 2", got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the projector did not catch up after Redis returned: %d %s", res.status, truncate(res.body))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Exactly one projector holds the lease; when it stops, another takes over.
func TestProjectorLease(t *testing.T) {
	r := startRedis(t)
	dir := t.TempDir()
	store, err := sqlite.Open(filepath.Join(dir, "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	catalogue := ledger.Catalogue()
	a, _ := redisrm.New(r.url(), "projector-a")
	b, _ := redisrm.New(r.url(), "projector-b")
	defer a.Close()
	defer b.Close()
	ctxA, stopA := context.WithCancel(context.Background())
	ctxB, stopB := context.WithCancel(context.Background())
	defer stopB()
	doneA := make(chan struct{})
	go func() { defer close(doneA); a.RunLeased(ctxA, store, catalogue, log) }()
	waitHolder(t, a, "projector-a")
	go b.RunLeased(ctxB, store, catalogue, log)
	time.Sleep(redisrm.LeaseTTL / 2)
	if h, _ := a.Holder(context.Background()); h != "projector-a" {
		t.Fatalf("holder=%q while projector-a runs", h)
	}
	stopA()
	<-doneA
	waitHolder(t, b, "projector-b")
}

func waitHolder(t *testing.T, m *redisrm.Model, want string) {
	t.Helper()
	deadline := time.Now().Add(2 * redisrm.LeaseTTL)
	for time.Now().Before(deadline) {
		if h, _ := m.Holder(context.Background()); h == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	h, _ := m.Holder(context.Background())
	t.Fatalf("lease holder=%q, want %q", h, want)
}

func sep(p string) string {
	if bytes.ContainsRune([]byte(p), '?') {
		return "&"
	}
	return "?"
}

// A replica that does not project reads from Redis through its near cache:
// after another replica's write, a read with min_position sees it.
func TestRedisReplicaSeesOthersWrites(t *testing.T) {
	r := startRedis(t)
	dir := t.TempDir()
	writer := startWith(t, app.Options{DataDir: dir, RedisURL: r.url()})
	reader := startWith(t, app.Options{DataDir: dir, RedisURL: r.url(), NoProjector: true})
	p := writer.openCohort("RR", 1)[0]
	for k := range 5 {
		w := writer.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy(fmt.Sprintf("k%d", k), "substansi_1", 1))
		mustStatus(t, w, http.StatusCreated)
		pos := w.header.Get("X-Event-Position")
		res := reader.do(adminSecret, "GET", "/v1/participants/"+p+"/standing?min_position="+pos, nil)
		mustStatus(t, res, http.StatusOK)
		if got := res.json(t)["mooc"].(map[string]any)["trophies"].(map[string]any)["total"]; got != float64(k+1) {
			t.Fatalf("after trophy %d the replica shows total=%v", k+1, got)
		}
		for range 3 { // served from the cache now, and still right
			if got := reader.do(adminSecret, "GET", "/v1/participants/"+p+"/standing", nil).json(t)["mooc"].(map[string]any)["trophies"].(map[string]any)["total"]; got != float64(k+1) {
				t.Fatalf("cached read shows total=%v, want %d", got, k+1)
			}
		}
	}
}
