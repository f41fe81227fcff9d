package webhooks

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/latsar/ledger/domain/webhook"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
)

// An event's tenant is what its stream's first event names, whoever wrote
// it; tokens and webhooks have none.
func TestTenantIsTheStreamsFirstEvent(t *testing.T) {
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	appendTo := func(stream, id, typ, data string, md events.Metadata) events.Recorded {
		res, err := store.Append(ctx, stream, events.Any, []events.Proposed{{ID: id, Type: typ, Data: []byte(data), Metadata: md}})
		if err != nil {
			t.Fatal(err)
		}
		return res.Last()
	}
	appendTo("participant-1", "e1", "ParticipantEnrolled", `{"institution_id":"bpsdm-jatim","agency":"pemkab-blitar"}`, events.Metadata{})
	trophy := appendTo("participant-1", "e2", "TrophyEarned", `{"activity_id":"k1"}`, events.Metadata{Institution: "elsewhere", Role: "lms"})
	cohort := appendTo("cohort-A", "e3", "CohortOpened", `{"institution_id":"bpsdm-jatim"}`, events.Metadata{})
	token := appendTo("token-t1", "e4", "TokenIssued", `{"institution_id":"bpsdm-jatim"}`, events.Metadata{})
	hook := appendTo("webhook-w1", "e5", "WebhookRegistered", `{"institution_id":"bpsdm-jatim"}`, events.Metadata{})

	tn := newTenants(store)
	for _, tc := range []struct {
		rec  events.Recorded
		want webhook.Tenant
	}{
		{trophy, webhook.Tenant{InstitutionID: "bpsdm-jatim", Agency: "pemkab-blitar"}},
		{trophy, webhook.Tenant{InstitutionID: "bpsdm-jatim", Agency: "pemkab-blitar"}}, // kept
		{cohort, webhook.Tenant{InstitutionID: "bpsdm-jatim"}},
		{token, webhook.Tenant{}},
		{hook, webhook.Tenant{}},
	} {
		got, err := tn.of(ctx, tc.rec)
		if err != nil || got != tc.want {
			t.Errorf("%s of %s: tenant %+v (%v), want %+v", tc.rec.Type, tc.rec.Stream, got, err, tc.want)
		}
	}
}
