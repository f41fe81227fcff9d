package api

import (
	"encoding/json"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/ledger"
)

// The trophy answer is the hottest write (issue 18): encoding/json's
// reflection over TrophyResponse was 6 % of the server's CPU under the
// trophy load. appendTrophyJSON writes the very bytes json.Encoder wrote
// (trophy_json_test.go compares them), so clients see no difference.

// writtenTrophy answers r as written answers a ledger write.
func writtenTrophy(c echo.Context, r *TrophyResponse, w ledger.Written) error {
	if c.QueryString() != "" || c.Echo().Debug {
		return written(c, r, w) // ?pretty (or debug) indents
	}
	b, err := appendTrophyJSON(make([]byte, 0, 512), r)
	if err != nil {
		return err
	}
	c.Response().Header().Set("X-Event-Position", itoa(w.Position()))
	return c.JSONBlob(writtenStatus(w), b)
}

// appendTrophyJSON appends json.Encoder's encoding of r, newline included.
func appendTrophyJSON(b []byte, r *TrophyResponse) ([]byte, error) {
	b = append(b, `{"events":`...)
	if r.Events == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Events {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendEventRefJSON(b, &r.Events[i]); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"total_trophies":`...)
	b = strconv.AppendInt(b, int64(r.TotalTrophies), 10)
	b = append(b, `,"stars":{"full":`...)
	b = strconv.AppendInt(b, int64(r.Stars.Full), 10)
	b = append(b, `,"half":`...)
	b = strconv.AppendInt(b, int64(r.Stars.Half), 10)
	b = append(b, `,"trophies":`...)
	b = strconv.AppendInt(b, int64(r.Stars.Trophies), 10)
	return append(b, "}}\n"...), nil
}

func appendEventRefJSON(b []byte, e *EventRef) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, e.ID)
	b = append(b, `,"type":`...)
	b = appendJSONString(b, e.Type)
	b = append(b, `,"stream":`...)
	b = appendJSONString(b, e.Stream)
	b = append(b, `,"revision":`...)
	b = strconv.AppendUint(b, e.Revision, 10)
	b = append(b, `,"position":`...)
	b = strconv.AppendUint(b, e.Position, 10)
	b = append(b, `,"recorded_at":"`...)
	// The text time.Time's MarshalJSON quotes (RFC 3339 with nanoseconds),
	// refusing the same years it refuses.
	b, err := e.RecordedAt.AppendText(b)
	if err != nil {
		return nil, err
	}
	return append(b, `"}`...), nil
}

// appendJSONString appends s as encoding/json quotes it: the plain ASCII of
// ids, types and stream names as it is, anything else through encoding/json
// (which escapes <, > and & too).
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
