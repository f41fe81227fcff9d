package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"strings"
	"time"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/webhook"
	"github.com/latsar/ledger/events"
)

// WebhookSecrets derives each webhook's signing secret from the
// deployment's master secret (webhooks.Secrets): nothing keeps it.
type WebhookSecrets interface {
	Secret(webhookID string) string
}

// WebhookRecords is what the deliverer keeps beside the log
// (webhooks.DB): its copy of the subscriptions, their checkpoints and the
// delivery log.
type WebhookRecords interface {
	Webhooks(ctx context.Context) ([]webhook.Subscription, error)
	Webhook(ctx context.Context, id string) (webhook.Subscription, bool, error)
	Deliveries(ctx context.Context, id string, after uint64, limit int) ([]webhook.Delivery, error)
	// Wait returns once the records know the subscriptions up to a position.
	Wait(ctx context.Context, pos uint64) error
}

// WebhooksConfig is what the webhook use cases need: beside the log, the
// deployment's master secret and the deliverer's records, which the
// programme's use cases do not.
type WebhooksConfig struct {
	Store     events.Store
	Catalogue *events.Catalogue
	Secrets   WebhookSecrets
	Records   WebhookRecords
	Policy    webhook.Policy
}

// Webhooks runs the webhook use cases: subscriptions of outside systems to
// the log. Admin only. It is safe for concurrent use.
type Webhooks struct {
	cfg    WebhooksConfig
	known  map[string]bool
	runner *command.Runner[webhook.State]
}

// NewWebhooks builds the webhook use cases.
func NewWebhooks(cfg WebhooksConfig) *Webhooks {
	known := map[string]bool{}
	for _, n := range cfg.Catalogue.Names() {
		known[n] = true
	}
	return &Webhooks{cfg: cfg, known: known, runner: command.NewRunner(cfg.Store, cfg.Catalogue,
		command.Aggregate[webhook.State]{Initial: func() webhook.State { return webhook.State{} }, Evolve: webhook.Evolve}, 1_000)}
}

// RegisterWebhook asks for a subscription: an endpoint, the event types it
// wants ("*": all), and optionally the tenant whose events alone it gets.
type RegisterWebhook struct {
	URL           string
	EventTypes    []string
	InstitutionID string
	Agency        string
}

// RegisteredWebhook answers a registration. Secret is shown this once: it
// is derived again at each delivery and kept nowhere.
type RegisteredWebhook struct {
	Written
	Webhook webhook.Registered
	Secret  string
}

// Register records a subscription with a fresh id. It receives the events
// recorded after it. With an idempotency key the id derives from the key:
// a registration answered 503 (recorded, the deliverer behind) and sent
// again lands on the same subscription instead of making a second one.
func (w *Webhooks) Register(ctx context.Context, p Principal, cmd RegisterWebhook) (RegisteredWebhook, error) {
	if err := p.may("register webhooks", access.Admin); err != nil {
		return RegisteredWebhook{}, err
	}
	r := webhook.Registered{
		WebhookID: webhookID(p), URL: cmd.URL, EventTypes: cmd.EventTypes,
		InstitutionID: cmd.InstitutionID, Agency: cmd.Agency, RegisteredAt: time.Now(),
	}
	var recorded webhook.Registered
	res, err := w.runner.Run(ctx, command.Command[webhook.State]{
		Stream: webhookStream(r.WebhookID), IDKey: p.idKey(), Metadata: p.metadata(),
		Decide: func(st webhook.State) ([]domain.Event, error) {
			return webhook.DecideRegister(st, r, w.cfg.Policy, func(t string) bool { return w.known[t] })
		},
		After: func(st webhook.State) {
			if st.Registered != nil {
				recorded = *st.Registered
			}
		},
	})
	if err != nil {
		return RegisteredWebhook{}, err
	}
	return RegisteredWebhook{Written: Written{Appends: appended(res)}, Webhook: recorded, Secret: w.cfg.Secrets.Secret(recorded.WebhookID)}, nil
}

// webhookID is a fresh id, or the one the principal's idempotency key names.
func webhookID(p Principal) string {
	b := random(10)
	if key := p.idKey(); key != "" {
		sum := sha256.Sum256([]byte("webhook:" + key))
		b = sum[:10]
	}
	return "wh_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// DisabledWebhook answers a disabling; one disabled before answers no events.
type DisabledWebhook struct {
	Written
	WebhookID string
}

// Disable ends a subscription: nothing more is delivered to it, and a
// delivery waiting for its next attempt is cancelled.
func (w *Webhooks) Disable(ctx context.Context, p Principal, id string) (DisabledWebhook, error) {
	if err := p.may("disable webhooks", access.Admin); err != nil {
		return DisabledWebhook{}, err
	}
	if !domain.ValidID(id) { // checked before it names a stream
		return DisabledWebhook{}, domain.NotFound("webhook")
	}
	res, err := w.runner.Run(ctx, command.Command[webhook.State]{
		Stream: webhookStream(id), IDKey: "disable", Metadata: p.metadata(),
		Decide: func(st webhook.State) ([]domain.Event, error) { return webhook.DecideDisable(st, time.Now()) },
	})
	if err != nil {
		return DisabledWebhook{}, err
	}
	return DisabledWebhook{Written: Written{Appends: appended(res)}, WebhookID: id}, nil
}

// List is every subscription, disabled ones included, as the deliverer
// knows them (with how far each has been delivered).
func (w *Webhooks) List(ctx context.Context, p Principal) ([]webhook.Subscription, error) {
	if err := p.may("read webhooks", access.Admin); err != nil {
		return nil, err
	}
	return w.cfg.Records.Webhooks(ctx)
}

// DeliveryPage is a page of a webhook's delivery log, oldest first.
type DeliveryPage struct {
	WebhookID string
	Items     []webhook.Delivery
	// More tells whether more may follow the last item.
	More bool
}

// Deliveries pages a webhook's delivery log after the delivery numbered after.
func (w *Webhooks) Deliveries(ctx context.Context, p Principal, id string, after uint64, limit int) (DeliveryPage, error) {
	if err := p.may("read webhook deliveries", access.Admin); err != nil {
		return DeliveryPage{}, err
	}
	if _, found, err := w.cfg.Records.Webhook(ctx, id); err != nil || !found {
		if err == nil {
			err = domain.NotFound("webhook")
		}
		return DeliveryPage{}, err
	}
	items, err := w.cfg.Records.Deliveries(ctx, id, after, limit)
	if err != nil {
		return DeliveryPage{}, err
	}
	return DeliveryPage{WebhookID: id, Items: items, More: len(items) == limit}, nil
}

// Wait returns once the deliverer knows the subscriptions written up to pos
// (a registration delivers, and shows in the list, from then on).
func (w *Webhooks) Wait(ctx context.Context, pos uint64) error { return w.cfg.Records.Wait(ctx, pos) }

func webhookStream(id string) string { return events.WebhookPrefix + id }
