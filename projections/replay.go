package projections

import "context"

// Replay folds the log from the model's position up to the head as it was
// when called, in pages: one goroutine reads and decodes the next page while
// the model applies the one before, so a rebuild uses both cores. progress,
// when set, is told the events done, the position reached and the head.
func (p *Projector) Replay(ctx context.Context, page int, progress func(done, position, head uint64)) (uint64, error) {
	head, err := p.store.HeadPosition(ctx)
	if err != nil {
		return 0, err
	}
	type decodedPage struct {
		batch []Decoded
		err   error
	}
	pages := make(chan decodedPage, 2)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(pages)
		after := p.model.Position()
		for after < head {
			recs, err := p.store.ReadAll(ctx, after, page)
			if err == nil && len(recs) == 0 {
				return
			}
			var batch []Decoded
			if err == nil {
				batch, err = p.Decode(ctx, recs)
			}
			select {
			case pages <- decodedPage{batch, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
			after = recs[len(recs)-1].Position
		}
	}()
	var done uint64
	for pg := range pages {
		if pg.err != nil {
			return done, pg.err
		}
		if err := p.model.Apply(ctx, pg.batch); err != nil {
			return done, err
		}
		done += uint64(len(pg.batch))
		if progress != nil {
			progress(done, p.model.Position(), head)
		}
	}
	return done, ctx.Err()
}
