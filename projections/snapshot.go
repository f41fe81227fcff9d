package projections

// A snapshot of the compact model (DATA/projections.snap): what the model
// holds that is not a cache, at one position of the log, so a start loads it
// and folds only the events after it instead of the whole log. It is trusted
// only while it provably belongs to the log and to this code's fold: its
// fingerprint (the catalogue's event versions and the ruleset) must match,
// its position must be in the log, and the event there must carry the hash
// the snapshot recorded, which by the prev_global chain pins every event
// before it. Anything else refuses it and the caller rebuilds.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/events"
)

// snapshotFormat is the layout of the file and of what the model keeps in
// it; bump it when either changes, or when the fold changes without an
// event's version changing.
const snapshotFormat = 1

var snapshotMagic = []byte("LATSNAP\n")

// SnapshotHeader is what a snapshot says of itself, readable without its body.
type SnapshotHeader struct {
	Format      int    `json:"format"`
	Fingerprint string `json:"fingerprint"`
	Position    uint64 `json:"position"`
	// Hash is the hash of the event at Position (its Metadata.Hash).
	Hash string `json:"hash"`
}

// ErrSnapshotRefused is wrapped by every reason a snapshot is not loaded.
var ErrSnapshotRefused = errors.New("snapshot refused")

// Fingerprint names the fold a snapshot was made by: the snapshot format,
// the ruleset, every event type with its version, and the program itself.
// A fold can change without an event's version changing (a fixed rule, a
// new summary field): only the binary that wrote a snapshot trusts it, so
// a deployment of other code rebuilds once from the log instead of serving
// what the old code folded.
func Fingerprint(c *events.Catalogue) string {
	h := sha256.New()
	fmt.Fprintf(h, "format=%d\nruleset=%s\nprogram=%s\n", snapshotFormat, domain.Ruleset, programID())
	for _, name := range slices.Sorted(slices.Values(c.Names())) {
		fmt.Fprintf(h, "%s@%d\n", name, c.Version(name))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// programID is the SHA-256 of the running executable (read once), or
// "unknown" when it cannot be read: then every start rebuilds.
var programID = sync.OnceValue(func() string {
	path, err := os.Executable()
	if err != nil {
		return "unknown:" + strconv.FormatInt(time.Now().UnixNano(), 10)
	}
	f, err := os.Open(path)
	if err != nil {
		return "unknown:" + strconv.FormatInt(time.Now().UnixNano(), 10)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "unknown:" + strconv.FormatInt(time.Now().UnixNano(), 10)
	}
	return hex.EncodeToString(h.Sum(nil))
})

// snapshotBody is the model's content. Cohort states and tokens go as JSON,
// the encoding a mirror already round-trips them through (and one that keeps
// an empty map a map, which folding writes into).
type snapshotBody struct {
	Participants []snapshotRecord
	Cohorts      []snapshotCohort
	Sessions     map[string]string
	Tokens       []snapshotToken
}

type snapshotRecord struct {
	NIP                             string
	Position                        uint64
	CohortID, InstitutionID, Agency string
	Roster                          string
	Enrolled, HasSummary            bool
	Name, SummaryAgency             string
	Qualification                   string
	OutcomeStatus, Outcome          string
	Attitude, Posttest, Final       domain.Score
	Trophies, AbsentSess            int32
	AbsentJP, AbsentDays            int32
	Flags                           uint8
}

type snapshotCohort struct {
	ID       string
	Position uint64
	State    []byte
}

type snapshotToken struct {
	Issued  []byte
	Revoked bool
}

// WriteSnapshot writes the compact model at its current position to w. It
// holds the model's read lock while it copies the records and encodes the
// cohorts, not while it writes.
func (m *Memory) WriteSnapshot(ctx context.Context, w io.Writer) (uint64, error) {
	if m.streams == nil {
		return 0, errors.New("snapshot: only a compact model is snapshotted")
	}
	encoded, position, err := m.encodedBody()
	if err != nil {
		return 0, err
	}
	if position == 0 {
		return 0, errors.New("snapshot: the model has applied no event")
	}
	recs, err := m.streams.store.ReadAll(ctx, position-1, 1)
	if err != nil {
		return 0, err
	}
	if len(recs) != 1 || recs[0].Position != position {
		return 0, fmt.Errorf("snapshot: no event at position %d in the log", position)
	}
	header, err := json.Marshal(SnapshotHeader{Format: snapshotFormat, Fingerprint: Fingerprint(m.streams.catalogue), Position: position, Hash: recs[0].Metadata.Hash})
	if err != nil {
		return 0, err
	}
	sum := sha256.New()
	out := io.MultiWriter(w, sum)
	var n [8]byte
	parts := [][]byte{snapshotMagic, binary.BigEndian.AppendUint32(nil, uint32(len(header))), header,
		binary.BigEndian.AppendUint64(n[:0], uint64(encoded.Len())), encoded.Bytes()}
	for _, p := range parts {
		if _, err := out.Write(p); err != nil {
			return 0, err
		}
	}
	if _, err := w.Write(sum.Sum(nil)); err != nil {
		return 0, err
	}
	return position, nil
}

// snapshotBody copies the model under its read lock; the position is the
// one every copied entity is folded to (applyBatch moves it under the lock).
func (m *Memory) snapshotBody() (*snapshotBody, uint64, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b := &snapshotBody{
		Participants: make([]snapshotRecord, 0, len(m.participants)),
		Cohorts:      make([]snapshotCohort, 0, len(m.cohorts)),
		Sessions:     make(map[string]string, m.owners.len()),
		Tokens:       make([]snapshotToken, 0, len(m.tokens)),
	}
	for nip, v := range m.participants {
		r := snapshotRecord{NIP: string(nip), Position: v.position, CohortID: v.scope.CohortID, InstitutionID: v.scope.InstitutionID,
			Agency: v.scope.Agency, Roster: v.roster, Enrolled: v.enrolled}
		if s := v.summary.Load(); s != nil {
			r.HasSummary = true
			r.Name, r.SummaryAgency, r.Qualification, r.OutcomeStatus, r.Outcome = s.name, s.agency, s.qualification, s.outcomeStatus, s.outcome
			r.Attitude, r.Posttest, r.Final = s.attitude, s.posttest, s.final
			r.Trophies, r.AbsentSess, r.AbsentJP, r.AbsentDays, r.Flags = s.trophies, s.absentSess, s.absentJP, s.absentDays, uint8(s.flags)
		}
		b.Participants = append(b.Participants, r)
	}
	for _, id := range m.cohortIDs {
		c := m.cohorts[id]
		state, err := json.Marshal(c.full(&m.texts))
		if err != nil {
			return nil, 0, fmt.Errorf("snapshot: cohort %s: %w", id, err)
		}
		b.Cohorts = append(b.Cohorts, snapshotCohort{ID: id, Position: c.position, State: state})
	}
	m.owners.each(&m.texts, func(sessionID, cohortID string) { b.Sessions[sessionID] = cohortID })
	for _, t := range m.tokens {
		issued, err := json.Marshal(t.issued)
		if err != nil {
			return nil, 0, err
		}
		b.Tokens = append(b.Tokens, snapshotToken{Issued: issued, Revoked: t.revoked})
	}
	return b, m.Position(), nil
}

// ReadSnapshotHeader reads a snapshot's header (and checks its magic).
func ReadSnapshotHeader(r io.Reader) (SnapshotHeader, []byte, error) {
	var h SnapshotHeader
	var lead [12]byte
	if _, err := io.ReadFull(r, lead[:]); err != nil {
		return h, nil, fmt.Errorf("%w: header: %w", ErrSnapshotRefused, err)
	}
	if !bytes.Equal(lead[:8], snapshotMagic) {
		return h, nil, fmt.Errorf("%w: not a snapshot file", ErrSnapshotRefused)
	}
	size := binary.BigEndian.Uint32(lead[8:])
	if size > 1<<16 {
		return h, nil, fmt.Errorf("%w: header of %d bytes", ErrSnapshotRefused, size)
	}
	raw := make([]byte, size)
	if _, err := io.ReadFull(r, raw); err != nil {
		return h, nil, fmt.Errorf("%w: header: %w", ErrSnapshotRefused, err)
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		return h, nil, fmt.Errorf("%w: header: %w", ErrSnapshotRefused, err)
	}
	return h, append(lead[:], raw...), nil
}

// LoadSnapshot fills an empty compact model from a snapshot after checking
// it belongs to this fold and to the store's log (see the file's comment).
// Any error leaves the model empty; it wraps ErrSnapshotRefused when the
// snapshot, not the store, is at fault.
func (m *Memory) LoadSnapshot(ctx context.Context, r io.Reader) (SnapshotHeader, error) {
	if m.streams == nil {
		return SnapshotHeader{}, errors.New("snapshot: only a compact model loads a snapshot")
	}
	if m.Position() != 0 {
		return SnapshotHeader{}, errors.New("snapshot: the model is not empty")
	}
	h, lead, err := ReadSnapshotHeader(r)
	if err != nil {
		return h, err
	}
	if err := m.checkSnapshot(ctx, h); err != nil {
		return h, err
	}
	var n [8]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return h, fmt.Errorf("%w: body: %w", ErrSnapshotRefused, err)
	}
	sum := sha256.New()
	sum.Write(lead)
	sum.Write(n[:])
	body := io.TeeReader(io.LimitReader(r, int64(binary.BigEndian.Uint64(n[:]))), sum)
	var b snapshotBody
	if err := gob.NewDecoder(bufio.NewReader(body)).Decode(&b); err != nil {
		return h, fmt.Errorf("%w: body: %w", ErrSnapshotRefused, err)
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		return h, fmt.Errorf("%w: body: %w", ErrSnapshotRefused, err)
	}
	var want [sha256.Size]byte
	if _, err := io.ReadFull(r, want[:]); err != nil || !bytes.Equal(want[:], sum.Sum(nil)) {
		return h, fmt.Errorf("%w: its checksum does not match its content", ErrSnapshotRefused)
	}
	if err := m.install(&b); err != nil {
		return h, err
	}
	m.advance(h.Position)
	return h, nil
}

// checkSnapshot refuses a snapshot of another fold, or of another log, or
// past the log's head.
func (m *Memory) checkSnapshot(ctx context.Context, h SnapshotHeader) error {
	if h.Format != snapshotFormat {
		return fmt.Errorf("%w: format %d, this version writes %d", ErrSnapshotRefused, h.Format, snapshotFormat)
	}
	if h.Fingerprint != Fingerprint(m.streams.catalogue) {
		return fmt.Errorf("%w: made by another fold (event versions or ruleset changed)", ErrSnapshotRefused)
	}
	head, err := m.streams.store.HeadPosition(ctx)
	if err != nil {
		return err
	}
	if h.Position == 0 || h.Position > head {
		return fmt.Errorf("%w: position %d is past the log's head %d", ErrSnapshotRefused, h.Position, head)
	}
	recs, err := m.streams.store.ReadAll(ctx, h.Position-1, 1)
	if err != nil {
		return err
	}
	if len(recs) != 1 || recs[0].Position != h.Position {
		return fmt.Errorf("%w: no event at position %d", ErrSnapshotRefused, h.Position)
	}
	if recs[0].Metadata.Hash != h.Hash {
		return fmt.Errorf("%w: the event at position %d has another hash: the snapshot is of another log", ErrSnapshotRefused, h.Position)
	}
	return nil
}

// install puts a decoded body into the empty model, the records in a few
// large blocks (allocated one by one, each would pin a page of whatever
// garbage was allocated beside it), then compacts the cohort states.
func (m *Memory) install(b *snapshotBody) error {
	cohorts := make(map[string]*cohortEntry, len(b.Cohorts))
	ids := make([]string, 0, len(b.Cohorts))
	for _, c := range b.Cohorts {
		e := &cohortEntry{position: c.Position}
		if err := json.Unmarshal(c.State, &e.state); err != nil {
			return fmt.Errorf("%w: cohort %s: %w", ErrSnapshotRefused, c.ID, err)
		}
		cohorts[c.ID] = e
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	tokens := make(map[string]*tokenEntry, len(b.Tokens))
	bySecret := map[string]*tokenEntry{}
	for _, t := range b.Tokens {
		e := &tokenEntry{revoked: t.Revoked}
		if err := json.Unmarshal(t.Issued, &e.issued); err != nil {
			return fmt.Errorf("%w: token: %w", ErrSnapshotRefused, err)
		}
		tokens[e.issued.TokenID] = e
		if !e.revoked {
			bySecret[e.issued.SecretSHA256] = e
		}
	}
	slices.SortFunc(b.Participants, func(x, y snapshotRecord) int { return strings.Compare(x.NIP, y.NIP) })
	views := make([]participantView, len(b.Participants))
	sums := make([]summary, len(b.Participants))
	participants := make(map[domain.NIP]*participantView, len(b.Participants))
	rosters := map[string][]domain.NIP{}
	for i, r := range b.Participants {
		v := &views[i]
		v.position, v.enrolled = r.Position, r.Enrolled
		v.scope = Scope{CohortID: m.strs.of(r.CohortID), InstitutionID: m.strs.of(r.InstitutionID), Agency: m.strs.of(r.Agency)}
		v.roster = m.strs.of(r.Roster)
		if r.HasSummary {
			sums[i] = summary{name: r.Name, agency: m.strs.of(r.SummaryAgency), qualification: m.strs.of(r.Qualification),
				outcomeStatus: m.strs.of(r.OutcomeStatus), outcome: m.strs.of(r.Outcome), attitude: r.Attitude, posttest: r.Posttest,
				final: r.Final, trophies: r.Trophies, absentSess: r.AbsentSess, absentJP: r.AbsentJP, absentDays: r.AbsentDays,
				flags: summaryFlags(r.Flags)}
			v.summary.Store(&sums[i])
		}
		nip := domain.NIP(r.NIP)
		participants[nip] = v
		if v.roster != "" {
			rosters[v.roster] = append(rosters[v.roster], nip) // in order: sorted above
		}
	}
	m.mu.Lock()
	m.participants, m.roster = participants, rosters
	m.cohorts, m.cohortIDs = cohorts, ids
	m.owners = newSessionOwners(len(b.Sessions)) // the model is empty: so are its texts
	for sessionID, cohortID := range b.Sessions {
		m.owners.set(&m.texts, sessionID, cohortID)
	}
	m.tokens, m.bySecret = tokens, bySecret
	m.mu.Unlock()
	m.compactCohorts()
	return nil
}

// WriteSnapshotFile writes the model's snapshot to path atomically: to a
// temporary file beside it, synced, then renamed over it.
func (m *Memory) WriteSnapshotFile(ctx context.Context, path string) (uint64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // harmless once renamed
	w := bufio.NewWriterSize(tmp, 1<<20)
	position, err := m.WriteSnapshot(ctx, w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return 0, fmt.Errorf("write snapshot %s: %w", path, err)
	}
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		_ = dir.Sync() // the rename itself, durable
		dir.Close()
	}
	return position, nil
}

// LoadSnapshotFile loads the snapshot at path (see LoadSnapshot); a missing
// file answers an error wrapping os.ErrNotExist.
func (m *Memory) LoadSnapshotFile(ctx context.Context, path string) (SnapshotHeader, error) {
	f, err := os.Open(path)
	if err != nil {
		return SnapshotHeader{}, err
	}
	defer f.Close()
	return m.LoadSnapshot(ctx, bufio.NewReaderSize(f, 1<<20))
}
