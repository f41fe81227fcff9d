package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// catalogue is the cohort's trophy offer; slots lists the first 50 trophies
// of it (R-TRO-1 refuses a 51st), which every participant earns in turn.
var (
	catalogue = map[string]map[string]int{
		"kebijakan":   {"0": 3},
		"substansi_1": {"1": 10, "2": 10, "3": 10, "4": 10},
		"substansi_2": {"1": 5, "2": 5, "3": 5, "4": 4},
	}
	slots = func() (s []slot) {
		for _, material := range []string{"kebijakan", "substansi_1", "substansi_2"} {
			for agenda := range 5 {
				for range catalogue[material][strconv.Itoa(agenda)] {
					s = append(s, slot{material, agenda})
				}
			}
		}
		return s[:50]
	}()
)

type slot struct {
	material string
	agenda   int
}

// item is one write with its natural id; every send of it is the same request.
type item struct {
	nip, kind, natural string // kind: "trophy" or "posttest"; natural: its activity_id or attempt_id
	path               string
	body               []byte
	key                string // Idempotency-Key, or none
	replay             bool   // send again after the answer: the same event must come back
}

func (it item) id() string { return it.nip + "/" + it.natural }

// workload hands out the next write: a trophy while the participant has
// trophies left, otherwise a posttest attempt (attempts are never refused).
type workload struct {
	mu       sync.Mutex
	rng      *rand.Rand
	nips     []string
	trophies []int // per participant, trophies handed out so far
	seq      int
}

func (w *workload) next() item {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seq++
	p := w.rng.IntN(len(w.nips))
	it := item{nip: w.nips[p]}
	if k := w.trophies[p]; k < len(slots) && w.rng.IntN(4) > 0 {
		w.trophies[p]++
		it.kind, it.natural, it.path = "trophy", fmt.Sprintf("act-%02d", k), "/v1/participants/"+it.nip+"/trophies"
		it.body = mustJSON(map[string]any{"activity_id": it.natural, "material": slots[k].material,
			"agenda": slots[k].agenda, "earned_at": "2024-06-05T09:30:00Z"})
	} else {
		// taken_at grows with seq: attempts are mostly recorded in the order
		// taken, so few renumber the attempts after them (R-POST-2).
		taken := time.Date(2024, 6, 20, 8, 0, 0, 0, time.UTC).Add(time.Duration(w.seq) * time.Second)
		it.kind, it.natural, it.path = "posttest", fmt.Sprintf("att-%d", w.seq), "/v1/participants/"+it.nip+"/posttests"
		it.body = mustJSON(map[string]any{"attempt_id": it.natural, "substansi_1_score": w.rng.IntN(101),
			"substansi_2_score": w.rng.IntN(101), "taken_at": taken.Format(time.RFC3339)})
	}
	// A third carry an Idempotency-Key; half of those are sent twice on purpose.
	if r := w.rng.IntN(6); r < 2 {
		it.key, it.replay = fmt.Sprintf("chaos-%d", w.seq), r == 1
	}
	return it
}

// answer is what a write's 200 or 201 names: the recorded events.
type answer struct {
	Events []struct {
		ID       string `json:"id"`
		Position uint64 `json:"position"`
	} `json:"events"`
}

// book is what the clients were told: every acknowledged write, by natural id.
type book struct {
	mu       sync.Mutex
	acks     map[string]string // item id -> the event id its answer named
	trophies map[string]int    // nip -> acknowledged trophies
	attempts map[string]int    // nip -> acknowledged posttest attempts
	lastPos  uint64            // the highest position any answer named
	round    tally
}

// tally counts one round.
type tally struct {
	acked      int
	retried    int      // writes sent again after no answer (or a 409, 429, 503)
	replayed   int      // writes sent twice on purpose with their Idempotency-Key
	unanswered int      // writes given up after retryBudget
	failed     int      // writes answered something else than 200 or 201
	ids        []string // acknowledged this round
}

func (b *book) acknowledge(it item, a answer) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.acks[it.id()] = a.Events[0].ID
	b.round.acked++
	b.round.ids = append(b.round.ids, it.id())
	if it.kind == "trophy" {
		b.trophies[it.nip]++
	} else {
		b.attempts[it.nip]++
	}
	for _, e := range a.Events {
		b.lastPos = max(b.lastPos, e.Position)
	}
}

func (b *book) count(f func(*tally)) {
	b.mu.Lock()
	f(&b.round)
	b.mu.Unlock()
}

// client sends writes until stop closes, then finishes the one it holds.
func (h *harness) client(ctx context.Context, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-ctx.Done():
			return
		default:
		}
		it := h.work.next()
		first, err := h.deliver(ctx, it)
		if err == nil {
			h.book.acknowledge(it, first)
			if it.replay { // the same key again: the first answer's event, nothing new
				var again answer
				if again, err = h.deliver(ctx, it); err == nil && again.Events[0].ID != first.Events[0].ID {
					err = fmt.Errorf("%s sent again with key %s named event %s, first %s", it.id(), it.key, again.Events[0].ID, first.Events[0].ID)
				}
				h.book.count(func(t *tally) { t.replayed++ })
			}
		}
		switch {
		case ctx.Err() != nil:
			return
		case errors.Is(err, errUnanswered):
			h.book.count(func(t *tally) { t.unanswered++ })
		case err != nil:
			h.book.count(func(t *tally) { t.failed++ })
			h.complain(err)
		}
	}
}

var errUnanswered = errors.New("no answer within the retry budget")

// retryBudget bounds how long one write is retried: a restart takes seconds.
const retryBudget = 90 * time.Second

// deliver sends it until the server answers 200 or 201. What got no answer
// (the server was killed, the port refused the connection) or was told to
// come back (409 in flight, 429, 503) is sent again, unchanged.
func (h *harness) deliver(ctx context.Context, it item) (answer, error) {
	deadline := time.Now().Add(retryBudget)
	for try := 0; ; try++ {
		if try == 1 {
			h.book.count(func(t *tally) { t.retried++ })
		}
		if try > 0 {
			select {
			case <-ctx.Done():
				return answer{}, ctx.Err()
			case <-time.After(min(time.Duration(try)*20*time.Millisecond, 500*time.Millisecond)):
			}
		}
		status, body, err := h.post(ctx, h.lms, it.path, it.body, it.key)
		switch {
		case err == nil && (status == http.StatusOK || status == http.StatusCreated):
			var a answer
			if err := json.Unmarshal(body, &a); err != nil || len(a.Events) == 0 {
				return answer{}, fmt.Errorf("%s: %d answer names no event: %.300s", it.id(), status, body)
			}
			return a, nil
		case err == nil && status != http.StatusConflict && status != http.StatusTooManyRequests && status != http.StatusServiceUnavailable:
			return answer{}, fmt.Errorf("%s: %d %.300s", it.id(), status, body)
		case time.Now().After(deadline):
			return answer{}, fmt.Errorf("%s: %w", it.id(), errUnanswered)
		}
	}
}

// post sends one JSON write over loopback.
func (h *harness) post(ctx context.Context, token, path string, body []byte, key string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := h.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	return res.StatusCode, raw, err
}

func mustJSON(v any) []byte {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return raw
}
