// Package openapitest checks HTTP responses against the served OpenAPI
// document; it is kept out of package openapi so the server binary does not
// link the validator.
package openapitest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/latsar/ledger/openapi"
)

// Validator checks real HTTP responses against the OpenAPI document, so that
// black-box tests keep the document true: every response a test sees must be
// one the document describes (its status, its headers, its media type and its
// body).
type Validator struct {
	router routers.Router
}

// ErrNotDocumented wraps the error Check returns for a request whose method and
// path the document does not describe.
var ErrNotDocumented = errors.New("not in the OpenAPI document")

// NewValidator returns a Validator for the embedded document, openapi.Spec.
func NewValidator() (*Validator, error) {
	return newValidator(openapi.Spec)
}

// textDecoders teaches openapi3filter (once, process-wide) to read the bodies
// that are text streams rather than one JSON value: gen documents them as strings.
var textDecoders sync.Once

func newValidator(spec []byte) (*Validator, error) {
	textDecoders.Do(func() {
		for _, mt := range []string{"application/x-ndjson", "text/event-stream", "text/html", "application/pdf"} {
			if openapi3filter.RegisteredBodyDecoder(mt) == nil {
				openapi3filter.RegisterBodyDecoder(mt, openapi3filter.PlainBodyDecoder)
			}
		}
	})
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("openapi: loading the document: %w", err)
	}
	// Match on method and path alone: the document's server is "/", and a
	// test server listens on whatever host and port it was given.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return &Validator{router: router}, nil
}

// Check validates one response (its status, header and body) to req against
// the document. req is the request as the test sent it; only its method and
// URL are used (it is not validated, nor is its security). A status the
// operation does not list is an error, as is a request whose path or method
// the document lacks (errors.Is(err, ErrNotDocumented)).
func (v *Validator) Check(req *http.Request, status int, header http.Header, body []byte) error {
	route, pathParams, err := v.router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w (%v)", req.Method, req.URL.Path, ErrNotDocumented, err)
	}
	if route.Operation.Responses.Status(status) == nil && route.Operation.Responses.Default() == nil {
		return fmt.Errorf("%s %s answered %d, a status the document does not list for it (it lists %s)",
			req.Method, route.Path, status, strings.Join(route.Operation.Responses.Keys(), ", "))
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: pathParams,
			Route:      route,
			Options: &openapi3filter.Options{
				ExcludeRequestBody:        true,
				ExcludeRequestQueryParams: true,
				AuthenticationFunc:        openapi3filter.NoopAuthenticationFunc,
			},
		},
		Status: status,
		Header: header,
		Body:   io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{
			// An undocumented status makes the document untrue: fail on it
			// rather than let it pass unchecked.
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	if err := openapi3filter.ValidateResponse(req.Context(), in); err != nil {
		return fmt.Errorf("%s %s answered %d: %w", req.Method, route.Path, status, err)
	}
	return nil
}
