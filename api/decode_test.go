package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
)

// refusal is the code and field a decode refusal must carry ("" code: accepted).
type refusal struct {
	code  domain.Code
	field string
}

func checkRefusal(t *testing.T, err error, want refusal) {
	t.Helper()
	if want.code == "" {
		if err != nil {
			t.Fatalf("refused: %v", err)
		}
		return
	}
	e, ok := domain.AsError(err)
	if !ok {
		t.Fatalf("err=%v (%T), want a *domain.Error %s", err, err, want.code)
	}
	if e.Code != want.code {
		t.Fatalf("code=%s, want %s: %v", e.Code, want.code, err)
	}
	if want.field == "" {
		return
	}
	for _, f := range e.Fields {
		if f.Field == want.field {
			return
		}
	}
	t.Fatalf("fields=%v, want one naming %q", e.Fields, want.field)
}

// R-INPUT-1: field names are exact, once each; the body is UTF-8 JSON.
func TestDecodeJSONExactFields(t *testing.T) {
	tests := []struct {
		name string
		body string
		dst  func() any
		want refusal
	}{
		{name: "exact-accepted", body: `{"activity_id":"a","material":"kebijakan","agenda":0,"earned_at":"2024-06-05T09:30:00Z"}`, dst: func() any { return &TrophyRequest{} }},
		{name: "escaped-key-accepted", body: `{"activity_\u0069d":"a"}`, dst: func() any { return &TrophyRequest{} }},
		{name: "upper-case-key-R-INPUT-1", body: `{"ACTIVITY_ID":"a"}`, dst: func() any { return &TrophyRequest{} }, want: refusal{domain.CodeInvalid, "ACTIVITY_ID"}},
		{name: "mixed-case-key-R-INPUT-1", body: `{"activity_id":"a","Agenda":1}`, dst: func() any { return &TrophyRequest{} }, want: refusal{domain.CodeInvalid, "Agenda"}},
		{name: "kelvin-sign-key-R-INPUT-1", body: `{"nip":"1","name":"x","golongan":"III","agency":"a","na\u212ae":"y"}`, dst: func() any { return &EnrolRequest{} }, want: refusal{domain.CodeInvalid, "na\u212ae"}},
		{name: "duplicate-key-R-INPUT-1", body: `{"agency":"a","agency":"b"}`, dst: func() any { return &EnrolRequest{} }, want: refusal{domain.CodeInvalid, "agency"}},
		{name: "duplicate-escaped-key-R-INPUT-1", body: `{"agency":"a","\u0061gency":"b"}`, dst: func() any { return &EnrolRequest{} }, want: refusal{domain.CodeInvalid, "agency"}},
		{name: "nested-struct-key-R-INPUT-1", body: `{"evidence":{"kind":"letter","Number":"1","issuer":"x"}}`, dst: func() any { return &DevelopmentActivityRequest{} }, want: refusal{domain.CodeInvalid, "evidence.Number"}},
		{name: "array-element-key-R-INPUT-1", body: `{"records":[{"nip":"1","status":"present"},{"nip":"2","STATUS":"absent"}]}`, dst: func() any { return &AttendanceRequest{} }, want: refusal{domain.CodeInvalid, "records[1].STATUS"}},
		{name: "map-keys-free", body: `{"trophy_catalogue":{"Kebijakan":{"0":3}}}`, dst: func() any { return &OpenCohortRequest{} }},
		{name: "map-duplicate-key-R-INPUT-1", body: `{"trophy_catalogue":{"kebijakan":{"0":3,"0":4}}}`, dst: func() any { return &OpenCohortRequest{} }, want: refusal{domain.CodeInvalid, "trophy_catalogue.kebijakan.0"}},
		{name: "raw-body-not-walked", body: `{"requests":[{"method":"POST","path":"/v1/x","body":{"ANY":1,"ANY":2}}]}`, dst: func() any { return &BatchRequest{} }},
		{name: "batch-item-key-R-INPUT-1", body: `{"requests":[{"Method":"POST","path":"/v1/x"}]}`, dst: func() any { return &BatchRequest{} }, want: refusal{domain.CodeInvalid, "requests[0].Method"}},
		{name: "unknown-key", body: `{"cohort":"x"}`, dst: func() any { return &OpenCohortRequest{} }, want: refusal{domain.CodeInvalid, "cohort"}},
		{name: "wrong-type-in-map-named-by-key", body: `{"trophy_catalogue":{"substansi_1":{"1":99999999999999999999999}}}`, dst: func() any { return &OpenCohortRequest{} }, want: refusal{domain.CodeInvalid, "trophy_catalogue.substansi_1.1"}},
		{name: "wrong-type", body: `{"agenda":"1"}`, dst: func() any { return &TrophyRequest{} }, want: refusal{domain.CodeInvalid, "agenda"}},
		{name: "not-utf8-400", body: "{\"name\":\"\xff\"}", dst: func() any { return &EnrolRequest{} }, want: refusal{codeMalformed, ""}},
		{name: "trailing-400", body: `{} {}`, dst: func() any { return &EnrolRequest{} }, want: refusal{codeMalformed, ""}},
		{name: "not-an-object-400", body: `[1]`, dst: func() any { return &EnrolRequest{} }, want: refusal{codeMalformed, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkRefusal(t, decodeJSON([]byte(tt.body), tt.dst()), tt.want)
		})
	}
}

// R-INPUT-1: JSON in UTF-8, without a content coding.
func TestCheckEncoding(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		encoding    []string
		want        refusal
	}{
		{name: "json", contentType: "application/json"},
		{name: "json-utf-8", contentType: "application/json; charset=utf-8"},
		{name: "json-UTF-8", contentType: "application/json; charset=\"UTF-8\""},
		{name: "json-us-ascii", contentType: "application/json; charset=us-ascii"},
		{name: "problem-json", contentType: "application/problem+json"},
		{name: "identity", contentType: "application/json", encoding: []string{"identity"}},
		{name: "utf-16-415", contentType: "application/json; charset=utf-16", want: refusal{codeUnsupported, "Content-Type"}},
		{name: "latin-1-415", contentType: "application/json; charset=iso-8859-1", want: refusal{codeUnsupported, "Content-Type"}},
		{name: "text-415", contentType: "text/plain", want: refusal{codeUnsupported, "Content-Type"}},
		{name: "none-415", want: refusal{codeUnsupported, "Content-Type"}},
		{name: "gzip-415", contentType: "application/json", encoding: []string{"gzip"}, want: refusal{codeUnsupported, "Content-Encoding"}},
		{name: "identity-then-br-415", contentType: "application/json", encoding: []string{"identity, br"}, want: refusal{codeUnsupported, "Content-Encoding"}},
		{name: "second-header-415", contentType: "application/json", encoding: []string{"identity", "deflate"}, want: refusal{codeUnsupported, "Content-Encoding"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.contentType != "" {
				h.Set("Content-Type", tt.contentType)
			}
			for _, e := range tt.encoding {
				h.Add("Content-Encoding", e)
			}
			checkRefusal(t, checkEncoding(h), tt.want)
		})
	}
}

// R-INPUT-4 and R-DATE-5: a fact's time is exact RFC 3339 and not ahead of
// the clock by more than a day.
func TestFieldsTime(t *testing.T) {
	now := time.Date(2024, 8, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		rule  string // "" accepted
	}{
		{"2024-06-05T09:30:00Z", ""},
		{"2024-06-05T09:30:00.123456789Z", ""},
		{"2024-06-05T16:30:00+07:00", ""},
		{"2024-08-02T11:59:59Z", ""},
		{"2024-08-02T12:00:01Z", "R-DATE-5"},
		{"1999-12-31T23:59:59Z", "R-DATE-5"},
		{"2024-06-05T09:30:00.1234567891Z", "R-INPUT-4"},
		{"2024-06-05T09:30:00.123456789123Z", "R-INPUT-4"},
		{"2024-06-05T09:30:00,5Z", "R-INPUT-4"},
		{"2024-06-05 09:30:00Z", "R-INPUT-4"},
		{"2024-06-05T09:30:00+24:00", "R-INPUT-4"},
		{"2024-06-05T09:30:00+07:60", "R-INPUT-4"},
		{"2024-13-05T09:30:00Z", "R-INPUT-4"},
		{"2024-06-05T09:30:60Z", "R-INPUT-4"},
		{"2024-06-05T09:30Z", "R-INPUT-4"},
		{"yesterday", "R-INPUT-4"},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			f := fields{clock: func() time.Time { return now }}
			f.time("earned_at", tt.value)
			err := f.Err()
			if tt.rule == "" {
				checkRefusal(t, err, refusal{})
				return
			}
			checkRefusal(t, err, refusal{domain.CodeInvalid, "earned_at"})
			if e, _ := domain.AsError(err); e.Rule != tt.rule {
				t.Fatalf("rule=%s, want %s", e.Rule, tt.rule)
			}
		})
	}
}

// BenchmarkDecodeTrophy measures the strict decoder on the hot path's body:
// encoding/json, then the walk of its keys (R-INPUT-1).
func BenchmarkDecodeTrophy(b *testing.B) {
	body := []byte(`{"activity_id":"mooc-agenda1-video-3","material":"substansi_1","agenda":1,"earned_at":"2024-06-05T09:30:00.123Z"}`)
	b.Run("strict", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r TrophyRequest
			if err := decodeJSON(body, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("keys-only", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := exactFields(body, reflect.TypeFor[*TrophyRequest]()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json-only", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r TrophyRequest
			if err := json.Unmarshal(body, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
