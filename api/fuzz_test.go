package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
)

// The request decoders' fuzz targets (make fuzz): nothing panics, a refusal
// is a *domain.Error that the problem table answers with a 4xx (naming a
// field when it is a 422), and what is accepted round-trips.

// requestTypes are the bodies the handlers decode, by index.
var requestTypes = []func() any{
	func() any { return &TrophyRequest{} },
	func() any { return &PosttestRequest{} },
	func() any { return &CheckInRequest{} },
	func() any { return &ScoreRequest{} },
	func() any { return &RemedialRequest{} },
	func() any { return &OpenCohortRequest{} },
	func() any { return &ApprovalRequest{} },
	func() any { return &EnrolRequest{} },
	func() any { return &GroupRequest{} },
	func() any { return &SessionRequest{} },
	func() any { return &AttendanceRequest{} },
	func() any { return &MeetingRequest{} },
	func() any { return &DeadlineRequest{} },
	func() any { return &CorrectionRequest{} },
	func() any { return &DisputeRequest{} },
	func() any { return &ResolutionRequest{} },
	func() any { return &RedecisionRequest{} },
	func() any { return &TokenRequest{} },
	func() any { return &DevelopmentActivityRequest{} },
	func() any { return &BatchRequest{} },
}

// isRefusal fails unless err is a refusal the edge answers with a 4xx, and a
// 422 names its field.
func isRefusal(t *testing.T, err error) {
	t.Helper()
	e, ok := domain.AsError(err)
	if !ok {
		t.Fatalf("refusal %T %v, want *domain.Error", err, err)
	}
	status := statusOf[e.Code]
	if status < 400 || status >= 500 {
		t.Fatalf("refusal %v answers %d, want a 4xx", err, status)
	}
	if status == http.StatusUnprocessableEntity && (len(e.Fields) == 0 || e.Fields[0].Field == "") {
		t.Fatalf("422 without a field: %+v", e)
	}
}

func FuzzDecodeJSON(f *testing.F) {
	seeds := []string{
		`{"activity_id":"a","material":"kebijakan","agenda":0,"earned_at":"2024-06-05T09:30:00Z"}`,
		`{"attempt_id":"p1","substansi_1_score":80,"substansi_2_score":70.5,"taken_at":"2024-06-20T10:00:00Z"}`,
		`{"checked_in_at":"2024-07-22T07:30:00Z"}`,
		`{"component":"pktbt","score":85.5,"assessor":"A","assessed_at":"2024-07-30T10:00:00Z"}`,
		`{"cohort_id":"C","name":"n","institution_id":"i","golongan":["III"],"starts_on":"2024-06-03","ends_on":"2024-08-02","trophy_catalogue":{"kebijakan":{"0":3},"substansi_1":{"1":200000000000000000}}}`,
		`{"kind":"capacity","letter_number":"../../etc/passwd","approved_by":"K","approved_on":"2024-05-20","capacity":2147483648}`,
		`{"NIP":"199901012024011001","name":"S","golongan":"III","AGENCY":"PEMKAB-BLITAR"}`,
		`{"group_id":"k","nips":["1","2"]}`,
		`{"records":[{"nip":"1","status":"present"},{"NIP":"2","status":"absent"}]}`,
		`{"agency":"a","agency":"b"}`,
		`{"event_id":"e","reason":"r","replacement":{"score":1}}`,
		`{"activity_id":"x","form":"seminar","scope":"national","quantity":1e999,"started_on":"2024-05-08","ended_on":"2024-05-08","evidence":{"kind":"certificate","Number":"1","issuer":"X"}}`,
		`{"requests":[{"method":"POST","path":"/v1/x y","body":{"A":1}}]}`,
		"{\"name\":\"\xff\"}", `{"a":1} {"b":2}`, `[1]`, `null`, `{"\u212aind":"x"}`, `{"na\u017fe":"x"}`,
	}
	for i, s := range seeds {
		f.Add(uint8(i), []byte(s))
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		dst := requestTypes[int(which)%len(requestTypes)]()
		if err := decodeJSON(body, dst); err != nil {
			isRefusal(t, err)
			return
		}
		// Accepted: what it decoded, written again, decodes to the same.
		written, err := json.Marshal(dst)
		if err != nil {
			t.Fatalf("accepted %s, but it does not encode: %v", body, err)
		}
		again := reflect.New(reflect.TypeOf(dst).Elem()).Interface()
		if err := decodeJSON(written, again); err != nil {
			t.Fatalf("accepted %s; its encoding %s is refused: %v", body, written, err)
		}
		if rewritten, _ := json.Marshal(again); string(rewritten) != string(written) {
			t.Fatalf("round trip of %s: %s, then %s", body, written, rewritten)
		}
	})
}

func FuzzScoreField(f *testing.F) {
	for _, s := range []string{"87.5", "70.01", "100", "100.01", "-0", "-1", "1e2", "1e999999999", `"80"`, "null", "", "true", "{}", "80.015"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var fs fields
		s := fs.score("score", json.RawMessage(raw), "R-EVAL-1")
		if err := fs.Err(); err != nil {
			isRefusal(t, err)
			return
		}
		if s < 0 || s > domain.MaxScore {
			t.Fatalf("score(%q)=%d, outside 0..100", raw, s)
		}
		b, _ := s.MarshalJSON()
		var again fields
		if back := again.score("score", b, "R-EVAL-1"); again.Err() != nil || back != s {
			t.Fatalf("%q → %d → %s → %d, %v", raw, s, b, back, again.Err())
		}
	})
}

func FuzzFieldsTime(f *testing.F) {
	for _, s := range []string{"2024-06-05T09:30:00Z", "2024-06-05T09:30:00.123456789Z", "2024-06-05T09:30:00.123456789123Z", "2024-06-05T16:30:00+07:00",
		"2099-06-05T09:30:00Z", "1999-12-31T23:59:59Z", "2024-06-05t09:30:00z", "2024-06-05T09:30:00+24:00", "2024-06-05", "2024-02-30", ""} {
		f.Add(s)
	}
	now := time.Date(2024, 8, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, value string) {
		fs := fields{clock: func() time.Time { return now }}
		at := fs.time("earned_at", value)
		if err := fs.Err(); err != nil {
			isRefusal(t, err)
		} else {
			if at.Before(domain.EarliestFact.Time()) || at.After(now.Add(domain.FactMargin)) {
				t.Fatalf("time(%q)=%v accepted outside 2000..now+1 day", value, at)
			}
			back, err := domain.ParseTime(at.Format(time.RFC3339Nano))
			if err != nil || !back.Equal(at) {
				t.Fatalf("%q → %v → %v, %v", value, at, back, err)
			}
		}
		ds := fields{clock: func() time.Time { return now }}
		d := ds.date("started_on", value)
		if err := ds.Err(); err != nil {
			isRefusal(t, err)
		} else if string(d) != value || d < domain.EarliestFact || d > "2024-08-02" {
			t.Fatalf("date(%q)=%q accepted", value, d)
		}
	})
}

// FuzzBatchRequest: an item's path either becomes a request the router can
// read (the path it asked for) or is that item's own 400 naming path, never
// a panic (httptest.NewRequest panicked on a space or a CRLF: the whole batch
// was a 500).
func FuzzBatchRequest(f *testing.F) {
	for _, s := range []string{"/v1/participants/199901012024011001/trophies", "/v1/x y", "/v1/%zz", "/v1/a\x00b", "/v1/a\r\nb", "/v1/é", "/v1/a#b", "/v1/a?b=c", "/v1/%62atch", "//v1/x", "/v1/a%20b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		req, err := batchRequest(context.Background(), BatchItem{Method: http.MethodPost, Path: path, Body: json.RawMessage(`{}`)})
		if err != nil {
			isRefusal(t, err)
			if e, _ := domain.AsError(err); statusOf[e.Code] != http.StatusBadRequest || len(e.Fields) != 1 || e.Fields[0].Field != "path" {
				t.Fatalf("refusal of %q: %+v, want a 400 naming path", path, e)
			}
			return
		}
		if strings.ContainsAny(path, " \x00\r\n#") {
			t.Fatalf("path %q accepted", path)
		}
		u, err := url.ParseRequestURI(path)
		if err != nil || req.URL.Path != u.Path || req.URL.RawQuery != u.RawQuery {
			t.Fatalf("path %q became %v (%v)", path, req.URL, err)
		}
		_ = isBatchPath(path) // never panics either
	})
}
