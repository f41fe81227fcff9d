package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain/participant"
)

// ExplainedStanding is the standing document, with explain when asked for
// (?explain=true): the derivation of every number it derives.
type ExplainedStanding struct {
	participant.Standing
	Explain *participant.Explanation `json:"explain,omitempty"`
} // @name ExplainedStanding

// explainStanding answers ?explain=true: the standing and its explanation,
// folded from the log together (now, or at ?as_of / ?at_position).
func (s *Server) explainStanding(c echo.Context, p Principal) error {
	asOf, atPos := c.QueryParam("as_of"), c.QueryParam("at_position")
	if asOf != "" && atPos != "" {
		return badQuery("as_of", "give as_of or at_position, not both")
	}
	var until time.Time
	var position uint64
	if atPos != "" {
		n, err := strconv.ParseUint(atPos, 10, 64)
		if err != nil || n == 0 {
			return badQuery("at_position", "at_position is a positive event position")
		}
		position = n
	}
	if asOf != "" {
		t, err := time.Parse(time.RFC3339Nano, asOf)
		if err != nil {
			return badQuery("as_of", "as_of is an RFC 3339 time such as 2024-08-02T00:00:00Z")
		}
		until = t
	}
	x, err := s.ledger.ExplainStanding(c.Request().Context(), p, c.Param("nip"), until, position)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ExplainedStanding{Standing: x.Standing, Explain: &x.Explanation})
}
