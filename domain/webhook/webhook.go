// Package webhook decides the subscriptions of outside systems to the log: an
// HTTPS endpoint, the event types it wants and, optionally, the tenant
// (institution, agency) whose events alone it receives. A subscription is a
// stream of events like any other (`webhook-{id}`); its signing secret is not
// in them (the ledger derives it from a master secret when it delivers).
package webhook

import (
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/latsar/ledger/domain"
)

// AllTypes, alone in event_types, subscribes to every event type.
const AllTypes = "*"

// MaxEventTypes bounds the list of event types of one subscription.
const MaxEventTypes = 100

// maxURL bounds an endpoint's URL.
const maxURL = 2000

// Registered records a subscription. It starts receiving the events recorded
// after it.
type Registered struct {
	WebhookID  string   `json:"webhook_id"`
	URL        string   `json:"url"`
	EventTypes []string `json:"event_types"`
	// InstitutionID and Agency, when set, restrict deliveries to the events
	// of that tenant (see Tenant).
	InstitutionID string    `json:"institution_id,omitempty"`
	Agency        string    `json:"agency,omitempty"`
	RegisteredAt  time.Time `json:"registered_at"`
}

// Disabled ends a subscription: nothing more is delivered to it.
type Disabled struct {
	WebhookID  string    `json:"webhook_id"`
	DisabledAt time.Time `json:"disabled_at"`
}

func (Registered) EventType() string { return "WebhookRegistered" }
func (Disabled) EventType() string   { return "WebhookDisabled" }

// State is one subscription's history.
type State struct {
	Registered *Registered
	Disabled   *time.Time
}

// Aggregate declares the events of a webhook's stream and how they fold.
var Aggregate = domain.NewAggregate("webhook",
	domain.On(1, func(s State, e Registered) State { s.Registered = &e; return s }),
	domain.On(1, func(s State, e Disabled) State { at := e.DisabledAt; s.Disabled = &at; return s }),
)

// Evolve folds a webhook event.
func Evolve(s State, e domain.Event) State { return Aggregate.Evolve(s, e) }

// Policy is what the deployment allows of endpoints.
type Policy struct {
	// AllowHTTPLoopback admits http:// endpoints on the loopback interface
	// (127.0.0.1, [::1], localhost): tests and development only.
	AllowHTTPLoopback bool
}

// DecideRegister validates a new subscription: an https URL (or a loopback
// http one where the policy allows it), event types the log knows (known
// tells), and a tenant given as valid ids.
func DecideRegister(s State, c Registered, p Policy, known func(eventType string) bool) ([]domain.Event, error) {
	var v domain.Invalid
	if msg := p.CheckURL(c.URL); msg != "" {
		v.Add("", "url", msg)
	}
	switch {
	case len(c.EventTypes) == 0:
		v.Add("", "event_types", "name at least one event type (or \"*\" for every type)")
	case len(c.EventTypes) > MaxEventTypes:
		v.Add("", "event_types", "at most 100 event types")
	case slices.Contains(c.EventTypes, AllTypes) && len(c.EventTypes) > 1:
		v.Add("", "event_types", "\"*\" subscribes to every type: name it alone")
	default:
		for i, t := range c.EventTypes {
			if t != AllTypes && !known(t) {
				v.Add("", "event_types["+strconv.Itoa(i)+"]", "unknown event type "+strconv.Quote(t))
			}
		}
	}
	if c.InstitutionID != "" && !domain.ValidID(c.InstitutionID) {
		v.Add("", "institution_id", "an institution id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if c.Agency != "" && !domain.ValidID(c.Agency) {
		v.Add("", "agency", "an agency code is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	c.EventTypes = slices.Compact(slices.Sorted(slices.Values(c.EventTypes)))
	c.RegisteredAt = c.RegisteredAt.UTC()
	if r := s.Registered; r != nil {
		// The same registration sent again (its idempotency key names the
		// id) answers the one recorded, which the log knows by its event id;
		// anything else under that id is refused.
		if r.URL == c.URL && slices.Equal(r.EventTypes, c.EventTypes) && r.InstitutionID == c.InstitutionID && r.Agency == c.Agency {
			return []domain.Event{*r}, nil
		}
		return nil, domain.Conflict("", "webhook "+c.WebhookID+" exists with another url, event types or tenant")
	}
	return []domain.Event{c}, nil
}

// DecideDisable ends a subscription; disabling twice records nothing more.
func DecideDisable(s State, at time.Time) ([]domain.Event, error) {
	if s.Registered == nil {
		return nil, domain.NotFound("webhook")
	}
	if s.Disabled != nil {
		return nil, nil
	}
	return []domain.Event{Disabled{WebhookID: s.Registered.WebhookID, DisabledAt: at.UTC()}}, nil
}

// CheckURL says why an endpoint is refused ("" when it is admitted): https
// with a host, no credentials and no fragment; http only to the loopback
// interface, and only where the policy allows it.
func (p Policy) CheckURL(raw string) string {
	if raw == "" {
		return "url is required"
	}
	if len(raw) > maxURL {
		return "url is at most 2000 characters"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "url is an absolute https URL"
	}
	if u.User != nil {
		return "url may not carry credentials: the signature authenticates deliveries"
	}
	if u.Fragment != "" {
		return "url may not have a fragment"
	}
	switch u.Scheme {
	case "https":
		return ""
	case "http":
		if p.AllowHTTPLoopback && Loopback(u.Hostname()) {
			return ""
		}
		if p.AllowHTTPLoopback {
			return "url: http is admitted to 127.0.0.1, [::1] or localhost only; use https"
		}
		return "url: deliveries go over https only"
	}
	return "url is an absolute https URL"
}

// Loopback tells whether host names the loopback interface.
func Loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Wants tells whether the subscription wants events of type t.
func (r Registered) Wants(t string) bool {
	return slices.Contains(r.EventTypes, AllTypes) || slices.Contains(r.EventTypes, t)
}

// Tenanted tells whether the subscription is restricted to a tenant.
func (r Registered) Tenanted() bool { return r.InstitutionID != "" || r.Agency != "" }

// Tenant is whose an event is: the institution and agency of the object its
// stream is about (a participant's enrolment, a cohort's institution, an
// ASN's agency); empty for streams of no tenant (tokens, webhooks).
type Tenant struct {
	InstitutionID string
	Agency        string
}

// Sees tells whether the subscription receives events of tenant t: one
// restricted to an institution and/or an agency receives only the events of
// that institution and/or agency.
func (r Registered) Sees(t Tenant) bool {
	return (r.InstitutionID == "" || r.InstitutionID == t.InstitutionID) &&
		(r.Agency == "" || r.Agency == t.Agency)
}
