package projections

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
)

// Rebuild folds the log, up to its head as it is when called, into a compact
// model without holding every participant's state at once. It reads the
// global log in order, in pages decoded on another goroutine, folding each
// participant's events into a bounded cache of states; a state leaving the
// cache leaves its record behind. A participant whose events come back
// after their state left (a log that interleaves more participants than the
// cache holds), or whose stream holds a correction, is folded afterwards
// from their own stream read in one range scan up to the head. So a log
// whose streams are written together is read once, and any other at most
// twice, never once per event. Cohort streams, a small part of the log, are
// folded last, each from its own stream. The model is then moved into fresh
// memory (repack). progress, when set, is told the events done, the position
// reached and the head.
func (m *Memory) Rebuild(ctx context.Context, log *slog.Logger, page int, progress func(done, position, head uint64)) (uint64, error) {
	if m.streams == nil {
		return 0, errors.New("rebuild: a full-mode memory model is rebuilt by Projector.Replay")
	}
	head, err := m.streams.store.HeadPosition(ctx)
	if err != nil {
		return 0, err
	}
	r := &rebuild{m: m, head: head, later: map[domain.NIP]bool{}, seen: map[string]bool{}, states: newLRU(m.limits.RebuildStates, func(participant.State) int { return 1 })}
	// A state is settled when it leaves the cache for room or at the end,
	// not each time a later one replaces it.
	r.states.removed = r.settle
	p := NewProjector(m.streams.store, m.streams.catalogue, m, log)
	done, err := r.foldLog(ctx, p, page, progress)
	if err != nil {
		return done, err
	}
	m.mu.Lock()
	r.states.each(r.settle)
	m.mu.Unlock()
	later := slices.Sorted(maps.Keys(r.later))
	if err := m.foldParticipants(ctx, later, head, func() {
		if progress != nil {
			progress(done, head, head)
		}
	}); err != nil {
		return done, err
	}
	if err := r.foldCohorts(ctx, p); err != nil {
		return done, err
	}
	if head > m.Position() {
		m.advance(head)
	}
	return done, m.repack()
}

type rebuild struct {
	m      *Memory
	head   uint64
	states *lru[participant.State]
	later  map[domain.NIP]bool // participants folded from their own stream at the end
	// cohorts are the cohort streams seen, folded each from its own stream
	// at the end; the order across streams changes nothing.
	cohorts []string
	seen    map[string]bool
}

// foldCohorts folds each cohort stream seen up to the head.
func (r *rebuild) foldCohorts(ctx context.Context, p *Projector) error {
	t := Touched{Cohorts: map[string]bool{}, Tokens: map[string]bool{}, Sessions: map[string]string{}}
	var work folding
	for _, stream := range r.cohorts {
		recs, err := r.m.streams.store.ReadStream(ctx, stream, 0, r.head)
		if err != nil {
			return err
		}
		batch, err := p.Decode(ctx, recs)
		if err != nil {
			return err
		}
		r.m.mu.Lock()
		for _, d := range batch {
			r.m.apply(d, &t, &work)
		}
		r.m.mu.Unlock()
	}
	return nil
}

// settle keeps the record of a state leaving the cache; the caller holds m.mu.
func (r *rebuild) settle(nip domain.NIP, position uint64, st participant.State) {
	var standing *participant.Standing
	if st.Enrolled() {
		s := participant.StandingOf(st)
		standing = &s
	}
	r.m.record(nip, st, position, standing)
	if !st.Stale {
		r.m.shelveStanding(nip, position, standing)
	}
}

// foldLog reads the global log after the model's position up to the head;
// it counts every event it passes as done.
func (r *rebuild) foldLog(ctx context.Context, p *Projector, page int, progress func(done, position, head uint64)) (uint64, error) {
	type decodedPage struct {
		batch []Decoded
		err   error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Reading a page, decoding the one before and folding the one before
	// that run at once: the reads and the decoding each take a core.
	type readPage struct {
		recs []events.Recorded
		err  error
	}
	read := make(chan readPage, 2)
	go func() {
		defer close(read)
		for after := r.m.Position(); after < r.head; {
			recs, err := r.m.streams.store.ReadAll(ctx, after, page)
			if err == nil && len(recs) == 0 {
				return
			}
			select {
			case read <- readPage{recs, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
			after = recs[len(recs)-1].Position
		}
	}()
	pages := make(chan decodedPage, 2)
	go func() {
		defer close(pages)
		for rp := range read {
			pg := decodedPage{err: rp.err}
			if pg.err == nil {
				pg.batch, pg.err = p.Decode(ctx, rp.recs)
			}
			select {
			case pages <- pg:
			case <-ctx.Done():
				return
			}
		}
	}()
	var done uint64
	for pg := range pages {
		if pg.err != nil {
			return done, pg.err
		}
		done += r.apply(pg.batch)
		if progress != nil && len(pg.batch) > 0 {
			progress(done, min(pg.batch[len(pg.batch)-1].Record.Position, r.head), r.head)
		}
	}
	return done, ctx.Err()
}

// apply folds one page up to the head and says how many events it passed.
func (r *rebuild) apply(batch []Decoded) uint64 {
	m := r.m
	t := Touched{Cohorts: map[string]bool{}, Tokens: map[string]bool{}, Sessions: map[string]string{}}
	var work folding
	var done uint64
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, d := range batch {
		if d.Record.Position > r.head {
			break
		}
		done++
		if strings.HasPrefix(d.Record.Stream, events.CohortPrefix) {
			if !r.seen[d.Record.Stream] {
				r.seen[d.Record.Stream] = true
				r.cohorts = append(r.cohorts, d.Record.Stream)
			}
			continue
		}
		nip, ok := strings.CutPrefix(d.Record.Stream, events.ParticipantPrefix)
		if !ok {
			m.apply(d, &t, &work)
			continue
		}
		if d.Event == nil || r.later[domain.NIP(nip)] {
			continue
		}
		r.foldParticipantEvent(domain.NIP(nip), d)
	}
	return done
}

// foldParticipantEvent folds one participant event into the cached state,
// or leaves the participant for the end; the caller holds m.mu.
func (r *rebuild) foldParticipantEvent(nip domain.NIP, d Decoded) {
	st, _, cached := r.states.get(nip, 0)
	_, corrected := d.Event.(participant.EventCorrected)
	if corrected || (!cached && r.m.participants[nip] != nil) {
		r.later[nip] = true
		r.states.drop(nip)
		return
	}
	if !cached {
		st = participant.Initial()
	}
	r.states.put(nip, d.Record.Position, participant.Evolve(st, d.Event))
}

// foldParticipants folds each listed participant's stream up to head, on as
// many goroutines as there are cores, and keeps their records.
func (m *Memory) foldParticipants(ctx context.Context, nips []domain.NIP, head uint64, progress func()) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan domain.NIP)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for nip := range next {
				st, position, err := m.streams.participantAt(ctx, nip, head)
				if err != nil {
					fail(err)
					return
				}
				var standing *participant.Standing
				if st.Enrolled() {
					s := participant.StandingOf(st)
					standing = &s
				}
				m.mu.Lock()
				if position > 0 {
					m.record(nip, st, position, standing)
				}
				m.mu.Unlock()
				if position > 0 {
					m.shelveStanding(nip, position, standing)
				}
				progress()
			}
		}()
	}
feed:
	for _, nip := range nips {
		select {
		case next <- nip:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return firstErr
}
