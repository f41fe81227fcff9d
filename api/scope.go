package api

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// requestScope is a request's context from the deadline middleware on: the
// client connection's context bounded by requestDeadline, and the caller
// authenticate admitted. The bound is a real context.WithDeadline, but made
// only when something first waits on it (Done, Err, or a context derived
// from it: the store's queries, ?min_position): a GET the memory model
// answers never waits, and so pays for no timer, no registration with the
// connection's context and no cancellation.
type requestScope struct {
	parent   context.Context
	deadline time.Time // zero: no bound of its own (the live feed)

	mu       sync.Mutex
	bounded  atomic.Pointer[bounded] // nil until first waited on
	finished bool                    // the request has been answered

	principal Principal
	admitted  bool // principal is the authenticated caller
}

type bounded struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// scopeKey finds a request's scope among a context's values.
type scopeKey struct{}

func newScope(parent context.Context, deadline time.Time) *requestScope {
	return &requestScope{parent: parent, deadline: deadline}
}

// scopeOf is the request's scope, nil outside the deadline middleware.
func scopeOf(c echo.Context) *requestScope {
	ctx := c.Request().Context()
	if s, ok := ctx.(*requestScope); ok {
		return s
	}
	s, _ := ctx.Value(scopeKey{}).(*requestScope)
	return s
}

// ctx is the context that answers for the scope: the parent bounded by the
// deadline, made on the first call.
func (s *requestScope) ctx() context.Context {
	if b := s.bounded.Load(); b != nil {
		return b.ctx
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.bounded.Load(); b != nil {
		return b.ctx
	}
	b := &bounded{ctx: s.parent, cancel: func() {}}
	if !s.deadline.IsZero() {
		b.ctx, b.cancel = context.WithDeadline(s.parent, s.deadline)
	}
	if s.finished {
		b.cancel() // waited on after the answer: ended, as a deferred cancel would have left it
	}
	s.bounded.Store(b)
	return b.ctx
}

// finish ends the scope once the request is answered.
func (s *requestScope) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.finished = true
	if b := s.bounded.Load(); b != nil {
		b.cancel()
	}
}

// Deadline is the earlier of the parent's and the scope's own.
func (s *requestScope) Deadline() (time.Time, bool) {
	pd, ok := s.parent.Deadline()
	if s.deadline.IsZero() || ok && pd.Before(s.deadline) {
		return pd, ok
	}
	return s.deadline, true
}

func (s *requestScope) Done() <-chan struct{} { return s.ctx().Done() }

func (s *requestScope) Err() error { return s.ctx().Err() }

// Value answers the scope itself for scopeKey, and the parent's values
// until the bound is made: the bound adds none but the cancellation state
// context.Cause reads, so it is made first once the scope has ended.
func (s *requestScope) Value(key any) any {
	if _, ok := key.(scopeKey); ok {
		return s
	}
	if b := s.bounded.Load(); b != nil {
		return b.ctx.Value(key)
	}
	if s.ended() {
		return s.ctx().Value(key)
	}
	return s.parent.Value(key)
}

// ended tells whether the request was answered or its deadline passed.
func (s *requestScope) ended() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.finished || !s.deadline.IsZero() && !time.Now().Before(s.deadline)
}

// admit makes p the request's caller (authenticate, once the token is
// checked).
func (s *requestScope) admit(p Principal) { s.principal, s.admitted = p, true }
