package tests

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// This file covers the global log: GET /v1/events (JSON and NDJSON) and
// GET /v1/events/stream (Server-Sent Events). Helpers are prefixed ev.

// evPage reads one page of the log (must answer 200).
func evPage(t *testing.T, e *env, token string, after uint64, limit int) (events []map[string]any, nextAfter uint64) {
	t.Helper()
	r := e.do(token, "GET", fmt.Sprintf("/v1/events?after=%d&limit=%d", after, limit), nil)
	mustStatus(t, r, http.StatusOK)
	page := r.json(t)
	evs, ok := page["events"].([]any)
	if !ok {
		t.Fatalf("events is not an array: %s", truncate(r.body))
	}
	for _, ev := range evs {
		events = append(events, ev.(map[string]any))
	}
	na, ok := page["next_after"].(float64)
	if !ok {
		t.Fatalf("no next_after: %s", truncate(r.body))
	}
	return events, uint64(na)
}

// evPositions lists the positions of log events.
func evPositions(evs []map[string]any) []uint64 {
	out := make([]uint64, len(evs))
	for i, ev := range evs {
		out[i] = uint64(ev["position"].(float64))
	}
	return out
}

// evTrophies writes n trophies for a participant (lms), activity ids prefix-0.. .
func evTrophies(t *testing.T, e *env, n string, prefix string, count int) {
	t.Helper()
	for i := range count {
		mustStatus(t, e.do(e.lms(), "POST", "/v1/participants/"+n+"/trophies", trophy(fmt.Sprintf("%s-%d", prefix, i), "substansi_1", 1+i%4)), http.StatusCreated)
	}
}

func TestEventLog(t *testing.T) {
	e := start(t)
	auIssueAll(e)
	nips := e.openCohort("EV", 2)
	evTrophies(t, e, nips[0], "ev", 7)
	evTrophies(t, e, nips[1], "ev", 4)

	all, next := evPage(t, e, e.auditor(), 0, 1000)
	if len(all) < 20 {
		t.Fatalf("%d events in the log", len(all))
	}
	if next != evPositions(all)[len(all)-1] {
		t.Errorf("next_after=%d, want the last position %d", next, evPositions(all)[len(all)-1])
	}
	revs := map[string]float64{}
	for i, ev := range all {
		if i > 0 && evPositions(all)[i] <= evPositions(all)[i-1] {
			t.Errorf("event %d: position %v not after %v", i, ev["position"], all[i-1]["position"])
		}
		for _, k := range []string{"id", "type", "stream", "recorded_at"} {
			if s, _ := ev[k].(string); s == "" {
				t.Errorf("event %d has no %s: %v", i, k, ev)
			}
		}
		if _, ok := ev["data"].(map[string]any); !ok {
			t.Errorf("event %d: data %v is not an object", i, ev["data"])
		}
		if h, _ := scnDig(ev, "metadata.hash").(string); len(h) != 64 {
			t.Errorf("event %d: metadata.hash %v", i, scnDig(ev, "metadata.hash"))
		}
		// Revisions count up in each stream.
		want, seen := revs[ev["stream"].(string)]
		if !seen {
			want = 0
		} else {
			want++
		}
		if ev["revision"] != want {
			t.Errorf("event %d of %s: revision %v, want %v", i, ev["stream"], ev["revision"], want)
		}
		revs[ev["stream"].(string)] = want
	}
	var trophy map[string]any
	for _, ev := range all {
		if ev["type"] == "TrophyEarned" {
			trophy = ev
			break
		}
	}
	scnWant(t, "a trophy in the log", trophy, map[string]any{"stream": "participant-" + nips[0], "metadata.role": "lms", "metadata.institution": "bpsdm-jatim", "data.activity_id": "ev-0"})

	// Pages of 4 give the same log, in order, each next_after the last position read.
	var paged []map[string]any
	after := uint64(0)
	for range 100 {
		evs, na := evPage(t, e, adminSecret, after, 4)
		if len(evs) > 4 {
			t.Fatalf("a page of limit 4 holds %d events", len(evs))
		}
		if len(evs) == 0 {
			if na != after {
				t.Errorf("the empty page after %d answers next_after %d", after, na)
			}
			break
		}
		if last := evPositions(evs)[len(evs)-1]; na != last {
			t.Errorf("next_after=%d, want %d", na, last)
		}
		paged = append(paged, evs...)
		after = na
	}
	if !reflect.DeepEqual(paged, all) {
		t.Errorf("paging by 4 gave %d events, one page %d; positions %v vs %v", len(paged), len(all), evPositions(paged), evPositions(all))
	}
	// after= an inner position starts right after it.
	mid := evPositions(all)[len(all)/2]
	evs, _ := evPage(t, e, e.auditor(), mid, 3)
	if !reflect.DeepEqual(evs, all[len(all)/2+1:len(all)/2+4]) {
		t.Errorf("after=%d gave positions %v", mid, evPositions(evs))
	}
	// The default limit is 50.
	if evs, _ := evPage(t, e, adminSecret, 0, 50); len(evs) != min(50, len(all)) {
		t.Errorf("limit=50 gave %d events", len(evs))
	}

	// NDJSON: one JSON object per line, the same events.
	t.Run("ndjson", func(t *testing.T) {
		r := e.do(e.auditor(), "GET", "/v1/events?after=0&limit=1000", nil, "Accept", "application/x-ndjson")
		mustStatus(t, r, http.StatusOK)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
			t.Fatalf("content-type=%q", ct)
		}
		lines := strings.Split(strings.TrimSuffix(string(r.body), "\n"), "\n")
		if len(lines) != len(all) {
			t.Fatalf("%d lines, want %d events", len(lines), len(all))
		}
		for i, line := range lines {
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("line %d is not a JSON object: %v: %s", i, err, line)
			}
			if !reflect.DeepEqual(m, all[i]) {
				t.Fatalf("line %d is %v, JSON gave %v", i, m, all[i])
			}
		}
		if got := r.header.Get("X-Next-After"); got != strconv.FormatUint(next, 10) {
			t.Errorf("X-Next-After=%q, want %d", got, next)
		}
		r = e.do(adminSecret, "GET", fmt.Sprintf("/v1/events?after=%d", next), nil, "Accept", "application/x-ndjson")
		mustStatus(t, r, http.StatusOK)
		if len(bytes.TrimSpace(r.body)) != 0 {
			t.Errorf("after the head NDJSON answered %q", r.body)
		}
	})

	auditor := func(e *env) string { return e.auditor() }
	lms := func(e *env) string { return e.lms() }
	dashboard := func(e *env) string { return e.dashboard() }
	agency := func(e *env) string { return e.agency() }
	runCases(t, e, []apiCase{
		{name: "log-auditor-200", token: auditor, method: "GET", path: "/v1/events?limit=2", want: 200},
		{name: "log-admin-200", token: admin, method: "GET", path: "/v1/events", want: 200},
		{name: "log-dashboard-403", token: dashboard, method: "GET", path: "/v1/events", want: 403, check: problem("", "")},
		{name: "log-lms-403", token: lms, method: "GET", path: "/v1/events", want: 403, check: problem("", "")},
		{name: "log-agency-403", token: agency, method: "GET", path: "/v1/events", want: 403},
		{name: "log-no-token-401", token: nobody, method: "GET", path: "/v1/events", want: 401},
		{name: "log-bad-after-400", token: auditor, method: "GET", path: "/v1/events?after=abc", want: 400, check: problem("", "after")},
		{name: "log-negative-after-400", token: auditor, method: "GET", path: "/v1/events?after=-1", want: 400, check: problem("", "after")},
		{name: "log-limit-0-400", token: auditor, method: "GET", path: "/v1/events?limit=0", want: 400, check: problem("", "limit")},
		{name: "log-limit-1001-400", token: auditor, method: "GET", path: "/v1/events?limit=1001", want: 400, check: problem("", "limit")},
		{name: "log-ndjson-dashboard-403", token: dashboard, method: "GET", path: "/v1/events", headers: []string{"Accept", "application/x-ndjson"}, want: 403},
		{name: "stream-dashboard-403", token: dashboard, method: "GET", path: "/v1/events/stream", want: 403, check: problem("", "")},
		{name: "stream-lms-403", token: lms, method: "GET", path: "/v1/events/stream", want: 403},
		{name: "stream-no-token-401", token: nobody, method: "GET", path: "/v1/events/stream", want: 401},
		{name: "stream-bad-after-400", token: auditor, method: "GET", path: "/v1/events/stream?after=x", want: 400, check: problem("", "after")},
		{name: "stream-bad-last-event-id-400", token: auditor, method: "GET", path: "/v1/events/stream", headers: []string{"Last-Event-ID", "x"}, want: 400, check: problem("", "Last-Event-ID")},
	})
}

// evSSE is one Server-Sent Event.
type evSSE struct {
	id   uint64
	typ  string
	data map[string]any
}

// evStream is one connection to /v1/events/stream.
type evStream struct {
	cancel context.CancelFunc
	events chan evSSE
	done   chan error // the reader's end (nil after a clean EOF or a cancel)
}

// evConnect opens the stream with an auditor token; lastID, when not "",
// is sent as Last-Event-ID. The answer's status and headers are checked
// against the OpenAPI document.
func evConnect(t *testing.T, e *env, token, query, lastID string) *evStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", e.url+"/v1/events/stream"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "text/event-stream")
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	client := &http.Client{} // no timeout: the stream stays open until cancelled
	res, err := client.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		cancel()
		t.Fatalf("stream answered %d: %s", res.StatusCode, truncate(body))
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Errorf("content-type=%q, want text/event-stream", ct)
	}
	checkDocumented(t, req, res.StatusCode, res.Header, nil)
	s := &evStream{cancel: cancel, events: make(chan evSSE, 4096), done: make(chan error, 1)}
	go func() {
		defer res.Body.Close()
		defer close(s.events)
		br := bufio.NewReader(res.Body)
		var cur evSSE
		var hasID bool
		var data strings.Builder
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				if ctx.Err() != nil || err == io.EOF {
					err = nil
				}
				s.done <- err
				return
			}
			line = strings.TrimRight(line, "\r\n")
			switch {
			case line == "":
				if hasID || data.Len() > 0 {
					if err := json.Unmarshal([]byte(data.String()), &cur.data); err != nil {
						s.done <- fmt.Errorf("data of event %d is not JSON: %v: %q", cur.id, err, data.String())
						return
					}
					s.events <- cur
				}
				cur, hasID = evSSE{}, false
				data.Reset()
			case strings.HasPrefix(line, ":"): // a comment (keep-alive)
			case strings.HasPrefix(line, "id:"):
				n, err := strconv.ParseUint(strings.TrimSpace(strings.TrimPrefix(line, "id:")), 10, 64)
				if err != nil {
					s.done <- fmt.Errorf("id line %q", line)
					return
				}
				cur.id, hasID = n, true
			case strings.HasPrefix(line, "event:"):
				cur.typ = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				if data.Len() > 0 {
					data.WriteByte('\n')
				}
				data.WriteString(strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " "))
			case strings.HasPrefix(line, "retry:"):
			default:
				s.done <- fmt.Errorf("unexpected line %q", line)
				return
			}
		}
	}()
	return s
}

// until reads events until one has id >= head (each within timeout).
func (s *evStream) until(t *testing.T, head uint64, timeout time.Duration) []evSSE {
	t.Helper()
	var out []evSSE
	for len(out) == 0 || out[len(out)-1].id < head {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatalf("the stream ended after %d events (last %v), before position %d: %v", len(out), out, head, <-s.done)
			}
			out = append(out, ev)
		case <-time.After(timeout):
			last := uint64(0)
			if len(out) > 0 {
				last = out[len(out)-1].id
			}
			t.Fatalf("no event for %v after position %d (waiting for %d)", timeout, last, head)
		}
	}
	return out
}

// quiet checks nothing more arrives for a while.
func (s *evStream) quiet(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if ok {
			t.Errorf("unexpected event %d %s after the head", ev.id, ev.typ)
		}
	case <-time.After(d):
	}
}

// close disconnects and waits for the reader.
func (s *evStream) close(t *testing.T) {
	t.Helper()
	s.cancel()
	for range s.events {
	}
	if err := <-s.done; err != nil {
		t.Errorf("stream reader: %v", err)
	}
}

func TestEventStreamResumesWithoutLossOrDuplicates(t *testing.T) {
	e := start(t)
	auIssueAll(e)
	auditor := e.auditor()
	nips := e.openCohort("SSE", 2)
	evTrophies(t, e, nips[0], "before", 3)
	headOf := func() uint64 {
		n, err := strconv.ParseUint(e.head(), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Connect: the catch-up up to the head, then events appended while connected.
	s1 := evConnect(t, e, auditor, "", "")
	read := s1.until(t, headOf(), 5*time.Second)
	caughtUp := len(read)
	evTrophies(t, e, nips[0], "live", 5)
	evTrophies(t, e, nips[1], "live", 2)
	read = append(read, s1.until(t, headOf(), 5*time.Second)...)
	if len(read) <= caughtUp+6 {
		t.Fatalf("read %d events live, want the 7 trophies", len(read)-caughtUp)
	}
	s1.quiet(t, 200*time.Millisecond)
	s1.close(t)

	// Disconnected: more events.
	evTrophies(t, e, nips[1], "offline", 4)
	lastID := read[len(read)-1].id

	// Reconnect with Last-Event-ID: what was missed, then live again.
	s2 := evConnect(t, e, auditor, "", strconv.FormatUint(lastID, 10))
	resumed := s2.until(t, headOf(), 5*time.Second)
	if resumed[0].id <= lastID {
		t.Errorf("the resumed stream starts at %d, at or before Last-Event-ID %d", resumed[0].id, lastID)
	}
	evTrophies(t, e, nips[0], "again", 2)
	resumed = append(resumed, s2.until(t, headOf(), 5*time.Second)...)
	s2.quiet(t, 200*time.Millisecond)
	s2.close(t)
	read = append(read, resumed...)

	// The union is the log: every position once, in order, the same events.
	log, _ := evPage(t, e, auditor, 0, 1000)
	if len(read) != len(log) {
		t.Errorf("read %d events over two connections, the log holds %d", len(read), len(log))
	}
	for i := 1; i < len(read); i++ {
		if read[i].id <= read[i-1].id {
			t.Errorf("event %d: id %d after %d (a duplicate or out of order)", i, read[i].id, read[i-1].id)
		}
	}
	for i := range min(len(read), len(log)) {
		ev, want := read[i], log[i]
		if float64(ev.id) != want["position"] || ev.data["position"] != want["position"] || ev.typ != want["type"] {
			t.Errorf("event %d: id %d event %s, the log has position %v type %v", i, ev.id, ev.typ, want["position"], want["type"])
			continue
		}
		if !reflect.DeepEqual(ev.data, want) {
			t.Errorf("event %d: data %v, the log has %v", i, ev.data, want)
		}
	}

	// ?after= starts after that position too; Last-Event-ID wins over it.
	head := headOf()
	s3 := evConnect(t, e, auditor, fmt.Sprintf("?after=%d", head-2), "")
	got := s3.until(t, head, 5*time.Second)
	s3.close(t)
	if len(got) != 2 || got[0].id != head-1 || got[1].id != head {
		t.Errorf("after=%d gave ids %v, want %d and %d", head-2, got, head-1, head)
	}
	s4 := evConnect(t, e, auditor, "?after=0", strconv.FormatUint(head-1, 10))
	got = s4.until(t, head, 5*time.Second)
	s4.close(t)
	if len(got) != 1 || got[0].id != head {
		t.Errorf("Last-Event-ID %d with after=0 gave ids %v, want only %d", head-1, got, head)
	}
	// Admins may stream too.
	s5 := evConnect(t, e, adminSecret, fmt.Sprintf("?after=%d", head-1), "")
	if got := s5.until(t, head, 5*time.Second); len(got) != 1 {
		t.Errorf("admin stream gave %v", got)
	}
	s5.close(t)
}
