package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
)

// maxBatch is api.md's limit of writes in one batch.
const maxBatch = 1000

// BatchRequest is the body of POST /v1/batch.
type BatchRequest struct {
	Requests []BatchItem `json:"requests"`
} // @name BatchRequest

// BatchItem is one write of a batch.
type BatchItem struct {
	Method         string          `json:"method" enums:"POST,PUT,DELETE" example:"POST"`
	Path           string          `json:"path" maxLength:"2048" example:"/v1/participants/199901012024011001/trophies"`
	Body           json.RawMessage `json:"body,omitempty" swaggertype:"object"`
	IdempotencyKey string          `json:"idempotency_key,omitempty" maxLength:"255" example:"lms-42-trophy-9"`
} // @name BatchItem

// BatchResult is one item's own answer.
type BatchResult struct {
	Status int             `json:"status" example:"201"`
	Body   json.RawMessage `json:"body" swaggertype:"object"`
} // @name BatchResult

// BatchResponse lists the answers in the order of the requests.
type BatchResponse struct {
	Results []BatchResult `json:"results"`
} // @name BatchResponse

// batch godoc
// @Summary      Many writes in one request
// @Description  Up to 1000 writes, each answered with its own status and body, in order. Items are independent: each is authorized, validated, made idempotent (idempotency_key) and recorded exactly as if sent alone with the batch's token; one refused item does not stop the others.
// @ID           batch
// @Tags         batch
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        body  body  BatchRequest  true  "The writes"
// @Success      200  {object}  BatchResponse
// @Failure      400,401,413,415,422  {object}  Problem
// @Router       /v1/batch [post]
func (s *Server) batch(c echo.Context) error {
	var req BatchRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var v domain.Invalid
	if len(req.Requests) == 0 || len(req.Requests) > maxBatch {
		v.Add("", "requests", fmt.Sprintf("a batch holds 1 to %d writes", maxBatch))
	}
	for i, it := range req.Requests {
		field := fmt.Sprintf("requests[%d]", i)
		switch {
		case it.Method != http.MethodPost && it.Method != http.MethodPut && it.Method != http.MethodDelete:
			v.Add("", field+".method", "a batch holds writes: POST, PUT or DELETE")
		case !strings.HasPrefix(it.Path, "/v1/") || isBatchPath(it.Path):
			v.Add("", field+".path", "path is an API path under /v1/ (not /v1/batch)")
		case len(it.IdempotencyKey) > maxIdempotencyKey:
			v.Add("", field+".idempotency_key", "an idempotency key has at most 255 characters")
		case !printableASCII(it.IdempotencyKey):
			v.Add("R-INPUT-2", field+".idempotency_key", "an idempotency key is printable ASCII, as in a header")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	auth := c.Request().Header.Get(echo.HeaderAuthorization)
	out := BatchResponse{Results: make([]BatchResult, len(req.Requests))}
	for i, it := range req.Requests {
		inner, err := batchRequest(c.Request().Context(), it)
		if err != nil {
			out.Results[i] = itemProblem(c, err)
			continue
		}
		inner.Header.Set(echo.HeaderAuthorization, auth)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, inner)
		answer := bytes.TrimSpace(rec.Body.Bytes())
		if len(answer) == 0 || !json.Valid(answer) {
			answer = []byte("null")
		}
		out.Results[i] = BatchResult{Status: rec.Code, Body: answer}
	}
	return c.JSON(http.StatusOK, out)
}

// batchRequest makes one item an HTTP request as if it had come alone. An
// item whose path is not a request target (a space, a control character, a
// malformed escape, a fragment, a character outside RFC 3986) is answered
// 400 on its own, naming its path: the items before it are recorded and
// those after it are still tried.
func batchRequest(ctx context.Context, it BatchItem) (*http.Request, error) {
	if msg := targetProblem(it.Path); msg != "" {
		return nil, &domain.Error{Code: codeMalformed, Rule: "R-INPUT-1", Message: msg,
			Fields: []domain.FieldError{{Field: "path", Message: msg}}}
	}
	target, err := url.ParseRequestURI(it.Path) // as a server reads it: "//x" is a path, not a host
	if err != nil {
		return nil, err // targetProblem parsed it already
	}
	body := []byte(it.Body)
	inner, err := http.NewRequestWithContext(ctx, it.Method, "/", bytes.NewReader(body))
	if err != nil {
		return nil, err // the method is one of three, the URL "/": cannot fail
	}
	// What httptest.NewRequest sets, which the middleware reads.
	inner.URL, inner.RequestURI, inner.Host, inner.RemoteAddr = target, it.Path, "example.com", "192.0.2.1:1234"
	if len(body) > 0 {
		inner.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	}
	if it.IdempotencyKey != "" {
		inner.Header.Set(headerIdempotencyKey, it.IdempotencyKey)
	}
	return inner, nil
}

// targetProblem says why path is not an origin-form request target (RFC 9112
// §3.2.1: an absolute path of RFC 3986 characters and an optional query),
// or "".
func targetProblem(path string) string {
	if len(path) > maxTarget {
		return fmt.Sprintf("path has at most %d characters", maxTarget)
	}
	for i := 0; i < len(path); i++ {
		c := path[i]
		switch {
		case c == '%':
			if i+2 >= len(path) || !isHex(path[i+1]) || !isHex(path[i+2]) {
				return "path holds a malformed percent escape at byte " + strconv.Itoa(i)
			}
		case c < 0x20 || c == 0x7f:
			return "path holds a control character at byte " + strconv.Itoa(i)
		case c == ' ':
			return "path holds a space at byte " + strconv.Itoa(i) + " (percent-encode it as %20)"
		case c >= 0x80 || !strings.ContainsRune(targetChars, rune(c)):
			return "path holds " + strconv.QuoteRune(rune(c)) + " at byte " + strconv.Itoa(i) + ", which a request target does not (percent-encode it)"
		}
	}
	if _, err := url.ParseRequestURI(path); err != nil {
		return "path is not a request target: " + err.Error()
	}
	return ""
}

// maxTarget bounds an item's path: an API path is a few dozen characters.
const maxTarget = 2048

// targetChars are the characters of a request target besides letters and
// digits (RFC 3986 unreserved, sub-delims, ':', '@', '/', '?'); '%' is
// checked with its two hex digits.
const targetChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// isBatchPath tells whether path, as the router will read it, is the batch
// itself ("/v1/%62atch" and "/v1//batch" included): a batch does not nest.
func isBatchPath(p string) bool {
	u, err := url.ParseRequestURI(p)
	if err != nil {
		return strings.HasPrefix(p, "/v1/batch")
	}
	clean := path.Clean(u.Path)
	return clean == "/v1/batch" || strings.HasPrefix(clean, "/v1/batch/") || strings.HasPrefix(p, "/v1/batch")
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// itemProblem is an item's own problem answer, as the error handler writes one.
func itemProblem(c echo.Context, err error) BatchResult {
	p, _ := problemOf(err)
	p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
	body, _ := json.Marshal(p)
	return BatchResult{Status: p.Status, Body: body}
}
