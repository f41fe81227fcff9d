package events

import (
	"encoding/json"
	"fmt"

	"github.com/latsar/ledger/domain"
)

// Catalogue maps each domain event type to its JSON name and schema version,
// and back. One is built in main and passed to whoever encodes or decodes.
type Catalogue struct {
	byName map[string]entry
}

type entry struct {
	version int
	decode  func(data []byte) (domain.Event, error)
	// upcast turns data of an older schema version into the current one.
	upcast func(version int, data []byte) ([]byte, error)
}

// NewCatalogue returns an empty catalogue.
func NewCatalogue() *Catalogue { return &Catalogue{byName: make(map[string]entry)} }

// Register adds event type E at the given schema version.
func Register[E domain.Event](c *Catalogue, version int) {
	var zero E
	c.byName[zero.EventType()] = entry{
		version: version,
		decode: func(data []byte) (domain.Event, error) {
			var e E
			if err := json.Unmarshal(data, &e); err != nil {
				return nil, err
			}
			return e, nil
		},
	}
}

// RegisterKind adds an event kind an aggregate declares. A kind two
// aggregates share (ParticipantEnrolled is on the roster and in the
// participant's stream) is registered once; declaring it at two versions is
// a bug the wiring's test catches.
func (c *Catalogue) RegisterKind(k domain.Kind) error {
	if en, ok := c.byName[k.Name]; ok {
		if en.version != k.Version {
			return fmt.Errorf("event type %s declared at versions %d and %d", k.Name, en.version, k.Version)
		}
		return nil
	}
	c.byName[k.Name] = entry{version: k.Version, decode: k.Decode}
	return nil
}

// Names are the registered event types.
func (c *Catalogue) Names() []string {
	names := make([]string, 0, len(c.byName))
	for n := range c.byName {
		names = append(names, n)
	}
	return names
}

// Upcaster registers how to bring data of older versions of event type name
// to the current version.
func (c *Catalogue) Upcaster(name string, upcast func(version int, data []byte) ([]byte, error)) {
	en := c.byName[name]
	en.upcast = upcast
	c.byName[name] = en
}

// Version is the current schema version of the named event type (0 if unknown).
func (c *Catalogue) Version(name string) int { return c.byName[name].version }

// Encode gives the type name and JSON of e; it refuses unregistered types so
// that nothing reaches the log that cannot be read back.
func (c *Catalogue) Encode(e domain.Event) (string, []byte, error) {
	name := e.EventType()
	if _, ok := c.byName[name]; !ok {
		return "", nil, fmt.Errorf("event type %s is not in the catalogue", name)
	}
	data, err := json.Marshal(e)
	return name, data, err
}

// Decode turns a recorded event back into its domain event.
func (c *Catalogue) Decode(r Recorded) (domain.Event, error) {
	en, ok := c.byName[r.Type]
	if !ok {
		return nil, fmt.Errorf("event %s at position %d: type %s is not in the catalogue", r.ID, r.Position, r.Type)
	}
	data := r.Data
	if v := r.Metadata.SchemaVersion; v != 0 && v < en.version {
		if en.upcast == nil {
			return nil, fmt.Errorf("event %s: no upcaster from %s v%d", r.ID, r.Type, v)
		}
		var err error
		if data, err = en.upcast(v, data); err != nil {
			return nil, fmt.Errorf("event %s: upcast %s v%d: %w", r.ID, r.Type, v, err)
		}
	}
	e, err := en.decode(data)
	if err != nil {
		return nil, fmt.Errorf("event %s (%s): %w", r.ID, r.Type, err)
	}
	return e, nil
}

// DecodeAll decodes a stream's events with their ids, for the folds that
// tell events apart (corrections name the event they correct).
func (c *Catalogue) DecodeAll(recs []Recorded) ([]domain.Identified, error) {
	out := make([]domain.Identified, len(recs))
	for i, r := range recs {
		e, err := c.Decode(r)
		if err != nil {
			return nil, err
		}
		out[i] = domain.Identified{ID: r.ID, Event: e}
	}
	return out, nil
}
