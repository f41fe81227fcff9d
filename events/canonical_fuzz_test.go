package events

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The canonical form's fuzz targets (make fuzz): what the hash covers is
// written by hand, so it must write exactly what encoding/json writes, read
// back to the same values, and be the same bytes every time.

// normalized is s as it reads back from JSON: encoding/json (and the
// canonical writer) replace invalid UTF-8 with U+FFFD.
func normalized(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var out string
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func FuzzMetadataJSON(f *testing.F) {
	f.Add("tok_1", "lms", "bpsdm", "", "key-1", "corr", "perlan-1-2021", 1, "ab", "cd")
	f.Add(`quote " back \ slash`, "tab\tnl\ncr\r", "<&>", "\u2028\u2029", "é 日本", "\x01\x1f", "bad \xff\xfe", -3, "", "")
	f.Fuzz(func(t *testing.T, actor, role, institution, agency, key, correlation, ruleset string, version int, prev, hash string) {
		md := Metadata{Actor: actor, Role: role, Institution: institution, Agency: agency, IdempotencyKey: key,
			CorrelationID: correlation, Ruleset: ruleset, SchemaVersion: version, PrevHash: prev, Hash: hash}
		got := AppendMetadataJSON(nil, &md)
		want, err := json.Marshal(md)
		if err != nil {
			t.Fatal(err)
		}
		// Byte for byte it writes what encoding/json writes, but for \b and
		// \f, which encoding/json writes short since Go 1.22 and the
		// canonical writer as \u0008 and \u000c (changing that would change
		// the hash of every event that holds one): compare with those two
		// spelt long.
		if string(got) != strings.NewReplacer(`\b`, `\u0008`, `\f`, `\u000c`).Replace(string(want)) && !strings.Contains(string(want), `\\`) {
			t.Fatalf("AppendMetadataJSON wrote\n%s\nencoding/json writes\n%s", got, want)
		}
		if again := AppendMetadataJSON(nil, &md); string(again) != string(got) {
			t.Fatalf("not deterministic: %s then %s", got, again)
		}
		var back, viaJSON Metadata
		if err := ParseMetadataJSON(got, &back); err != nil {
			t.Fatalf("ParseMetadataJSON(%s): %v", got, err)
		}
		if err := json.Unmarshal(got, &viaJSON); err != nil {
			t.Fatal(err)
		}
		if back != viaJSON {
			t.Fatalf("ParseMetadataJSON read %+v, encoding/json %+v", back, viaJSON)
		}
		var fromString Metadata // as scanRead reads it: the driver's string
		if err := ParseMetadataJSON(string(got), &fromString); err != nil || fromString != back {
			t.Fatalf("ParseMetadataJSON of the string read %+v (%v), of the bytes %+v", fromString, err, back)
		}
		if back.Actor != normalized(t, actor) || back.SchemaVersion != version || back.Hash != normalized(t, hash) {
			t.Fatalf("round trip of %+v: %+v", md, back)
		}
	})
}

func FuzzCanonical(f *testing.F) {
	f.Add("id-1", "TrophyEarned", "participant-1", uint64(3), int64(1717579800000000123), []byte(`{"a":1}`), "tok_1", "prev")
	f.Add("\xff<&>", "\u2028", "stream \"x\"", uint64(0), int64(-1), []byte(``), "", "")
	f.Add("id", "T", "s", ^uint64(0), int64(0), []byte(`{"earned_at":"2024-06-05T09:30:00.123456789Z","name":"Siti\u0000"}`), "a\nb", "p")
	f.Fuzz(func(t *testing.T, id, typ, stream string, revision uint64, unixNano int64, data []byte, actor, prev string) {
		if len(data) > 0 && !json.Valid(data) {
			return // the store records only JSON data
		}
		e := Recorded{ID: id, Type: typ, Stream: stream, Revision: revision, RecordedAt: time.Unix(0, unixNano),
			Data: data, Metadata: Metadata{Actor: actor, Role: "lms", SchemaVersion: 1}}
		got := appendCanonical(nil, prev, &e)
		if again := appendCanonical(nil, prev, &e); string(again) != string(got) {
			t.Fatalf("not deterministic: %s then %s", got, again)
		}
		if h := ChainHash(prev, e); h != ChainHash(prev, e) || len(h) != 64 {
			t.Fatalf("ChainHash %q: not deterministic, or not a SHA-256", h)
		}
		var back struct {
			ID         string          `json:"id"`
			Type       string          `json:"type"`
			Stream     string          `json:"stream"`
			Revision   uint64          `json:"revision"`
			RecordedAt time.Time       `json:"recorded_at"`
			Data       json.RawMessage `json:"data"`
			Metadata   Metadata        `json:"metadata"`
		}
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("the canonical form is not JSON: %v\n%s", err, got)
		}
		wantData := strings.TrimSpace(string(data)) // as json.RawMessage reads it
		if len(data) == 0 {
			wantData = "null"
		}
		switch {
		case back.ID != normalized(t, id), back.Type != normalized(t, typ), back.Stream != normalized(t, stream):
			t.Fatalf("strings did not read back: %+v", back)
		case back.Revision != revision:
			t.Fatalf("revision %d read back %d", revision, back.Revision)
		case !back.RecordedAt.Equal(e.RecordedAt):
			t.Fatalf("recorded_at %v read back %v", e.RecordedAt, back.RecordedAt)
		case string(back.Data) != wantData:
			t.Fatalf("data %s read back %s", wantData, back.Data)
		case back.Metadata.Actor != normalized(t, actor) || back.Metadata.PrevHash != normalized(t, prev) || back.Metadata.Hash != "":
			t.Fatalf("metadata read back %+v", back.Metadata)
		}
	})
}
