package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"sync"

	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/projections"
	"github.com/latsar/ledger/projections/shelf"
)

// errShelfDiffers makes `latsar verify` exit non-zero when a document of
// the standings shelf is not the log's fold.
var errShelfDiffers = errors.New("the standings shelf differs from the log")

// shelfCheckers is how many documents are checked at once: each folds a
// stream, mostly waiting on the disk.
const shelfCheckers = 4

// verifyShelf holds every document of DATA/standings.db, the read model's
// cache of standings, to the fold of the log at its position: a cache a
// reader is served from must not be a place to change a standing quietly.
func verifyShelf(ctx context.Context, data string, store events.Store, out io.Writer) error {
	path := filepath.Join(data, app.ShelfFile)
	cat := ledger.Catalogue()
	identity, err := app.ShelfIdentity(ctx, store, cat)
	if err != nil {
		return err
	}
	type doc struct {
		nip      string
		position uint64
		body     []byte
	}
	docs := make(chan doc, shelfCheckers)
	var (
		mu      sync.Mutex
		differs []string
		failed  error
		checked int
		wg      sync.WaitGroup
	)
	for range shelfCheckers {
		wg.Go(func() {
			for d := range docs {
				want, err := projections.ShelvedDocument(ctx, store, cat, domain.NIP(d.nip), d.position)
				mu.Lock()
				switch {
				case err != nil:
					failed = errors.Join(failed, err)
				case string(want) != string(d.body):
					differs = append(differs, fmt.Sprintf("%s at position %d", d.nip, d.position))
				}
				checked++
				mu.Unlock()
			}
		})
	}
	err = shelf.Rows(ctx, path, identity, func(nip string, position uint64, body []byte) error {
		docs <- doc{nip, position, body}
		return nil
	})
	close(docs)
	wg.Wait()
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(out, "%s: none (a cache of standings; the server writes it)\n", app.ShelfFile)
		return nil
	case errors.Is(err, shelf.ErrOtherIdentity):
		fmt.Fprintf(out, "%s: written by another build of latsar or for another log: not checked; the server deletes it at its next start\n", app.ShelfFile)
		return nil
	case err != nil:
		return err
	case failed != nil:
		return failed
	}
	if len(differs) > 0 {
		fmt.Fprintf(out, "%s: BROKEN: %d of %d standing documents are not the log's fold:\n", app.ShelfFile, len(differs), checked)
		for i, d := range differs {
			if i == 20 {
				fmt.Fprintf(out, "  … and %d more\n", len(differs)-20)
				break
			}
			fmt.Fprintf(out, "  participant %s\n", d)
		}
		return fmt.Errorf("%w: %d document(s); stop the server and delete %s", errShelfDiffers, len(differs), path)
	}
	fmt.Fprintf(out, "%s: %d standing documents, each the log's fold at its position\n", app.ShelfFile, checked)
	return nil
}
