package participant

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// EventCorrected fixes a mistake without changing history: it names the
// original event, says why, and may carry its replacement (an event of the
// same type, decided by the same rules as a new command). The original stays
// in the log; folds skip it and put the replacement in its place.
type EventCorrected struct {
	CorrectedEventID string          `json:"corrected_event_id"`
	CorrectedType    string          `json:"corrected_type"`
	Reason           string          `json:"reason"`
	Replacement      json.RawMessage `json:"replacement,omitempty" swaggertype:"object"`
}

// DisputeFiled contests a graduation decision.
type DisputeFiled struct {
	DisputeID       string `json:"dispute_id"`
	DecisionEventID string `json:"decision_event_id"`
	MeetingRef      string `json:"meeting_ref"`
	Reason          string `json:"reason"`
	FiledBy         string `json:"filed_by"`
}

// DisputeResolved settles a dispute; an upheld dispute lets an admin record
// a redecision for the participant.
type DisputeResolved struct {
	DisputeID string `json:"dispute_id"`
	Outcome   string `json:"outcome"`
	Note      string `json:"note"`
}

func (EventCorrected) EventType() string  { return "EventCorrected" }
func (DisputeFiled) EventType() string    { return "DisputeFiled" }
func (DisputeResolved) EventType() string { return "DisputeResolved" }

// Dispute outcomes.
const (
	Upheld   = "upheld"
	Rejected = "rejected"
)

// Fold folds a whole stream honouring corrections: an event named by a later
// EventCorrected is skipped, and the correction's replacement, if any, is
// folded in its place. It is the one fold behind the live projection, replay
// and the audit trail whenever a stream holds a correction.
func Fold(history []domain.Identified) State {
	corrections := map[string]EventCorrected{}
	for _, h := range history {
		if c, ok := h.Event.(EventCorrected); ok {
			corrections[c.CorrectedEventID] = c
		}
	}
	s := Initial()
	for _, h := range history {
		e := h.Event
		if c, ok := corrections[h.ID]; ok {
			if key := NaturalKey(e); key != "" {
				if s.Freed == nil {
					s.Freed = map[string]int{}
				}
				s.Freed[key]++
			}
			if len(c.Replacement) == 0 {
				s.Corrected = append(s.Corrected, h.ID)
				continue
			}
			if r, err := decodeReplacement(c.CorrectedType, c.Replacement); err == nil {
				e = r
			}
		}
		s = Evolve(s, e)
	}
	s.Stale = false
	return s
}

func decodeReplacement(typ string, b []byte) (domain.Event, error) {
	k, ok := Aggregate.Kind(typ)
	if !ok || !k.Correctable {
		return nil, fmt.Errorf("%s cannot be corrected", typ)
	}
	return k.Decode(b)
}

// Correct asks for a correction of event EventID (found in the stream's
// history) with an optional replacement, decided by the decider of its type
// against the participant as they stood just before the original (before)
// or as they stand with every event but the original (without): a count
// such as a catalogue's offer is judged against without, an order such as an
// attempt's number against before.
type Correct struct {
	EventID     string
	Reason      string
	Replacement func(before, without State, original domain.Event) ([]domain.Event, error)
}

// DecideCorrection records EventCorrected. The original must be a learning
// fact of this participant not corrected yet; a graduation decision is
// contested by a dispute instead.
func DecideCorrection(history []domain.Identified, c Correct) ([]domain.Event, error) {
	if strings.TrimSpace(c.Reason) == "" {
		return nil, domain.Refuse("", "reason", "a correction says why")
	}
	if msg := domain.Text("reason", c.Reason, domain.MaxTextLen); msg != "" {
		return nil, domain.Refuse("R-INPUT-2", "reason", msg)
	}
	if !domain.ValidID(c.EventID) {
		return nil, domain.Refuse("R-INPUT-2", "event_id", "event_id is the id of a recorded event (1-64 letters, digits, '.', '_', ':' or '-')")
	}
	at := -1
	var prior *EventCorrected
	var others []domain.Identified
	for i, h := range history {
		if h.ID == c.EventID {
			at = i
		}
		if k, ok := h.Event.(EventCorrected); ok && k.CorrectedEventID == c.EventID {
			prior = &k
			continue
		}
		others = append(others, h)
	}
	if prior != nil {
		// The same correction again is a repeat; another one is a conflict.
		again, err := DecideCorrection(others, c)
		if err == nil && reflect.DeepEqual(again[0], domain.Event(*prior)) {
			return []domain.Event{*prior}, nil
		}
		return nil, domain.Conflict("", "event "+c.EventID+" is already corrected")
	}
	if at < 0 {
		return nil, domain.Refuse("", "event_id", "no event "+c.EventID+" in this participant's stream")
	}
	original := history[at].Event
	typ := original.EventType()
	if k, ok := Aggregate.Kind(typ); !ok || !k.Correctable {
		return nil, domain.Refuse("", "event_id", typ+" cannot be corrected: "+correctionAdvice(original))
	}
	e := EventCorrected{CorrectedEventID: c.EventID, CorrectedType: typ, Reason: c.Reason}
	if c.Replacement != nil {
		before := Fold(history[:at])
		without := Fold(append(append([]domain.Identified{}, history[:at]...), history[at+1:]...))
		// A correction is let in after the graduation meeting (the meeting's
		// closure is for new learning events), so it is judged as if open.
		without.Decisions = nil
		decided, err := c.Replacement(before, without, original)
		if err != nil {
			return nil, err
		}
		if len(decided) != 1 || decided[0].EventType() != typ {
			return nil, domain.Refuse("", "replacement", "a replacement is one event of the type it replaces ("+typ+")")
		}
		raw, err := json.Marshal(decided[0])
		if err != nil {
			return nil, err
		}
		e.Replacement = raw
	}
	return []domain.Event{e}, nil
}

func correctionAdvice(e domain.Event) string {
	switch e.(type) {
	case GraduationDecided:
		return "file a dispute against a decision"
	case cohort.ParticipantEnrolled:
		return "an enrolment is part of the cohort's roster"
	default:
		return "only learning facts are corrected"
	}
}

// FileDispute contests a graduation decision.
type FileDispute struct {
	DecisionEventID string
	Reason          string
	FiledBy         string
}

// DecideDispute files a dispute against one of this participant's decisions.
func DecideDispute(history []domain.Identified, c FileDispute) ([]domain.Event, error) {
	if strings.TrimSpace(c.Reason) == "" {
		return nil, domain.Refuse("", "reason", "a dispute says why")
	}
	if msg := domain.Text("reason", c.Reason, domain.MaxTextLen); msg != "" {
		return nil, domain.Refuse("R-INPUT-2", "reason", msg)
	}
	if !domain.ValidID(c.DecisionEventID) {
		return nil, domain.Refuse("R-INPUT-2", "decision_event_id", "decision_event_id is the id of a recorded GraduationDecided (1-64 letters, digits, '.', '_', ':' or '-')")
	}
	var decision *GraduationDecided
	n := 0
	for _, h := range history {
		if d, ok := h.Event.(GraduationDecided); ok && h.ID == c.DecisionEventID {
			decision = &d
		}
		if _, ok := h.Event.(DisputeFiled); ok {
			n++
		}
	}
	if decision == nil {
		return nil, domain.Refuse("R-GRAD-4", "decision_event_id", "no graduation decision "+c.DecisionEventID+" for this participant")
	}
	s := Fold(history)
	for _, d := range s.Disputes {
		if d.DecisionEventID == c.DecisionEventID && d.Outcome == "" {
			return nil, domain.Conflict("", "dispute "+d.DisputeID+" against this decision is still open")
		}
	}
	id := fmt.Sprintf("%s-%d", s.Enrolment.NIP, n+1)
	return []domain.Event{DisputeFiled{DisputeID: id, DecisionEventID: c.DecisionEventID, MeetingRef: decision.MeetingRef, Reason: c.Reason, FiledBy: c.FiledBy}}, nil
}

// DecideResolution settles an open dispute.
func DecideResolution(s State, id, outcome, note string) ([]domain.Event, error) {
	var v domain.Invalid
	if outcome != Upheld && outcome != Rejected {
		v.Add("", "outcome", "outcome is upheld or rejected")
	}
	if strings.TrimSpace(note) == "" {
		v.Add("", "note", "a resolution carries its note")
	} else if msg := domain.Text("note", note, domain.MaxTextLen); msg != "" {
		v.Add("R-INPUT-2", "note", msg)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	for _, d := range s.Disputes {
		if d.DisputeID != id {
			continue
		}
		if d.Outcome != "" {
			if d.Outcome == outcome && d.Note == note {
				return []domain.Event{DisputeResolved{DisputeID: id, Outcome: outcome, Note: note}}, nil
			}
			return nil, domain.Conflict("", "dispute "+id+" was resolved "+d.Outcome)
		}
		return []domain.Event{DisputeResolved{DisputeID: id, Outcome: outcome, Note: note}}, nil
	}
	return nil, domain.NotFound("dispute")
}

// Dispute is a dispute as the standing shows it.
type Dispute struct {
	DisputeID       string `json:"dispute_id"`
	DecisionEventID string `json:"decision_event_id"`
	MeetingRef      string `json:"meeting_ref"`
	Reason          string `json:"reason"`
	FiledBy         string `json:"filed_by"`
	Status          string `json:"status" enums:"open,upheld,rejected"`
	Outcome         string `json:"-"`
	Note            string `json:"note,omitempty"`
	Redecided       bool   `json:"redecided"`
}

// disputedOn is the date of the decision dispute id contests ("" if none).
func (s State) disputedOn(id string) domain.Date {
	for _, d := range s.Disputes {
		if d.DisputeID == id {
			if dec, ok := s.DecisionAt(d.MeetingRef); ok {
				return dec.DecidedOn
			}
		}
	}
	return ""
}

// UpheldDispute is the upheld dispute id that no redecision has used yet.
func (s State) UpheldDispute(id string) bool {
	for _, d := range s.Disputes {
		if d.DisputeID == id {
			return d.Outcome == Upheld && !d.Redecided
		}
	}
	return false
}
