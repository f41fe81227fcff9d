package participant

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
)

// The plain decoders answer what encoding/json answers, or leave the data
// to it: never another event, never one encoding/json refuses.
func FuzzPlainDecoders(f *testing.F) {
	for _, seed := range []string{
		`{"activity_id":"kebijakan-1-3","material":"kebijakan","agenda":1,"earned_at":"2024-06-05T09:30:00.123456789Z"}`,
		`{"session_id":"G001-s12","date":"2024-06-10","jp":3,"mode":"synchronous","status":"absent","day_sessions":["G001-s12","G001-s13"]}`,
		`{"session_id":"s","date":"2024-06-10","jp":0,"mode":"klasikal","status":"present"}`,
		` { "agenda" : -0 , "earned_at" : "2024-06-05T16:30:00+07:00" } `,
		`{"agenda":01}`, `{"agenda":1.0}`, `{"agenda":1e2}`, `{"agenda":99999999999999999999}`, `{"agenda":"1"}`,
		`{"activity_id":"a\"b"}`, `{"activity_id":"\u00e9"}`, `{"activity_id":"é"}`, `{"activity_id":null}`,
		`{"Activity_ID":"x"}`, `{"activity_id":"x","activity_id":"y"}`, `{"activity_id":"x",}`, `{,"activity_id":"x"}`,
		`{"earned_at":"2024-13-05T09:30:00Z"}`, `{"earned_at":"2024-06-05 09:30:00Z"}`, `{"earned_at":null}`,
		`{"day_sessions":[]}`, `{"day_sessions":null}`, `{"day_sessions":["a",]}`, `{"day_sessions":["a" "b"]}`, `{"day_sessions":[1]}`,
		`{}`, `null`, `[]`, `{"jp":3}x`, `{"jp":3`, `{"extra":{"a":1}}`, "",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		agree[TrophyEarned](t, b, decodeTrophyPlain)
		agree[AttendanceRecorded](t, b, decodeAttendancePlain)
	})
}

func agree[E domain.Event](t *testing.T, b []byte, plain func([]byte) (domain.Event, bool)) {
	got, ok := plain(b)
	if !ok {
		return
	}
	var want E
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatalf("%s: the plain decoder read %+v where encoding/json refuses: %v", b, got, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: the plain decoder read %+v, encoding/json %+v", b, got, want)
	}
}

// What the ledger writes takes the plain path, or the decoders are dead
// weight.
func TestPlainDecodersReadWhatTheLedgerWrites(t *testing.T) {
	at := time.Date(2024, 6, 5, 9, 30, 0, 123456789, time.UTC)
	for _, e := range []domain.Event{
		TrophyEarned{ActivityID: "kebijakan-1-3", Material: domain.Kebijakan, Agenda: 1, EarnedAt: at},
		AttendanceRecorded{SessionID: "G001-s12", Date: "2024-06-10", JP: 3, Mode: ModeSynchronous, Status: Absent, DaySessions: []string{"G001-s12", "G001-s13"}},
		AttendanceRecorded{SessionID: "G001-s14", Date: "2024-06-11", JP: 2, Mode: ModeKlasikal, Status: Present},
	} {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		kind, _ := Aggregate.Kind(e.EventType())
		got, err := kind.Decode(b)
		if err != nil || !reflect.DeepEqual(got, e) {
			t.Fatalf("%s decoded to %+v (%v), want %+v", b, got, err, e)
		}
		plain := decodeTrophyPlain
		if _, ok := e.(AttendanceRecorded); ok {
			plain = decodeAttendancePlain
		}
		if _, ok := plain(b); !ok {
			t.Fatalf("%s is not read by the plain decoder", b)
		}
	}
}
