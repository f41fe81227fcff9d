package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
)

// decodeBody reads a JSON body strictly: 415 unless JSON, 400 when it is not
// JSON, 422 naming the field when a value has the wrong type or a field is
// unknown (a typo in a field name would otherwise be silently dropped).
func decodeBody(c echo.Context, dst any) error {
	req := c.Request()
	if mt, _, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType)); err != nil || !(mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType)
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	return decodeJSON(body, dst)
}

func decodeJSON(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil && dec.More() {
		err = errors.New("trailing data after the JSON value")
	}
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return &domain.Error{Code: codeMalformed, Message: "the body must be a JSON object"}
		}
		return domain.Refuse("", field, field+" must be "+jsonKind(typeErr.Type.String())+", not "+typeErr.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return domain.Refuse("", field, "unknown field "+field)
	default:
		return &domain.Error{Code: codeMalformed, Message: "the body is not valid JSON: " + err.Error()}
	}
}

func jsonKind(goType string) string {
	switch {
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"):
		return "an integer"
	case goType == "json.Number", strings.HasPrefix(goType, "float"):
		return "a number"
	case goType == "string":
		return "a string"
	case goType == "bool":
		return "a boolean"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	default:
		return "an object"
	}
}

// fields collects validation of a request's raw fields before it becomes a command.
type fields struct{ domain.Invalid }

func (f *fields) required(name, value string) string {
	if strings.TrimSpace(value) == "" {
		f.Add("", name, name+" is required")
	}
	return value
}

// score reads a raw JSON value as a score: a number (not a string) with at
// most two decimals in 0..100.
func (f *fields) score(name string, raw json.RawMessage, rule string) domain.Score {
	if len(raw) == 0 || string(raw) == "null" {
		f.Add(rule, name, name+" is required")
		return 0
	}
	if c := raw[0]; c != '-' && (c < '0' || c > '9') {
		f.Add(rule, name, name+" must be a number such as 87.5")
		return 0
	}
	s, err := domain.ParseScore(string(raw))
	if err != nil {
		f.Add(rule, name, name+": "+err.Error()+" (a score is 0-100 with at most two decimals)")
	}
	return s
}

func (f *fields) time(name, value string) time.Time {
	if value == "" {
		f.Add("", name, name+" is required (RFC 3339 time)")
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, value)
	if err != nil {
		f.Add("", name, name+" is an RFC 3339 time such as 2024-07-01T08:00:00Z")
	}
	return t
}

func (f *fields) intRange(name string, v *int, lo, hi int, rule string) int {
	if v == nil {
		f.Add(rule, name, name+" is required")
		return 0
	}
	if *v < lo || *v > hi {
		f.Add(rule, name, name+" is out of range")
	}
	return *v
}

// meeting checks the fields every meeting names: its reference and its date.
func (f *fields) meeting(ref, decidedOn string) domain.Date {
	f.required("meeting_ref", ref)
	on, ok := domain.ParseDate(decidedOn)
	if !ok {
		f.Add("", "decided_on", "decided_on is a date YYYY-MM-DD")
	}
	if ref != "" && !domain.ValidID(ref) {
		f.Add("", "meeting_ref", "meeting_ref is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	return on
}
