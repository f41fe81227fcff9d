package projections_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
)

var snapNIPs = []domain.NIP{"198001012024011001", "198001012024011002", "198001012024011003", "198001012024011004", "198001012024011005"}

// snapshotLog writes a small year: two cohorts, sessions, tokens (one
// revoked), learning events, a correction, a withdrawal and a transfer.
func snapshotLog(t *testing.T) *logWriter {
	w := newLogWriter(t)
	w.cohort("C1")
	w.cohort("C2")
	for _, nip := range snapNIPs[:4] {
		w.enrol("C1", nip)
	}
	w.append(events.CohortPrefix+"C1", cohort.SessionScheduled{SessionID: "S1", Mode: "klasikal", Date: "2024-06-10", JP: 4, Title: "Pembukaan"})
	w.token("T1", access.Admin)
	w.token("T2", access.Admin)
	var first string
	for round := range 3 {
		for i, nip := range snapNIPs[:4] {
			id := w.participant(nip, participant.TrophyEarned{ActivityID: fmt.Sprintf("a%d", round), Material: domain.Substansi1, Agenda: 1 + round, EarnedAt: w.at})
			if round == 0 && i == 0 {
				first = id
			}
			w.participant(nip, participant.ComponentScored{Component: participant.AttitudeInstitution, Score: domain.Score(7000 + 100*round + i), Assessor: "A", AssessedAt: w.at})
		}
	}
	w.participant(snapNIPs[0], participant.EventCorrected{CorrectedEventID: first, CorrectedType: "TrophyEarned", Reason: "double entry"})
	withdrew := cohort.ParticipantWithdrew{CohortID: "C1", NIP: snapNIPs[1], Reason: "sakit", LetterNumber: "1/2024", WithdrawnOn: "2024-06-20"}
	w.append(events.CohortPrefix+"C1", withdrew)
	w.participant(snapNIPs[1], withdrew)
	moved := cohort.ParticipantTransferred{NIP: snapNIPs[2], FromCohortID: "C1", ToCohortID: "C2", Reason: "mutasi", TransferredOn: "2024-06-21", Enrolment: w.enrolment("C2", snapNIPs[2])}
	w.append(events.CohortPrefix+"C2", moved)
	w.participant(snapNIPs[2], moved)
	return w
}

func (w *logWriter) token(id string, role access.Role) {
	w.append(events.TokenPrefix+id, access.TokenIssued{TokenID: id, Name: "token " + id, Role: role, SecretSHA256: "secret-" + id, IssuedAt: w.at})
}

// rebuilt is a compact model folded from the whole log.
func rebuilt(t *testing.T, w *logWriter) *projections.Memory {
	t.Helper()
	m := projections.NewCompactMemory(w.store, w.cat, projections.CacheLimits{States: 1})
	if _, err := m.Rebuild(context.Background(), quiet, 7, nil); err != nil {
		t.Fatal(err)
	}
	return m
}

func snapshotOf(t *testing.T, m *projections.Memory) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := m.WriteSnapshot(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A model loaded from a snapshot and caught up reads as one folded from the
// whole log, events appended after the snapshot (cohort, participant and
// token ones) included.
func TestSnapshotLoadsAndCatchesUp(t *testing.T) {
	ctx := context.Background()
	w := snapshotLog(t)
	path := filepath.Join(t.TempDir(), "projections.snap")
	before := rebuilt(t, w)
	at, err := before.WriteSnapshotFile(ctx, path)
	if err != nil || at != w.count {
		t.Fatalf("snapshot at %d, %v; want %d", at, err, w.count)
	}
	asWritten := projections.NewCompactMemory(w.store, w.cat, projections.CacheLimits{States: 1})
	if _, err := asWritten.LoadSnapshotFile(ctx, path); err != nil {
		t.Fatal(err)
	}
	sameReads(t, asWritten, before, snapNIPs)
	sameWholeModel(t, asWritten, before)

	w.enrol("C2", snapNIPs[4])
	w.append(events.CohortPrefix+"C2", cohort.SessionScheduled{SessionID: "S2", Mode: "klasikal", Date: "2024-06-11", JP: 2, Title: "Kelas"})
	w.append(events.TokenPrefix+"T1", access.TokenRevoked{TokenID: "T1", RevokedAt: w.at})
	for _, nip := range snapNIPs {
		w.participant(nip, participant.ComponentScored{Component: participant.PKTBT, Score: 8800, Assessor: "B", AssessedAt: w.at})
	}

	loaded := projections.NewCompactMemory(w.store, w.cat, projections.CacheLimits{States: 1})
	h, err := loaded.LoadSnapshotFile(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if h.Position != at || loaded.Position() != at {
		t.Fatalf("loaded at %d (model %d), want %d", h.Position, loaded.Position(), at)
	}
	if err := projections.NewProjector(w.store, w.cat, loaded, quiet).CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	want := rebuilt(t, w)
	sameReads(t, loaded, want, snapNIPs)
	sameWholeModel(t, loaded, want)
}

// sameWholeModel compares the reads sameReads leaves out: cohort views,
// sessions and tokens.
func sameWholeModel(t *testing.T, got, want *projections.Memory) {
	t.Helper()
	ctx := context.Background()
	for _, id := range []string{"C1", "C2", "nope"} {
		g, gs, gok, _ := got.CohortJSON(ctx, id)
		w, ws, wok, _ := want.CohortJSON(ctx, id)
		if string(g) != string(w) || gs != ws || gok != wok {
			t.Fatalf("cohort %s:\n got %s\nwant %s", id, g, w)
		}
	}
	for _, id := range []string{"S1", "S2", "nope"} {
		g, gok, _ := got.SessionCohort(ctx, id)
		w, wok, _ := want.SessionCohort(ctx, id)
		if g != w || gok != wok {
			t.Fatalf("session %s: got %q %v, want %q %v", id, g, gok, w, wok)
		}
	}
	for _, id := range []string{"T1", "T2", "nope"} {
		gi, grev, gok := got.Token(id)
		wi, wrev, wok := want.Token(id)
		if !reflect.DeepEqual(gi, wi) || grev != wrev || gok != wok {
			t.Fatalf("token %s: got %+v %v %v, want %+v %v %v", id, gi, grev, gok, wi, wrev, wok)
		}
		gs, gok := got.TokenBySecret("secret-" + id)
		ws, wok := want.TokenBySecret("secret-" + id)
		if !reflect.DeepEqual(gs, ws) || gok != wok {
			t.Fatalf("token by secret %s: got %+v %v, want %+v %v", id, gs, gok, ws, wok)
		}
	}
	if got.HasAdminToken() != want.HasAdminToken() {
		t.Fatal("HasAdminToken differs")
	}
}

// Every snapshot that cannot be shown to belong to this log and this fold
// is refused, leaves the model empty, and a rebuild after it still reads
// as the log.
func TestSnapshotRefused(t *testing.T) {
	ctx := context.Background()
	w := snapshotLog(t)
	good := snapshotOf(t, rebuilt(t, w))

	other := snapshotLog(t) // the same year recorded at other times: other hashes
	shorter := newLogWriter(t)
	shorter.cohort("C1")

	fingerprint := string(good[bytes.Index(good, []byte(`"fingerprint":"`))+15:][:64])
	cases := []struct {
		name   string
		w      *logWriter // whose store it is loaded against
		file   []byte
		reason string
	}{
		{"another-log", other, good, "another log"},
		{"ahead-of-head", shorter, good, "past the log's head"},
		{"another-fold", w, bytes.Replace(good, []byte(fingerprint), bytes.Repeat([]byte("0"), 64), 1), "another fold"},
		{"truncated", w, good[:len(good)/2], "body"},
		{"cut-checksum", w, good[:len(good)-1], "checksum"},
		{"flipped-byte", w, flip(good, len(good)-40), ""},
		{"not-a-snapshot", w, []byte("{}\n"), "header"},
		{"empty", w, nil, "header"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := projections.NewCompactMemory(c.w.store, c.w.cat, projections.CacheLimits{States: 1})
			_, err := m.LoadSnapshot(ctx, bytes.NewReader(c.file))
			if !errors.Is(err, projections.ErrSnapshotRefused) || !strings.Contains(err.Error(), c.reason) {
				t.Fatalf("loaded: %v, want refused naming %q", err, c.reason)
			}
			if m.Position() != 0 || m.HasAdminToken() {
				t.Fatalf("a refused snapshot left the model at %d", m.Position())
			}
			if _, err := m.Rebuild(ctx, quiet, 7, nil); err != nil {
				t.Fatal(err)
			}
			sameReads(t, m, rebuilt(t, c.w), snapNIPs)
		})
	}
}

func flip(b []byte, at int) []byte {
	out := bytes.Clone(b)
	out[at] ^= 0xff
	return out
}

// A snapshot file is replaced whole: a failed write leaves the one before.
func TestSnapshotFileIsReplacedWhole(t *testing.T) {
	ctx := context.Background()
	w := snapshotLog(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "projections.snap")
	if _, err := rebuilt(t, w).WriteSnapshotFile(ctx, path); err != nil {
		t.Fatal(err)
	}
	if _, err := projections.NewCompactMemory(w.store, w.cat, projections.CacheLimits{}).WriteSnapshotFile(ctx, path); err == nil {
		t.Fatal("an empty model wrote a snapshot")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("files left beside the snapshot: %v", entries)
	}
	if _, err := projections.NewCompactMemory(w.store, w.cat, projections.CacheLimits{}).LoadSnapshotFile(ctx, path); err != nil {
		t.Fatalf("the snapshot before a failed write: %v", err)
	}
}
