package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// result is what cmd/loadgen reports (its -json output).
type result struct {
	Requests   int     `json:"requests"`
	Errors     int     `json:"errors"`
	Seconds    float64 `json:"seconds"`
	PerSec     float64 `json:"req_per_s"`
	P50ms      float64 `json:"p50_ms"`
	P99ms      float64 `json:"p99_ms"`
	FirstError string  `json:"first_error"`
}

// drive runs one load with cmd/loadgen; count > 0 sends each listed
// request once at most.
func drive(o options, addr, list string, count, want int, acked string) (result, error) {
	args := []string{"-addr", addr, "-c", strconv.Itoa(o.conns), "-d", o.duration.String(), "-requests", list,
		"-token", adminToken, "-want", strconv.Itoa(want), "-n", strconv.Itoa(count), "-json"}
	if acked != "" {
		args = append(args, "-acked", acked)
	}
	var out bytes.Buffer
	cmd := exec.Command(o.loadgen, args...)
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("%s: %w", o.loadgen, err)
	}
	var r result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return result{}, fmt.Errorf("%s answered %q: %w", o.loadgen, out.String(), err)
	}
	if r.Errors > 0 {
		fmt.Fprintf(os.Stderr, "%d errors in %s, the first: %s\n", r.Errors, filepath.Base(list), r.FirstError)
	}
	return r, nil
}

var benchStart = time.Date(2024, 6, 5, 8, 0, 0, 0, time.UTC)

// trophySlots are the 50 (material, agenda) claims one participant can
// make under the catalogue enrol uses.
func trophySlots() []struct {
	material string
	agenda   int
} {
	type slot = struct {
		material string
		agenda   int
	}
	var slots []slot
	for range 3 {
		slots = append(slots, slot{"kebijakan", 0})
	}
	for a := 1; a <= 4; a++ {
		for range 10 {
			slots = append(slots, slot{"substansi_1", a})
		}
	}
	for a := 1; a <= 4; a++ {
		for range 5 {
			slots = append(slots, slot{"substansi_2", a})
		}
	}
	return slots[:50]
}

const catalogue = `{"kebijakan":{"0":3},"substansi_1":{"1":10,"2":10,"3":10,"4":10},"substansi_2":{"1":5,"2":5,"3":5,"4":5}}`

// participantNIPs are the NIPs of n enrolled participants.
func participantNIPs(n int) []string {
	nips := make([]string, n)
	for i := range nips {
		nips[i] = fmt.Sprintf("19990101202401%d%03d", 1+i/1000%2, i%1000)
		if i >= 2000 {
			nips[i] = fmt.Sprintf("1998%02d01202401%d%03d", 1+i/2000%12, 1+i/1000%2, i%1000)
		}
	}
	return nips
}

// writeLists writes the request files: every trophy of every participant,
// round robin over the participants (line i is participant i mod n's
// trophy i div n, earned in the order of the lines: event ids take their
// leading bits from earned_at); the same bodies to the trivial handler; the
// standings; and the trivial GETs.
func writeLists(o options) (trophies, trivialPosts, standings, trivialGets string, err error) {
	nips := participantNIPs(o.participants)
	slots := trophySlots()
	var tb, pb, sb, gb bytes.Buffer
	for i := range len(nips) * len(slots) {
		nip, k := nips[i%len(nips)], i/len(nips)
		earned := benchStart.Add(time.Duration(i) * 100 * time.Millisecond).Format(time.RFC3339Nano)
		body := fmt.Sprintf(`{"activity_id":"act-%d","material":%q,"agenda":%d,"earned_at":%q}`, k, slots[k].material, slots[k].agenda, earned)
		fmt.Fprintf(&tb, "POST /v1/participants/%s/trophies %s\n", nip, body)
		fmt.Fprintf(&pb, "POST /trivial %s\n", body)
	}
	for _, nip := range nips {
		fmt.Fprintf(&sb, "GET /v1/participants/%s/standing\n", nip)
		fmt.Fprintf(&gb, "GET /trivial/%s\n", nip)
	}
	paths := make([]string, 4)
	for i, b := range []*bytes.Buffer{&tb, &pb, &sb, &gb} {
		paths[i] = filepath.Join(o.work, []string{"trophies", "trivial-posts", "standings", "trivial-gets"}[i])
		if err := os.WriteFile(paths[i], b.Bytes(), 0o644); err != nil {
			return "", "", "", "", err
		}
	}
	return paths[0], paths[1], paths[2], paths[3], nil
}

// enrol opens a cohort for each 40 participants and enrols them.
func enrol(addr string, nips []string) error {
	var cohorts, enrolments []call
	for c := range (len(nips) + 39) / 40 {
		cohorts = append(cohorts, call{"/v1/cohorts", fmt.Sprintf(
			`{"cohort_id":"B%d","name":"Bench %d","institution_id":"bpsdm","golongan":["III"],"starts_on":"2024-06-03","ends_on":"2024-08-02","trophy_catalogue":%s}`, c, c, catalogue)})
	}
	for i, nip := range nips {
		enrolments = append(enrolments, call{fmt.Sprintf("/v1/cohorts/B%d/participants", i/40),
			fmt.Sprintf(`{"nip":%q,"name":"Peserta %d","golongan":"III","agency":"blitar"}`, nip, i)})
	}
	if err := post(addr, cohorts); err != nil {
		return err
	}
	return post(addr, enrolments)
}

type call struct{ path, body string }

var client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}, Timeout: 30 * time.Second}

// post sends the calls from 16 goroutines; each must answer 201.
func post(addr string, calls []call) error {
	work := make(chan call)
	errs := make(chan error, len(calls))
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for c := range work {
				req, _ := http.NewRequest(http.MethodPost, "http://"+addr+c.path, strings.NewReader(c.body))
				req.Header.Set("Authorization", "Bearer "+adminToken)
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req)
				if err != nil {
					errs <- err
					continue
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusCreated {
					errs <- fmt.Errorf("POST %s: %s: %s", c.path, res.Status, b)
				}
			}
		})
	}
	for _, c := range calls {
		work <- c
	}
	close(work)
	wg.Wait()
	close(errs)
	return <-errs // nil when none
}

// lostError is an acknowledged trophy missing from the standings.
type lostError struct{ text string }

func (e *lostError) Error() string { return e.text }

// verify checks that every trophy acknowledged with 201 (the line numbers
// in the acked file) is counted in its participant's standing, once the
// projection has caught up with the log: on a fresh store each trophy is
// distinct, so a standing counts at least its acknowledged trophies (more
// only for a trophy recorded whose answer was lost).
func verify(addr string, nips []string, ackedPath string) error {
	b, err := os.ReadFile(ackedPath)
	if err != nil {
		return err
	}
	want := make([]int, len(nips))
	total := 0
	for _, f := range strings.Fields(string(b)) {
		i, err := strconv.Atoi(f)
		if err != nil {
			return err
		}
		want[i%len(nips)]++
		total++
	}
	var ready struct {
		Projections map[string]struct{ Head uint64 } `json:"projections"`
	}
	// /readyz answers 503 while the projection lags: its body still names the head.
	if err := getJSON("http://"+addr+"/readyz", &ready, http.StatusServiceUnavailable); err != nil {
		return err
	}
	var head uint64
	for _, p := range ready.Projections {
		head = max(head, p.Head)
	}
	extra := 0
	for i, nip := range nips {
		var st struct {
			MOOC struct {
				Trophies struct{ Total int } `json:"trophies"`
			} `json:"mooc"`
		}
		if err := getJSON(fmt.Sprintf("http://%s/v1/participants/%s/standing?min_position=%d", addr, nip, head), &st); err != nil {
			return err
		}
		got := st.MOOC.Trophies.Total
		if got < want[i] {
			return &lostError{fmt.Sprintf("participant %s: %d trophies acknowledged, %d in the standing", nip, want[i], got)}
		}
		extra += got - want[i]
	}
	fmt.Fprintf(os.Stderr, "verified: %d acknowledged trophies in %d standings (%d recorded without an answer)\n", total, len(nips), extra)
	return nil
}

// getJSON decodes the answer of a GET that must be 200 (or one of also).
func getJSON(url string, v any, also ...int) error {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+adminToken)
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK && !slices.Contains(also, res.StatusCode) {
		b, _ := io.ReadAll(res.Body)
		return fmt.Errorf("GET %s: %s: %s", url, res.Status, b)
	}
	return json.NewDecoder(res.Body).Decode(v)
}

// commits are the group-commit figures of /metrics (cumulative).
type commits struct{ count, appends, seconds float64 }

// scrapeCommits reads the store's commit histograms from /metrics.
func scrapeCommits(addr string) commits {
	var c commits
	res, err := client.Get("http://" + addr + "/metrics")
	if err != nil {
		return c
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, line := range strings.Split(string(b), "\n") {
		name, value, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		v, _ := strconv.ParseFloat(value, 64)
		switch name {
		case "latsar_store_commit_appends_count":
			c.count = v
		case "latsar_store_commit_appends_sum":
			c.appends = v
		case "latsar_store_commit_seconds_sum":
			c.seconds = v
		}
	}
	return c
}

// since describes the commits between c0 and c.
func (c commits) since(c0 commits) string {
	n := c.count - c0.count
	if n == 0 {
		return "no commits"
	}
	return fmt.Sprintf("%.0f commits, %.1f appends and %.2f ms each", n, (c.appends-c0.appends)/n, 1000*(c.seconds-c0.seconds)/n)
}
