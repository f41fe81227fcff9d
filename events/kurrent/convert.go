package kurrent

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/latsar/ledger/events"
)

// unknownPosition is what the server sends (as -1, read unsigned) for a
// position it does not know, for instance the commit position of an event
// read from its stream on servers before 22.6.
const unknownPosition = math.MaxUint64

// errNoPosition: the server did not say where an event is in $all.
var errNoPosition = errors.New("kurrent: the server gave no log position for an event read from its stream " +
	"(servers before EventStoreDB 22.6 leave it out; this adapter needs KurrentDB 25.1 or later)")

// GlobalPosition maps an EventStoreDB log position to the port's position.
//
// Every event this adapter writes is appended through gRPC, which commits
// implicitly: the event's prepare record commits itself, so its commit
// position and its prepare position are both the event's own offset in the
// transaction log, distinct for every event (also for the events of one
// append) and increasing in $all order. That offset is the port's position.
// When the server leaves the commit position out, the prepare position is
// used. An event with two different known
// positions was written by an explicit transaction of the legacy TCP API:
// its commit position is shared with the other events of that transaction, so
// it has no position of its own and the adapter refuses it.
func GlobalPosition(p kurrentdb.Position) (uint64, error) {
	switch {
	case p.Prepare == unknownPosition:
		return 0, errNoPosition
	case p.Commit == unknownPosition || p.Commit == p.Prepare:
		return p.Prepare, nil
	default:
		return 0, fmt.Errorf("kurrent: event at commit %d, prepare %d was written by an explicit transaction: "+
			"its commit position is shared, so it has no position of its own", p.Commit, p.Prepare)
	}
}

// LogPosition turns a position handed out by the Store back into the
// EventStoreDB position to read or subscribe from. 0 (before every event) is
// the start of $all.
func LogPosition(pos uint64) kurrentdb.AllPosition {
	if pos == 0 {
		return kurrentdb.Start{}
	}
	return kurrentdb.Position{Commit: pos, Prepare: pos}
}

// expectedFor is the client's expectation for a stream whose last revision is
// last (-1: no stream).
func expectedFor(last int64) kurrentdb.StreamState {
	if last < 0 {
		return kurrentdb.NoStream{}
	}
	return kurrentdb.Revision(uint64(last))
}

// wrongExpected reports whether err is the server refusing an append because
// the stream's revision was not the expected one, and the revision the stream
// had (-1: no stream) when the client's message tells it.
func wrongExpected(err error) (actual int64, known, ok bool) {
	var e *kurrentdb.Error
	if !errors.As(err, &e) || e.Code() != kurrentdb.ErrorCodeWrongExpectedVersion {
		return 0, false, false
	}
	if e.Err() == nil {
		return 0, false, true
	}
	actual, known = parseCurrentRevision(e.Err().Error())
	return actual, known, true
}

// currentRevisionRE matches the client's (KurrentDB-Client-Go v1.4) wrong-expected-version message:
// "wrong expected version: expecting '<expected>' but got '<current>'".
var currentRevisionRE = regexp.MustCompile(`but got '([^']*)'`)

func parseCurrentRevision(msg string) (int64, bool) {
	m := currentRevisionRE.FindStringSubmatch(msg)
	if m == nil {
		return 0, false
	}
	if m[1] == "no_stream" {
		return -1, true
	}
	v, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || v < 0 {
		return 0, false
	}
	return v, true
}

// hasCode tells whether err is an kurrentdb.Error with one of the codes.
func hasCode(err error, codes ...kurrentdb.ErrorCode) bool {
	var e *kurrentdb.Error
	if !errors.As(err, &e) {
		return false
	}
	for _, c := range codes {
		if e.Code() == c {
			return true
		}
	}
	return false
}

func isNotFound(err error) bool { return hasCode(err, kurrentdb.ErrorCodeResourceNotFound) }

// isPermanent tells the errors a subscription does not retry: nothing will
// change them but an operator.
func isPermanent(err error) bool {
	return hasCode(err, kurrentdb.ErrorCodeAccessDenied, kurrentdb.ErrorCodeUnauthenticated,
		kurrentdb.ErrorCodeUnsupportedFeature, kurrentdb.ErrorCodeConnectionClosed, kurrentdb.ErrorCodeParsing)
}

// recordedAtLayout is the layout of recorded_at in the user metadata: the
// one the hash chain covers (events/canonical.go), so the value is kept to
// the nanosecond.
const recordedAtLayout = "2006-01-02T15:04:05.000000000Z07:00"

// appendUserMetadata writes the user metadata of an event: the JSON object of
// events.Metadata (as events.AppendMetadataJSON writes it, hash chain
// included) with recorded_at, the time the hash covers, in front. EventStoreDB
// keeps its own creation time too, but it is set by the server after the
// event is sealed, so it cannot be the hashed one.
func appendUserMetadata(b []byte, recordedAt time.Time, md *events.Metadata) []byte {
	b = append(b, `{"recorded_at":"`...)
	b = recordedAt.UTC().AppendFormat(b, recordedAtLayout)
	b = append(b, '"')
	start := len(b)
	b = events.AppendMetadataJSON(b, md)
	if string(b[start:]) == "{}" {
		return append(b[:start], '}')
	}
	b[start] = ','
	return b
}

// userMetadata is what appendUserMetadata or stringProperties wrote.
type userMetadata struct {
	RecordedAt string `json:"recorded_at"`
	events.Metadata
	// Shadows Metadata's: a multi-stream append stores it as a string.
	SchemaVersion json.Number `json:"schema_version,omitempty"`
}

// parseUserMetadata reads what appendUserMetadata or stringProperties wrote
// (other keys, such as the $schema.* properties the server adds to events of
// a multi-stream append, are ignored). recorded_at is the zero time when
// absent (an event written by another program).
func parseUserMetadata(raw []byte) (time.Time, events.Metadata, error) {
	if len(raw) == 0 {
		return time.Time{}, events.Metadata{}, nil
	}
	var um userMetadata
	if err := json.Unmarshal(raw, &um); err != nil {
		return time.Time{}, events.Metadata{}, fmt.Errorf("metadata: %w", err)
	}
	if um.SchemaVersion != "" {
		v, err := strconv.Atoi(um.SchemaVersion.String())
		if err != nil {
			return time.Time{}, events.Metadata{}, fmt.Errorf("metadata: schema_version: %w", err)
		}
		um.Metadata.SchemaVersion = v
	}
	if um.RecordedAt == "" {
		return time.Time{}, um.Metadata, nil
	}
	at, err := time.Parse(time.RFC3339Nano, um.RecordedAt)
	if err != nil {
		return time.Time{}, events.Metadata{}, fmt.Errorf("metadata: recorded_at: %w", err)
	}
	return at.UTC(), um.Metadata, nil
}

// stringProperties rewrites user metadata as the multi-stream append carries
// it: properties whose values are strings (the client refuses any other, and
// the server stores them as a JSON object of strings), a number as its JSON
// text. parseUserMetadata reads both forms.
func stringProperties(meta []byte) ([]byte, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(meta, &fields); err != nil {
		return nil, err
	}
	props := make(map[string]string, len(fields))
	for k, v := range fields {
		var s string
		if json.Unmarshal(v, &s) != nil {
			s = string(v)
		}
		props[k] = s
	}
	return json.Marshal(props)
}

// parseID checks that id is a UUID in its canonical form (lowercase, with
// dashes): EventStoreDB stores the 16 bytes, so any other spelling would
// come back different from what the caller proposed.
func parseID(id string) (uuid.UUID, error) {
	u, err := uuid.Parse(id)
	if err != nil {
		return uuid.Nil, fmt.Errorf("kurrent: event id %q is not a UUID: %w", id, err)
	}
	if u.String() != id {
		return uuid.Nil, fmt.Errorf("kurrent: event id %q must be written as %q", id, u.String())
	}
	if u == uuid.Nil {
		return uuid.Nil, errors.New("kurrent: the nil UUID is not an event id")
	}
	return u, nil
}

// toEventData turns a sealed event into what the client appends: the port's
// id, type and data as they are, content type JSON, and the user metadata of
// appendUserMetadata.
func toEventData(rec *events.Recorded) (kurrentdb.EventData, error) {
	id, err := parseID(rec.ID)
	if err != nil {
		return kurrentdb.EventData{}, err
	}
	return kurrentdb.EventData{
		EventID:     id,
		EventType:   rec.Type,
		ContentType: kurrentdb.ContentTypeJson,
		Data:        rec.Data,
		Metadata:    appendUserMetadata(nil, rec.RecordedAt, &rec.Metadata),
	}, nil
}

// fromRecordedEvent turns an event read from EventStoreDB into the port's
// Recorded. An event without recorded_at in its metadata (not written by
// this adapter) gets the server's creation time.
func fromRecordedEvent(ev *kurrentdb.RecordedEvent) (events.Recorded, error) {
	pos, err := GlobalPosition(ev.Position)
	if err != nil {
		return events.Recorded{}, fmt.Errorf("%s@%d: %w", ev.StreamID, ev.EventNumber, err)
	}
	at, md, err := parseUserMetadata(ev.UserMetadata)
	if err != nil {
		return events.Recorded{}, fmt.Errorf("kurrent: %s@%d: %w", ev.StreamID, ev.EventNumber, err)
	}
	if at.IsZero() {
		at = ev.CreatedDate.UTC()
	}
	var data []byte
	if len(ev.Data) > 0 {
		data = ev.Data
	}
	return events.Recorded{
		ID:         ev.EventID.String(),
		Type:       ev.EventType,
		Stream:     ev.StreamID,
		Revision:   ev.EventNumber,
		Position:   pos,
		RecordedAt: at,
		Data:       data,
		Metadata:   md,
	}, nil
}

// prefixes are the stream-name prefixes of the ledger's streams. The global
// log of a Store (ReadAll, Subscribe, HeadPosition) is the events of streams
// with one of them; EventStoreDB's own streams ($…) and the adapter's id
// claims are not part of it.
type prefixes []string

// match tells whether stream belongs to the global log.
func (p prefixes) match(stream string) bool {
	for _, pre := range p {
		if strings.HasPrefix(stream, pre) {
			return true
		}
	}
	return false
}

// filter is the server-side filter of a subscription to $all.
func (p prefixes) filter() *kurrentdb.SubscriptionFilter {
	return &kurrentdb.SubscriptionFilter{Type: kurrentdb.StreamFilterType, Prefixes: append([]string(nil), p...)}
}
