// Package audit answers an auditor from the log alone: the standing as it was
// at a time or position (replay), and the trail of every event of a
// participant with who recorded it, what it changed and the rules involved.
// Both use the domain's own fold, so they cannot differ from the live standing.
package audit

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
)

// Until keeps the events recorded at or before t.
func Until(recs []events.Recorded, t time.Time) []events.Recorded {
	n := 0
	for n < len(recs) && !recs[n].RecordedAt.After(t) {
		n++
	}
	return recs[:n]
}

// Standing folds a participant's events (already cut to the point wanted)
// into the standing document, as the live projection would have shown it.
func Standing(catalogue *events.Catalogue, recs []events.Recorded) (participant.Standing, bool, error) {
	history, err := catalogue.DecodeAll(recs)
	if err != nil {
		return participant.Standing{}, false, err
	}
	s := participant.Fold(history)
	if !s.Enrolled() {
		return participant.Standing{}, false, nil
	}
	st := participant.StandingOf(s)
	if len(recs) > 0 {
		st.Position = recs[len(recs)-1].Position
	}
	return st, true, nil
}

// Change is one field of the standing an event changed.
type Change struct {
	Field  string `json:"field" example:"mooc.trophies.total"`
	Before any    `json:"before" extensions:"x-nullable"`
	After  any    `json:"after" extensions:"x-nullable"`
} // @name AuditChange

// Entry is one event of the trail.
type Entry struct {
	Position    uint64          `json:"position"`
	Revision    uint64          `json:"revision"`
	ID          string          `json:"id"`
	Type        string          `json:"type"`
	RecordedAt  time.Time       `json:"recorded_at"`
	Actor       string          `json:"actor"`
	Role        string          `json:"role"`
	Institution string          `json:"institution,omitempty"`
	Agency      string          `json:"agency,omitempty"`
	Idempotency string          `json:"idempotency_key,omitempty"`
	Correlation string          `json:"correlation_id,omitempty"`
	Ruleset     string          `json:"ruleset,omitempty"`
	Hash        string          `json:"hash"`
	PrevHash    string          `json:"prev_hash"`
	Data        json.RawMessage `json:"data" swaggertype:"object"`
	Changes     []Change        `json:"changes"`
	Rules       []string        `json:"rules"`
	// CorrectedBy names the correction of this event, Corrects the event a
	// correction names; Disputes lists disputes filed against a decision.
	CorrectedBy string   `json:"corrected_by,omitempty"`
	Corrects    string   `json:"corrects,omitempty"`
	Disputes    []string `json:"disputes,omitempty"`
	// Who, by name (docs/staff.md): the staff member the write was recorded
	// for (recorded_for, and person with their name), the token's name, the
	// people the event itself names (the examiner of a score, the coach of
	// a review), and what the write recorded without refusing.
	RecordedFor string           `json:"recorded_for,omitempty"`
	Person      *Person          `json:"person,omitempty"`
	ActorName   string           `json:"actor_name,omitempty"`
	Staff       []Person         `json:"staff,omitempty"`
	Warnings    []domain.Warning `json:"warnings,omitempty"`
} // @name AuditEntry

// Trail walks a participant's stream event by event. After each event the
// standing is folded with the same fold as the live projection (corrections
// honoured from the moment they were recorded), and the fields that differ
// from the standing before it are listed.
func Trail(catalogue *events.Catalogue, recs []events.Recorded) ([]Entry, error) {
	history, err := catalogue.DecodeAll(recs)
	if err != nil {
		return nil, err
	}
	correctedBy := map[string]string{}
	disputes := map[string][]string{}
	for _, h := range history {
		switch e := h.Event.(type) {
		case participant.EventCorrected:
			correctedBy[e.CorrectedEventID] = h.ID
		case participant.DisputeFiled:
			disputes[e.DecisionEventID] = append(disputes[e.DecisionEventID], e.DisputeID)
		}
	}
	entries := make([]Entry, len(recs))
	before := map[string]any{}
	state := participant.Initial()
	for i, r := range recs {
		state = participant.Evolve(state, history[i].Event)
		if state.Stale {
			state = participant.Fold(history[:i+1])
		}
		after := flatStanding(state, r.Position)
		md := r.Metadata
		entries[i] = Entry{
			Position: r.Position, Revision: r.Revision, ID: r.ID, Type: r.Type, RecordedAt: r.RecordedAt,
			Actor: md.Actor, Role: md.Role, Institution: md.Institution, Agency: md.Agency,
			Idempotency: md.IdempotencyKey, Correlation: md.CorrelationID, Ruleset: md.Ruleset,
			Hash: md.Hash, PrevHash: md.PrevHash, Data: json.RawMessage(r.Data),
			Changes: diff(before, after), Rules: rulesOf(history[i].Event, before, after),
			CorrectedBy: correctedBy[r.ID], Disputes: disputes[r.ID],
		}
		if c, ok := history[i].Event.(participant.EventCorrected); ok {
			entries[i].Corrects = c.CorrectedEventID
		}
		entries[i].RecordedFor = md.RecordedFor
		if a, ok := history[i].Event.(domain.Attributed); ok {
			for _, ref := range a.StaffNamed() {
				entries[i].Staff = append(entries[i].Staff, Person{StaffID: ref.StaffID, As: ref.As})
			}
		}
		if w, ok := history[i].Event.(domain.Warned); ok {
			entries[i].Warnings = w.Warnings()
		}
		before = after
	}
	return entries, nil
}

// Person is a staff member as the trail shows them: their id, their
// registered name (empty when the ledger does not know it) and, for the
// people an event names, as what.
type Person struct {
	StaffID string `json:"staff_id" example:"penguji-rina"`
	Name    string `json:"name,omitempty" example:"Dr. Rina Kartika"`
	As      string `json:"as,omitempty" example:"examiner"`
} // @name AuditPerson

// Name puts names to the people and tokens of a trail: staffName and
// tokenName answer "" for whom they do not know.
func Name(entries []Entry, staffName, tokenName func(id string) string) {
	staff, tokens := map[string]string{}, map[string]string{}
	lookup := func(cache map[string]string, find func(string) string, id string) string {
		if n, ok := cache[id]; ok {
			return n
		}
		n := find(id)
		cache[id] = n
		return n
	}
	for i := range entries {
		e := &entries[i]
		if e.RecordedFor != "" {
			e.Person = &Person{StaffID: e.RecordedFor, Name: lookup(staff, staffName, e.RecordedFor)}
		}
		for j := range e.Staff {
			e.Staff[j].Name = lookup(staff, staffName, e.Staff[j].StaffID)
		}
		if e.Actor != "" {
			e.ActorName = lookup(tokens, tokenName, e.Actor)
		}
	}
}

// flatStanding is the standing as dotted paths to JSON values, without the
// position (which every event changes).
func flatStanding(s participant.State, position uint64) map[string]any {
	out := map[string]any{}
	if !s.Enrolled() {
		return out
	}
	b, _ := json.Marshal(participant.StandingOf(s))
	var v any
	_ = json.Unmarshal(b, &v)
	flatten("", v, out)
	delete(out, "position")
	return out
}

func flatten(prefix string, v any, out map[string]any) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			key := k
			if prefix != "" {
				key = prefix + "." + k
			}
			flatten(key, x, out)
		}
	case []any:
		if len(t) == 0 {
			out[prefix] = t
		}
		for i, x := range t {
			flatten(fmt.Sprintf("%s[%d]", prefix, i), x, out)
		}
	default:
		out[prefix] = t
	}
}

func diff(before, after map[string]any) []Change {
	var changes []Change
	for k, a := range after {
		b, ok := before[k]
		if !ok || !equalJSON(a, b) {
			changes = append(changes, Change{Field: k, Before: b, After: a})
		}
	}
	for k, b := range before {
		if _, ok := after[k]; !ok {
			changes = append(changes, Change{Field: k, Before: b, After: nil})
		}
	}
	slices.SortFunc(changes, func(x, y Change) int {
		switch {
		case x.Field < y.Field:
			return -1
		case x.Field > y.Field:
			return 1
		}
		return 0
	})
	if changes == nil {
		changes = []Change{}
	}
	return changes
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// rulesOf names the rules an event was decided under, and those whose
// outcome it moved.
func rulesOf(e domain.Event, before, after map[string]any) []string {
	var rules []string
	if k, ok := participant.Aggregate.Kind(e.EventType()); ok {
		rules = append(rules, k.Rules...) // declared with the event's kind
	}
	// The rules that depend on what the event changed, or on what it says.
	switch e := e.(type) {
	case participant.TrophyEarned:
		if !equalJSON(before["mooc.attitude_score"], after["mooc.attitude_score"]) {
			rules = append(rules, "R-TRO-7")
		}
	case participant.ComponentScored:
		if e.Component.Examined() {
			rules = append(rules, "R-STAFF-3")
		}
	case participant.GraduationDecided:
		rules = append(rules, e.Rules...)
		if len(e.Awards) > 0 {
			rules = append(rules, "R-AWARD-1")
		}
	}
	if !equalJSON(before["mooc.passed"], after["mooc.passed"]) {
		rules = append(rules, "R-POST-4")
	}
	if rules == nil {
		rules = []string{}
	}
	return slices.Compact(rules)
}
