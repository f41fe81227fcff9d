package domain

import "time"

// PlainJSON reads the flat JSON objects the ledger's own encoder writes
// for its most frequent events, without reflection: a replay decodes ~150
// events, and encoding/json spends about a fifth of the replay's time and
// a quarter of its allocations on them. It reads only what is plain (keys
// and strings of printable ASCII without escapes, integers, arrays of such
// strings, RFC 3339 times); anything else is not ok, and the caller hands
// the data to encoding/json, which then decides as it always has. Read
// from a string, the strings it answers are substrings of it (the events'
// metadata, as the store's driver hands it over).
type PlainJSON[T ~string | ~[]byte] struct {
	b     T
	i     int
	ok    bool
	first bool // no key read yet
}

// ReadPlainJSON starts reading the object in b.
func ReadPlainJSON[T ~string | ~[]byte](b T) PlainJSON[T] {
	r := PlainJSON[T]{b: b, ok: true, first: true}
	r.space()
	r.expect('{')
	return r
}

// Next reads the next key and its colon; false at the object's end (and
// when the input is not plain, which Done then reports).
func (r *PlainJSON[T]) Next() (T, bool) {
	r.space()
	var none T
	if !r.ok || r.i >= len(r.b) {
		r.ok = false
		return none, false
	}
	if r.b[r.i] == '}' {
		return none, false
	}
	if !r.first {
		r.expect(',')
		r.space()
	}
	r.first = false
	key := r.plain()
	r.space()
	r.expect(':')
	r.space()
	return key, r.ok
}

// Done says whether the whole input was one plain object, read to its end.
func (r *PlainJSON[T]) Done() bool {
	r.expect('}')
	r.space()
	return r.ok && r.i == len(r.b)
}

// Fail marks the input not plain (a key the caller does not know).
func (r *PlainJSON[T]) Fail() { r.ok = false }

// String reads a plain string; known, when one of them is equal to it, is
// answered instead of a new string.
func (r *PlainJSON[T]) String(known ...string) string {
	s := r.plain()
	for _, k := range known {
		if string(s) == k {
			return k
		}
	}
	return string(s)
}

// Strings reads an array of plain strings.
func (r *PlainJSON[T]) Strings() []string {
	r.expect('[')
	var out []string
	for r.space(); r.ok && r.i < len(r.b) && r.b[r.i] != ']'; r.space() {
		if len(out) > 0 {
			r.expect(',')
			r.space()
		}
		out = append(out, string(r.plain()))
	}
	r.expect(']')
	if out == nil && r.ok {
		out = []string{}
	}
	return out
}

// Int reads an integer of at most 18 digits.
func (r *PlainJSON[T]) Int() int {
	neg := r.i < len(r.b) && r.b[r.i] == '-'
	if neg {
		r.i++
	}
	start, n := r.i, 0
	for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
		n = n*10 + int(r.b[r.i]-'0')
		r.i++
	}
	digits := r.i - start
	if digits == 0 || digits > 18 || (digits > 1 && r.b[start] == '0') {
		r.ok = false
		return 0
	}
	if r.i < len(r.b) && (r.b[r.i] == '.' || r.b[r.i] == 'e' || r.b[r.i] == 'E') {
		r.ok = false
	}
	if neg {
		return -n
	}
	return n
}

// Time reads a time as encoding/json does: time.Time's UnmarshalJSON of
// the quoted string.
func (r *PlainJSON[T]) Time() time.Time {
	start := r.i
	r.plain()
	var t time.Time
	if r.ok && t.UnmarshalJSON([]byte(r.b[start:r.i])) != nil {
		r.ok = false
	}
	return t
}

// plain reads a string of printable ASCII without escapes, quotes excluded.
func (r *PlainJSON[T]) plain() T {
	var none T
	if !r.ok || r.i >= len(r.b) || r.b[r.i] != '"' {
		r.ok = false
		return none
	}
	start := r.i + 1
	for j := start; j < len(r.b); j++ {
		switch c := r.b[j]; {
		case c == '"':
			r.i = j + 1
			return r.b[start:j]
		case c == '\\' || c < 0x20 || c >= 0x7f:
			r.ok = false
			return none
		}
	}
	r.ok = false
	return none
}

func (r *PlainJSON[T]) expect(c byte) {
	if r.ok && r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return
	}
	r.ok = false
}

func (r *PlainJSON[T]) space() {
	for r.i < len(r.b) && (r.b[r.i] == ' ' || r.b[r.i] == '\n' || r.b[r.i] == '\t' || r.b[r.i] == '\r') {
		r.i++
	}
}
