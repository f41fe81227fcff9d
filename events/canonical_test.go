package events

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// AppendMetadataJSON must write what json.Marshal writes, so stored metadata
// reads back into the same values whichever wrote it.
func TestAppendMetadataJSONMatchesEncodingJSON(t *testing.T) {
	cases := []Metadata{
		{},
		{Actor: "tok_1", Role: "lms", Institution: "bpsdm", SchemaVersion: 1, PrevHash: "ab", Hash: "cd"},
		{Actor: `quote " back \ slash`, Agency: "tab\tnl\ncr\r", IdempotencyKey: "<&>", CorrelationID: "\u2028\u2029 é 日本", Ruleset: "\x01\x1f"},
		{Actor: "bad utf8 \xff\xfe", SchemaVersion: -3},
	}
	for _, md := range cases {
		want, err := json.Marshal(md)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(AppendMetadataJSON(nil, &md)); got != string(want) {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
	}
}

func TestChainHashIsStableAndSensitive(t *testing.T) {
	e := Recorded{ID: "id-1", Type: "TrophyEarned", Stream: "participant-1", Revision: 3,
		RecordedAt: time.Date(2024, 6, 5, 9, 30, 0, 123, time.UTC), Data: []byte(`{"a":1}`),
		Metadata: Metadata{Actor: "tok_1", Role: "lms"}}
	h := ChainHash("prev", e)
	if h != ChainHash("prev", e) {
		t.Fatal("hash not deterministic")
	}
	for name, change := range map[string]func(*Recorded){
		"data":     func(r *Recorded) { r.Data = []byte(`{"a":2}`) },
		"revision": func(r *Recorded) { r.Revision++ },
		"time":     func(r *Recorded) { r.RecordedAt = r.RecordedAt.Add(time.Nanosecond) },
		"actor":    func(r *Recorded) { r.Metadata.Actor = "tok_2" },
		"type":     func(r *Recorded) { r.Type = "Other" },
	} {
		c := e
		change(&c)
		if ChainHash("prev", c) == h {
			t.Fatalf("changing %s kept the hash", name)
		}
	}
	if ChainHash("other", e) == h {
		t.Fatal("changing prev_hash kept the hash")
	}
	if !strings.HasPrefix(string(appendCanonical(nil, "p", &e)), `{"id":"id-1","type":"TrophyEarned","stream":"participant-1","revision":3,"recorded_at":"2024-06-05T09:30:00.000000123Z","data":{"a":1},"metadata":{"actor":"tok_1","role":"lms","prev_hash":"p"}}`) {
		t.Fatalf("canonical form changed: %s", appendCanonical(nil, "p", &e))
	}
}

// ParseMetadataJSON reads back whatever AppendMetadataJSON wrote.
func TestParseMetadataJSONRoundTrips(t *testing.T) {
	cases := []Metadata{
		{},
		{Actor: "tok_1", Role: "lms", Institution: "bpsdm", SchemaVersion: 1, PrevHash: "ab", Hash: "cd"},
		{Actor: `quote " back \ slash`, Agency: "tab\tnl", IdempotencyKey: "<&>", CorrelationID: "é 日本", Ruleset: "perlan-1-2021"},
		{Actor: "x", SchemaVersion: -3},
	}
	for _, md := range cases {
		var got Metadata
		if err := ParseMetadataJSON(AppendMetadataJSON(nil, &md), &got); err != nil {
			t.Fatal(err)
		}
		if got != md {
			t.Fatalf("got %+v, want %+v", got, md)
		}
	}
	var got Metadata
	if err := ParseMetadataJSON([]byte(`{ "actor" : "a", "future_field": 1 }`), &got); err != nil || got.Actor != "a" {
		t.Fatalf("fallback: %+v %v", got, err)
	}
}
