package ledger_test

import (
	"context"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/ledger"
)

func TestIssueToken(t *testing.T) {
	w := newWorld(t)
	lmsToken := ledger.IssueToken{Name: "LMS A", Role: access.LMS, InstitutionID: "inst-a"}
	for _, tc := range []struct {
		name  string
		who   ledger.Principal
		issue ledger.IssueToken
		code  domain.Code
	}{
		{"admin issues an lms token", admin, lmsToken, ""},
		{"admin issues an agency token", admin, ledger.IssueToken{Name: "Blitar", Role: access.Agency, Agency: "pemkab-blitar"}, ""},
		{"an lms token may not issue", lmsA, lmsToken, domain.CodeForbidden},
		{"an agency token may not issue", agency, lmsToken, domain.CodeForbidden},
		{"an auditor token may not issue", auditor, lmsToken, domain.CodeForbidden},
		{"an lms token without its institution", admin, ledger.IssueToken{Name: "LMS", Role: access.LMS}, domain.CodeInvalid},
		{"an unknown role", admin, ledger.IssueToken{Name: "root", Role: "root"}, domain.CodeInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := w.ledger.IssueToken(context.Background(), tc.who, tc.issue)
			wantCode(t, err, tc.code, "")
			if err != nil {
				return
			}
			if len(res.Events()) != 1 || res.Secret == "" || res.Token.SecretSHA256 != ledger.HashSecret(res.Secret) {
				t.Fatalf("answer %+v, want one event and the secret whose hash is kept", res)
			}
			w.settle()
			got, found := w.model.TokenBySecret(ledger.HashSecret(res.Secret))
			if !found || got.Role != tc.issue.Role || got.TokenID != res.Token.TokenID {
				t.Fatalf("token by its secret: %+v found=%v, want %s", got, found, res.Token.TokenID)
			}
		})
	}
}

func TestRevokeToken(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	issued, err := w.ledger.IssueToken(ctx, admin, ledger.IssueToken{Name: "LMS A", Role: access.LMS, InstitutionID: "inst-a"})
	if err != nil {
		t.Fatal(err)
	}
	id := issued.Token.TokenID
	for _, tc := range []struct {
		name    string
		who     ledger.Principal
		tokenID string
		code    domain.Code
		written int
	}{
		{"an lms token may not revoke", lmsA, id, domain.CodeForbidden, 0},
		{"an auditor token may not revoke", auditor, id, domain.CodeForbidden, 0},
		{"an unknown token is not found", admin, "tok_unknown", domain.CodeNotFound, 0},
		{"a malformed id is not found", admin, "not a token/id", domain.CodeNotFound, 0},
		{"admin revokes", admin, id, "", 1},
		{"revoking again records nothing", admin, id, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := w.ledger.RevokeToken(ctx, tc.who, tc.tokenID)
			wantCode(t, err, tc.code, "")
			if got := len(res.Events()); got != tc.written {
				t.Fatalf("%d events recorded, want %d", got, tc.written)
			}
		})
	}
	w.settle()
	if _, found := w.model.TokenBySecret(ledger.HashSecret(issued.Secret)); found {
		t.Fatal("a revoked token is still found by its secret")
	}
}
