package api

import (
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
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
	status := http.StatusCreated
	if w.Repeated() {
		status = http.StatusOK
	}
	return c.JSON(status, body)
}
