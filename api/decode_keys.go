package api

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/latsar/ledger/domain"
)

// exactFields walks a body that decoded into a value of type t and refuses
// what encoding/json lets through (R-INPUT-1): an object key that matches a
// field only when case is ignored ("NIP" for "nip", or a Unicode look-alike
// such as the Kelvin sign), and a key given twice (json keeps the last; a
// proxy or a log reader may keep the first). The field is named as the
// refusals of the domain name fields: "evidence.number", "records[2].nip".
// The body is valid JSON here (it decoded), so the walk only looks at keys.
func exactFields(body []byte, t reflect.Type) error {
	w := keyWalker{b: body}
	return w.value(t, "")
}

type keyWalker struct {
	b []byte
	i int
	// With locate set, the walk refuses nothing and finds the field whose
	// value ends at offset at (where encoding/json stopped on a wrong type).
	locate bool
	at     int
	found  string
}

// fieldAt names the field whose value ends at offset at of body ("" if none).
func fieldAt(body []byte, t reflect.Type, at int64) string {
	w := keyWalker{b: body, locate: true, at: int(at)}
	_ = w.value(t, "")
	return w.found
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// value walks the value at w.i, which decodes into t (nil: anything).
func (w *keyWalker) value(t reflect.Type, path string) error {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	w.space()
	if w.i >= len(w.b) {
		return nil
	}
	var err error
	switch w.b[w.i] {
	case '{':
		if t == nil || t == rawMessageType || (t.Kind() != reflect.Struct && t.Kind() != reflect.Map) {
			err = w.skip()
		} else {
			err = w.object(t, path)
		}
	case '[':
		if t == nil || t == rawMessageType || (t.Kind() != reflect.Slice && t.Kind() != reflect.Array) {
			err = w.skip()
		} else {
			err = w.array(t.Elem(), path)
		}
	default:
		err = w.skip()
	}
	if w.locate && w.found == "" && w.i == w.at {
		w.found = strings.TrimSuffix(path, ".")
	}
	return err
}

func (w *keyWalker) object(t reflect.Type, path string) error {
	var known map[string]reflect.Type
	if t.Kind() == reflect.Struct {
		known = jsonFieldsOf(t)
	}
	var seen keySet
	w.i++ // '{'
	for {
		w.space()
		if w.i >= len(w.b) || w.b[w.i] == '}' {
			w.i++
			return nil
		}
		if w.b[w.i] == ',' {
			w.i++
			continue
		}
		key, err := w.key()
		if err != nil {
			return err
		}
		if !seen.add(key) && !w.locate {
			return duplicateField(fieldName(path, key))
		}
		var elem reflect.Type // nil: a key of no field, walked while locating
		if known == nil {
			elem = t.Elem()
		} else if ft, ok := known[string(key)]; ok {
			elem = ft
		} else if !w.locate {
			return inexactField(fieldName(path, key), string(key), known)
		}
		w.space()
		w.i++ // ':'
		w.space()
		// A scalar has no keys: its name is built only when it may be needed.
		if w.locate || (w.i < len(w.b) && (w.b[w.i] == '{' || w.b[w.i] == '[')) {
			err = w.value(elem, path+string(key)+".")
		} else {
			err = w.skip()
		}
		if err != nil {
			return err
		}
	}
}

// keySet remembers an object's keys: an array on the stack for the few keys
// of a request, a map past them, so that a large map stays linear.
type keySet struct {
	few  [16][]byte
	n    int
	many map[string]bool
}

// add tells whether key is new.
func (s *keySet) add(key []byte) bool {
	if s.many != nil {
		if s.many[string(key)] {
			return false
		}
		s.many[string(key)] = true
		return true
	}
	for _, k := range s.few[:s.n] {
		if string(k) == string(key) {
			return false
		}
	}
	if s.n < len(s.few) {
		s.few[s.n], s.n = key, s.n+1
		return true
	}
	s.many = make(map[string]bool, 2*len(s.few))
	for _, k := range s.few {
		s.many[string(k)] = true
	}
	s.many[string(key)] = true
	return true
}

func (w *keyWalker) array(elem reflect.Type, path string) error {
	base := strings.TrimSuffix(path, ".")
	w.i++ // '['
	for n := 0; ; {
		w.space()
		if w.i >= len(w.b) || w.b[w.i] == ']' {
			w.i++
			return nil
		}
		if w.b[w.i] == ',' {
			w.i++
			continue
		}
		if err := w.value(elem, base+"["+strconv.Itoa(n)+"]."); err != nil {
			return err
		}
		n++
	}
}

// key reads an object key (a JSON string), unescaped; without escapes it
// is a slice of the body, so the walk of a request allocates nothing.
func (w *keyWalker) key() ([]byte, error) {
	start := w.i
	escaped := false
	for w.i++; w.i < len(w.b); w.i++ {
		switch w.b[w.i] {
		case '\\':
			escaped = true
			w.i++
		case '"':
			w.i++
			raw := w.b[start:w.i]
			if !escaped {
				return raw[1 : len(raw)-1], nil
			}
			var k string
			if err := json.Unmarshal(raw, &k); err != nil {
				return nil, &domain.Error{Code: codeMalformed, Message: "the body is not valid JSON: a key does not read"}
			}
			return []byte(k), nil
		}
	}
	return nil, &domain.Error{Code: codeMalformed, Message: "the body is not valid JSON: a key is not closed"}
}

// skip moves past one value (a string, a number, a literal, an object or an
// array, nested to any depth).
func (w *keyWalker) skip() error {
	depth := 0
	for ; w.i < len(w.b); w.i++ {
		switch c := w.b[w.i]; c {
		case '"':
			for w.i++; w.i < len(w.b) && w.b[w.i] != '"'; w.i++ {
				if w.b[w.i] == '\\' {
					w.i++
				}
			}
			if depth == 0 {
				w.i++
				return nil
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return nil // the end of the enclosing value
			}
			if depth--; depth == 0 {
				w.i++
				return nil
			}
		case ',':
			if depth == 0 {
				return nil
			}
		case ' ', '\t', '\n', '\r':
			if depth == 0 {
				return nil
			}
		}
	}
	return nil
}

func (w *keyWalker) space() {
	for w.i < len(w.b) && (w.b[w.i] == ' ' || w.b[w.i] == '\t' || w.b[w.i] == '\n' || w.b[w.i] == '\r') {
		w.i++
	}
}

// fieldName names the value of key in the object at path; an empty key is
// written "" so that the refusal still names a field.
func fieldName(path string, key []byte) string {
	if len(key) == 0 {
		return path + `""`
	}
	return path + string(key)
}

func duplicateField(name string) error {
	return domain.Refuse("R-INPUT-1", name, "field "+name+" is given twice")
}

// inexactField refuses a key that names no field exactly (encoding/json took
// it for the field whose name it matches case-insensitively).
func inexactField(name, key string, known map[string]reflect.Type) error {
	msg := "unknown field " + name + ": field names are exact and case-sensitive"
	for k := range known {
		if strings.EqualFold(k, key) {
			msg += " (did you mean " + strconv.Quote(k) + "?)"
			break
		}
	}
	return domain.Refuse("R-INPUT-1", name, msg)
}

// jsonFields caches, per struct type, the JSON name of each field and the
// type its value decodes into.
var jsonFields sync.Map // reflect.Type -> map[string]reflect.Type

func jsonFieldsOf(t reflect.Type) map[string]reflect.Type {
	if m, ok := jsonFields.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	addJSONFields(t, m)
	jsonFields.Store(t, m)
	return m
}

func addJSONFields(t reflect.Type, m map[string]reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				addJSONFields(ft, m) // promoted, as encoding/json promotes them
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f.Type
	}
}
