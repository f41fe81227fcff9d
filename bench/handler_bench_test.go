package bench

import (
	"net/http"
	"testing"
)

// BenchmarkStandingGetHandler is the standing GET without the network: the
// ledger's handler (the middleware chain, the read, the answer) called
// directly, one request at a time, with a request and a response header map
// made afresh for each as net/http makes them. It isolates the part of a
// GET's server CPU the edge and the read model decide (with -benchmem, its
// allocations) from the connection's reads and writes, which the trivial
// handler pays as well.
func BenchmarkStandingGetHandler(b *testing.B) { benchStandingHandler(b, "") }

// BenchmarkAsOfHandler is the same with as_of: the stream read from the
// log and folded for each request (its allocations beside
// BenchmarkReplayStream's are what the edge adds to a replay).
func BenchmarkAsOfHandler(b *testing.B) { benchStandingHandler(b, "?as_of=2099-01-01T00:00:00Z") }

func benchStandingHandler(b *testing.B, query string) {
	srv, nips := ledger(b, 200)
	award(b, srv.URL, nips, 25)
	paths := make([]string, len(nips))
	for i, n := range nips {
		paths[i] = "/v1/participants/" + n + "/standing" + query
	}
	w := &discardWriter{}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+paths[i%len(paths)], nil)
		req.Header.Set("Authorization", "Bearer "+adminSecret)
		req.RemoteAddr = "127.0.0.1:40000"
		w.h, w.status = http.Header{}, 0
		srv.Config.Handler.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
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
