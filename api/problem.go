package api

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/projections"
)

// Codes only the HTTP edge produces.
const (
	codeMalformed   domain.Code = "malformed"
	codeTooLarge    domain.Code = "too_large"
	codeUnsupported domain.Code = "unsupported_media_type"
	codeRateLimited domain.Code = "rate_limited"
	codeNoRoute     domain.Code = "no_route"
	codeMethod      domain.Code = "method_not_allowed"
)

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[domain.Code]int{
	domain.CodeInvalid:      http.StatusUnprocessableEntity,
	domain.CodeNotFound:     http.StatusNotFound,
	domain.CodeConflict:     http.StatusConflict,
	domain.CodeForbidden:    http.StatusForbidden,
	domain.CodeUnauthorized: http.StatusUnauthorized,
	domain.CodeUnavailable:  http.StatusServiceUnavailable,
	domain.CodeInternal:     http.StatusInternalServerError,
	codeMalformed:           http.StatusBadRequest,
	codeTooLarge:            http.StatusRequestEntityTooLarge,
	codeUnsupported:         http.StatusUnsupportedMediaType,
	codeRateLimited:         http.StatusTooManyRequests,
	codeNoRoute:             http.StatusNotFound,
	codeMethod:              http.StatusMethodNotAllowed,
}

var titleOf = map[domain.Code]string{
	domain.CodeInvalid:      "The request breaks a field or domain rule",
	domain.CodeNotFound:     "Not found",
	domain.CodeConflict:     "Conflict with the recorded state",
	domain.CodeForbidden:    "This role may not do this",
	domain.CodeUnauthorized: "Missing or invalid bearer token",
	domain.CodeUnavailable:  "A backing store is unavailable",
	domain.CodeInternal:     "Internal error",
	codeMalformed:           "Malformed request",
	codeTooLarge:            "Request body too large",
	codeUnsupported:         "Unsupported media type",
	codeRateLimited:         "Too many requests",
	codeNoRoute:             "No such resource",
	codeMethod:              "Method not allowed",
}

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type      string              `json:"type" example:"urn:latsar:problem:invalid"`
	Title     string              `json:"title"`
	Status    int                 `json:"status" example:"422"`
	Detail    string              `json:"detail"`
	Rule      string              `json:"rule,omitempty" example:"R-POST-2"`
	Errors    []domain.FieldError `json:"errors,omitempty"`
	RequestID string              `json:"request_id,omitempty"`
} // @name Problem

// problemOf turns any error into a problem; unknown errors become a bare 500
// whose cause is only logged.
func problemOf(err error) (Problem, bool) {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return problemFromHTTP(he), false
	}
	e, ok := domain.AsError(err)
	if !ok {
		if errors.Is(err, projections.ErrUnavailable) {
			e = domain.Errorf(domain.CodeUnavailable, "a backing store did not answer; try again")
		} else {
			return Problem{Type: typeOf(domain.CodeInternal), Title: titleOf[domain.CodeInternal], Status: 500, Detail: "the server failed; the request id identifies the failure in its logs"}, true
		}
	}
	status, known := statusOf[e.Code]
	if !known {
		status = 500
	}
	return Problem{Type: typeOf(e.Code), Title: titleOf[e.Code], Status: status, Detail: e.Message, Rule: e.Rule, Errors: e.Fields}, status >= 500 && e.Code == domain.CodeInternal
}

func problemFromHTTP(he *echo.HTTPError) Problem {
	code := domain.CodeInternal
	switch he.Code {
	case http.StatusNotFound:
		code = codeNoRoute
	case http.StatusMethodNotAllowed:
		code = codeMethod
	case http.StatusRequestEntityTooLarge:
		code = codeTooLarge
	case http.StatusUnauthorized:
		code = domain.CodeUnauthorized
	case http.StatusUnsupportedMediaType:
		code = codeUnsupported
	case http.StatusBadRequest:
		code = codeMalformed
	case http.StatusTooManyRequests:
		code = codeRateLimited
	case http.StatusServiceUnavailable:
		code = domain.CodeUnavailable
	}
	detail := http.StatusText(he.Code)
	if code == codeTooLarge {
		detail = "the body is larger than the server accepts (1 MiB)"
	}
	return Problem{Type: typeOf(code), Title: titleOf[code], Status: he.Code, Detail: detail}
}

func typeOf(c domain.Code) string { return "urn:latsar:problem:" + string(c) }

// errorHandler writes every error as application/problem+json.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		p, internal := problemOf(err)
		p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
		if internal {
			log.Error("request failed", "err", err, "request_id", p.RequestID, "method", c.Request().Method, "path", c.Path())
		}
		h := c.Response().Header()
		if p.Status == http.StatusServiceUnavailable || p.Status == http.StatusTooManyRequests {
			h.Set("Retry-After", strconv.Itoa(retryAfterSeconds))
		}
		h.Set(echo.HeaderContentType, "application/problem+json")
		c.Response().WriteHeader(p.Status)
		if c.Request().Method == http.MethodHead {
			return
		}
		_ = writeJSON(c.Response(), p)
	}
}

const retryAfterSeconds = 1
