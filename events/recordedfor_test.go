package events

import (
	"encoding/json"
	"testing"
	"time"
)

// recorded_for is metadata like the rest: written as json.Marshal writes it,
// read back, and covered by the hash; left out when empty, so the hashes of
// events recorded before it existed still hold.
func TestRecordedForInTheCanonicalForm(t *testing.T) {
	md := Metadata{Actor: "tok_1", Role: "lms", Institution: "bpsdm", RecordedFor: "pic-ani", IdempotencyKey: "k", PrevHash: "ab", Hash: "cd"}
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

	e := Recorded{ID: "id-1", Type: "T", Stream: "s", RecordedAt: time.Date(2024, 6, 5, 9, 30, 0, 0, time.UTC), Data: []byte(`{}`),
		Metadata: Metadata{Actor: "tok_1", Role: "lms"}}
	before := ChainHash("", e)
	e.Metadata.RecordedFor = "pic-ani"
	if ChainHash("", e) == before {
		t.Fatal("changing recorded_for kept the hash")
	}
	e.Metadata.RecordedFor = ""
	if ChainHash("", e) != before {
		t.Fatal("an empty recorded_for changed the hash")
	}
}
