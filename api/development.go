package api

import (
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/development"
	"github.com/latsar/ledger/ledger"
)

// developmentRoutes mounts the competency-development ledger (rules.md §9).
func (s *Server) developmentRoutes(v1 group) {
	v1.POST("/asn/:nip/development-activities", s.recordDevelopmentActivity)
	v1.GET("/asn/:nip/development", s.getDevelopment)
	v1.GET("/agencies/:agency/development", s.listAgencyDevelopment)
}

// DevelopmentActivityRequest is the body of POST /v1/asn/{nip}/development-activities.
type DevelopmentActivityRequest struct {
	ActivityID string `json:"activity_id" maxLength:"64" example:"elearning-2024-05-13"`
	Form       string `json:"form" enums:"degree,leadership_training,managerial_training,technical_training,functional_training,sociocultural_training,seminar,workshop,course,penataran,bintek,sosialisasi,coaching,mentoring,elearning,distance_training,secondment,outbound,benchmarking,exchange,self_study,community_of_practice,internship" example:"elearning"`
	Scope      string `json:"scope" enums:"national,international" example:"national"`
	// Quantity is in the form's unit: semesters, programme JP, days,
	// sessions or activities (api.md); whole except for JP.
	Quantity  json.RawMessage       `json:"quantity" swaggertype:"number" minimum:"0.01" maximum:"10000" multipleOf:"0.01" example:"5"`
	StartedOn string                `json:"started_on" format:"date" example:"2024-05-13"`
	EndedOn   string                `json:"ended_on" format:"date" example:"2024-05-13"`
	Evidence  *development.Evidence `json:"evidence"`
	// Agency is the ASN's agency: an admin names it on the ASN's first
	// activity; an agency token's own agency is implied.
	Agency string `json:"agency,omitempty" maxLength:"64" example:"pemkot-blitar"`
} // @name DevelopmentActivityRequest

// DevelopmentActivityResponse answers an activity with the JP it was credited.
type DevelopmentActivityResponse struct {
	Events   []EventRef                   `json:"events"`
	Activity development.ActivityRecorded `json:"activity"`
	// JPCredited is the activity's JP after the table's conversion and caps.
	JPCredited development.Amount `json:"jp_credited" swaggertype:"number" example:"3"`
	// Caps are the caps that cut the activity (empty when none did).
	Caps []development.CapApplied `json:"caps"`
	// Year is the year the activity counts in (its ended_on), YearJPTotal
	// the ASN's JP that year and Met whether they reach R-JP-1's 20 JP.
	Year        int                `json:"year" example:"2024"`
	YearJPTotal development.Amount `json:"year_jp_total" swaggertype:"number" example:"17"`
	Met         bool               `json:"met"`
} // @name DevelopmentActivityResponse

// recordDevelopmentActivity godoc
// @Summary      Record a competency-development activity of an ASN
// @Description  Converts the activity to JP by seed 004's appendix B (R-JP-3), national or international column, and applies the table's caps across the ASN's activities: coaching and mentoring at most 2 sessions counted a calendar month (one entry lies in one month); e-learning at most 3 JP a day (4 international), self-study and community of practice at most 2 JP a day, over started_on..ended_on. The answer says the JP credited and each cap that cut it. Degree and leadership training have no international column (422). An agency token records its own ASN (another agency's answers 404); an admin names the agency on the ASN's first activity, which fixes it. activity_id is a natural id: the same activity again answers 200 with the first record, other details 409.
// @ID           recordDevelopmentActivity
// @Tags         development
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        nip              path    string                      true   "NIP (18 digits)"
// @Param        Idempotency-Key  header  string                      false  "Idempotency key"
// @Param        body             body    DevelopmentActivityRequest  true   "The activity"
// @Success      200  {object}  DevelopmentActivityResponse
// @Success      201  {object}  DevelopmentActivityResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/asn/{nip}/development-activities [post]
func (s *Server) recordDevelopmentActivity(c echo.Context) error {
	var req DevelopmentActivityRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	nip, err := domain.ParseNIP(c.Param("nip"))
	if err != nil {
		return err
	}
	cmd, err := activityCommand(nip, req)
	if err != nil {
		return err
	}
	res, err := s.ledger.RecordDevelopmentActivity(c.Request().Context(), principalOf(c), cmd)
	if err != nil {
		return err
	}
	a := res.Activity
	return written(c, DevelopmentActivityResponse{
		Events: refsOf(res.Appends...), Activity: a, JPCredited: a.JPCredited, Caps: a.Caps,
		Year: a.Year, YearJPTotal: res.Year.JPTotal, Met: res.Year.Met,
	}, res.Written)
}

// activityCommand checks the body's shape (presence, types, dates, the
// quantity's number) and makes the command; the table's rules are the domain's.
func activityCommand(nip domain.NIP, req DevelopmentActivityRequest) (development.RecordActivity, error) {
	var f fields
	f.required("activity_id", req.ActivityID)
	f.required("form", req.Form)
	f.required("scope", req.Scope)
	quantity := f.amount("quantity", req.Quantity)
	started := f.date("started_on", req.StartedOn)
	ended := f.date("ended_on", req.EndedOn)
	var ev development.Evidence
	if req.Evidence == nil {
		f.Add("", "evidence", "evidence is required: {kind, number, issuer} of the certificate or letter (004, columns 9 and 10)")
	} else {
		ev = *req.Evidence
	}
	if err := f.Err(); err != nil {
		return development.RecordActivity{}, err
	}
	return development.RecordActivity{
		NIP: nip, Agency: req.Agency, ActivityID: req.ActivityID,
		Form: development.Form(req.Form), Scope: development.Scope(req.Scope), Quantity: quantity,
		StartedOn: started, EndedOn: ended, Evidence: ev,
	}, nil
}

// amount reads a raw JSON value as a quantity: a number (not a string) above
// zero with at most two decimals.
func (f *fields) amount(name string, raw json.RawMessage) development.Amount {
	if len(raw) == 0 || string(raw) == "null" {
		f.Add("R-JP-3", name, name+" is required: a number in the form's unit")
		return 0
	}
	if c := raw[0]; c != '-' && (c < '0' || c > '9') {
		f.Add("R-JP-3", name, name+" must be a number such as 2 or 1.5")
		return 0
	}
	a, err := development.ParseAmount(string(raw))
	if err != nil {
		f.Add("R-JP-3", name, name+": "+err.Error()+" (a quantity is above zero with at most two decimals)")
	}
	return a
}

// yearParam reads the required ?year=.
func yearParam(c echo.Context) (int, error) {
	raw := c.QueryParam("year")
	y, err := strconv.Atoi(raw)
	if err != nil || len(raw) != 4 || y < 1900 {
		return 0, badQuery("year", "year is required: a calendar year such as 2024")
	}
	return y, nil
}

// getDevelopment godoc
// @Summary      An ASN's competency development in a year
// @Description  JP credited in the year (activities count in the year of their ended_on) against R-JP-1's 20 JP (met, gap), the split by R-JP-2's guide (classroom 10%, guidance 20%, workplace 70%: reported, never enforced) with the actual percentages, and each activity with its JP and the caps that cut it. Read from the log: it reflects every acknowledged write. An agency token reads its own ASN only (404 otherwise).
// @ID           getDevelopment
// @Tags         development
// @Produce      json
// @Security     BearerAuth
// @Param        nip   path   string   true  "NIP (18 digits)"
// @Param        year  query  integer  true  "Calendar year, such as 2024"
// @Success      200  {object}  development.YearSummary
// @Failure      400,401,403,404,503  {object}  Problem
// @Router       /v1/asn/{nip}/development [get]
func (s *Server) getDevelopment(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	y, err := s.ledger.DevelopmentYear(c.Request().Context(), principalOf(c), c.Param("nip"), year)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, y)
}

// AgencyDevelopmentRow is one ASN of an agency in a year.
type AgencyDevelopmentRow struct {
	NIP        domain.NIP         `json:"nip" example:"199001012015031001"`
	JPTotal    development.Amount `json:"jp_total" swaggertype:"number" example:"17"`
	Met        bool               `json:"met"`
	Gap        development.Amount `json:"gap" swaggertype:"number" example:"3"`
	Activities int                `json:"activities" example:"4"`
	// Classroom, Guidance and Workplace are the year's JP by R-JP-2's parts.
	Classroom development.Amount `json:"classroom_jp" swaggertype:"number" example:"10"`
	Guidance  development.Amount `json:"guidance_jp" swaggertype:"number" example:"4"`
	Workplace development.Amount `json:"workplace_jp" swaggertype:"number" example:"3"`
} // @name AgencyDevelopmentRow

// AgencyDevelopmentPage is a page of an agency's ASN in a year.
type AgencyDevelopmentPage struct {
	Agency     string                 `json:"agency" example:"pemkot-blitar"`
	Year       int                    `json:"year" example:"2024"`
	Target     development.Amount     `json:"target" swaggertype:"number" example:"20"`
	Items      []AgencyDevelopmentRow `json:"items"`
	NextCursor string                 `json:"next_cursor,omitempty"`
} // @name AgencyDevelopmentPage

// listAgencyDevelopment godoc
// @Summary      Every ASN of an agency with their JP in a year
// @Description  Each ASN with a development ledger in the agency (their agency is fixed by their first activity): JP credited in the year and whether R-JP-1's 20 JP are met. Paged by NIP with limit and an opaque cursor; with Accept: text/csv every ASN as CSV. An agency token reads its own agency only (404 otherwise).
// @ID           listAgencyDevelopment
// @Tags         development
// @Produce      json
// @Produce      text/csv
// @Security     BearerAuth
// @Param        agency  path   string   true   "Agency code"
// @Param        year    query  integer  true   "Calendar year, such as 2024"
// @Param        limit   query  integer  false  "Page size (1-1000, default 50)"
// @Param        cursor  query  string   false  "next_cursor of the previous page"
// @Success      200  {object}  AgencyDevelopmentPage
// @Failure      400,401,403,404,503  {object}  Problem
// @Header       200  {string}  Link  "<…?cursor=…>; rel=\"next\" while more remain"
// @Router       /v1/agencies/{agency}/development [get]
func (s *Server) listAgencyDevelopment(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	limit, err := limitParam(c)
	if err != nil {
		return err
	}
	after, err := nipCursor(c)
	if err != nil {
		return err
	}
	csvWanted := strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/csv")
	if csvWanted {
		after, limit = "", 1<<30
	}
	res, err := s.ledger.AgencyDevelopment(c.Request().Context(), principalOf(c),
		ledger.AgencyYear{Agency: c.Param("agency"), Year: year, After: after, Limit: limit})
	if errors.Is(err, ledger.ErrNotListed) {
		return badQuery("cursor", "cursor is the next_cursor of a previous page")
	}
	if err != nil {
		return err
	}
	page := AgencyDevelopmentPage{Agency: res.Agency, Year: res.Year, Target: development.TargetJP, Items: make([]AgencyDevelopmentRow, 0, len(res.ASN))}
	for _, y := range res.ASN {
		page.Items = append(page.Items, AgencyDevelopmentRow{
			NIP: y.NIP, JPTotal: y.JPTotal, Met: y.Met, Gap: y.Gap, Activities: len(y.Activities),
			Classroom: y.Split.Classroom.JP, Guidance: y.Split.Guidance.JP, Workplace: y.Split.Workplace.JP,
		})
	}
	if csvWanted {
		return writeAgencyDevelopmentCSV(c, page)
	}
	if res.More {
		page.NextCursor = base64.RawURLEncoding.EncodeToString([]byte(page.Items[len(page.Items)-1].NIP))
		linkNext(c, "cursor", page.NextCursor)
	}
	return c.JSON(http.StatusOK, page)
}

func writeAgencyDevelopmentCSV(c echo.Context, page AgencyDevelopmentPage) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="development-`+page.Agency+`-`+strconv.Itoa(page.Year)+`.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	_ = w.Write([]string{"nip", "year", "jp_total", "target", "met", "gap", "classroom_jp", "guidance_jp", "workplace_jp", "activities"})
	for _, r := range page.Items {
		_ = w.Write([]string{string(r.NIP), strconv.Itoa(page.Year), r.JPTotal.String(), page.Target.String(),
			strconv.FormatBool(r.Met), r.Gap.String(), r.Classroom.String(), r.Guidance.String(), r.Workplace.String(),
			strconv.Itoa(r.Activities)})
	}
	w.Flush()
	return w.Error()
}
