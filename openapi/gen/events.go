package main

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/latsar/ledger/ledger"
)

// typedEvents makes LogEvent a oneOf, one variant per event type the
// aggregates declare (ledger.Aggregates), discriminated by `type`, each with
// its `data` typed from the Go event struct: generated clients get a typed
// payload per event, and no list of event types is kept by hand. swag cannot
// say this; the Go types can.
func typedEvents(doc map[string]any) {
	schemas := obj(obj(doc["components"])["schemas"])
	envelope := obj(schemas["LogEvent"])
	if envelope == nil {
		return
	}
	var names []string
	kinds := map[string]reflect.Type{}
	for _, a := range ledger.Aggregates() {
		for _, k := range a.Kinds {
			if _, seen := kinds[k.Name]; seen {
				continue
			}
			zero, err := k.Decode([]byte(`{}`))
			if err != nil {
				continue
			}
			kinds[k.Name] = reflect.TypeOf(zero)
			names = append(names, k.Name)
		}
	}
	slices.Sort(names)
	var variants []any
	mapping := map[string]any{}
	for _, name := range names {
		dataName, variantName := "EventData"+name, "LogEvent"+name
		schemas[dataName] = schemaOf(kinds[name], map[reflect.Type]bool{})
		variant := map[string]any{"type": "object", "description": "A " + name + " event of the log."}
		props := map[string]any{}
		for k, v := range obj(envelope["properties"]) {
			props[k] = v
		}
		props["type"] = map[string]any{"type": "string", "enum": []any{name}}
		props["data"] = map[string]any{"$ref": "#/components/schemas/" + dataName}
		variant["properties"] = props
		variant["required"] = envelope["required"]
		schemas[variantName] = variant
		ref := "#/components/schemas/" + variantName
		variants = append(variants, map[string]any{"$ref": ref})
		mapping[name] = ref
	}
	schemas["LogEvent"] = map[string]any{
		"description":   "One event of the global log with its envelope; `data` is typed by `type`.",
		"oneOf":         variants,
		"discriminator": map[string]any{"propertyName": "type", "mapping": mapping},
	}
}

var (
	timeType      = reflect.TypeFor[time.Time]()
	marshalerType = reflect.TypeFor[json.Marshaler]()
	textType      = reflect.TypeFor[encoding.TextMarshaler]()
)

// schemaOf is the JSON schema of what encoding/json writes for t. A type
// that writes itself (a score, an amount) is described by what it is, not
// constrained; nil slices, maps and pointers are written as null.
func schemaOf(t reflect.Type, seen map[reflect.Type]bool) map[string]any {
	if t.Kind() == reflect.Pointer {
		s := schemaOf(t.Elem(), seen)
		s["nullable"] = true
		return s
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Implements(marshalerType) || t.Implements(textType):
		return map[string]any{"description": "Written by its own JSON form (" + t.String() + ")."}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "format": "byte", "nullable": true}
		}
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), seen), "nullable": true}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), seen), "nullable": true}
	case reflect.Struct:
		if seen[t] {
			return map[string]any{"type": "object"}
		}
		seen[t] = true
		defer delete(seen, t)
		props := map[string]any{}
		var required []any
		addFields(t, props, &required, seen)
		s := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
	return map[string]any{}
}

// addFields adds t's JSON fields, those of embedded structs included.
func addFields(t reflect.Type, props map[string]any, required *[]any, seen map[reflect.Type]bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			addFields(f.Type, props, required, seen)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, seen)
		if !strings.Contains(opts, "omitempty") {
			*required = append(*required, name)
		}
	}
}
