package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// group registers routes under a prefix with its middleware composed into
// each route's handler once, when the route is registered. echo's Group
// composes it again on every request, a closure per middleware per request.
// Like echo's Group, it catches the prefix's unknown paths (a 404 after the
// middleware: /v1 answers 401 to a request without a token whatever its path).
type group struct {
	e          *echo.Echo
	prefix     string
	middleware []echo.MiddlewareFunc
}

func newGroup(e *echo.Echo, prefix string, middleware ...echo.MiddlewareFunc) group {
	g := group{e: e, prefix: prefix, middleware: middleware}
	g.add(echo.RouteNotFound, "", echo.NotFoundHandler)
	g.add(echo.RouteNotFound, "/*", echo.NotFoundHandler)
	return g
}

func (g group) add(method, path string, h echo.HandlerFunc) {
	for i := len(g.middleware) - 1; i >= 0; i-- {
		h = g.middleware[i](h)
	}
	g.e.Add(method, g.prefix+path, h)
}

func (g group) GET(path string, h echo.HandlerFunc)    { g.add(http.MethodGet, path, h) }
func (g group) POST(path string, h echo.HandlerFunc)   { g.add(http.MethodPost, path, h) }
func (g group) PUT(path string, h echo.HandlerFunc)    { g.add(http.MethodPut, path, h) }
func (g group) DELETE(path string, h echo.HandlerFunc) { g.add(http.MethodDelete, path, h) }
