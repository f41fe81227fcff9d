package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
)

// decodeBody reads a JSON body strictly: 415 unless JSON in UTF-8 without a
// content coding, 400 when it is not JSON (or not UTF-8), 422 naming the
// field when a value has the wrong type or a field is unknown, differs from
// its documented name in case, or appears twice (R-INPUT-1: a typo in a
// field name would otherwise be silently dropped, and encoding/json matches
// names case-insensitively and keeps the last of two).
func decodeBody(c echo.Context, dst any) error {
	req := c.Request()
	if err := checkEncoding(req.Header); err != nil {
		c.Response().Header().Set("Accept-Encoding", "identity")
		return err
	}
	body, err := readBody(req)
	if err != nil {
		return err
	}
	return decodeJSON(body, dst)
}

// readBody reads the request's body: 413 beyond the body limit, 400 when it
// cannot be read. A body a middleware read and kept (keepBody) is answered
// without reading and copying it again.
func readBody(req *http.Request) ([]byte, error) {
	if kept, ok := req.Body.(*keptBody); ok && kept.Len() == len(kept.b) {
		return kept.b, nil
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		return nil, echo.NewHTTPError(http.StatusBadRequest)
	}
	return body, nil
}

// keepBody puts body, already read, back as the request's body, for the
// middleware and handler after this one.
func keepBody(req *http.Request, body []byte) {
	req.Body = &keptBody{Reader: bytes.NewReader(body), b: body}
}

// keptBody is a request body read once and kept.
type keptBody struct {
	*bytes.Reader
	b []byte
}

func (*keptBody) Close() error { return nil }

// checkEncoding admits a JSON media type in UTF-8 (R-INPUT-1): a charset
// parameter, if any, is utf-8 or us-ascii (a subset), and the only content
// coding is identity. Anything else would be read as UTF-8 JSON anyway and
// mean something else than the client meant, so it is 415, naming the header.
func checkEncoding(h http.Header) error {
	mt, params, err := mime.ParseMediaType(h.Get(echo.HeaderContentType))
	if err != nil || !(mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return unsupported(echo.HeaderContentType, "the body is JSON: Content-Type application/json")
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "us-ascii") {
		return unsupported(echo.HeaderContentType, "the body is JSON in UTF-8: charset "+strconv.Quote(cs)+" is not accepted")
	}
	for _, v := range h.Values(echo.HeaderContentEncoding) {
		for _, coding := range strings.Split(v, ",") {
			if coding = strings.TrimSpace(coding); coding != "" && !strings.EqualFold(coding, "identity") {
				return unsupported(echo.HeaderContentEncoding, "the body is sent without a content coding: "+strconv.Quote(coding)+" is not accepted")
			}
		}
	}
	return nil
}

func unsupported(header, message string) error {
	return &domain.Error{Code: codeUnsupported, Rule: "R-INPUT-1", Message: message,
		Fields: []domain.FieldError{{Field: header, Message: message}}}
}

// decodeJSON decodes body into dst (a pointer to a request struct) strictly:
// see decodeBody.
func decodeJSON(body []byte, dst any) error {
	if !utf8.Valid(body) {
		return &domain.Error{Code: codeMalformed, Rule: "R-INPUT-1", Message: "the body is not valid UTF-8"}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil && dec.More() {
		err = errors.New("trailing data after the JSON value")
	}
	if err == nil {
		return exactFields(body, reflect.TypeOf(dst))
	}
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return &domain.Error{Code: codeMalformed, Message: "the body must be a JSON object"}
		}
		if inner := fieldAt(body, reflect.TypeOf(dst), typeErr.Offset); strings.HasPrefix(inner, field) {
			field = inner // encoding/json leaves map keys out: trophy_catalogue.substansi_1.1
		}
		return domain.Refuse("", field, field+" must be "+jsonKind(typeErr.Type.String())+", not "+typeErr.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		if field == "" {
			field = `""` // an empty key is still named
		}
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
type fields struct {
	domain.Invalid
	clock func() time.Time // nil: time.Now; what facts may not be dated after (R-DATE-5)
}

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

// time reads the time of a fact: RFC 3339 with at most nine fractional
// digits (R-INPUT-4), not before 2000 nor more than a day ahead (R-DATE-5).
func (f *fields) time(name, value string) time.Time {
	if value == "" {
		f.Add("", name, name+" is required (RFC 3339 time)")
		return time.Time{}
	}
	t, err := domain.ParseTime(value)
	if err != nil {
		f.Add("R-INPUT-4", name, name+" is an RFC 3339 time such as 2024-07-01T08:00:00Z: "+err.Error())
		return time.Time{}
	}
	if msg := domain.FactTime(name, t, f.now()); msg != "" {
		f.Add("R-DATE-5", name, msg)
	}
	return t
}

// date reads the date of a fact: YYYY-MM-DD, not before 2000 nor more than a
// day ahead (R-DATE-5).
func (f *fields) date(name, value string) domain.Date {
	d, ok := domain.ParseDate(value)
	if !ok {
		f.Add("", name, name+" is a date YYYY-MM-DD")
		return d
	}
	if msg := domain.FactDate(name, d, f.now()); msg != "" {
		f.Add("R-DATE-5", name, msg)
	}
	return d
}

// factDate checks a date of a fact that the domain reads itself (R-DATE-5),
// when it is a date at all: the domain names a malformed one with the rest.
func (f *fields) factDate(name, value string) {
	if d, ok := domain.ParseDate(value); ok {
		if msg := domain.FactDate(name, d, f.now()); msg != "" {
			f.Add("R-DATE-5", name, msg)
		}
	}
}

// plannedDate checks a date that may lie ahead, such as a cohort's start:
// at most MaxPlanAhead after today (R-DATE-6), when it is a date at all.
func (f *fields) plannedDate(name, value string) {
	if d, ok := domain.ParseDate(value); ok {
		if limit := domain.Date(f.now().Add(maxPlanAhead).UTC().Format(time.DateOnly)); d > limit {
			f.Add("R-DATE-6", name, name+" is at most two years ahead ("+string(limit)+")")
		}
	}
}

// maxPlanAhead is how far ahead a cohort may be opened (R-DATE-6).
const maxPlanAhead = 2 * 366 * 24 * time.Hour

func (f *fields) now() time.Time {
	if f.clock != nil {
		return f.clock()
	}
	return time.Now()
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
	on := f.date("decided_on", decidedOn)
	if ref != "" && !domain.ValidID(ref) {
		f.Add("", "meeting_ref", "meeting_ref is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	return on
}
