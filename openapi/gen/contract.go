package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
)

// The contract the server keeps on every operation, which swag would have
// every annotation repeat: the responses and headers its middleware adds.
// They are written once here, as components the operations refer to.

var problemContent = map[string]any{
	"application/problem+json": map[string]any{"schema": map[string]any{"$ref": schemaRef + "Problem"}},
}

func headerRef(name string) map[string]any {
	return map[string]any{"$ref": "#/components/headers/" + name}
}

// sharedHeaders are the response headers the middleware sets.
var sharedHeaders = map[string]map[string]any{
	"X-Request-Id": {
		"description": "The request's id, as in the server's log and a problem's request_id.",
		"schema":      map[string]any{"type": "string", "maxLength": json.Number("255")},
	},
	"RateLimit": {
		"description": `What is left of the caller's request budget (IETF RateLimit header draft): "token" or "address";r=remaining;t=seconds until it refills.`,
		"schema":      map[string]any{"type": "string", "example": `"token";r=19;t=1`},
	},
	"RateLimit-Policy": {
		"description": `The caller's request budget (IETF RateLimit header draft): "token" or "address";q=burst;w=window in seconds.`,
		"schema":      map[string]any{"type": "string", "example": `"token";q=20;w=1`},
	},
	"Retry-After": {
		"description": "Seconds to wait before trying again.",
		"schema":      map[string]any{"type": "integer", "minimum": json.Number("0")},
	},
	"Idempotent-Replayed": {
		"description": "true when this is the kept answer to an earlier request with the same Idempotency-Key, replayed.",
		"schema":      map[string]any{"type": "string", "enum": []any{"true"}},
	},
	"X-Event-Position": {
		"description": "Global position of the last event the write recorded (or found recorded): a read with ?min_position= this value sees it.",
		"schema":      map[string]any{"type": "integer", "format": "int64", "minimum": json.Number("0")},
	},
	"X-Projection-Position": {
		"description": "Global position of the last event the answer reflects.",
		"schema":      map[string]any{"type": "integer", "format": "int64", "minimum": json.Number("0")},
	},
}

// sharedResponses are the error answers the middleware can give.
var sharedResponses = map[string]map[string]any{
	"TooManyRequests": {
		"description": "Too many requests from this token or address: retry after Retry-After seconds.",
		"content":     problemContent,
		"headers": map[string]any{
			"Retry-After": headerRef("Retry-After"), "RateLimit": headerRef("RateLimit"),
			"RateLimit-Policy": headerRef("RateLimit-Policy"), "X-Request-Id": headerRef("X-Request-Id"),
		},
	},
	"InternalError": {
		"description": "The server failed; the problem's request_id names the request in its log.",
		"content":     problemContent,
		"headers":     map[string]any{"X-Request-Id": headerRef("X-Request-Id")},
	},
	"PayloadTooLarge": {
		"description": "The request body is larger than the server accepts.",
		"content":     problemContent,
		"headers":     map[string]any{"X-Request-Id": headerRef("X-Request-Id")},
	},
	"UnsupportedMediaType": {
		"description": "The request body is not application/json.",
		"content":     problemContent,
		"headers":     map[string]any{"X-Request-Id": headerRef("X-Request-Id")},
	},
}

func responseRef(name string) map[string]any {
	return map[string]any{"$ref": "#/components/responses/" + name}
}

// idempotencyKey is the header every /v1 write honours.
var idempotencyKey = map[string]any{
	"name":        "Idempotency-Key",
	"in":          "header",
	"description": "A key (at most 255 characters) that makes a retry of this write answer what the first request did, with Idempotent-Replayed: true, instead of writing again. The same key with another body is refused (422).",
	"schema":      map[string]any{"type": "string", "minLength": json.Number("1"), "maxLength": json.Number("255")},
}

// notWriting are the /v1 writes that record no event of their own in the
// request, so answer no X-Event-Position.
var notWriting = map[string]bool{"startRebuild": true}

// contract adds to every operation what the server's middleware answers:
//
//   - every operation: 429 (rate limits, with Retry-After and the RateLimit
//     headers) and 500; every response: X-Request-Id, and the RateLimit
//     headers on its successes;
//   - every /v1 write (POST, PUT, DELETE): the Idempotency-Key header (at most
//     255 characters), 409 (the same key still in flight), 413, 422 (a key
//     too long or reused with another body), 415 and 400 when it takes a
//     body; its successes say Idempotent-Replayed and X-Event-Position;
//   - every read with X-Projection-Position (a read of the read models): 503
//     when they are unavailable or have not reached min_position.
//
// A 503 or 429 answer says Retry-After.
func contract(doc map[string]any) {
	components := obj(doc["components"])
	headers := map[string]any{}
	for name, h := range sharedHeaders {
		headers[name] = h
	}
	components["headers"] = headers
	resps := map[string]any{}
	for name, r := range sharedResponses {
		resps[name] = r
	}
	components["responses"] = resps
	components["parameters"] = map[string]any{"IdempotencyKey": idempotencyKey}

	operations(doc, func(method, path string, op map[string]any) {
		rs := obj(op["responses"])
		write := strings.HasPrefix(path, "/v1/") && (method == "post" || method == "put" || method == "delete")
		_, hasBody := op["requestBody"]
		reads := false
		for _, r := range rs {
			if obj(obj(r)["headers"])["X-Projection-Position"] != nil {
				reads = true
			}
		}
		rs["429"] = responseRef("TooManyRequests")
		rs["500"] = responseRef("InternalError")
		if write {
			rs["413"] = responseRef("PayloadTooLarge")
			if hasBody {
				rs["415"] = responseRef("UnsupportedMediaType")
				ensureProblem(rs, "400", "Bad Request: the body is not the JSON this operation takes")
			}
			ensureProblem(rs, "409", "Conflict")
			ensureProblem(rs, "422", "Unprocessable Entity: refused by a rule the problem names")
			setIdempotencyKey(op)
		}
		if reads {
			ensureProblem(rs, "503", "Service Unavailable: the read models are unavailable or have not reached min_position; retry after Retry-After seconds")
		}
		for code, r := range rs {
			resp := obj(r)
			if resp == nil || resp["$ref"] != nil {
				continue
			}
			h := obj(resp["headers"])
			if h == nil {
				h = map[string]any{}
			}
			h["X-Request-Id"] = headerRef("X-Request-Id")
			success := strings.HasPrefix(code, "2") || strings.HasPrefix(code, "3")
			if success {
				h["RateLimit"] = headerRef("RateLimit")
				h["RateLimit-Policy"] = headerRef("RateLimit-Policy")
			}
			if write && success {
				h["Idempotent-Replayed"] = headerRef("Idempotent-Replayed")
				if !notWriting[opID(op)] && code != "202" {
					h["X-Event-Position"] = headerRef("X-Event-Position")
				}
			}
			if reads && code == "200" {
				h["X-Projection-Position"] = headerRef("X-Projection-Position")
			}
			if code == "503" {
				h["Retry-After"] = headerRef("Retry-After")
			}
			// Swag's own declarations of these headers give way to the shared ones.
			for name := range h {
				if sharedHeaders[name] != nil {
					h[name] = headerRef(name)
				}
			}
			resp["headers"] = h
		}
	})
}

func opID(op map[string]any) string { s, _ := op["operationId"].(string); return s }

func ensureProblem(rs map[string]any, code, description string) {
	if rs[code] != nil {
		return
	}
	rs[code] = map[string]any{"description": description, "content": problemContent}
}

func setIdempotencyKey(op map[string]any) {
	params, _ := op["parameters"].([]any)
	out := []any{}
	for _, p := range params {
		if m := obj(p); m != nil && m["in"] == "header" && strings.EqualFold(m["name"].(string), "Idempotency-Key") {
			continue
		}
		out = append(out, p)
	}
	op["parameters"] = append(out, map[string]any{"$ref": "#/components/parameters/IdempotencyKey"})
}

// nipPattern is a NIP (R-NIP-1): 18 digits, spaces between them allowed in
// what a client sends (the server answers them without).
const nipPattern = `^ *([0-9] *){18}$`

// golongan are the rank groups a cohort takes, with their ruang forms.
var golongan = []any{"II", "III", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d"}

// identityFormats gives a NIP its pattern and a golongan its values, wherever
// a property or parameter is named so.
func identityFormats(doc map[string]any) {
	apply := func(name string, s map[string]any) {
		if s == nil {
			return
		}
		if s["type"] == "array" {
			s = obj(s["items"])
		}
		if s == nil || s["type"] != "string" {
			return
		}
		switch name {
		case "nip":
			s["pattern"] = nipPattern
			s["example"] = "199001012022031001"
		case "golongan":
			s["enum"] = golongan
		}
	}
	walk(doc, func(m map[string]any) {
		if props := obj(m["properties"]); props != nil {
			for name, p := range props {
				apply(name, obj(p))
			}
		}
		if in, _ := m["in"].(string); in != "" {
			if name, _ := m["name"].(string); name != "" {
				apply(name, obj(m["schema"]))
			}
		}
	})
}

// clientNames renames a schema whose name a client generator gives to an
// operation's own types (oapi-codegen: <OperationId>Response, …Params,
// …JSONBody, …JSONRequestBody), so a default configuration compiles.
func clientNames(doc map[string]any) {
	schemas := obj(obj(doc["components"])["schemas"])
	taken := map[string]bool{}
	operations(doc, func(_, _ string, op map[string]any) {
		id := opID(op)
		if id == "" {
			return
		}
		r := []rune(id)
		r[0] = unicode.ToUpper(r[0])
		for _, suffix := range []string{"Response", "Params", "JSONBody", "JSONRequestBody", "RequestBody"} {
			taken[string(r)+suffix] = true
		}
	})
	rename := map[string]string{}
	for name := range schemas {
		if !taken[name] {
			continue
		}
		base := strings.TrimSuffix(name, "Response") + "Answer"
		to := base
		for i := 2; taken[to] || schemas[to] != nil; i++ {
			to = base + strconv.Itoa(i)
		}
		rename[name] = to
	}
	renameSchemas(doc, rename)
}

func renameSchemas(doc map[string]any, rename map[string]string) {
	schemas := obj(obj(doc["components"])["schemas"])
	for from, to := range rename {
		schemas[to] = schemas[from]
		delete(schemas, from)
	}
	walk(doc, func(m map[string]any) {
		ref, ok := m["$ref"].(string)
		if !ok || !strings.HasPrefix(ref, schemaRef) {
			return
		}
		if to, ok := rename[strings.TrimPrefix(ref, schemaRef)]; ok {
			m["$ref"] = schemaRef + to
		}
	})
}

// typedNullables gives a type to each nullable schema swag left without one
// (OpenAPI 3.0's nullable qualifies a type): a nullable reference to an
// object schema is a nullable object; a nullable value of any type (an audit
// change's before and after) is any of the JSON types, each nullable.
func typedNullables(doc map[string]any) {
	walk(doc, func(m map[string]any) {
		if m["nullable"] != true || m["type"] != nil {
			return
		}
		if allOf, _ := m["allOf"].([]any); len(allOf) == 1 {
			m["type"] = "object"
			return
		}
		if m["allOf"] != nil || m["anyOf"] != nil || m["oneOf"] != nil || m["$ref"] != nil {
			return
		}
		delete(m, "nullable")
		var alts []any
		for _, t := range []string{"object", "array", "string", "number", "boolean"} {
			alt := map[string]any{"type": t, "nullable": true}
			if t == "array" {
				alt["items"] = map[string]any{}
			}
			alts = append(alts, alt)
		}
		m["anyOf"] = alts
	})
}
