package api

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
)

// headerRecordedFor names, on any write, the staff member it is recorded for.
const headerRecordedFor = "Recorded-For"

const recordedForKey = "latsar.recorded_for"

// fieldRecordedFor is the body field that does the same (api.md "Additions
// of version 1"), accepted at the top of any JSON write body.
const fieldRecordedFor = "recorded_for"

// recordedFor reads the person a write is recorded for (docs/staff.md): the
// Recorded-For header, or a recorded_for field at the top of the JSON body,
// which is taken out of the body before the handler decodes it strictly
// (so every write accepts it without each request type declaring it). Both
// given must agree. The person is checked once here (R-STAFF-2, 422 naming
// recorded_for) and travels with the principal into every event's metadata.
// Reads ignore it. A batch names the person in each item's body.
func (s *Server) recordedFor(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		switch req.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		fromHeader := strings.TrimSpace(req.Header.Get(headerRecordedFor))
		if fromHeader != "" && req.URL.Path == "/v1/batch" {
			// The batch's headers do not reach its items: refuse rather than drop it.
			return domain.Refuse("R-STAFF-2", headerRecordedFor, "a batch names the person of each write in the item's body (recorded_for)")
		}
		fromBody, err := takeRecordedFor(req)
		if err != nil {
			return err
		}
		if fromHeader != "" && fromBody != "" && fromHeader != fromBody {
			return domain.Refuse("R-STAFF-2", fieldRecordedFor, "recorded_for and the Recorded-For header name different people")
		}
		id := fromBody
		if id == "" {
			id = fromHeader
		}
		if id == "" {
			return next(c)
		}
		p := principalOf(c)
		p.RecordedFor = id
		if err := s.ledger.CheckRecordedFor(req.Context(), p); err != nil {
			return err
		}
		c.Set(recordedForKey, id)
		return next(c)
	}
}

// takeRecordedFor takes a top-level recorded_for string out of a JSON body
// and answers it; any other body is left for the handler to judge.
func takeRecordedFor(req *http.Request) (string, error) {
	if req.Body == nil || req.URL.Path == "/v1/batch" {
		return "", nil
	}
	if mt, _, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType)); err != nil || !(mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return "", nil
	}
	body, err := readBody(req)
	if err != nil {
		return "", err
	}
	keepBody(req, body)
	if !bytes.Contains(body, []byte(`"`+fieldRecordedFor+`"`)) {
		return "", nil
	}
	rest, raw, found := withoutField(body, fieldRecordedFor)
	if !found {
		return "", nil
	}
	var id string
	if err := json.Unmarshal(raw, &id); err != nil || strings.TrimSpace(id) == "" {
		return "", domain.Refuse("R-STAFF-2", fieldRecordedFor, "recorded_for is a staff_id (a string)")
	}
	keepBody(req, rest)
	req.ContentLength = int64(len(rest))
	return strings.TrimSpace(id), nil
}

// withoutField is body, a JSON object, without its top-level member name:
// the other members keep their order and their bytes (scores are read from
// their raw text). found is false when body is not such an object.
func withoutField(body []byte, name string) (rest, value json.RawMessage, found bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil, false
	}
	out := []byte{'{'}
	first := true
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, false
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, false
		}
		if key == name && !found {
			value, found = raw, true
			continue
		}
		if !first {
			out = append(out, ',')
		}
		first = false
		k, _ := json.Marshal(key)
		out = append(append(append(out, k...), ':'), raw...)
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, nil, false
	}
	out = append(out, '}')
	return append(out, body[dec.InputOffset():]...), value, found
}
