package openapitest

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// thingDoc is a small document of the shape gen writes: a score with two
// decimals (nullable too), a date-time, errors as problem+json, a CSV variant.
const thingDoc = `{
  "openapi": "3.0.3",
  "info": {"title": "t", "version": "1"},
  "servers": [{"url": "/"}],
  "paths": {
    "/v1/things/{id}": {
      "post": {
        "operationId": "recordThing",
        "parameters": [{"in": "path", "name": "id", "required": true, "schema": {"type": "string"}}],
        "security": [{"BearerAuth": []}],
        "responses": {
          "201": {
            "description": "Created",
            "headers": {"X-Projection-Position": {"schema": {"type": "integer"}}},
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}},
              "text/csv": {"schema": {"type": "string"}}
            }
          },
          "422": {
            "description": "Unprocessable Entity",
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Thing": {
        "type": "object",
        "required": ["score", "at"],
        "properties": {
          "score": {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.01},
          "final": {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.01, "nullable": true},
          "at": {"type": "string", "format": "date-time"}
        }
      },
      "Problem": {
        "type": "object",
        "required": ["type", "title", "status"],
        "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "rule": {"type": "string"}}
      }
    },
    "securitySchemes": {"BearerAuth": {"type": "http", "scheme": "bearer"}}
  }
}`

func TestValidatorCheck(t *testing.T) {
	v, err := newValidator([]byte(thingDoc))
	if err != nil {
		t.Fatal(err)
	}
	const (
		jsonCT    = "application/json"
		problemCT = "application/problem+json"
	)
	tests := []struct {
		name    string
		path    string
		status  int
		ct      string
		body    string
		wantErr string // "" when the response is true to the document
	}{
		{"created", "/v1/things/a", 201, jsonCT, `{"score": 70.01, "final": null, "at": "2026-03-02T08:30:00Z"}`, ""},
		{"score-small", "/v1/things/a", 201, jsonCT, `{"score": 0.07, "at": "2026-03-02T08:30:00Z"}`, ""},
		{"score-top", "/v1/things/a", 201, jsonCT, `{"score": 100, "final": 99.99, "at": "2026-03-02T08:30:00Z"}`, ""},
		{"score-three-decimals", "/v1/things/a", 201, jsonCT, `{"score": 70.001, "at": "2026-03-02T08:30:00Z"}`, "multiple of"},
		{"score-over-100", "/v1/things/a", 201, jsonCT, `{"score": 100.01, "at": "2026-03-02T08:30:00Z"}`, "at most 100"},
		{"score-null", "/v1/things/a", 201, jsonCT, `{"score": null, "at": "2026-03-02T08:30:00Z"}`, "not nullable"},
		{"time-not-rfc3339", "/v1/things/a", 201, jsonCT, `{"score": 1, "at": "2 March 2026"}`, "date-time"},
		{"csv", "/v1/things/a", 201, "text/csv", "nip,score\n1,70.01\n", ""},
		{"problem", "/v1/things/a", 422, problemCT, `{"type": "urn:x", "title": "Invalid", "status": 422, "rule": "R-1"}`, ""},
		{"problem-as-json", "/v1/things/a", 422, jsonCT, `{"type": "urn:x", "title": "Invalid", "status": 422}`, "Content-Type"},
		{"problem-incomplete", "/v1/things/a", 422, problemCT, `{"title": "Invalid"}`, `property "type" is missing`},
		{"undocumented-status", "/v1/things/a", 500, problemCT, `{"type": "urn:x", "title": "Oops", "status": 500}`, "does not list for it (it lists 201, 422)"},
		{"undocumented-path", "/v1/nothing", 200, jsonCT, `{}`, "not in the OpenAPI document"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:5555"+tc.path, nil)
			header := http.Header{"Content-Type": {tc.ct}}
			err := v.Check(req, tc.status, header, []byte(tc.body))
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("err=%v, want none", err)
			case tc.wantErr != "" && err == nil:
				t.Fatalf("err=nil, want one saying %q", tc.wantErr)
			case tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr):
				t.Fatalf("err=%v, want one saying %q", err, tc.wantErr)
			}
		})
	}

	req := httptest.NewRequest(http.MethodGet, "/v1/things/a", nil)
	if err := v.Check(req, 200, nil, nil); !errors.Is(err, ErrNotDocumented) {
		t.Errorf("GET of a POST-only path: err=%v, want ErrNotDocumented", err)
	}
}

// TestMultipleOfTwoDecimals guards against binary floating point: 0.07 or
// 70.01 is not an exact multiple of 0.01 in float64, and an exact-division
// check would refuse them. kin-openapi v0.153.0 compares with a tolerance of a
// few ULPs, so every score from 0.00 to 100.00 must pass and a third decimal fail.
func TestMultipleOfTwoDecimals(t *testing.T) {
	v, err := newValidator([]byte(thingDoc))
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/v1/things/a", nil)
	header := http.Header{"Content-Type": {"application/json"}}
	check := func(score string) error {
		body := fmt.Sprintf(`{"score": %s, "at": "2026-03-02T08:30:00Z"}`, score)
		return v.Check(req, 201, header, []byte(body))
	}
	for h := 0; h <= 10000; h++ {
		score := fmt.Sprintf("%d.%02d", h/100, h%100)
		if err := check(score); err != nil {
			t.Fatalf("score %s: %v", score, err)
		}
	}
	for _, score := range []string{"0.001", "0.005", "70.001", "70.015", "99.999", "33.333"} {
		if err := check(score); err == nil {
			t.Errorf("score %s passed, want a multipleOf error", score)
		}
	}
}

func TestNewValidatorLoadsSpec(t *testing.T) {
	if _, err := NewValidator(); err != nil {
		t.Fatal(err)
	}
}
