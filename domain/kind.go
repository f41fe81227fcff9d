package domain

import "encoding/json"

// Kind declares one event type of an aggregate, in the one place where the
// aggregate lists its events (its Kinds function): the name and schema
// version the log stores it under, the natural id a retry is recognised by,
// whether a correction may replace it, and the rules recording it applies,
// which the audit trail names. The wiring registers every aggregate's kinds;
// nothing else keeps a list of event types.
type Kind struct {
	Name    string
	Version int
	// Decode reads the event from its JSON.
	Decode func([]byte) (Event, error)
	// NaturalKey is the natural id of a fact of this kind ("trophy:" +
	// activity_id), from which a write derives its event ids so that a retry
	// is recorded once; nil when the kind has none.
	NaturalKey func(Event) string
	// Correctable kinds may be named by a correction (and replaced).
	Correctable bool
	// Rules are the rule IDs that recording the event applies.
	Rules []string
}

// Declare declares event type E at a schema version, with the rules that
// recording it applies.
func Declare[E Event](version int, rules ...string) Kind {
	var zero E
	if rules == nil {
		rules = []string{}
	}
	return Kind{Name: zero.EventType(), Version: version, Rules: rules, Decode: func(b []byte) (Event, error) {
		var e E
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, err
		}
		return e, nil
	}}
}

// DecodedBy gives the kind a decoder of the JSON its own encoder writes
// (PlainJSON), tried before encoding/json: when it is not ok, encoding/json
// decodes the data as before, errors included.
func (k Kind) DecodedBy(plain func([]byte) (Event, bool)) Kind {
	general := k.Decode
	k.Decode = func(b []byte) (Event, error) {
		if e, ok := plain(b); ok {
			return e, nil
		}
		return general(b)
	}
	return k
}

// Keyed gives the kind its natural id.
func (k Kind) Keyed(key func(Event) string) Kind { k.NaturalKey = key; return k }

// Corrigible lets a correction name (and replace) events of the kind.
func (k Kind) Corrigible() Kind { k.Correctable = true; return k }

// Fold is one kind of an aggregate with how the aggregate folds it.
type Fold[S any] struct {
	Kind  Kind
	apply func(S, Event) S
}

// On declares event type E at a schema version for an aggregate of state S,
// with how S folds it and the rules recording it applies.
func On[S any, E Event](version int, fold func(S, E) S, rules ...string) Fold[S] {
	return Fold[S]{Kind: Declare[E](version, rules...), apply: func(s S, e Event) S { return fold(s, e.(E)) }}
}

// Keyed gives the kind its natural id.
func (f Fold[S]) Keyed(key func(Event) string) Fold[S] { f.Kind = f.Kind.Keyed(key); return f }

// DecodedBy gives the kind a decoder of its plain JSON (Kind.DecodedBy).
func (f Fold[S]) DecodedBy(plain func([]byte) (Event, bool)) Fold[S] {
	f.Kind = f.Kind.DecodedBy(plain)
	return f
}

// Corrigible lets a correction name (and replace) events of the kind.
func (f Fold[S]) Corrigible() Fold[S] { f.Kind = f.Kind.Corrigible(); return f }

// Aggregate is an aggregate's declaration: every kind of event its streams
// hold and how its state folds each. Evolve is a look-up in it, so a kind
// cannot be declared without being folded.
type Aggregate[S any] struct {
	Name   string
	kinds  []Kind
	byName map[string]int
	folds  map[string]func(S, Event) S
}

// NewAggregate declares an aggregate.
func NewAggregate[S any](name string, folds ...Fold[S]) *Aggregate[S] {
	a := &Aggregate[S]{Name: name, byName: make(map[string]int, len(folds)), folds: make(map[string]func(S, Event) S, len(folds))}
	for _, f := range folds {
		if _, dup := a.folds[f.Kind.Name]; dup {
			panic(name + ": " + f.Kind.Name + " declared twice")
		}
		a.byName[f.Kind.Name] = len(a.kinds)
		a.kinds = append(a.kinds, f.Kind)
		a.folds[f.Kind.Name] = f.apply
	}
	return a
}

// Evolve folds e into s. An event of a kind the aggregate does not declare
// leaves s as it is (its stream never holds one: the store only accepts
// what the catalogue, built from the declarations, can read back).
func (a *Aggregate[S]) Evolve(s S, e Event) S {
	if fold, ok := a.folds[e.EventType()]; ok {
		return fold(s, e)
	}
	return s
}

// Kinds are the aggregate's kinds, in declaration order.
func (a *Aggregate[S]) Kinds() []Kind { return a.kinds }

// Kind is the declaration of the named kind.
func (a *Aggregate[S]) Kind(name string) (Kind, bool) {
	i, ok := a.byName[name]
	if !ok {
		return Kind{}, false
	}
	return a.kinds[i], true
}

// Folds tells whether the aggregate folds the named kind.
func (a *Aggregate[S]) Folds(name string) bool { _, ok := a.folds[name]; return ok }

// NaturalKey is the natural id of e by its kind's declaration ("" when the
// kind has none): the key a write derives its event ids from.
func (a *Aggregate[S]) NaturalKey(e Event) string {
	if k, ok := a.Kind(e.EventType()); ok && k.NaturalKey != nil {
		return k.NaturalKey(e)
	}
	return ""
}
