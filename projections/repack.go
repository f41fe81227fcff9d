package projections

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"runtime"

	"github.com/latsar/ledger/domain"
)

// repack moves the model into fresh memory once a rebuild has folded it: it
// encodes the model as a snapshot body, empties the model, collects, and
// installs the body again, as a start from a snapshot does. Folded among
// millions of decoded events, the model's lasting objects are spread over
// pages the rebuild's garbage otherwise shares: on the 1M-event benchmark
// year the Go heap in use after a collection was 34 MiB for 14 MiB of live
// objects after a rebuild, against 19 MiB after a snapshot load of the same
// model (docs/benchmarks.md, "Memory and cold reads, third round"). Packed,
// the rest is given back to the system. It costs about what writing and
// loading a snapshot cost (1.0 + 1.3 s at 70,000 participants). The model
// must not be read meanwhile: it is empty for a moment (Rebuild runs before
// the model is served).
func (m *Memory) repack() error {
	encoded, _, err := m.encodedBody()
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.participants, m.roster = map[domain.NIP]*participantView{}, map[string][]domain.NIP{}
	m.cohorts, m.cohortIDs = map[string]*cohortEntry{}, nil
	m.tokens, m.bySecret = map[string]*tokenEntry{}, map[string]*tokenEntry{}
	m.texts, m.owners, m.sessionsPacked = sessionTexts{}, newSessionOwners(0), false
	m.mu.Unlock()
	runtime.GC()
	var b snapshotBody
	if err := gob.NewDecoder(encoded).Decode(&b); err != nil {
		return fmt.Errorf("repack: decode: %w", err)
	}
	return m.install(&b)
}

// encodedBody is the model's snapshot body, gob-encoded, and the position
// it is folded to.
func (m *Memory) encodedBody() (*bytes.Buffer, uint64, error) {
	body, position, err := m.snapshotBody()
	if err != nil {
		return nil, 0, err
	}
	var encoded bytes.Buffer
	if err := gob.NewEncoder(&encoded).Encode(body); err != nil {
		return nil, 0, fmt.Errorf("snapshot: encode: %w", err)
	}
	return &encoded, position, nil
}
