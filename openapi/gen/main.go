// Command gen turns the Swagger 2.0 document that swag writes from the handler
// annotations into the OpenAPI 3.0.3 document the server embeds, and fixes on
// the way what swag cannot express:
//
//   - the stand-ins of ../swagtypes become the schemas the JSON really has
//     (a Score is a number with two decimals at most, 0 to 100, said in its
//     description: multipleOf 0.01 fails true answers in floating point; a time is a
//     date-time string), inlined where they are used;
//   - x-nullable becomes nullable, wherever it is;
//   - an error response (status 400 and above, or default) whose body is a
//     problem document is application/problem+json, and only that;
//   - a response body that is not JSON (text/csv, application/x-ndjson,
//     text/event-stream) is a string, not the JSON schema swag repeats for it;
//   - openapi2conv's x-originalParamName goes;
//   - the bearer scheme becomes an HTTP bearer scheme, and an operation
//     without @Security says security: [] (open) in so many words;
//   - schema names lose their Go package ("api.Cohort" is "Cohort") where that
//     leaves no two alike.
//
// It then checks that every operation has a unique operationId (@ID) and that
// kin-openapi finds the document valid, and writes it indented with a stable
// key order. It runs nothing else; see ../generate.go for the whole pipeline.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	in := flag.String("in", "swagger/swagger.json", "Swagger 2.0 document written by swag")
	out := flag.String("out", "openapi.json", "OpenAPI 3.0.3 document to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	swagger, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	doc, err := Convert(swagger)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, doc) {
		return nil
	}
	return os.WriteFile(out, doc, 0o644)
}

// Convert returns the OpenAPI 3.0.3 document for a Swagger 2.0 document.
func Convert(swagger []byte) ([]byte, error) {
	var doc2 openapi2.T
	if err := json.Unmarshal(swagger, &doc2); err != nil {
		return nil, err
	}
	doc3, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return nil, fmt.Errorf("converting to OpenAPI 3: %w", err)
	}
	doc3.OpenAPI = "3.0.3"
	b, err := json.Marshal(doc3)
	if err != nil {
		return nil, err
	}

	// The fixes work on the plain JSON tree: they are about the shape of the
	// document, and a tree shows every place a schema can hide.
	doc, err := decode(b)
	if err != nil {
		return nil, err
	}
	inlineStandIns(doc)
	walk(doc, nullable)
	walk(doc, func(m map[string]any) { delete(m, "x-originalParamName") }) // openapi2conv's note to itself
	problemResponses(doc)
	nonJSONBodiesAreStrings(doc)
	bearerScheme(doc)
	openOperations(doc)
	shortenSchemaNames(doc)
	clientNames(doc)
	contract(doc)
	typedEvents(doc)
	identityFormats(doc)
	typedNullables(doc)
	dropEmpty(obj(doc["info"]), "contact")
	if err := checkOperationIDs(doc); err != nil {
		return nil, err
	}

	out, err := encode(doc)
	if err != nil {
		return nil, err
	}
	if err := validate(out); err != nil {
		return nil, err
	}
	return out, nil
}

// validate loads the document as a client would and runs kin-openapi's checks.
func validate(doc []byte) error {
	loader := openapi3.NewLoader()
	t, err := loader.LoadFromData(doc)
	if err != nil {
		return fmt.Errorf("the OpenAPI document does not load: %w", err)
	}
	if err := t.Validate(context.Background()); err != nil {
		return fmt.Errorf("the OpenAPI document is not valid: %w", err)
	}
	return nil
}

const schemaRef = "#/components/schemas/"

// standIns are the schemas that replace each stand-in of ../swagtypes.
var standIns = map[string]func() map[string]any{
	"swagtypes.Score": func() map[string]any {
		return map[string]any{
			"type":        "number",
			"minimum":     json.Number("0"),
			"maximum":     json.Number("100"),
			"description": "A score: 0 to 100, with at most two decimals (77.07). A JSON number, never a string.",
			"example":     json.Number("87.5"),
		}
	},
	"swagtypes.DateTime": func() map[string]any {
		return map[string]any{
			"type":    "string",
			"format":  "date-time",
			"example": "2026-03-02T08:30:00Z",
		}
	},
}

// inlineStandIns replaces each reference to a stand-in by its schema. swag
// refers to a type either bare ({$ref}) or, when the field adds anything such
// as a description or x-nullable, as {allOf: [{$ref}], ...}; in the second
// case the field's own keywords are kept and win over the stand-in's.
func inlineStandIns(doc map[string]any) {
	schemas := obj(obj(doc["components"])["schemas"])
	for name := range standIns {
		delete(schemas, name)
	}
	standIn := func(m map[string]any) (map[string]any, bool) {
		ref, _ := m["$ref"].(string)
		build, ok := standIns[strings.TrimPrefix(ref, schemaRef)]
		if !ok || !strings.HasPrefix(ref, schemaRef) {
			return nil, false
		}
		return build(), true
	}
	walk(doc, func(m map[string]any) {
		if s, ok := standIn(m); ok {
			delete(m, "$ref")
			for k, v := range s {
				m[k] = v
			}
			return
		}
		allOf, _ := m["allOf"].([]any)
		if len(allOf) != 1 {
			return
		}
		inner, _ := allOf[0].(map[string]any)
		if inner == nil || len(inner) != 1 {
			return
		}
		if s, ok := standIn(inner); ok {
			delete(m, "allOf")
			for k, v := range s {
				if _, set := m[k]; !set {
					m[k] = v
				}
			}
		}
	})
}

// nullable turns swag's x-nullable (from the struct tag extensions:"x-nullable")
// into OpenAPI 3's nullable, where openapi2conv left it (it misses some places,
// such as map values, and a tag value of "true" written as a string).
func nullable(m map[string]any) {
	v, ok := m["x-nullable"]
	if !ok {
		return
	}
	delete(m, "x-nullable")
	switch v {
	case true, "true":
		m["nullable"] = true
	}
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// operations calls f for each operation with its method and path.
func operations(doc map[string]any, f func(method, path string, op map[string]any)) {
	paths := obj(doc["paths"])
	for _, path := range sortedKeys(paths) {
		item := obj(paths[path])
		for _, method := range methods {
			if op := obj(item[method]); op != nil {
				f(method, path, op)
			}
		}
	}
}

// responses calls f for each response of each operation with its status code.
func responses(doc map[string]any, f func(code string, resp map[string]any)) {
	operations(doc, func(_, _ string, op map[string]any) {
		rs := obj(op["responses"])
		for _, code := range sortedKeys(rs) {
			if r := obj(rs[code]); r != nil {
				f(code, r)
			}
		}
	})
}

// problemResponses gives every error response whose body is a problem
// document (RFC 9457: it has type, title and status) the media type such a
// body has. An error response with another body, such as /readyz answering
// 503 with its readiness report, keeps the media type swag gave it.
func problemResponses(doc map[string]any) {
	schemas := obj(obj(doc["components"])["schemas"])
	isProblem := func(media any) bool {
		schema := obj(obj(media)["schema"])
		if ref, ok := schema["$ref"].(string); ok {
			schema = obj(schemas[strings.TrimPrefix(ref, schemaRef)])
		}
		props := obj(schema["properties"])
		return props["type"] != nil && props["title"] != nil && props["status"] != nil
	}
	responses(doc, func(code string, r map[string]any) {
		if n, err := strconv.Atoi(code); (err != nil || n < 400) && code != "default" {
			return
		}
		content := obj(r["content"])
		for _, mt := range sortedKeys(content) {
			if isProblem(content[mt]) { // whatever the operation produces, its errors are problems
				r["content"] = map[string]any{"application/problem+json": content[mt]}
				return
			}
		}
	})
}

// nonJSONBodiesAreStrings: swag gives every media type an operation produces
// the same schema; a CSV or NDJSON body is not that JSON value but text.
func nonJSONBodiesAreStrings(doc map[string]any) {
	responses(doc, func(_ string, r map[string]any) {
		content := obj(r["content"])
		for mt, media := range content {
			m := obj(media)
			if m == nil || isJSON(mt) {
				continue
			}
			m["schema"] = map[string]any{"type": "string"}
		}
	})
}

func isJSON(mediaType string) bool {
	mt, _, _ := strings.Cut(mediaType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// bearerScheme rewrites an API key sent in the Authorization header (the only
// way Swagger 2.0 has to say "Bearer <token>") as an HTTP bearer scheme, so
// clients and the UI add the "Bearer " prefix themselves.
func bearerScheme(doc map[string]any) {
	schemes := obj(obj(doc["components"])["securitySchemes"])
	for name, s := range schemes {
		m := obj(s)
		if m["type"] != "apiKey" || m["in"] != "header" || !strings.EqualFold(fmt.Sprint(m["name"]), "Authorization") {
			continue
		}
		bearer := map[string]any{"type": "http", "scheme": "bearer"}
		if d, ok := m["description"]; ok {
			bearer["description"] = d
		}
		schemes[name] = bearer
	}
}

// openOperations writes security: [] on each operation without @Security, so
// that it says it is open rather than leaving a reader (and linters) to guess.
// With no security at the top level, it means the same.
func openOperations(doc map[string]any) {
	if _, ok := doc["security"]; ok {
		return // then an operation without security inherits it
	}
	operations(doc, func(_, _ string, op map[string]any) {
		if _, ok := op["security"]; !ok {
			op["security"] = []any{}
		}
	})
}

// shortenSchemaNames drops the Go package swag puts in front of each schema
// name, for every name that stays unique without it.
func shortenSchemaNames(doc map[string]any) {
	schemas := obj(obj(doc["components"])["schemas"])
	short := func(name string) string {
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			return name[i+1:]
		}
		return name
	}
	count := map[string]int{}
	for name := range schemas {
		count[short(name)]++
	}
	rename := map[string]string{}
	for name := range schemas {
		if s := short(name); s != name && count[s] == 1 {
			rename[name] = s
		}
	}
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

// checkOperationIDs insists on an @ID for every operation: generated clients
// name their methods after it, and swag would otherwise leave it out.
func checkOperationIDs(doc map[string]any) error {
	var problems []string
	seen := map[string]string{}
	operations(doc, func(method, path string, op map[string]any) {
		where := strings.ToUpper(method) + " " + path
		id, _ := op["operationId"].(string)
		switch {
		case id == "":
			problems = append(problems, where+" has no @ID")
		case seen[id] != "":
			problems = append(problems, fmt.Sprintf("%s has @ID %s, as %s does", where, id, seen[id]))
		default:
			seen[id] = where
		}
	})
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// walk calls f for every object in the tree, parents before children.
func walk(v any, f func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		f(v)
		for _, c := range v {
			walk(c, f)
		}
	case []any:
		for _, c := range v {
			walk(c, f)
		}
	}
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func dropEmpty(m map[string]any, key string) {
	if v, ok := m[key]; ok && len(obj(v)) == 0 {
		delete(m, key)
	}
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

func decode(b []byte) (map[string]any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber() // keeps 0.01 as written
	var doc map[string]any
	if err := d.Decode(&doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// topLevel is the order a reader expects at the top of the document; keys
// below it (and any other top-level key) are sorted, so output is stable.
var topLevel = []string{"openapi", "info", "servers", "security", "tags", "paths", "components"}

func encode(doc map[string]any) ([]byte, error) {
	var keys []string
	for _, k := range topLevel {
		if _, ok := doc[k]; ok {
			keys = append(keys, k)
		}
	}
	for _, k := range sortedKeys(doc) {
		if !slices.Contains(topLevel, k) {
			keys = append(keys, k)
		}
	}
	var buf bytes.Buffer
	buf.WriteString("{\n")
	for i, k := range keys {
		var v bytes.Buffer
		e := json.NewEncoder(&v)
		e.SetEscapeHTML(false)
		e.SetIndent("  ", "  ")
		if err := e.Encode(doc[k]); err != nil {
			return nil, err
		}
		name, _ := json.Marshal(k)
		fmt.Fprintf(&buf, "  %s: %s", name, bytes.TrimRight(v.Bytes(), "\n"))
		if i < len(keys)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}
