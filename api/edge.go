package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// The edge is the middleware every request passes, in order: the request
// id, CORS (when configured), observe, recover, the body limit,
// limitAnonymous and deadline; /v1 adds authenticate, idempotent and
// recordedFor. echo composes its middleware around the handler the router
// found on every request, a closure per middleware per request. The
// server's own routes have theirs composed into their handlers once, when
// they are registered (handle, group), and are marked; what the router
// answers itself (404, 405, a preflight) and the routes others register on
// Echo() (the OpenAPI document, the UI) pass the edge per request as before.

// routeKey is a registered route as the router reports it after a match.
type routeKey struct{ method, path string }

// ServeHTTP routes the request as echo.Echo.ServeHTTP does, and passes it
// through the edge unless its route has it composed in already.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := s.echo.AcquireContext()
	c.Reset(r, w)
	s.echo.Router().Find(r.Method, echo.GetPath(r), c)
	h := c.Handler()
	if !s.edged[routeKey{r.Method, c.Path()}] {
		h = compose(h, s.edge)
	}
	if err := h(c); err != nil {
		s.echo.HTTPErrorHandler(err, c)
	}
	s.echo.ReleaseContext(c)
}

// compose wraps h in middleware, the first outermost.
func compose(h echo.HandlerFunc, middleware []echo.MiddlewareFunc) echo.HandlerFunc {
	for i := len(middleware) - 1; i >= 0; i-- {
		h = middleware[i](h)
	}
	return h
}

// handle registers a route of the server's own, the edge composed in.
func (s *Server) handle(method, path string, h echo.HandlerFunc) {
	s.echo.Add(method, path, compose(h, s.edge))
	s.edged[routeKey{method, path}] = true
}

// group registers routes under a prefix with its middleware (after the
// edge's) composed in. Like echo's Group, it catches the prefix's unknown
// paths, which pass its middleware too (/v1 answers 401 to a request
// without a token whatever its path) and the edge per request.
type group struct {
	s          *Server
	prefix     string
	middleware []echo.MiddlewareFunc
}

func newGroup(s *Server, prefix string, middleware ...echo.MiddlewareFunc) group {
	g := group{s: s, prefix: prefix, middleware: middleware}
	for _, path := range []string{"", "/*"} {
		s.echo.Add(echo.RouteNotFound, prefix+path, compose(echo.NotFoundHandler, middleware))
	}
	return g
}

func (g group) add(method, path string, h echo.HandlerFunc) {
	g.s.handle(method, g.prefix+path, compose(h, g.middleware))
}

func (g group) GET(path string, h echo.HandlerFunc)    { g.add(http.MethodGet, path, h) }
func (g group) POST(path string, h echo.HandlerFunc)   { g.add(http.MethodPost, path, h) }
func (g group) PUT(path string, h echo.HandlerFunc)    { g.add(http.MethodPut, path, h) }
func (g group) DELETE(path string, h echo.HandlerFunc) { g.add(http.MethodDelete, path, h) }
