package api

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/latsar/ledger/domain/participant"
)

// TestTrophyJSONIsEncodersJSON holds appendTrophyJSON to the bytes
// json.Encoder writes for the same answer (what c.JSON sent before).
func TestTrophyJSONIsEncodersJSON(t *testing.T) {
	at := time.Date(2026, 12, 3, 20, 15, 4, 123456789, time.UTC)
	ref := EventRef{ID: "01900000-0000-7000-8000-000000000000", Type: "TrophyEarned",
		Stream: "participant-199901012024011001", Revision: 41, Position: 1_234_567, RecordedAt: at}
	odd := ref
	odd.ID, odd.Type, odd.Stream = `a"b\c<d>&e`+"\x01\u2028é", "Trophy\tEarned", "ünïcode\u2029"
	odd.RecordedAt = time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("WIB", 7*3600))
	for name, r := range map[string]TrophyResponse{
		"one event":     {Events: []EventRef{ref}, TotalTrophies: 12, Stars: participant.StarsFor(12)},
		"two events":    {Events: []EventRef{ref, odd}, TotalTrophies: 50, Stars: participant.StarsFor(50)},
		"no events":     {Events: []EventRef{}, TotalTrophies: 0},
		"nil events":    {},
		"zero time":     {Events: []EventRef{{}}},
		"negative ints": {Events: []EventRef{ref}, TotalTrophies: -1, Stars: participant.Stars{Full: -2, Half: -3, Trophies: -4}},
	} {
		var want bytes.Buffer
		if err := json.NewEncoder(&want).Encode(r); err != nil {
			t.Fatal(err)
		}
		got, err := appendTrophyJSON(nil, &r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want.Bytes())
		}
	}
}

// TestTrophyJSONRefusesWhatTheEncoderRefuses: a year json cannot write is
// an error, not a malformed answer.
func TestTrophyJSONRefusesWhatTheEncoderRefuses(t *testing.T) {
	r := TrophyResponse{Events: []EventRef{{RecordedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	if err := json.NewEncoder(&bytes.Buffer{}).Encode(r); err == nil {
		t.Fatal("the encoder accepts year 10000; this test expects it not to")
	}
	if _, err := appendTrophyJSON(nil, &r); err == nil {
		t.Fatal("appendTrophyJSON accepted year 10000")
	}
}
