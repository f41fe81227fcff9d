package api

import (
	"encoding/base64"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/projections"
)

const (
	defaultLimit = 50
	maxLimit     = 1000
)

// limitParam reads ?limit= (default 50, at most 1000).
func limitParam(c echo.Context) (int, error) {
	raw := c.QueryParam("limit")
	if raw == "" {
		return defaultLimit, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > maxLimit {
		return 0, badQuery("limit", "limit is an integer from 1 to 1000")
	}
	return n, nil
}

// StandingsPage is a page of a cohort's standing summaries.
type StandingsPage struct {
	CohortID   string                        `json:"cohort_id"`
	Items      []projections.StandingSummary `json:"items"`
	NextCursor string                        `json:"next_cursor,omitempty"`
} // @name StandingsPage

// listStandings godoc
// @Summary      Every participant's standing summary in a cohort
// @Description  Paged by NIP with limit and an opaque cursor; with Accept: text/csv the whole cohort as CSV.
// @ID           listStandings
// @Tags         participants
// @Produce      json
// @Produce      text/csv
// @Security     BearerAuth
// @Param        cohort_id     path   string   true   "Cohort id"
// @Param        limit         query  integer  false  "Page size (1-1000, default 50)"
// @Param        cursor        query  string   false  "next_cursor of the previous page"
// @Param        min_position  query  integer  false  "Wait (up to 5 s) until projections reach this position"
// @Success      200  {object}  StandingsPage
// @Header       200  {integer}  X-Projection-Position  "Global position the answer reflects"
// @Failure      400,401,403,404,503  {object}  Problem
// @Header       200  {string}  Link  "<…?cursor=…>; rel=\"next\" while more remain"
// @Router       /v1/cohorts/{cohort_id}/standings [get]
func (s *Server) listStandings(c echo.Context) error {
	limit, err := limitParam(c)
	if err != nil {
		return err
	}
	after, err := nipCursor(c)
	if err != nil {
		return err
	}
	if err := s.readPosition(c); err != nil {
		return err
	}
	csvWanted := strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/csv")
	if csvWanted {
		after, limit = "", 1<<30
	}
	res, err := s.ledger.Standings(c.Request().Context(), principalOf(c), c.Param("cohort_id"), after, limit)
	if err != nil {
		return err
	}
	if csvWanted {
		return writeStandingsCSV(c, res.Items)
	}
	page := StandingsPage{CohortID: res.CohortID, Items: res.Items}
	if res.More {
		page.NextCursor = base64.RawURLEncoding.EncodeToString([]byte(res.Items[len(res.Items)-1].NIP))
		linkNext(c, "cursor", page.NextCursor)
	}
	return c.JSON(http.StatusOK, page)
}

func writeStandingsCSV(c echo.Context, rows []projections.StandingSummary) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="standings-`+c.Param("cohort_id")+`.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	_ = w.Write([]string{"nip", "name", "agency", "trophies", "mooc_passed", "attitude_score", "posttest_result", "checked_in",
		"absent_sessions", "absent_jp", "absent_days", "attendance_limit_broken", "final_score", "final_qualification", "outcome_status", "outcome"})
	for _, r := range rows {
		qual := ""
		if r.FinalQualification != nil {
			qual = string(*r.FinalQualification)
		}
		_ = w.Write([]string{string(r.NIP), r.Name, r.Agency, strconv.Itoa(r.Trophies), strconv.FormatBool(r.MOOCPassed),
			scoreCell(r.AttitudeScore), scoreCell(r.PosttestResult), strconv.FormatBool(r.CheckedIn),
			strconv.Itoa(r.AbsentSessions), strconv.Itoa(r.AbsentJP), strconv.Itoa(r.AbsentDays), strconv.FormatBool(r.AttendanceBroken),
			scoreCell(r.FinalScore), qual, r.OutcomeStatus, r.Outcome})
	}
	w.Flush()
	return w.Error()
}

func scoreCell(s *domain.Score) string {
	if s == nil {
		return ""
	}
	return s.String()
}

// Leaderboard is a ranked board.
type Leaderboard struct {
	Board    string                  `json:"board" enums:"trophies,final"`
	CohortID string                  `json:"cohort_id,omitempty"`
	Rows     []projections.LeaderRow `json:"rows"`
} // @name Leaderboard

func boardParam(c echo.Context) (string, error) {
	switch b := c.QueryParam("board"); b {
	case projections.BoardTrophies, projections.BoardFinal:
		return b, nil
	default:
		return "", badQuery("board", "board is trophies or final")
	}
}

// cohortLeaderboard godoc
// @Summary      A cohort's leaderboard
// @Description  Ranked rows {rank, nip, name, value}: trophies earned, or the final score (R-EVAL-1). Ties share a rank (1, 2, 2, 4).
// @ID           cohortLeaderboard
// @Tags         leaderboards
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id     path   string   true   "Cohort id"
// @Param        board         query  string   true   "trophies or final"  Enums(trophies, final)
// @Param        limit         query  integer  false  "Rows (1-1000, default 50)"
// @Param        min_position  query  integer  false  "Wait (up to 5 s) until projections reach this position"
// @Success      200  {object}  Leaderboard
// @Header       200  {integer}  X-Projection-Position  "Global position the answer reflects"
// @Failure      400,401,403,404,503  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/leaderboard [get]
func (s *Server) cohortLeaderboard(c echo.Context) error {
	board, err := boardParam(c)
	if err != nil {
		return err
	}
	limit, err := limitParam(c)
	if err != nil {
		return err
	}
	if err := s.readPosition(c); err != nil {
		return err
	}
	id := c.Param("cohort_id")
	rows, err := s.ledger.CohortLeaderboard(c.Request().Context(), principalOf(c), id, board, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Leaderboard{Board: board, CohortID: id, Rows: rows})
}

// globalLeaderboard godoc
// @Summary      The leaderboard over every cohort
// @Description  Ranked rows over all cohorts; ties share a rank (1, 2, 2, 4). For national dashboards: admin, auditor and dashboard tokens.
// @ID           globalLeaderboard
// @Tags         leaderboards
// @Produce      json
// @Security     BearerAuth
// @Param        board         query  string   true   "trophies or final"  Enums(trophies, final)
// @Param        limit         query  integer  false  "Rows (1-1000, default 50)"
// @Param        min_position  query  integer  false  "Wait (up to 5 s) until projections reach this position"
// @Success      200  {object}  Leaderboard
// @Header       200  {integer}  X-Projection-Position  "Global position the answer reflects"
// @Failure      400,401,403,503  {object}  Problem
// @Router       /v1/leaderboard [get]
func (s *Server) globalLeaderboard(c echo.Context) error {
	board, err := boardParam(c)
	if err != nil {
		return err
	}
	limit, err := limitParam(c)
	if err != nil {
		return err
	}
	if err := s.readPosition(c); err != nil {
		return err
	}
	rows, err := s.ledger.Leaderboard(c.Request().Context(), principalOf(c), board, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Leaderboard{Board: board, Rows: rows})
}

// nipCursor reads ?cursor=, the next_cursor of a page listed by NIP.
func nipCursor(c echo.Context) (domain.NIP, error) {
	cur := c.QueryParam("cursor")
	if cur == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(cur)
	var after domain.NIP
	if err == nil {
		after, err = domain.ParseNIP(string(raw))
	}
	if err != nil {
		return "", badQuery("cursor", "cursor is the next_cursor of a previous page")
	}
	return after, nil
}
