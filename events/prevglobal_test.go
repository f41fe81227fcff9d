package events

import (
	"encoding/json"
	"testing"
	"time"
)

// prev_global is metadata like the rest: written as json.Marshal writes it,
// read back, and covered by the hash; left out when empty, so the hashes of
// events recorded before it existed still hold.
func TestPrevGlobalInTheCanonicalForm(t *testing.T) {
	md := Metadata{Actor: "tok_1", PrevHash: "ab", PrevGlobal: "ef", Hash: "cd"}
	want, err := json.Marshal(md)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(AppendMetadataJSON(nil, &md)); got != string(want) {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	var back Metadata
	if err := ParseMetadataJSON(want, &back); err != nil || back != md {
		t.Fatalf("read back %+v (%v), want %+v", back, err, md)
	}

	e := Recorded{ID: "id-1", Type: "T", Stream: "s", RecordedAt: time.Date(2024, 6, 5, 9, 30, 0, 0, time.UTC), Data: []byte(`{}`)}
	before := ChainHash("", e)
	e.Metadata.PrevGlobal = "ef"
	if ChainHash("", e) == before {
		t.Fatal("changing prev_global kept the hash")
	}
	e.Metadata.PrevGlobal = ""
	if ChainHash("", e) != before {
		t.Fatal("an empty prev_global changed the hash")
	}
}
