package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/projections"
)

// EventRef is how a write answers each event it recorded.
type EventRef struct {
	ID         string    `json:"id" example:"01900000-0000-7000-8000-000000000000"`
	Type       string    `json:"type" example:"TrophyEarned"`
	Stream     string    `json:"stream" example:"participant-199901012024011001"`
	Revision   uint64    `json:"revision"`
	Position   uint64    `json:"position"`
	RecordedAt time.Time `json:"recorded_at" format:"date-time"`
} // @name EventRef

func refsOf(results ...events.AppendResult) []EventRef {
	n := 0
	for _, r := range results {
		n += len(r.Events)
	}
	refs := make([]EventRef, 0, n)
	for _, r := range results {
		for _, e := range r.Events {
			refs = append(refs, EventRef{ID: e.ID, Type: e.Type, Stream: e.Stream, Revision: e.Revision, Position: e.Position, RecordedAt: e.RecordedAt})
		}
	}
	return refs
}

func writeJSON(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}

// written answers a ledger write: 201 for a new record, 200 when it repeated
// one, with the position of its last event.
func written(c echo.Context, body any, w ledger.Written) error {
	c.Response().Header().Set("X-Event-Position", itoa(w.Position()))
	return c.JSON(writtenStatus(w), body)
}

func writtenStatus(w ledger.Written) int {
	if w.Repeated() {
		return http.StatusOK
	}
	return http.StatusCreated
}

// linkNext sets the Link header of a page that has a next one: the same
// request with cursor (and after, for the log) moved on (api.md: beside
// the body's next_cursor).
func linkNext(c echo.Context, param, value string) {
	u := *c.Request().URL
	q := u.Query()
	q.Set(param, value)
	u.RawQuery = q.Encode()
	c.Response().Header().Add("Link", "<"+u.RequestURI()+`>; rel="next"`)
}

// blobWithETag answers an encoded projection with an ETag of its bytes; a
// request whose If-None-Match names it is answered 304 without the body.
func blobWithETag(c echo.Context, b []byte) error {
	return documentWithETag(c, projections.DocumentOf(b))
}

// documentWithETag is blobWithETag for a document tagged already.
func documentWithETag(c echo.Context, doc projections.Document) error {
	c.Response().Header().Set("ETag", doc.ETag)
	if matches(c.Request().Header.Get("If-None-Match"), doc.ETag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.JSONBlob(http.StatusOK, doc.JSON)
}

// matches tells whether an If-None-Match list (weak tags compared as
// strong ones) names tag or is "*".
func matches(ifNoneMatch, tag string) bool {
	for rest, more := ifNoneMatch, ifNoneMatch != ""; more; {
		var m string
		m, rest, more = strings.Cut(rest, ",")
		if m = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(m), "W/")); m == tag || m == "*" {
			return true
		}
	}
	return false
}
