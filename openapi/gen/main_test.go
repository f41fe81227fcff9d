package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// swagger is what swag writes for a handler that records a score: stand-ins
// for domain.Score and time.Time, a nullable score, errors, a CSV variant and
// the bearer token as an API key.
const swagger = `{
  "swagger": "2.0",
  "info": {"title": "t", "version": "1", "contact": {}},
  "basePath": "/",
  "paths": {
    "/v1/things/{id}": {
      "post": {
        "security": [{"BearerAuth": []}],
        "consumes": ["application/json"],
        "produces": ["application/json", "text/csv"],
        "summary": "Record a thing",
        "operationId": "recordThing",
        "parameters": [
          {"type": "string", "name": "id", "in": "path", "required": true},
          {"name": "body", "in": "body", "required": true, "schema": {"$ref": "#/definitions/api.Thing"}}
        ],
        "responses": {
          "201": {"description": "Created", "schema": {"$ref": "#/definitions/api.Thing"}},
          "422": {"description": "Unprocessable Entity", "schema": {"$ref": "#/definitions/api.Problem"}},
          "503": {"description": "Service Unavailable", "schema": {"$ref": "#/definitions/api.Readiness"}}
        }
      }
    }
  },
  "definitions": {
    "api.Problem": {"type": "object", "properties": {"type": {"type": "string"}, "status": {"type": "integer"}, "title": {"type": "string"}}},
    "api.Readiness": {"type": "object", "properties": {"status": {"type": "string"}}},
    "api.Thing": {
      "type": "object",
      "required": ["score"],
      "properties": {
        "score": {"$ref": "#/definitions/swagtypes.Score"},
        "final": {"description": "null until decided", "allOf": [{"$ref": "#/definitions/swagtypes.Score"}], "x-nullable": true},
        "by_agenda": {"type": "object", "additionalProperties": {"allOf": [{"$ref": "#/definitions/swagtypes.Score"}], "x-nullable": "true"}},
        "at": {"$ref": "#/definitions/swagtypes.DateTime"}
      }
    },
    "other.Thing": {"type": "object"},
    "swagtypes.DateTime": {"type": "object"},
    "swagtypes.Score": {"type": "object"}
  },
  "securityDefinitions": {
    "BearerAuth": {"description": "Bearer <token>", "type": "apiKey", "name": "Authorization", "in": "header"}
  }
}`

func TestConvert(t *testing.T) {
	out, err := Convert([]byte(swagger))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	get := func(path ...string) any {
		var v any = doc
		for _, p := range path {
			v = obj(v)[p]
		}
		return v
	}
	js := func(v any) string {
		var b strings.Builder
		e := json.NewEncoder(&b)
		e.SetEscapeHTML(false)
		_ = e.Encode(v)
		return strings.TrimSpace(b.String())
	}

	if got, want := get("openapi"), "3.0.3"; got != want {
		t.Errorf("openapi=%v, want %v", got, want)
	}
	if got := js(get("info")); strings.Contains(got, "contact") {
		t.Errorf("info=%s, want no empty contact", got)
	}
	thing := []string{"components", "schemas", "api.Thing", "properties"}
	for _, c := range []struct{ path, want string }{
		{"score", `{"description":"A score: 0 to 100, with at most two decimals (77.07). A JSON number, never a string.","example":87.5,"maximum":100,"minimum":0,"type":"number"}`},
		{"final", `{"description":"null until decided","example":87.5,"maximum":100,"minimum":0,"nullable":true,"type":"number"}`},
		{"by_agenda", `{"additionalProperties":{"description":"A score: 0 to 100, with at most two decimals (77.07). A JSON number, never a string.","example":87.5,"maximum":100,"minimum":0,"nullable":true,"type":"number"},"type":"object"}`},
		{"at", `{"example":"2026-03-02T08:30:00Z","format":"date-time","type":"string"}`},
	} {
		if got := js(get(append(thing, c.path)...)); got != c.want {
			t.Errorf("%s=%s, want %s", c.path, got, c.want)
		}
	}
	schemas := obj(get("components", "schemas"))
	for _, name := range []string{"swagtypes.Score", "swagtypes.DateTime", "Score", "DateTime"} {
		if _, ok := schemas[name]; ok {
			t.Errorf("schema %s is left in the document", name)
		}
	}
	// "Thing" is ambiguous (api.Thing, other.Thing), so both keep their package.
	for _, name := range []string{"api.Thing", "other.Thing", "Problem"} {
		if _, ok := schemas[name]; !ok {
			t.Errorf("schema %s is missing; have %v", name, sortedKeys(schemas))
		}
	}
	if t.Failed() {
		return // the paths below are named after the schemas checked above
	}

	op := []string{"paths", "/v1/things/{id}", "post"}
	if got, want := js(get(append(op, "responses", "422", "content")...)), `{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}`; got != want {
		t.Errorf("422 content=%s, want %s", got, want)
	}
	if got, want := js(get(append(op, "responses", "503", "content")...)), `{"application/json":{"schema":{"$ref":"#/components/schemas/Readiness"}},"text/csv":{"schema":{"type":"string"}}}`; got != want {
		t.Errorf("503 content=%s, want %s (not a problem document)", got, want)
	}
	if got, want := js(get(append(op, "responses", "201", "content", "text/csv")...)), `{"schema":{"type":"string"}}`; got != want {
		t.Errorf("201 text/csv=%s, want %s", got, want)
	}
	if got, want := js(get(append(op, "responses", "201", "content", "application/json")...)), `{"schema":{"$ref":"#/components/schemas/api.Thing"}}`; got != want {
		t.Errorf("201 application/json=%s, want %s", got, want)
	}
	if got := js(get(append(op, "requestBody")...)); strings.Contains(got, "x-originalParamName") {
		t.Errorf("requestBody=%s, want no x-originalParamName", got)
	}
	if got, want := js(get("components", "securitySchemes", "BearerAuth")), `{"description":"Bearer <token>","scheme":"bearer","type":"http"}`; got != want {
		t.Errorf("BearerAuth=%s, want %s", got, want)
	}
	if !strings.Contains(string(out), `"Bearer <token>"`) {
		t.Errorf("output escapes <token>; want it as written")
	}
	if !strings.HasPrefix(string(out), "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {") {
		t.Errorf("output starts %.40q, want openapi then info first", out)
	}

	again, err := Convert([]byte(swagger))
	if err != nil || string(again) != string(out) {
		t.Errorf("a second conversion differs (err=%v): output is not stable", err)
	}
}

func TestConvertRequiresOperationIDs(t *testing.T) {
	noID := strings.Replace(swagger, `"operationId": "recordThing",`, "", 1)
	_, err := Convert([]byte(noID))
	if err == nil || !strings.Contains(err.Error(), "POST /v1/things/{id} has no @ID") {
		t.Fatalf("err=%v, want one naming the operation without @ID", err)
	}
}
