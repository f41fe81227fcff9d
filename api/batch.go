package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
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
	Path           string          `json:"path" example:"/v1/participants/199901012024011001/trophies"`
	Body           json.RawMessage `json:"body,omitempty" swaggertype:"object"`
	IdempotencyKey string          `json:"idempotency_key,omitempty" example:"lms-42-trophy-9"`
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
		case !strings.HasPrefix(it.Path, "/v1/") || strings.HasPrefix(it.Path, "/v1/batch"):
			v.Add("", field+".path", "path is an API path under /v1/ (not /v1/batch)")
		case len(it.IdempotencyKey) > maxIdempotencyKey:
			v.Add("", field+".idempotency_key", "an idempotency key has at most 255 characters")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	auth := c.Request().Header.Get(echo.HeaderAuthorization)
	out := BatchResponse{Results: make([]BatchResult, len(req.Requests))}
	for i, it := range req.Requests {
		body := []byte(it.Body)
		inner := httptest.NewRequestWithContext(c.Request().Context(), it.Method, it.Path, bytes.NewReader(body))
		inner.Header.Set(echo.HeaderAuthorization, auth)
		if len(body) > 0 {
			inner.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
		}
		if it.IdempotencyKey != "" {
			inner.Header.Set(headerIdempotencyKey, it.IdempotencyKey)
		}
		rec := httptest.NewRecorder()
		s.echo.ServeHTTP(rec, inner)
		answer := bytes.TrimSpace(rec.Body.Bytes())
		if len(answer) == 0 || !json.Valid(answer) {
			answer = []byte("null")
		}
		out.Results[i] = BatchResult{Status: rec.Code, Body: answer}
	}
	return c.JSON(http.StatusOK, out)
}
