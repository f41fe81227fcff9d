package events_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/keys"
)

// memLog is a log in memory: VerifyLog and the Checkpointer read it page by page.
type memLog struct {
	events.Store
	evs []events.Recorded
}

func (m *memLog) ReadAll(_ context.Context, after uint64, limit int) ([]events.Recorded, error) {
	var out []events.Recorded
	for _, e := range m.evs {
		if e.Position > after && (limit <= 0 || len(out) < limit) {
			out = append(out, e)
		}
	}
	return out, nil
}

// reseal chains evs[from:] as the SQLite writer would, after evs[:from]: what
// an attacker who knows the algorithm does after changing the log.
func reseal(evs []events.Recorded, from int) {
	for i := from; i < len(evs); i++ {
		prevStream, global := "", ""
		if i > 0 {
			global = evs[i-1].Metadata.Hash
		}
		for j := i - 1; j >= 0; j-- {
			if evs[j].Stream == evs[i].Stream {
				prevStream = evs[j].Metadata.Hash
				break
			}
		}
		evs[i].Metadata.PrevGlobal = global
		events.Seal(prevStream, &evs[i])
	}
}

// testLog is 12 events in three streams, positions 1 to 12.
func testLog() []events.Recorded {
	at := time.Date(2024, 6, 5, 9, 0, 0, 0, time.UTC)
	var evs []events.Recorded
	revs := map[string]uint64{}
	for i := range 12 {
		stream := []string{"participant-a", "participant-b", "cohort-c"}[i%3]
		evs = append(evs, events.Recorded{ID: fmt.Sprintf("ev-%d", i+1), Type: "T", Stream: stream, Revision: revs[stream],
			Position: uint64(i + 1), RecordedAt: at.Add(time.Duration(i) * time.Second), Data: fmt.Appendf(nil, `{"n":%d}`, i+1)})
		revs[stream]++
	}
	reseal(evs, 0)
	return evs
}

// renumber gives evs dense positions from 1, as an attacker hiding a
// deletion or an insertion in SQLite would.
func renumber(evs []events.Recorded) []events.Recorded {
	for i := range evs {
		evs[i].Position = uint64(i + 1)
	}
	return evs
}

func without(evs []events.Recorded, drop func(e events.Recorded) bool) []events.Recorded {
	return slices.DeleteFunc(slices.Clone(evs), drop)
}

func TestVerifyLogFindsEachTampering(t *testing.T) {
	ring, err := keys.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	full := testLog()
	log := &memLog{evs: full[:6]}
	cp := events.NewCheckpointer(log, ring.Signer(), ring.Verifier(), filepath.Join(t.TempDir(), "checkpoints.ndjson"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, upTo := range []int{6, 12} {
		log.evs = full[:upTo]
		if _, err := cp.Checkpoint(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	cps, bad, err := events.LoadCheckpoints(cp.Path())
	if err != nil || len(bad) > 0 || len(cps) != 2 || cps[0].Position != 6 || cps[1].Position != 12 {
		t.Fatalf("checkpoints %+v, %v, %v; want positions 6 and 12", cps, bad, err)
	}

	for _, c := range []struct {
		name   string
		tamper func([]events.Recorded) []events.Recorded
		chain  string
		pos    uint64
		says   string
	}{
		{"intact", func(e []events.Recorded) []events.Recorded { return e }, "", 0, ""},
		{"edit-data", func(e []events.Recorded) []events.Recorded { e[4].Data = []byte(`{"n":50}`); return e }, events.ChainStream, 5, "content"},
		{"delete-middle", func(e []events.Recorded) []events.Recorded {
			return without(e, func(r events.Recorded) bool { return r.Position == 8 })
		}, events.ChainLog, 9, "position 7"},
		{"delete-middle-renumbered", func(e []events.Recorded) []events.Recorded {
			return renumber(without(e, func(r events.Recorded) bool { return r.Position == 8 }))
		}, events.ChainLog, 8, "position 7"},
		{"delete-tail", func(e []events.Recorded) []events.Recorded { return e[:11] }, events.ChainCheckpoint, 12, "tail"},
		{"delete-stream", func(e []events.Recorded) []events.Recorded {
			return without(e, func(r events.Recorded) bool { return r.Stream == "participant-b" })
		}, events.ChainLog, 3, "removed"},
		{"insert-forged", func(e []events.Recorded) []events.Recorded {
			forged := events.Recorded{ID: "forged", Type: "T", Stream: "participant-z", RecordedAt: e[6].RecordedAt, Data: []byte(`{}`)}
			forged.Metadata.PrevGlobal = e[6].Metadata.Hash
			events.Seal("", &forged)
			return renumber(slices.Insert(e, 7, forged))
		}, events.ChainLog, 8, "inserted"},
		{"swap", func(e []events.Recorded) []events.Recorded {
			e[2].Position, e[8].Position = e[8].Position, e[2].Position
			slices.SortFunc(e, func(a, b events.Recorded) int { return int(a.Position) - int(b.Position) })
			return e
		}, events.ChainLog, 3, "moved"},
		{"rewrite", func(e []events.Recorded) []events.Recorded {
			e[7].Data = []byte(`{"n":"rewritten"}`)
			reseal(e, 7)
			return e
		}, events.ChainCheckpoint, 12, "position 6"},
	} {
		t.Run(c.name, func(t *testing.T) {
			log.evs = c.tamper(slices.Clone(full))
			rep, err := events.VerifyLog(context.Background(), log, cps, ring.Verifier(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.chain == "" {
				if !rep.OK() || rep.Checkpoints != 2 || rep.ChainedFrom != 2 || rep.Unsigned != 0 {
					t.Fatalf("intact log: %+v", rep)
				}
				return
			}
			if rep.OK() || len(rep.Breaks) == 0 {
				t.Fatalf("not found: %+v", rep)
			}
			found := false
			for _, b := range rep.Breaks {
				found = found || b.Chain == c.chain && b.Position == c.pos && strings.Contains(b.Reason, c.says)
			}
			if rep.Breaks[0].Position != c.pos || !found {
				t.Fatalf("breaks %+v, want the first at position %d, of the %s chain, saying %q", rep.Breaks, c.pos, c.chain, c.says)
			}
		})
	}
}

func TestVerifyLogRefusesForgedCheckpoints(t *testing.T) {
	ring, err := keys.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	other, err := keys.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	log := &memLog{evs: testLog()}
	cp := events.NewCheckpointer(log, ring.Signer(), ring.Verifier(), filepath.Join(t.TempDir(), "cp.ndjson"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	good, err := cp.Checkpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	badSig := *good
	badSig.Signature = slices.Clone(good.Signature)
	badSig.Signature[3] ^= 0x10
	moved := *good
	moved.Position = 11 // the signature covers the position
	byOther := *good
	if err := byOther.Sign(other.Signer()); err != nil {
		t.Fatal(err)
	}
	for name, forged := range map[string]events.Checkpoint{"bad-signature": badSig, "moved": moved, "unknown-kid": byOther} {
		rep, err := events.VerifyLog(context.Background(), log, []events.Checkpoint{forged}, ring.Verifier(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK() || len(rep.Refused) != 1 || rep.Checkpoints != 0 || rep.LastCheckpoint != nil {
			t.Errorf("%s: %+v, want the checkpoint refused and not used", name, rep)
		}
	}
	rep, err := events.VerifyLog(context.Background(), log, []events.Checkpoint{*good}, ring.Verifier(), nil)
	if err != nil || !rep.OK() || rep.Checkpoints != 1 {
		t.Fatalf("the genuine checkpoint: %+v, %v", rep, err)
	}
	// A checkpoint read back from its line verifies as it was signed.
	line, _ := json.Marshal(good)
	back, bad, _ := events.ReadCheckpoints(strings.NewReader(string(line) + "\nnot json\n"))
	if len(back) != 1 || len(bad) != 1 || back[0].Verify(ring.Verifier()) != nil {
		t.Fatalf("read back %+v, bad lines %v", back, bad)
	}
}

// A log whose store does not chain the order (EventStoreDB) is held by its
// checkpoints' running hash alone.
func TestVerifyLogWithoutPrevGlobal(t *testing.T) {
	evs := testLog()
	for i := range evs {
		evs[i].Metadata.PrevGlobal = ""
	}
	prev := map[string]string{}
	for i := range evs {
		events.Seal(prev[evs[i].Stream], &evs[i])
		prev[evs[i].Stream] = evs[i].Metadata.Hash
	}
	ring, err := keys.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	log := &memLog{evs: evs}
	cp := events.NewCheckpointer(log, ring.Signer(), ring.Verifier(), filepath.Join(t.TempDir(), "cp.ndjson"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	c, err := cp.Checkpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := events.VerifyLog(context.Background(), log, []events.Checkpoint{*c}, ring.Verifier(), nil)
	if !rep.OK() || rep.ChainedFrom != 0 {
		t.Fatalf("intact: %+v", rep)
	}
	log.evs = renumber(without(evs, func(r events.Recorded) bool { return r.Stream == "cohort-c" }))
	rep, _ = events.VerifyLog(context.Background(), log, []events.Checkpoint{*c}, ring.Verifier(), nil)
	if rep.OK() || rep.Breaks[0].Chain != events.ChainCheckpoint {
		t.Fatalf("a dropped stream: %+v, want the checkpoint to catch it", rep)
	}
}

// Once the log is chained, an event without prev_global is a break: the
// start of the chain is accepted once.
func TestVerifyLogChainStartsOnce(t *testing.T) {
	evs := testLog()
	evs[5].Metadata.PrevGlobal = ""
	events.Seal(evs[5].Metadata.PrevHash, &evs[5])
	reseal(evs, 6)
	rep, _ := events.VerifyLog(context.Background(), &memLog{evs: evs}, nil, nil, nil)
	if rep.OK() || rep.Breaks[0].Chain != events.ChainLog || rep.Breaks[0].Position != 6 {
		t.Fatalf("%+v, want the log chain broken at position 6", rep)
	}
}
