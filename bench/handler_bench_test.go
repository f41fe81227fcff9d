package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/latsar/ledger/app"
)

// BenchmarkStandingGetHandler is the standing GET without the network: the
// ledger's handler (the middleware chain, the read, the answer) called
// directly, one request at a time, with a request and a response header map
// made afresh for each as net/http makes them. It isolates the part of a
// GET's server CPU the edge and the read model decide (with -benchmem, its
// allocations) from the connection's reads and writes, which the trivial
// handler pays as well.
func BenchmarkStandingGetHandler(b *testing.B) {
	a, err := app.Start(context.Background(), app.Options{DataDir: b.TempDir(), AdminSecret: adminSecret})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(a.Server)
	b.Cleanup(func() { srv.Close(); _ = a.Close() })
	nips := enrolAndAward(b, srv.URL, 200, 25)
	paths := make([]string, len(nips))
	for i, n := range nips {
		paths[i] = "/v1/participants/" + n + "/standing"
	}
	w := &discardWriter{}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+paths[i%len(paths)], nil)
		req.Header.Set("Authorization", "Bearer "+adminSecret)
		req.RemoteAddr = "127.0.0.1:40000"
		w.h, w.status = http.Header{}, 0
		a.Server.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}

// enrolAndAward enrols participants in cohorts of 40 and records trophies
// for each, and waits until the read model has them all.
func enrolAndAward(b *testing.B, base string, participants, trophies int) []string {
	catalogue := `{"kebijakan":{"0":3},"substansi_1":{"1":10,"2":10,"3":10,"4":10},"substansi_2":{"1":5,"2":5,"3":5,"4":5}}`
	var setup []request
	for c := range (participants + 39) / 40 {
		setup = append(setup, request{"POST", base + "/v1/cohorts", fmt.Appendf(nil,
			`{"cohort_id":"B%d","name":"Bench %d","institution_id":"bpsdm","golongan":["III"],"starts_on":"2024-06-03","ends_on":"2024-08-02","trophy_catalogue":%s}`, c, c, catalogue), http.StatusCreated})
	}
	mustRun(b, setup)
	nips := make([]string, participants)
	setup = setup[:0]
	for i := range nips {
		nips[i] = fmt.Sprintf("19990101202401%d%03d", 1+i/1000%2, i%1000)
		setup = append(setup, request{"POST", fmt.Sprintf("%s/v1/cohorts/B%d/participants", base, i/40),
			fmt.Appendf(nil, `{"nip":%q,"name":"Peserta %d","golongan":"III","agency":"blitar"}`, nips[i], i), http.StatusCreated})
	}
	mustRun(b, setup)
	setup = setup[:0]
	for _, n := range nips {
		for k, s := range trophySlots()[:trophies] {
			setup = append(setup, request{"POST", base + "/v1/participants/" + n + "/trophies", trophyBody(fmt.Sprintf("act-%d", k), s[0].(string), s[1].(int), len(setup)), http.StatusCreated})
		}
	}
	mustRun(b, setup)
	mustRun(b, []request{{"GET", base + "/v1/cohorts/B0?min_position=" + headOf(b, base), nil, http.StatusOK}})
	return nips
}

// discardWriter is a ResponseWriter that keeps the status and drops the body.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.h }
func (w *discardWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}
func (w *discardWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(p), nil
}
