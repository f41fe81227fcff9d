package webhooks

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"github.com/latsar/ledger/domain/webhook"
	"github.com/latsar/ledger/events"
)

// tenants finds whose an event is, for webhooks restricted to a tenant. An
// event's tenant is the tenant of the object its stream is about, as the
// stream's first event names it (its institution_id and agency fields),
// never the writer's token (an admin writes for every institution):
//
//	participant-{nip}  the enrolment's institution_id and agency
//	cohort-{id}        the cohort's institution_id (CohortOpened)
//	jp-{nip}           the ASN's agency (the first activity fixes it)
//	jp-agency-{code}   that agency
//
// and so for any aggregate whose first event names them. Tokens and
// webhooks belong to no tenant (a token's binding is not its owner's
// data): only webhooks without a tenant receive them. A stream's first
// event never changes, so the answer is kept per stream.
type tenants struct {
	store events.Store
	mu    sync.Mutex
	known map[string]webhook.Tenant
}

// tenantsKept bounds the streams whose tenant is kept; beyond, it forgets
// them all (a forgotten one costs one read of its stream).
const tenantsKept = 100_000

func newTenants(store events.Store) *tenants {
	return &tenants{store: store, known: map[string]webhook.Tenant{}}
}

// untenanted are the prefixes of the streams of no tenant.
var untenanted = []string{events.TokenPrefix, events.WebhookPrefix}

func (t *tenants) of(ctx context.Context, rec events.Recorded) (webhook.Tenant, error) {
	if slices.ContainsFunc(untenanted, func(p string) bool { return strings.HasPrefix(rec.Stream, p) }) {
		return webhook.Tenant{}, nil
	}
	t.mu.Lock()
	tn, ok := t.known[rec.Stream]
	t.mu.Unlock()
	if ok {
		return tn, nil
	}
	first := rec
	if rec.Revision != 0 {
		recs, err := t.store.ReadStream(ctx, rec.Stream, 0, rec.Position)
		if err != nil {
			return webhook.Tenant{}, err
		}
		if len(recs) == 0 {
			return webhook.Tenant{}, nil
		}
		first = recs[0]
	}
	var named struct {
		InstitutionID string `json:"institution_id"`
		Agency        string `json:"agency"`
	}
	_ = json.Unmarshal(first.Data, &named) // a first event without them has no tenant
	tn = webhook.Tenant{InstitutionID: named.InstitutionID, Agency: named.Agency}
	t.mu.Lock()
	if len(t.known) >= tenantsKept {
		clear(t.known)
	}
	t.known[rec.Stream] = tn
	t.mu.Unlock()
	return tn, nil
}
