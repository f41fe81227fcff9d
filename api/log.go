package api

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/events"
)

// LogEvent is one event of the global log with its envelope.
type LogEvent struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Stream     string          `json:"stream"`
	Revision   uint64          `json:"revision"`
	Position   uint64          `json:"position"`
	RecordedAt time.Time       `json:"recorded_at"`
	Data       json.RawMessage `json:"data" swaggertype:"object"`
	Metadata   events.Metadata `json:"metadata"`
} // @name LogEvent

func logEventOf(r events.Recorded) LogEvent {
	return LogEvent{ID: r.ID, Type: r.Type, Stream: r.Stream, Revision: r.Revision, Position: r.Position,
		RecordedAt: r.RecordedAt, Data: json.RawMessage(r.Data), Metadata: r.Metadata}
}

// LogPage is a page of the global log.
type LogPage struct {
	Events    []LogEvent `json:"events"`
	NextAfter uint64     `json:"next_after"`
	// NextCursor, while more may follow, is what ?cursor= (or ?after=) takes
	// for the next page, as on every paged list.
	NextCursor string `json:"next_cursor,omitempty"`
} // @name LogPage

func afterParam(c echo.Context) (uint64, error) {
	raw := c.QueryParam("after")
	if raw == "" {
		raw = c.QueryParam("cursor") // the next_cursor of a page
	}
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(raw, 10, 64)
	if err != nil {
		return 0, badQuery("after", "after is an event position (0 for the start)")
	}
	return n, nil
}

// listEvents godoc
// @Summary      The global log
// @Description  Events after a position, in order, with their envelope (stream, revision, position, time, metadata with actor and hash chain). JSON, or NDJSON with Accept: application/x-ndjson. Auditor and admin tokens.
// @ID           listEvents
// @Tags         audit
// @Produce      json
// @Produce      application/x-ndjson
// @Security     BearerAuth
// @Param        after  query  integer  false  "Position to read after (default 0)"
// @Param        cursor query  string   false  "next_cursor of the previous page (same as after)"
// @Param        limit  query  integer  false  "Events (1-1000, default 50)"
// @Success      200  {object}  LogPage
// @Failure      400,401,403  {object}  Problem
// @Header       200  {string}  Link  "<…?cursor=…>; rel=\"next\" while more remain"
// @Router       /v1/events [get]
func (s *Server) listEvents(c echo.Context) error {
	after, err := afterParam(c)
	if err != nil {
		return err
	}
	limit, err := limitParam(c)
	if err != nil {
		return err
	}
	recs, err := s.ledger.ReadLog(c.Request().Context(), principalOf(c), after, limit)
	if err != nil {
		return err
	}
	page := LogPage{Events: make([]LogEvent, len(recs)), NextAfter: after}
	for i, r := range recs {
		page.Events[i] = logEventOf(r)
		page.NextAfter = r.Position
	}
	if len(recs) == limit { // a full page: more may follow
		page.NextCursor = strconv.FormatUint(page.NextAfter, 10)
		linkNext(c, "after", page.NextCursor)
	}
	if strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "application/x-ndjson") {
		c.Response().Header().Set(echo.HeaderContentType, "application/x-ndjson")
		c.Response().Header().Set("X-Next-After", strconv.FormatUint(page.NextAfter, 10))
		c.Response().WriteHeader(http.StatusOK)
		enc := json.NewEncoder(c.Response())
		for _, e := range page.Events {
			if err := enc.Encode(e); err != nil {
				return nil
			}
		}
		return nil
	}
	return c.JSON(http.StatusOK, page)
}

// streamEvents godoc
// @Summary      The global log, live (Server-Sent Events)
// @Description  Every event after a position as an SSE message (id = position, event = type, data = the LogEvent JSON), then live as events are recorded. Reconnect with Last-Event-ID (or ?after=) to resume without loss or duplicates. A comment line is sent every 15 s to keep the connection open. Auditor and admin tokens.
// @ID           streamEvents
// @Tags         audit
// @Produce      text/event-stream
// @Security     BearerAuth
// @Param        after          query   integer  false  "Position to stream after (default 0)"
// @Param        Last-Event-ID  header  string   false  "Resume after this position"
// @Success      200  {string}  string  "text/event-stream"
// @Failure      400,401,403  {object}  Problem
// @Router       /v1/events/stream [get]
func (s *Server) streamEvents(c echo.Context) error {
	if err := s.ledger.FollowLog(principalOf(c)); err != nil {
		return err
	}
	after, err := afterParam(c)
	if err != nil {
		return err
	}
	if last := c.Request().Header.Get("Last-Event-ID"); last != "" {
		n, err := strconv.ParseUint(last, 10, 64)
		if err != nil {
			return &domain.Error{Code: codeMalformed, Message: "Last-Event-ID is an event position", Fields: []domain.FieldError{{Field: "Last-Event-ID", Message: "not a position"}}}
		}
		after = n
	}
	w := c.Response()
	// The live feed lasts as long as the subscriber stays: the server's read
	// and write timeouts, which bound every other request, do not apply.
	rc := http.NewResponseController(w.Writer)
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	w.Header().Set(echo.HeaderContentType, "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// A large buffer: a live subscriber under load receives many events a
	// write, and each write costs a system call.
	bw := bufio.NewWriterSize(w, 64<<10)
	_, _ = bw.WriteString("retry: 2000\n\n")
	_ = bw.Flush()
	w.Flush()

	ctx, cancel := context.WithCancel(c.Request().Context())
	defer cancel()
	var mu sync.Mutex // the keep-alive and the events write in turn
	keepAlive := make(chan struct{})
	// The response is net/http's again once the handler returns: the
	// keep-alive must have stopped writing to it by then (the race detector
	// caught a keep-alive written before a stream that lasted past 15 s ended).
	defer func() { cancel(); <-keepAlive }()
	go func() { // keep idle connections open through proxies; end on shutdown
		defer close(keepAlive)
		t := time.NewTicker(15 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-s.streamsDone:
				cancel()
				return
			case <-t.C:
				mu.Lock()
				err := writeSSE(bw, w, []byte(": keep-alive\n\n"))
				mu.Unlock()
				if err != nil {
					cancel()
					return
				}
			}
		}
	}()
	send := func(frames []frame, flush bool) error {
		mu.Lock()
		defer mu.Unlock()
		for _, f := range frames {
			if f.position <= after {
				continue // read already, while catching up
			}
			if _, err := bw.Write(f.b); err != nil {
				return err
			}
			after = f.position
		}
		if !flush {
			return nil
		}
		return writeSSE(bw, w, nil)
	}
	err = s.followLog(ctx, &after, send)
	if errors.Is(err, errFellBehind) {
		mu.Lock()
		_ = writeSSE(bw, w, []byte(": this stream fell behind the log and ends; reconnect with Last-Event-ID to resume\n\n"))
		mu.Unlock()
	} else if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, events.ErrClosed) {
		s.cfg.Logger.Warn("event stream ended", "err", err)
	}
	return nil
}

// errFellBehind ends the stream of a subscriber the live feed dropped.
var errFellBehind = errors.New("subscriber fell behind the live feed")

// followLog sends the log after *after: read from the store (encoded for
// this subscriber alone) until the live feed remembers where it is, then the
// feed's frames, encoded once for every subscriber.
func (s *Server) followLog(ctx context.Context, after *uint64, send func(frames []frame, flush bool) error) error {
	if err := s.feed.start(ctx); err != nil {
		return err
	}
	for {
		if f, ok := s.feed.join(*after); ok {
			defer s.feed.leave(f)
			return follow(ctx, f, send)
		}
		recs, err := s.cfg.Store.ReadAll(ctx, *after, subscribeCatchUpPage)
		if err != nil {
			return err
		}
		if len(recs) == 0 { // the feed stopped (the store closes) or restarts
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-s.streamsDone:
				return events.ErrClosed
			case <-time.After(100 * time.Millisecond):
			}
			if err := s.feed.start(ctx); err != nil {
				return err
			}
			continue
		}
		frames := make([]frame, len(recs))
		for i, r := range recs {
			if frames[i], err = encodeFrame(r); err != nil {
				return err
			}
		}
		if err := send(frames, true); err != nil {
			return err
		}
	}
}

// feedFlushEvery is how long a live subscriber's frames may wait to be sent
// together: under load one write carries many events instead of one write
// (and one system call) per commit per subscriber.
const feedFlushEvery = 25 * time.Millisecond

// follow sends a follower's frames as they come, flushing at most every
// feedFlushEvery.
func follow(ctx context.Context, f *follower, send func(frames []frame, flush bool) error) error {
	var flush <-chan time.Time
	for {
		select {
		case frames := <-f.frames:
			if err := send(frames, false); err != nil {
				return err
			}
			if flush == nil {
				flush = time.After(feedFlushEvery)
			}
		case <-flush:
			flush = nil
			if err := send(nil, true); err != nil {
				return err
			}
		case <-f.dropped:
			return errFellBehind
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// subscribeCatchUpPage is how many past events a subscriber reads at once.
const subscribeCatchUpPage = 500

func writeSSE(bw *bufio.Writer, w *echo.Response, b []byte) error {
	if _, err := bw.Write(b); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	w.Flush()
	return nil
}

// Verification is a hash chain checked: one stream's, or with scope=log the
// whole log's (every stream, the chain over the global order, the signed
// checkpoints).
type Verification struct {
	Stream string `json:"stream,omitempty"`
	// Scope is "stream" or "log".
	Scope  string `json:"scope" example:"stream"`
	OK     bool   `json:"ok"`
	Events int    `json:"events"`
	// Break is the first break: of the stream, or, over the log, the one
	// of the lowest position.
	Break *events.ChainBreak `json:"break,omitempty"`
	// Log is the whole log's report (scope=log).
	Log *events.LogReport `json:"log,omitempty"`
} // @name Verification

// verify godoc
// @Summary      Verify a stream's hash chain, or the whole log
// @Description  With stream: recomputes every hash of the stream (SHA-256 of the previous hash and the event's canonical form) and answers ok, or the first revision that breaks and why. With scope=log instead: checks, in one pass in position order, every stream's chain, the chain over the global order (each event's prev_global is the hash of the event before it) and the server's signed checkpoints (the event and the running hash at each checkpoint's position), so an edited, inserted, moved or deleted event, a dropped stream, a truncated tail or a log rewritten with recomputed hashes is found, with the position where it breaks; it reads the whole log. Auditor and admin tokens.
// @ID           verifyStream
// @Tags         audit
// @Produce      json
// @Security     BearerAuth
// @Param        stream  query  string  false  "Stream name, e.g. participant-199901012024011001 (required unless scope=log)"
// @Param        scope   query  string  false  "log: verify the whole log"  Enums(stream, log)
// @Success      200  {object}  Verification
// @Failure      400,401,403,404  {object}  Problem
// @Router       /v1/verify [get]
func (s *Server) verify(c echo.Context) error {
	stream := c.QueryParam("stream")
	switch scope := c.QueryParam("scope"); {
	case scope == "log" && stream == "":
		return s.verifyLog(c)
	case scope == "log":
		return badQuery("scope", "scope=log verifies the whole log: leave stream out")
	case scope != "" && scope != "stream":
		return badQuery("scope", "scope is stream (with stream=…) or log")
	}
	if stream == "" {
		return badQuery("stream", "stream names the stream to verify, e.g. participant-199901012024011001; scope=log verifies the whole log")
	}
	v, err := s.ledger.VerifyStream(c.Request().Context(), principalOf(c), stream)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Verification{Stream: stream, Scope: "stream", OK: v.Break == nil, Events: v.Events, Break: v.Break})
}

// verifyLog checks the whole log against the checkpoints this server wrote.
// An auditor who keeps copies of them runs `latsar verify --checkpoints`.
func (s *Server) verifyLog(c echo.Context) error {
	rep, err := s.ledger.VerifyLog(c.Request().Context(), principalOf(c))
	if err != nil {
		return err
	}
	v := Verification{Scope: "log", OK: rep.OK(), Events: rep.Events, Log: rep}
	if len(rep.Breaks) > 0 {
		v.Break = &rep.Breaks[0]
	}
	return c.JSON(http.StatusOK, v)
}
