package tests

import (
	"bytes"
	stdjson "encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/latsar/ledger/app"
)

// With the stream copy on (LATSAR_STREAM_COPY), a start builds
// DATA/streams.db in the background, and replays (at_position, the audit
// trail) read it with the log's tail after it: they answer exactly what
// they answered from the log alone, before and after events the copy does
// not hold.
func TestReplaysFromTheStreamCopy(t *testing.T) {
	dir := t.TempDir()
	e := startIn(t, dir)
	lms := e.lms()
	nips := e.openCohort("SC", 3)
	var positions []int64
	write := func(round int) {
		for i, p := range nips {
			ev := auWrote(t, e, lms, "POST", "/v1/participants/"+p+"/trophies", trophy(fmt.Sprintf("sc-%d-%d", round, i), "substansi_1", 1+round%4), http.StatusCreated)
			positions = append(positions, int64(ev["position"].(float64)))
		}
	}
	for round := range 4 {
		write(round)
	}
	replays := func(e *env) map[string]string {
		out := map[string]string{}
		for _, p := range nips {
			for _, at := range positions {
				path := fmt.Sprintf("/v1/participants/%s/standing?at_position=%d", p, at)
				out[path] = string(e.do(adminSecret, "GET", path, nil).body)
			}
			path := "/v1/participants/" + p + "/audit"
			out[path] = string(e.do(adminSecret, "GET", path, nil).body)
		}
		return out
	}
	fromLog := replays(e)
	e.close()

	e = startWith(t, app.Options{DataDir: dir, StreamCopyFrom: 1})
	copied := waitForMetric(t, e, "latsar_stream_copy_position", func(v float64) bool { return v > 0 })
	if got := replays(e); !reflect.DeepEqual(got, fromLog) {
		t.Fatalf("replays from the copy differ from the log's")
	}
	write(4) // recorded after the copy: read from the log's tail
	if got := metric(t, e, "latsar_stream_copy_position"); got != copied {
		t.Fatalf("the copy moved from %v to %v without a build", copied, got)
	}
	withTail := replays(e)
	for path, body := range fromLog {
		if !strings.HasSuffix(path, "/audit") && withTail[path] != body {
			t.Fatalf("%s: answered differently once later events were recorded", path)
		}
	}
	for _, p := range nips {
		path := "/v1/participants/" + p + "/audit"
		before, after := trailEntries(t, fromLog[path]), trailEntries(t, withTail[path])
		if len(after) != len(before)+1 || !reflect.DeepEqual(after[:len(before)], before) {
			t.Fatalf("%s: %d entries after one more trophy, want the %d before and one more", path, len(after), len(before))
		}
	}
	for _, p := range nips {
		live := e.standing(adminSecret, p)
		replayed := okJSON(t, e.do(adminSecret, "GET", fmt.Sprintf("/v1/participants/%s/standing?at_position=%s", p, e.head()), nil))
		if !reflect.DeepEqual(live, replayed) {
			t.Fatalf("%s: the replay at the head is not the live standing:\nreplay %v\nlive   %v", p, replayed, live)
		}
	}
	if reads := metric(t, e, "latsar_stream_copy_reads_total"); reads < float64(len(fromLog)) {
		t.Fatalf("%v whole-stream reads from the copy, want at least %d", reads, len(fromLog))
	}
	if broken := metric(t, e, "latsar_stream_copy_broken_total"); broken != 0 {
		t.Fatalf("%v reads found the copy broken", broken)
	}
}

func trailEntries(t *testing.T, body string) []any {
	t.Helper()
	var trail struct{ Entries []any }
	if err := stdjson.Unmarshal([]byte(body), &trail); err != nil || len(trail.Entries) == 0 {
		t.Fatalf("not an audit trail (%v): %s", err, truncate([]byte(body)))
	}
	return trail.Entries
}

func okJSON(t *testing.T, r response) map[string]any {
	t.Helper()
	mustStatus(t, r, http.StatusOK)
	return r.json(t)
}

// metric reads one unlabelled sample from /metrics.
func metric(t *testing.T, e *env, name string) float64 {
	t.Helper()
	r := e.do("", "GET", "/metrics", nil)
	m := regexp.MustCompile(`(?m)^` + name + ` (\S+)$`).FindSubmatch(r.body)
	if m == nil {
		t.Fatalf("/metrics has no %s: %s", name, truncate(r.body))
	}
	v, err := strconv.ParseFloat(string(bytes.TrimSpace(m[1])), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func waitForMetric(t *testing.T, e *env, name string, ok func(float64) bool) float64 {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		v := metric(t, e, name)
		if ok(v) {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is still %v after 30 s", name, v)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
