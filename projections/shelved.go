package projections

import (
	"context"
	"encoding/json"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
)

// Shelf keeps participants' standing documents outside memory, each at the
// position it is of (projections/shelf keeps them in a SQLite file). A
// compact model reads a participant it holds no state of from the shelf
// when the document there is at their last position, and otherwise folds
// their stream as before; it shelves what it folds, the states its cache
// lets go and, at the end of a rebuild, every participant's.
type Shelf interface {
	Standing(ctx context.Context, nip string) (body []byte, position uint64, ok bool, err error)
	Keep(nip string, position uint64, body []byte)
	KeepEncoded(nip string, position uint64, encode func() ([]byte, error))
}

// UseShelf gives a compact model its shelf; call it before the model is
// built or read.
func (m *Memory) UseShelf(s Shelf) {
	if m.streams == nil {
		return // full mode keeps every state: nothing to shelve
	}
	m.shelf = s
	m.states.removed = m.shelveRemoved
}

// shelved is nip's document from the shelf if it is of position.
func (m *Memory) shelved(ctx context.Context, nip domain.NIP, position uint64) ([]byte, bool) {
	if m.shelf == nil {
		return nil, false
	}
	body, at, ok, err := m.shelf.Standing(ctx, string(nip))
	if err != nil || !ok || at != position {
		// An unreadable shelf costs the fold it would have saved.
		return nil, false
	}
	return body, true
}

// shelveState shelves the standing of st, a state at position that nothing
// evolves any more, encoded on the shelf's goroutine.
func (m *Memory) shelveState(nip domain.NIP, position uint64, st participant.State) {
	if m.shelf == nil || !st.Enrolled() || st.Stale {
		return
	}
	m.shelf.KeepEncoded(string(nip), position, func() ([]byte, error) {
		return standingJSON(participant.StandingOf(st), position)
	})
}

// shelveStanding shelves a standing already computed (a rebuild's settle
// computes it for the summary), encoded on the shelf's goroutine.
func (m *Memory) shelveStanding(nip domain.NIP, position uint64, standing *participant.Standing) {
	if m.shelf == nil || standing == nil {
		return
	}
	m.shelf.KeepEncoded(string(nip), position, func() ([]byte, error) {
		return standingJSON(*standing, position)
	})
}

// shelveRemoved shelves a state the live cache let go for room; the caller
// (the applier, through keep) holds m.mu. A state the batch being kept
// evolved shares its maps with the state replacing it, and is skipped.
func (m *Memory) shelveRemoved(nip domain.NIP, position uint64, st participant.State) {
	if _, evolving := m.keeping[nip]; evolving {
		return
	}
	m.shelveState(nip, position, st)
}

// ShelveCached shelves every state the cache holds: at a clean shutdown,
// after the projector stopped, so the next start reads them from the shelf.
func (m *Memory) ShelveCached() {
	if m.shelf == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.states.each(m.shelveState)
}

// ShelvedDocument is nip's standing document as a model shelves it at
// position: their stream folded from the log up to it. latsar verify holds
// the shelf to it.
func ShelvedDocument(ctx context.Context, store events.Store, catalogue *events.Catalogue, nip domain.NIP, position uint64) ([]byte, error) {
	l := streamLoader{store: store, catalogue: catalogue}
	return l.standingDocument(ctx, nip, position)
}

// standingDocument folds nip's stream up to position into their standing
// document, encoded.
func (l *streamLoader) standingDocument(ctx context.Context, nip domain.NIP, position uint64) ([]byte, error) {
	state, err := l.participant(ctx, nip, position)
	if err != nil {
		return nil, err
	}
	return standingJSON(participant.StandingOf(state), position)
}

// standingJSON is the standing document at position, as every read of it
// serves it: the same bytes, whether computed now, folded or shelved.
func standingJSON(st participant.Standing, position uint64) ([]byte, error) {
	st.Position = position
	return json.Marshal(st)
}
