package api

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/projections"
)

// CohortsPage is a page of the cohorts a token may see.
type CohortsPage struct {
	Items      []projections.CohortListing `json:"items"`
	NextCursor string                      `json:"next_cursor,omitempty"`
} // @name CohortsPage

// listCohorts godoc
// @Summary      The cohorts the token may see
// @Description  Paged by cohort id with limit and an opaque cursor. Each cohort with its dates, phase, capacity, roster size, sessions scheduled and its participants counted by outcome (provisional or decided). The phase is derived when read from the dates against today (UTC) and the first graduation meeting: upcoming (before starts_on), mooc (the MOOC's first 16 days), running (up to ends_on), ended (after ends_on, no meeting yet), decided (the first graduation meeting was held). An lms token sees its own institution's cohorts only; agency tokens may not list cohorts.
// @ID           listCohorts
// @Tags         cohorts
// @Produce      json
// @Security     BearerAuth
// @Param        institution_id  query  string   false  "Only this institution's cohorts"
// @Param        phase           query  string   false  "Only cohorts in this phase"  Enums(upcoming, mooc, running, ended, decided)
// @Param        year            query  integer  false  "Only cohorts starting in this year"
// @Param        limit           query  integer  false  "Page size (1-1000, default 50)"
// @Param        cursor          query  string   false  "next_cursor of the previous page"
// @Param        min_position    query  integer  false  "Wait (up to 5 s) until projections reach this position"
// @Success      200  {object}  CohortsPage
// @Header       200  {integer}  X-Projection-Position  "Global position the answer reflects"
// @Header       200  {string}   Link                   "The next page while more remain (rel next)"
// @Failure      400,401,403,503  {object}  Problem
// @Router       /v1/cohorts [get]
func (s *Server) listCohorts(c echo.Context) error {
	q := ledger.CohortQuery{InstitutionID: c.QueryParam("institution_id"), Phase: c.QueryParam("phase")}
	var err error
	if q.Limit, err = limitParam(c); err != nil {
		return err
	}
	if q.Phase != "" && !slices.Contains(ledger.Phases, q.Phase) {
		return badQuery("phase", "phase is upcoming, mooc, running, ended or decided")
	}
	if raw := c.QueryParam("year"); raw != "" {
		if q.Year, err = strconv.Atoi(raw); err != nil || q.Year < 1900 || q.Year > 9999 {
			return badQuery("year", "year is a year such as 2024")
		}
	}
	if cur := c.QueryParam("cursor"); cur != "" {
		raw, err := base64.RawURLEncoding.DecodeString(cur)
		if err != nil || !domain.ValidID(string(raw)) {
			return badQuery("cursor", "cursor is the next_cursor of a previous page")
		}
		q.After = string(raw)
	}
	if err := s.readPosition(c); err != nil {
		return err
	}
	res, err := s.ledger.Cohorts(c.Request().Context(), principalOf(c), q)
	if err != nil {
		return err
	}
	page := CohortsPage{Items: res.Items}
	if res.More {
		page.NextCursor = base64.RawURLEncoding.EncodeToString([]byte(res.Items[len(res.Items)-1].CohortID))
		next := *c.Request().URL
		v := next.Query()
		v.Set("cursor", page.NextCursor)
		v.Del("min_position")
		next.RawQuery = v.Encode()
		c.Response().Header().Set("Link", "<"+next.RequestURI()+`>; rel="next"`)
	}
	return c.JSON(http.StatusOK, page)
}
