// Package api is the HTTP edge of the Latsar ledger.
//
// The general API information below is read by swag; the OpenAPI document is
// generated from it and from the annotations on the handlers (see openapi/).
//
//	@title						Latsar ledger API
//	@version					1
//	@description				The system of record for the Latsar CPNS basic training: every fact about a participant is an immutable event, every read a projection of those events.
//	@description				Errors are application/problem+json (RFC 9457). Scores are JSON numbers with at most two decimals, 0 to 100.
//	@description				Every write may name the staff member it is recorded for, besides the token: the Recorded-For header, or a recorded_for field at the top of its JSON body (in a batch, in each item's body). It must be a person registered for the token's institution or agency (422 naming recorded_for otherwise, R-STAFF-2); events carry it in their metadata and the audit trail shows the person by name.
//	@BasePath					/
//
//	@securityDefinitions.apikey	BearerAuth
//	@in							header
//	@name						Authorization
//	@description				Bearer <token>: every request but /healthz, /readyz, the JWKS and the docs sends "Authorization: Bearer <token>" (in /docs, paste the token alone).
package api
