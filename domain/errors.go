// Package domain holds the vocabulary of the Latsar ledger: scores, NIPs,
// refusals and the small shared types every aggregate speaks. It imports only
// the standard library, so the rules can be read and tested without a server.
package domain

import (
	"errors"
	"fmt"
)

// Code classifies an error so that each edge (HTTP, CLI) can map it once.
type Code string

const (
	CodeInvalid      Code = "invalid"      // input breaks a field or domain rule
	CodeNotFound     Code = "not_found"    // no such object, or not the caller's
	CodeConflict     Code = "conflict"     // state forbids it now (closed, lost race, natural id reused)
	CodeForbidden    Code = "forbidden"    // the caller's role may not do this
	CodeUnauthorized Code = "unauthorized" // no or bad credentials
	CodeUnavailable  Code = "unavailable"  // a backing store is down
	CodeInternal     Code = "internal"     // a bug or an unexpected failure
)

// FieldError names one field of the input and what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the one error type that crosses package boundaries with meaning:
// a code for the edge, the rule ID from rules.md that refused, and the fields.
type Error struct {
	Code    Code
	Rule    string
	Message string
	Fields  []FieldError
}

func (e *Error) Error() string {
	if e.Rule != "" {
		return fmt.Sprintf("%s (%s): %s", e.Code, e.Rule, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Refuse is a rule refusing a command: invalid input under rule, about field.
func Refuse(rule, field, message string) *Error {
	e := &Error{Code: CodeInvalid, Rule: rule, Message: message}
	if field != "" {
		e.Fields = []FieldError{{Field: field, Message: message}}
	}
	return e
}

// Errorf builds an error of any code without a rule.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Conflict is a refusal because of the state things are in, citing a rule if any.
func Conflict(rule, message string) *Error {
	return &Error{Code: CodeConflict, Rule: rule, Message: message}
}

// NotFound says an object does not exist (or is not the caller's to see).
func NotFound(what string) *Error {
	return &Error{Code: CodeNotFound, Message: what + " not found"}
}

// ErrorCode returns the code of err, CodeInternal for foreign errors.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// AsError returns err as *Error when it is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Invalid collects field errors while validating a command, so a caller sees
// every broken field at once rather than one per request.
type Invalid struct {
	rule   string
	fields []FieldError
}

// Add records a broken field; the first rule given becomes the error's rule.
func (v *Invalid) Add(rule, field, message string) {
	if v.rule == "" {
		v.rule = rule
	}
	v.fields = append(v.fields, FieldError{Field: field, Message: message})
}

// Err is nil when nothing was added.
func (v *Invalid) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	msg := v.fields[0].Message
	if len(v.fields) > 1 {
		msg = fmt.Sprintf("%s (and %d more)", msg, len(v.fields)-1)
	}
	return &Error{Code: CodeInvalid, Rule: v.rule, Message: msg, Fields: v.fields}
}
