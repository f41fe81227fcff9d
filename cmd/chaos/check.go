package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// scanLog reads GET /v1/events past what earlier rounds read (the log only
// grows; older events stay covered by the standings, rebuilt from the whole
// log at every start) and files each trophy and attempt under its natural
// id. It returns how many natural ids it found recorded a second time.
func (h *harness) scanLog(ctx context.Context) (duplicated int, err error) {
	for {
		status, _, body, err := h.get(ctx, "/v1/events?limit=1000&after="+strconv.FormatUint(h.cursor, 10))
		if err != nil || status != http.StatusOK {
			return duplicated, fmt.Errorf("read the log after %d: %d %v %.200s", h.cursor, status, err, body)
		}
		var page struct {
			Events []struct {
				ID, Type, Stream string
				Data             struct {
					ActivityID string `json:"activity_id"`
					AttemptID  string `json:"attempt_id"`
				}
			}
			NextAfter uint64 `json:"next_after"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return duplicated, err
		}
		if len(page.Events) == 0 {
			return duplicated, nil
		}
		for _, e := range page.Events {
			natural := e.Data.ActivityID
			switch e.Type {
			case "TrophyEarned":
			case "PosttestAttempted":
				natural = e.Data.AttemptID
			default:
				continue
			}
			id := strings.TrimPrefix(e.Stream, "participant-") + "/" + natural
			h.logged[id] = append(h.logged[id], e.ID)
			if len(h.logged[id]) == 2 {
				duplicated++
				h.complain(fmt.Errorf("%s recorded twice: events %v", id, h.logged[id]))
			}
		}
		h.cursor = page.NextAfter
	}
}

// lost counts this round's acknowledged writes whose event is not in the log.
func (h *harness) lost() int {
	n := 0
	for _, id := range h.book.round.ids {
		if !slices.Contains(h.logged[id], h.book.acks[id]) {
			n++
			h.complain(fmt.Errorf("%s acknowledged as event %s, not in the log (found %v)", id, h.book.acks[id], h.logged[id]))
		}
	}
	return n
}

// checkStandings reads every participant's standing at the last acknowledged
// position and counts those whose trophies or attempts differ from what was
// acknowledged. With Redis the new server waits out the killed one's
// projector lease first, so a 503 (min_position not reached in 5 s) is retried.
func (h *harness) checkStandings(ctx context.Context) (off int, err error) {
	pos := strconv.FormatUint(h.book.lastPos, 10)
	if h.cursor < h.book.lastPos { // the log lost its tail: wait for what is left
		off++
		h.complain(fmt.Errorf("the log ends at position %d; answers named positions up to %d", h.cursor, h.book.lastPos))
		pos = strconv.FormatUint(h.cursor, 10)
	}
	for _, nip := range h.work.nips {
		var status int
		var header http.Header
		var body []byte
		for deadline := time.Now().Add(60 * time.Second); ; {
			status, header, body, err = h.get(ctx, "/v1/participants/"+nip+"/standing?min_position="+pos)
			if (err == nil && status != http.StatusServiceUnavailable) || ctx.Err() != nil || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err != nil || status != http.StatusOK {
			return off, fmt.Errorf("standing of %s at %s: %d %v %.200s", nip, pos, status, err, body)
		}
		var st struct {
			Mooc struct {
				Trophies struct{ Total int }
				Posttest struct{ Attempts []json.RawMessage }
			}
		}
		if err := json.Unmarshal(body, &st); err != nil {
			return off, err
		}
		at, _ := strconv.ParseUint(header.Get("X-Projection-Position"), 10, 64)
		if t, a := st.Mooc.Trophies.Total, len(st.Mooc.Posttest.Attempts); t != h.book.trophies[nip] || a != h.book.attempts[nip] || at < h.book.lastPos {
			off++
			h.complain(fmt.Errorf("standing of %s at position %d: %d trophies, %d attempts; acknowledged %d and %d up to %d",
				nip, at, t, a, h.book.trophies[nip], h.book.attempts[nip], h.book.lastPos))
		}
	}
	return off, nil
}

// get reads with the admin token.
func (h *harness) get(ctx context.Context, path string) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.base+path, nil)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+adminToken)
	res, err := h.http.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, raw, err
}
