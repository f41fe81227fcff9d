package webhook_test

import (
	"errors"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/webhook"
)

func known(t string) bool { return t == "TrophyEarned" || t == "PosttestAttempted" }

func TestDecideRegister(t *testing.T) {
	base := webhook.Registered{WebhookID: "wh_1", URL: "https://lms.example.go.id/hooks", EventTypes: []string{"TrophyEarned"}}
	with := func(f func(*webhook.Registered)) webhook.Registered { r := base; f(&r); return r }
	for _, tc := range []struct {
		name   string
		r      webhook.Registered
		policy webhook.Policy
		field  string // "" wants it admitted
	}{
		{"https", base, webhook.Policy{}, ""},
		{"every type", with(func(r *webhook.Registered) { r.EventTypes = []string{"*"} }), webhook.Policy{}, ""},
		{"a tenant", with(func(r *webhook.Registered) { r.InstitutionID, r.Agency = "bpsdm-jatim", "pemkab-blitar" }), webhook.Policy{}, ""},
		{"http refused", with(func(r *webhook.Registered) { r.URL = "http://lms.example.go.id/hooks" }), webhook.Policy{}, "url"},
		{"loopback http refused by default", with(func(r *webhook.Registered) { r.URL = "http://127.0.0.1:8080/hooks" }), webhook.Policy{}, "url"},
		{"loopback http where allowed", with(func(r *webhook.Registered) { r.URL = "http://127.0.0.1:8080/hooks" }), webhook.Policy{AllowHTTPLoopback: true}, ""},
		{"localhost http where allowed", with(func(r *webhook.Registered) { r.URL = "http://localhost:8080/hooks" }), webhook.Policy{AllowHTTPLoopback: true}, ""},
		{"other http even where loopback is allowed", with(func(r *webhook.Registered) { r.URL = "http://10.0.0.1/hooks" }), webhook.Policy{AllowHTTPLoopback: true}, "url"},
		{"another scheme", with(func(r *webhook.Registered) { r.URL = "ftp://lms.example.go.id/" }), webhook.Policy{}, "url"},
		{"not absolute", with(func(r *webhook.Registered) { r.URL = "/hooks" }), webhook.Policy{}, "url"},
		{"credentials", with(func(r *webhook.Registered) { r.URL = "https://user:pw@lms.example.go.id/" }), webhook.Policy{}, "url"},
		{"no url", with(func(r *webhook.Registered) { r.URL = "" }), webhook.Policy{}, "url"},
		{"no event type", with(func(r *webhook.Registered) { r.EventTypes = nil }), webhook.Policy{}, "event_types"},
		{"an unknown event type", with(func(r *webhook.Registered) { r.EventTypes = []string{"TrophyEarned", "TrophyLost"} }), webhook.Policy{}, "event_types[1]"},
		{"* with others", with(func(r *webhook.Registered) { r.EventTypes = []string{"*", "TrophyEarned"} }), webhook.Policy{}, "event_types"},
		{"a malformed institution", with(func(r *webhook.Registered) { r.InstitutionID = "no spaces" }), webhook.Policy{}, "institution_id"},
		{"a malformed agency", with(func(r *webhook.Registered) { r.Agency = "a/b" }), webhook.Policy{}, "agency"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs, err := webhook.DecideRegister(webhook.State{}, tc.r, tc.policy, known)
			if tc.field == "" {
				if err != nil || len(evs) != 1 {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.CodeInvalid || len(de.Fields) == 0 || de.Fields[0].Field != tc.field {
				t.Fatalf("err=%v, want invalid naming %s", err, tc.field)
			}
		})
	}
}

func TestRegisteredTwiceConflicts(t *testing.T) {
	r := webhook.Registered{WebhookID: "wh_1", URL: "https://x.example/", EventTypes: []string{"PosttestAttempted", "TrophyEarned", "TrophyEarned"}}
	evs, err := webhook.DecideRegister(webhook.State{}, r, webhook.Policy{}, known)
	if err != nil {
		t.Fatal(err)
	}
	got := evs[0].(webhook.Registered).EventTypes
	if len(got) != 2 || got[0] != "PosttestAttempted" {
		t.Fatalf("event types %v, want them sorted once each", got)
	}
	s := webhook.Evolve(webhook.State{}, evs[0])
	again, err := webhook.DecideRegister(s, r, webhook.Policy{}, known)
	if err != nil || len(again) != 1 || again[0].(webhook.Registered).RegisteredAt != evs[0].(webhook.Registered).RegisteredAt {
		t.Fatalf("the same registration again: %v, %v; want the recorded one", again, err)
	}
	other := r
	other.URL = "https://y.example/"
	if _, err := webhook.DecideRegister(s, other, webhook.Policy{}, known); domain.ErrorCode(err) != domain.CodeConflict {
		t.Fatalf("err=%v, want a conflict", err)
	}
}

func TestDecideDisable(t *testing.T) {
	if _, err := webhook.DecideDisable(webhook.State{}, time.Now()); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("disabling an unknown webhook: %v, want not found", err)
	}
	s := webhook.Evolve(webhook.State{}, webhook.Registered{WebhookID: "wh_1"})
	evs, err := webhook.DecideDisable(s, time.Now())
	if err != nil || len(evs) != 1 {
		t.Fatalf("disable: %v %v", evs, err)
	}
	s = webhook.Evolve(s, evs[0])
	if evs, err := webhook.DecideDisable(s, time.Now()); err != nil || len(evs) != 0 {
		t.Fatalf("disabling twice: %v %v, want nothing recorded", evs, err)
	}
}

func TestSees(t *testing.T) {
	inst := webhook.Registered{InstitutionID: "bpsdm-jatim"}
	both := webhook.Registered{InstitutionID: "bpsdm-jatim", Agency: "pemkab-blitar"}
	for _, tc := range []struct {
		name string
		r    webhook.Registered
		t    webhook.Tenant
		want bool
	}{
		{"no tenant sees all", webhook.Registered{}, webhook.Tenant{}, true},
		{"its institution", inst, webhook.Tenant{InstitutionID: "bpsdm-jatim", Agency: "x"}, true},
		{"another institution", inst, webhook.Tenant{InstitutionID: "bpsdm-jabar"}, false},
		{"no tenant's events", inst, webhook.Tenant{}, false},
		{"both must hold", both, webhook.Tenant{InstitutionID: "bpsdm-jatim", Agency: "pemkot-malang"}, false},
		{"both hold", both, webhook.Tenant{InstitutionID: "bpsdm-jatim", Agency: "pemkab-blitar"}, true},
	} {
		if got := tc.r.Sees(tc.t); got != tc.want {
			t.Errorf("%s: sees=%v, want %v", tc.name, got, tc.want)
		}
	}
}
