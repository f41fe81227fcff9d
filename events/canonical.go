package events

import (
	"encoding/json"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/latsar/ledger/domain"
)

// The canonical form an event's hash covers is written by hand rather than by
// encoding/json: it is a format auditors must be able to recompute forever, so
// its field order and escaping are spelled out here, and it is on the write
// path of every event, where reflection cost a quarter of the store's CPU.
//
//	{"id":…,"type":…,"stream":…,"revision":N,"recorded_at":"RFC 3339 with 9 decimals",
//	 "data":<the data bytes exactly as recorded>,"metadata":<AppendMetadataJSON without hash>}
//
// The metadata carries prev_hash and, when the store chains the log,
// prev_global, so one hash seals the event in both chains.

const recordedAtLayout = "2006-01-02T15:04:05.000000000Z07:00"

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func appendCanonical(b []byte, prevHash string, e *Recorded) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, e.ID)
	b = append(b, `,"type":`...)
	b = appendJSONString(b, e.Type)
	b = append(b, `,"stream":`...)
	b = appendJSONString(b, e.Stream)
	b = append(b, `,"revision":`...)
	b = strconv.AppendUint(b, e.Revision, 10)
	b = append(b, `,"recorded_at":"`...)
	b = e.RecordedAt.UTC().AppendFormat(b, recordedAtLayout)
	b = append(b, `","data":`...)
	if len(e.Data) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, e.Data...)
	}
	b = append(b, `,"metadata":`...)
	md := e.Metadata
	md.PrevHash, md.Hash = prevHash, ""
	b = AppendMetadataJSON(b, &md)
	return append(b, '}')
}

// AppendMetadataJSON writes md as the JSON object json.Marshal would write
// (same names, same order, empty fields left out), without reflection.
func AppendMetadataJSON(b []byte, md *Metadata) []byte {
	b = append(b, '{')
	first := true
	field := func(name, v string) {
		if v == "" {
			return
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, `":`...)
		b = appendJSONString(b, v)
	}
	field("actor", md.Actor)
	field("role", md.Role)
	field("institution", md.Institution)
	field("agency", md.Agency)
	field("recorded_for", md.RecordedFor)
	field("idempotency_key", md.IdempotencyKey)
	field("correlation_id", md.CorrelationID)
	field("ruleset", md.Ruleset)
	if md.SchemaVersion != 0 {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, `"schema_version":`...)
		b = strconv.AppendInt(b, int64(md.SchemaVersion), 10)
	}
	field("prev_hash", md.PrevHash)
	field("prev_global", md.PrevGlobal)
	field("hash", md.Hash)
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does: ", \ and control
// characters escaped, <, >, & and U+2028/U+2029 escaped, invalid UTF-8
// replaced by U+FFFD, so a string read back from stored JSON hashes the same.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// ParseMetadataJSON reads what AppendMetadataJSON writes without reflection
// (every read of the log decodes it), with domain.PlainJSON; anything that
// is not plain, such as an escaped character, goes to encoding/json. Read
// from a string, the fields are substrings of it: a replay's ~150 events
// keep the metadata text the driver handed over instead of copying each
// field out of it again.
func ParseMetadataJSON[T ~string | ~[]byte](b T, md *Metadata) error {
	*md = Metadata{}
	r := domain.ReadPlainJSON(b)
	for key, more := r.Next(); more; key, more = r.Next() {
		switch string(key) {
		case "schema_version":
			md.SchemaVersion = r.Int()
		case "actor":
			md.Actor = r.String()
		case "role":
			md.Role = r.String()
		case "institution":
			md.Institution = r.String()
		case "agency":
			md.Agency = r.String()
		case "recorded_for":
			md.RecordedFor = r.String()
		case "idempotency_key":
			md.IdempotencyKey = r.String()
		case "correlation_id":
			md.CorrelationID = r.String()
		case "ruleset":
			md.Ruleset = r.String()
		case "prev_hash":
			md.PrevHash = r.String()
		case "prev_global":
			md.PrevGlobal = r.String()
		case "hash":
			md.Hash = r.String()
		default:
			r.Fail()
		}
	}
	if r.Done() {
		return nil
	}
	*md = Metadata{}
	return json.Unmarshal([]byte(b), md)
}
