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
//	@contact.name				Latsar ledger maintainers
//	@contact.url				https://github.com/latsar/ledger
//
//	@tag.name					cohorts
//	@tag.description			Cohorts (angkatan): opening, approval, enrolment, groups and the cohort view.
//	@tag.name					participants
//	@tag.description			A participant's standing and check-in.
//	@tag.name					mooc
//	@tag.description			MOOC: trophies and posttests.
//	@tag.name					klasikal
//	@tag.description			Classroom (klasikal) days: check-in.
//	@tag.name					attendance
//	@tag.description			Sessions and their attendance.
//	@tag.name					graduation
//	@tag.description			Graduation preview, meeting, redecision and remedial deadlines.
//	@tag.name					leaderboards
//	@tag.description			Standings ranked within a cohort and across cohorts.
//	@tag.name					audit
//	@tag.description			The global log, its live feed, verification, checkpoints, audit trails, corrections and disputes.
//	@tag.name					documents
//	@tag.description			Issued documents (e-STTP, Piagam, Surat Keterangan), their PDFs and signers.
//	@tag.name					development
//	@tag.description			Competence development of civil servants (ASN) after the training.
//	@tag.name					staff
//	@tag.description			Staff (widyaiswara, coaches, mentors, examiners) and their assignments.
//	@tag.name					products
//	@tag.description			Learning products (aktualisasi), their revisions and coach reviews.
//	@tag.name					seminars
//	@tag.description			Seminars and their examiners' scores.
//	@tag.name					evaluation
//	@tag.description			Evaluation: scores, remedials and the evaluation of the training itself.
//	@tag.name					batch
//	@tag.description			Several writes in one atomic request.
//	@tag.name					tokens
//	@tag.description			API tokens: issuing and revoking (admin).
//	@tag.name					webhooks
//	@tag.description			Webhook subscriptions and their delivery log.
//	@tag.name					operations
//	@tag.description			Liveness, readiness, rebuilds of the read models.
//
//	@securityDefinitions.apikey	BearerAuth
//	@in							header
//	@name						Authorization
//	@description				Bearer <token>: every request but /healthz, /readyz, the JWKS and the docs sends "Authorization: Bearer <token>" (in /docs, paste the token alone).
package api
