package kurrent

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/latsar/ledger/events"
)

func TestPositionRoundTrip(t *testing.T) {
	for _, pos := range []uint64{1, 4096, 1 << 32, 1<<62 + 12345, math.MaxInt64} {
		p, ok := LogPosition(pos).(kurrentdb.Position)
		if !ok {
			t.Fatalf("LogPosition(%d) = %#v, want an kurrentdb.Position", pos, LogPosition(pos))
		}
		if p.Commit != pos || p.Prepare != pos {
			t.Fatalf("LogPosition(%d) = %+v, want commit = prepare = %d", pos, p, pos)
		}
		got, err := GlobalPosition(p)
		if err != nil || got != pos {
			t.Fatalf("GlobalPosition(LogPosition(%d)) = %d, %v", pos, got, err)
		}
	}
	if _, ok := LogPosition(0).(kurrentdb.Start); !ok {
		t.Fatalf("LogPosition(0) = %#v, want the start of $all", LogPosition(0))
	}
}

func TestGlobalPosition(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   kurrentdb.Position
		want uint64
		err  string
	}{
		{"self-committed", kurrentdb.Position{Commit: 7001, Prepare: 7001}, 7001, ""},
		{"stream read without commit", kurrentdb.Position{Commit: math.MaxUint64, Prepare: 7001}, 7001, ""},
		{"no position at all", kurrentdb.Position{Commit: math.MaxUint64, Prepare: math.MaxUint64}, 0, "no log position"},
		{"explicit transaction", kurrentdb.Position{Commit: 9000, Prepare: 7001}, 0, "explicit transaction"},
	} {
		got, err := GlobalPosition(tc.in)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("%s: GlobalPosition(%+v) = %d, %v; want %d", tc.name, tc.in, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: GlobalPosition(%+v) = %d, %v; want an error with %q", tc.name, tc.in, got, err, tc.err)
		}
	}
}

func TestPositionsOfOneAppendAreDistinctAndOrdered(t *testing.T) {
	// Three events of one append, as the server reports them from $all:
	// each self-committed at its own offset.
	var last uint64
	for _, off := range []uint64{10240, 10391, 10577} {
		got, err := GlobalPosition(kurrentdb.Position{Commit: off, Prepare: off})
		if err != nil || got <= last {
			t.Fatalf("position %d after %d: %v", got, last, err)
		}
		last = got
	}
}

func TestParseCurrentRevision(t *testing.T) {
	// The messages of KurrentDB-Client-Go v1.4.2 (kurrentdb/client.go, AppendToStream), unchanged since EventStore-Client-Go v4.2.0.
	for msg, want := range map[string]int64{
		"wrong expected version: expecting '3' but got '7'":         7,
		"wrong expected version: expecting 'no_stream' but got '0'": 0,
		"wrong expected version: expecting '0' but got 'no_stream'": -1,
		"wrong expected version: expecting 'any' but got '12345'":   12345,
	} {
		got, ok := parseCurrentRevision(msg)
		if !ok || got != want {
			t.Errorf("parseCurrentRevision(%q) = %d, %v; want %d", msg, got, ok, want)
		}
	}
	for _, msg := range []string{"", "boom", "but got 'x'", "but got '-2'"} {
		if got, ok := parseCurrentRevision(msg); ok {
			t.Errorf("parseCurrentRevision(%q) = %d, want no revision", msg, got)
		}
	}
}

func TestErrorMapping(t *testing.T) {
	for _, err := range []error{nil, errors.New("wrong expected version"), fmt.Errorf("wrapped: %w", errors.New("x"))} {
		if _, _, ok := wrongExpected(err); ok {
			t.Errorf("wrongExpected(%v) = true", err)
		}
		if isNotFound(err) || isPermanent(err) {
			t.Errorf("%v is taken for a client error", err)
		}
	}
	// The client's own errors come through the fake server (store_test.go);
	// FromError is the one constructor the client exports, for unknown codes.
	unknown, _ := kurrentdb.FromError(errors.New("boom"))
	if _, _, ok := wrongExpected(fmt.Errorf("append: %w", unknown)); ok {
		t.Errorf("an unknown client error is taken for a wrong expected version")
	}
	if isPermanent(unknown) {
		t.Errorf("an unknown client error is taken for a permanent one")
	}
}

func TestUserMetadata(t *testing.T) {
	at := time.Date(2025, 3, 4, 5, 6, 7, 890123456, time.FixedZone("WIB", 7*3600))
	full := events.Metadata{
		Actor: "tok-9", Role: "assessor", Institution: "lms-1", Agency: "ag-2",
		IdempotencyKey: "idem-<1>", CorrelationID: "corr \"1\"", Ruleset: "2025.1", SchemaVersion: 3,
		PrevHash: strings.Repeat("a", 64), Hash: strings.Repeat("b", 64),
	}
	for _, md := range []events.Metadata{{}, {Actor: "storetest"}, full} {
		raw := appendUserMetadata(nil, at, &md)
		if !strings.HasPrefix(string(raw), `{"recorded_at":"2025-03-03T22:06:07.890123456Z"`) {
			t.Fatalf("metadata %s: recorded_at not first, in UTC, with nanoseconds", raw)
		}
		gotAt, got, err := parseUserMetadata(raw)
		if err != nil {
			t.Fatalf("parse %s: %v", raw, err)
		}
		if !gotAt.Equal(at) || got != md {
			t.Fatalf("round trip of %s: %v %+v, want %v %+v", raw, gotAt, got, at, md)
		}
	}
	if raw := appendUserMetadata(nil, at, &events.Metadata{}); string(raw) != `{"recorded_at":"2025-03-03T22:06:07.890123456Z"}` {
		t.Fatalf("empty metadata: %s", raw)
	}
	// Written by another program: no recorded_at, unknown fields.
	at0, md, err := parseUserMetadata([]byte(`{"$correlationId":"x","actor":"a"}`))
	if err != nil || !at0.IsZero() || md.Actor != "a" {
		t.Fatalf("foreign metadata: %v %+v %v", at0, md, err)
	}
	if _, _, err := parseUserMetadata([]byte(`{"recorded_at":"yesterday"}`)); err == nil {
		t.Fatalf("a bad recorded_at is accepted")
	}
}

// The multi-stream append carries metadata as string properties, and the
// server adds its own; what is read back is what was sealed.
func TestStringPropertiesRoundTrip(t *testing.T) {
	at := time.Date(2025, 3, 4, 5, 6, 7, 890123456, time.UTC)
	md := events.Metadata{Actor: "tok-9", Ruleset: "2025.1", SchemaVersion: 12, PrevHash: "aa", Hash: "bb"}
	props, err := stringProperties(appendUserMetadata(nil, at, &md))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(props, &m); err != nil || m["schema_version"] != "12" || m["recorded_at"] != "2025-03-04T05:06:07.890123456Z" {
		t.Fatalf("properties %s: %v, want strings only, schema_version \"12\"", props, err)
	}
	m["$schema.name"], m["$schema.format"] = "Enrolled", "Json"
	stored, _ := json.Marshal(m)
	gotAt, got, err := parseUserMetadata(stored)
	if err != nil || !gotAt.Equal(at) || got != md {
		t.Fatalf("read back %s: %v %+v %v, want %v %+v", stored, gotAt, got, err, at, md)
	}
	if _, _, err := parseUserMetadata([]byte(`{"schema_version":"three"}`)); err == nil {
		t.Fatal("a schema_version that is no number is accepted")
	}
}

func TestEventConversionKeepsTheChain(t *testing.T) {
	at := time.Now()
	var chain []events.Recorded
	prev := ""
	for i, data := range []string{`{ "score" : 7001 }`, ``, `"text"`} {
		rec := events.Recorded{
			ID: uuid.Must(uuid.NewV7()).String(), Type: fmt.Sprintf("T%d", i), Stream: "participant-1",
			Revision: uint64(i), RecordedAt: at, Data: []byte(data),
			Metadata: events.Metadata{Actor: "tok-1", SchemaVersion: 1},
		}
		if data == "" {
			rec.Data = nil
		}
		events.Seal(prev, &rec)
		prev = rec.Metadata.Hash

		ed, err := toEventData(&rec)
		if err != nil {
			t.Fatal(err)
		}
		if ed.EventID.String() != rec.ID || ed.EventType != rec.Type || ed.ContentType != kurrentdb.ContentTypeJson || string(ed.Data) != data {
			t.Fatalf("event data %+v from %+v", ed, rec)
		}
		pos := uint64(8192 + 200*i)
		// What the client gives back for it (the server stamps its own time).
		back, err := fromRecordedEvent(&kurrentdb.RecordedEvent{
			EventID: ed.EventID, EventType: ed.EventType, ContentType: "application/json", StreamID: rec.Stream,
			EventNumber: rec.Revision, Position: kurrentdb.Position{Commit: pos, Prepare: pos},
			CreatedDate: at.Add(3 * time.Millisecond), Data: append([]byte{}, ed.Data...), UserMetadata: ed.Metadata,
		})
		if err != nil {
			t.Fatal(err)
		}
		rec.Position = pos
		if back.ID != rec.ID || back.Type != rec.Type || back.Stream != rec.Stream || back.Revision != rec.Revision ||
			back.Position != pos || !back.RecordedAt.Equal(rec.RecordedAt) || string(back.Data) != string(rec.Data) || back.Metadata != rec.Metadata {
			t.Fatalf("round trip\n got %+v\nwant %+v", back, rec)
		}
		chain = append(chain, back)
	}
	if brk := events.VerifyChain(chain); brk != nil {
		t.Fatalf("chain broken by the conversion: %+v", *brk)
	}
}

func TestEventIDs(t *testing.T) {
	good := uuid.Must(uuid.NewV7()).String()
	if _, err := parseID(good); err != nil {
		t.Fatalf("%s: %v", good, err)
	}
	for _, bad := range []string{"", "evt-1", strings.ToUpper(good), "{" + good + "}", "urn:uuid:" + good,
		strings.ReplaceAll(good, "-", ""), uuid.Nil.String()} {
		if _, err := parseID(bad); err == nil {
			t.Errorf("id %q accepted", bad)
		}
	}
	// Ids the ledger derives are canonical.
	id := events.EventID("participant-1", "trophy:a1", 0, time.Now())
	if _, err := parseID(id); err != nil {
		t.Fatalf("events.EventID: %v", err)
	}
}

func TestStreamPrefixes(t *testing.T) {
	p := prefixes(DefaultStreamPrefixes())
	for stream, want := range map[string]bool{
		"cohort-C1": true, "participant-199001012020121001": true, "token-t1": true, "jp-1990": true,
		"staff-pic-1": true, "seminar-ra-1": true, "product-ra-1": true,
		"$stats-127.0.0.1:2113": false, "$$cohort-C1": false, "$ce-cohort": false, ClaimPrefix + uuid.NewString(): false,
		"cohorts": false, "": false,
	} {
		if got := p.match(stream); got != want {
			t.Errorf("match(%q) = %v, want %v", stream, got, want)
		}
	}
	f := p.filter()
	if f.Type != kurrentdb.StreamFilterType || strings.Join(f.Prefixes, ",") != "cohort-,participant-,token-,jp-,staff-,seminar-,product-" || f.Regex != "" {
		t.Fatalf("filter %+v", f)
	}
	for _, bad := range [][]string{{}, {""}, {"$ce-"}, {"latsar-"}, {"latsar-id-x"}} {
		c := config{prefixes: bad, lease: time.Minute}
		if err := c.validate(); err == nil {
			t.Errorf("prefixes %q accepted", bad)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"esdb://admin:changeit@node1:2113,node2:2113?tls=true": "esdb://admin:***@node1:2113,node2:2113?tls=true",
		"esdb://node1:2113?tls=false":                          "esdb://node1:2113?tls=false",
		"esdb+discover://ops@cluster.local:2113":               "esdb+discover://ops@cluster.local:2113",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}
