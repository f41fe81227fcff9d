//go:build clients

// Package scenario drives a running server with the generated Go client, as
// an integrator would, and checks every response against the OpenAPI
// document. .ci/clients runs it with LATSAR_URL and LATSAR_ADMIN_TOKEN set.
package scenario

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"testing"

	latsar "github.com/latsar/ledger/clients/go/latsarclient"
	"github.com/latsar/ledger/openapi/openapitest"
)

// checking is an HTTP client that validates each response against the document.
type checking struct {
	t *testing.T
	v *openapitest.Validator
	n int
}

func (c *checking) Do(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	c.n++
	if err := c.v.Check(req, resp.StatusCode, resp.Header, body); err != nil {
		c.t.Errorf("%s %s: the answer is not the document's: %v", req.Method, req.URL.RequestURI(), err)
	}
	return resp, nil
}

func TestScenario(t *testing.T) {
	url, secret := os.Getenv("LATSAR_URL"), os.Getenv("LATSAR_ADMIN_TOKEN")
	if url == "" || secret == "" {
		t.Skip("LATSAR_URL and LATSAR_ADMIN_TOKEN name the server to drive (.ci/clients sets them)")
	}
	v, err := openapitest.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	doer := &checking{t: t, v: v}
	bearer := func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+secret)
		return nil
	}
	c, err := latsar.NewClientWithResponses(url, latsar.WithHTTPClient(doer), latsar.WithRequestEditorFn(bearer))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	want := func(what string, got int, codes ...int) {
		t.Helper()
		for _, w := range codes {
			if got == w {
				return
			}
		}
		t.Fatalf("%s answered %d, want %v", what, got, codes)
	}

	const cohort = "CLIENTS-1"
	open, err := c.OpenCohortWithBodyWithResponse(ctx, &latsar.OpenCohortParams{}, "application/json", jsonBody(`{
		"cohort_id":%q,"name":"Latsar CPNS Gol. III Angkatan clients","institution_id":"bpsdm-jatim",
		"golongan":["III"],"starts_on":"2024-06-03","ends_on":"2024-08-02",
		"trophy_catalogue":{"kebijakan":{"0":3},"substansi_1":{"1":10,"2":10,"3":10,"4":10},"substansi_2":{"1":5,"2":5,"3":5,"4":4}}}`, cohort))
	must(t, err)
	want("open a cohort", open.StatusCode(), 201)
	if open.JSON201 == nil {
		t.Fatal("the 201 of an opening did not decode into the generated type")
	}

	nips := []string{"199901012024011001", "199901012024012002", "199901012024011003"}
	for i, nip := range nips {
		r, err := c.EnrolParticipantWithBodyWithResponse(ctx, cohort, &latsar.EnrolParticipantParams{}, "application/json",
			jsonBody(`{"nip":%q,"name":"Peserta %d","golongan":"III","agency":"pemkab-blitar"}`, nip, i))
		must(t, err)
		want("enrol "+nip, r.StatusCode(), 201)
	}

	nip := nips[0]
	var trophies []string
	for i := range 2 {
		trophies = append(trophies, fmt.Sprintf(`{"activity_id":"keb-%d","material":"kebijakan","agenda":0,"earned_at":"2024-06-05T09:30:00Z"}`, i))
	}
	for a := 1; a <= 3; a++ {
		for i := range 7 {
			trophies = append(trophies, fmt.Sprintf(`{"activity_id":"s1-%d-%d","material":"substansi_1","agenda":%d,"earned_at":"2024-06-05T09:30:00Z"}`, a, i, a))
		}
	}
	for i, a := range []int{1, 1, 2, 2, 3} {
		trophies = append(trophies, fmt.Sprintf(`{"activity_id":"s2-%d-%d","material":"substansi_2","agenda":%d,"earned_at":"2024-06-05T09:30:00Z"}`, a, i, a))
	}
	for _, tr := range trophies {
		r, err := c.EarnTrophyWithBodyWithResponse(ctx, nip, &latsar.EarnTrophyParams{}, "application/json", jsonBody("%s", tr))
		must(t, err)
		want("earn a trophy", r.StatusCode(), 201)
	}
	post, err := c.AttemptPosttestWithBodyWithResponse(ctx, nip, &latsar.AttemptPosttestParams{}, "application/json",
		jsonBody(`{"attempt_id":"post-1","substansi_1_score":85,"substansi_2_score":77.07,"taken_at":"2024-06-20T10:00:00Z"}`))
	must(t, err)
	want("posttest", post.StatusCode(), 201)

	check, err := c.CheckInWithBodyWithResponse(ctx, nip, &latsar.CheckInParams{}, "application/json", jsonBody(`{"checked_in_at":"2024-07-22T07:30:00Z"}`))
	must(t, err)
	want("check in", check.StatusCode(), 201)

	scores := map[string]string{"attitude_institution": "85", "attitude_agency": "88", "academic_elearning": "33.33",
		"actualization_design": "80", "actualization_implementation": "82.5", "pktbt": "90"}
	for component, score := range scores {
		key := "score-" + component
		body := fmt.Sprintf(`{"component":%q,"score":%s,"assessor":"Widyaiswara Ahmad","assessed_at":"2024-07-30T10:00:00Z"}`, component, score)
		r, err := c.RecordScoreWithBodyWithResponse(ctx, nip, &latsar.RecordScoreParams{IdempotencyKey: &key}, "application/json", jsonBody("%s", body))
		must(t, err)
		want("score "+component, r.StatusCode(), 201)
		// The same write again with its key: the kept answer, replayed.
		again, err := c.RecordScoreWithBodyWithResponse(ctx, nip, &latsar.RecordScoreParams{IdempotencyKey: &key}, "application/json", jsonBody("%s", body))
		must(t, err)
		want("score "+component+" replayed", again.StatusCode(), 201)
		if again.HTTPResponse.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("a replay of %s did not say Idempotent-Replayed: true", component)
		}
	}

	grad, err := c.HoldGraduationWithBodyWithResponse(ctx, cohort, &latsar.HoldGraduationParams{}, "application/json",
		jsonBody(`{"decided_on":"2024-08-02","meeting_ref":"BA-CLIENTS-1"}`))
	must(t, err)
	want("graduation", grad.StatusCode(), 201)

	standing, err := c.GetStandingWithResponse(ctx, nip, &latsar.GetStandingParams{})
	must(t, err)
	want("standing", standing.StatusCode(), 200)
	if standing.JSON200 == nil {
		t.Fatal("a standing did not decode into the generated type")
	}

	limit := 2
	page, err := c.ListStandingsWithResponse(ctx, cohort, &latsar.ListStandingsParams{Limit: &limit})
	must(t, err)
	want("standings, page 1", page.StatusCode(), 200)
	if page.JSON200 == nil || page.JSON200.NextCursor == nil {
		t.Fatal("the first page of three standings by two has no next_cursor")
	}
	page2, err := c.ListStandingsWithResponse(ctx, cohort, &latsar.ListStandingsParams{Limit: &limit, Cursor: page.JSON200.NextCursor})
	must(t, err)
	want("standings, page 2", page2.StatusCode(), 200)

	events, err := c.ListEventsWithResponse(ctx, &latsar.ListEventsParams{Limit: &limit})
	must(t, err)
	want("the log", events.StatusCode(), 200)
	t.Logf("%d responses, each checked against the document", doer.n)
}

func jsonBody(format string, args ...any) io.Reader {
	return bytes.NewReader(fmt.Appendf(nil, format, args...))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
