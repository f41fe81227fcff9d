package api

import (
	"context"
	"errors"
	"testing"
	"time"
)

type parentKey struct{}

// TestScopeIsADeadlineContext: a request's scope behaves as
// context.WithDeadline of its parent would, whenever it is first waited on.
func TestScopeIsADeadlineContext(t *testing.T) {
	parent := context.WithValue(context.Background(), parentKey{}, "v")
	until := time.Now().Add(time.Hour)

	t.Run("deadline and values without waiting", func(t *testing.T) {
		s := newScope(parent, until)
		defer s.finish()
		if d, ok := s.Deadline(); !ok || !d.Equal(until) {
			t.Fatalf("deadline=%v %v, want %v", d, ok, until)
		}
		if got := s.Value(parentKey{}); got != "v" {
			t.Fatalf("value=%v, want the parent's", got)
		}
		if s.bounded.Load() != nil {
			t.Fatal("reading the deadline and values made the bound")
		}
	})
	t.Run("a nearer deadline of the parent wins", func(t *testing.T) {
		near := time.Now().Add(time.Minute)
		p, cancel := context.WithDeadline(parent, near)
		defer cancel()
		s := newScope(p, until)
		defer s.finish()
		if d, _ := s.Deadline(); !d.Equal(near) {
			t.Fatalf("deadline=%v, want the parent's %v", d, near)
		}
	})
	t.Run("open until the request is answered", func(t *testing.T) {
		s := newScope(parent, until)
		derived, cancel := context.WithCancel(s)
		defer cancel()
		if err := s.Err(); err != nil {
			t.Fatalf("err=%v before the answer", err)
		}
		s.finish()
		<-derived.Done()
		if !errors.Is(s.Err(), context.Canceled) || !errors.Is(derived.Err(), context.Canceled) {
			t.Fatalf("err=%v, derived %v; want canceled", s.Err(), derived.Err())
		}
	})
	t.Run("waited on only after the answer", func(t *testing.T) {
		s := newScope(parent, until)
		s.finish()
		<-s.Done()
		if !errors.Is(context.Cause(s), context.Canceled) {
			t.Fatalf("cause=%v, want canceled", context.Cause(s))
		}
	})
	t.Run("past its deadline", func(t *testing.T) {
		s := newScope(parent, time.Now().Add(-time.Millisecond))
		defer s.finish()
		if !errors.Is(context.Cause(s), context.DeadlineExceeded) {
			t.Fatalf("cause=%v, want deadline exceeded", context.Cause(s))
		}
		<-s.Done()
		if !errors.Is(s.Err(), context.DeadlineExceeded) {
			t.Fatalf("err=%v, want deadline exceeded", s.Err())
		}
	})
	t.Run("the parent ends first", func(t *testing.T) {
		p, cancel := context.WithCancel(parent)
		s := newScope(p, until)
		defer s.finish()
		cancel()
		<-s.Done()
		if !errors.Is(s.Err(), context.Canceled) {
			t.Fatalf("err=%v, want canceled", s.Err())
		}
	})
	t.Run("no bound of its own (the live feed)", func(t *testing.T) {
		s := newScope(parent, time.Time{})
		defer s.finish()
		if _, ok := s.Deadline(); ok {
			t.Fatal("a deadline without one")
		}
		if s.Done() != parent.Done() {
			t.Fatal("Done is not the parent's")
		}
	})
}
