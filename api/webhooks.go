package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/webhook"
	"github.com/latsar/ledger/ledger"
)

// WebhookRequest is the body of POST /v1/webhooks.
type WebhookRequest struct {
	// URL is the endpoint: https (http to the loopback interface only where
	// the deployment allows it, for tests).
	URL string `json:"url" validate:"required" maxLength:"2000" example:"https://lms.example.go.id/hooks/latsar"`
	// EventTypes are the event types wanted (as the log names them), or
	// ["*"] for every type.
	EventTypes []string `json:"event_types" validate:"required" example:"TrophyEarned,PosttestAttempted"`
	// InstitutionID, when set, restricts deliveries to that institution's
	// events (its cohorts and the participants enrolled there).
	InstitutionID string `json:"institution_id,omitempty" example:"bpsdm-jatim"`
	// Agency, when set, restricts deliveries to that agency's events (its
	// participants and ASN).
	Agency string `json:"agency,omitempty" example:"pemkab-blitar"`
} // @name WebhookRequest

// Webhook is a subscription.
type Webhook struct {
	WebhookID     string    `json:"webhook_id" validate:"required" example:"wh_k2m7x4hz3aq5b6c7"`
	URL           string    `json:"url" validate:"required" example:"https://lms.example.go.id/hooks/latsar"`
	EventTypes    []string  `json:"event_types" validate:"required" example:"TrophyEarned,PosttestAttempted"`
	InstitutionID string    `json:"institution_id,omitempty" example:"bpsdm-jatim"`
	Agency        string    `json:"agency,omitempty" example:"pemkab-blitar"`
	RegisteredAt  time.Time `json:"registered_at" validate:"required" format:"date-time"`
	// Position is the global position of the registration: the webhook
	// receives the events after it.
	Position uint64 `json:"position" validate:"required"`
	// Delivered is the position up to which the log has been delivered (or
	// given up on); deliveries resume after it.
	Delivered  uint64     `json:"delivered" validate:"required"`
	Disabled   bool       `json:"disabled" validate:"required"`
	DisabledAt *time.Time `json:"disabled_at,omitempty" format:"date-time"`
} // @name Webhook

// WebhookList is every subscription.
type WebhookList struct {
	Items []Webhook `json:"items" validate:"required"`
} // @name WebhookList

// WebhookResponse answers a registration with the signing secret, once.
type WebhookResponse struct {
	Events        []EventRef `json:"events" validate:"required"`
	WebhookID     string     `json:"webhook_id" validate:"required" example:"wh_k2m7x4hz3aq5b6c7"`
	URL           string     `json:"url" validate:"required"`
	EventTypes    []string   `json:"event_types" validate:"required"`
	InstitutionID string     `json:"institution_id,omitempty"`
	Agency        string     `json:"agency,omitempty"`
	RegisteredAt  time.Time  `json:"registered_at" validate:"required" format:"date-time"`
	// Secret is the signing secret (Standard Webhooks: "whsec_" and the
	// base64 of the key), shown once: a replay of the same request (same
	// Idempotency-Key) answers without it, and it is stored nowhere.
	Secret string `json:"secret,omitempty" example:"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"`
} // @name WebhookResponse

// WebhookDisabledResponse answers DELETE /v1/webhooks/{webhook_id}.
type WebhookDisabledResponse struct {
	Events    []EventRef `json:"events" validate:"required"`
	WebhookID string     `json:"webhook_id" validate:"required"`
	Disabled  bool       `json:"disabled" validate:"required"`
} // @name WebhookDisabledResponse

// Delivery is one event's delivery to a webhook.
type Delivery struct {
	EventID   string `json:"event_id" validate:"required" example:"01900000-0000-7000-8000-000000000000"`
	EventType string `json:"event_type" validate:"required" example:"TrophyEarned"`
	Position  uint64 `json:"position" validate:"required"`
	// Attempts made so far (retried with exponential backoff while pending).
	Attempts int    `json:"attempts" validate:"required"`
	Status   string `json:"status" validate:"required" enums:"pending,delivered,failed,cancelled" example:"delivered"`
	// LastStatusCode is the HTTP status of the last attempt (absent when it got no answer).
	LastStatusCode int `json:"last_status_code,omitempty" example:"200"`
	// LastError says why the last attempt failed.
	LastError     string     `json:"last_error,omitempty" example:"the endpoint answered 500"`
	FirstAttempt  time.Time  `json:"first_attempt_at" validate:"required" format:"date-time"`
	LastAttempt   time.Time  `json:"last_attempt_at" validate:"required" format:"date-time"`
	NextAttemptAt *time.Time `json:"next_attempt_at,omitempty" format:"date-time"`
	DeliveredAt   *time.Time `json:"delivered_at,omitempty" format:"date-time"`
} // @name Delivery

// DeliveriesPage is a page of a webhook's delivery log, oldest first.
type DeliveriesPage struct {
	WebhookID  string     `json:"webhook_id" validate:"required"`
	Items      []Delivery `json:"items" validate:"required"`
	NextCursor string     `json:"next_cursor,omitempty"`
} // @name DeliveriesPage

// registerWebhook godoc
// @Summary      Subscribe an endpoint to events (admin)
// @Description  Registers an HTTPS endpoint for the event types named (or "*"), optionally restricted to one tenant's events (institution_id, agency: those of the cohorts and participants of that institution or agency, and of that agency's ASN). It receives the events recorded after the registration, each POSTed as the log shows it, signed with the Standard Webhooks scheme (webhook-id, webhook-timestamp, webhook-signature) under the `secret` answered here, which is shown once and stored nowhere. See docs/webhooks.md.
// @ID           registerWebhook
// @Tags         webhooks
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        Idempotency-Key  header  string          false  "Idempotency key"
// @Param        body             body    WebhookRequest  true   "The subscription"
// @Success      201  {object}  WebhookResponse
// @Header       201  {integer}  X-Event-Position  "Global position of the registration"
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      422  {object}  Problem
// @Failure      503  {object}  Problem
// @Router       /v1/webhooks [post]
func (s *Server) registerWebhook(c echo.Context) error {
	w, err := s.webhooks()
	if err != nil {
		return err
	}
	var req WebhookRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	res, err := w.Register(c.Request().Context(), principalOf(c), ledger.RegisterWebhook{
		URL: req.URL, EventTypes: req.EventTypes, InstitutionID: req.InstitutionID, Agency: req.Agency,
	})
	if err != nil {
		return err
	}
	if err := s.awaitProjection(c, w, res.Position()); err != nil {
		return err
	}
	r := res.Webhook
	answer := WebhookResponse{Events: refsOf(res.Appends...), WebhookID: r.WebhookID, URL: r.URL, EventTypes: r.EventTypes,
		InstitutionID: r.InstitutionID, Agency: r.Agency, RegisteredAt: r.RegisteredAt}
	if err := keepForReplay(c, answer); err != nil {
		return err
	}
	answer.Secret = res.Secret
	return written(c, answer, res.Written)
}

// listWebhooks godoc
// @Summary      Every webhook (admin)
// @Description  Every subscription, disabled ones included, with the position up to which each has been delivered.
// @ID           listWebhooks
// @Tags         webhooks
// @Produce      json
// @Security     BearerAuth
// @Success      200  {object}  WebhookList
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      503  {object}  Problem
// @Router       /v1/webhooks [get]
func (s *Server) listWebhooks(c echo.Context) error {
	w, err := s.webhooks()
	if err != nil {
		return err
	}
	subs, err := w.List(c.Request().Context(), principalOf(c))
	if err != nil {
		return err
	}
	list := WebhookList{Items: make([]Webhook, len(subs))}
	for i, sub := range subs {
		list.Items[i] = Webhook{WebhookID: sub.WebhookID, URL: sub.URL, EventTypes: sub.EventTypes, InstitutionID: sub.InstitutionID,
			Agency: sub.Agency, RegisteredAt: sub.RegisteredAt, Position: sub.Position, Delivered: max(sub.Delivered, sub.Position),
			Disabled: sub.DisabledAt != nil, DisabledAt: sub.DisabledAt}
	}
	return c.JSON(http.StatusOK, list)
}

// disableWebhook godoc
// @Summary      Disable a webhook (admin)
// @Description  Nothing more is delivered to it; a delivery waiting for its next attempt is cancelled. Disabling twice answers 200 and records nothing.
// @ID           disableWebhook
// @Tags         webhooks
// @Produce      json
// @Security     BearerAuth
// @Param        webhook_id       path    string  true   "Webhook id"
// @Param        Idempotency-Key  header  string  false  "Idempotency key"
// @Success      200  {object}  WebhookDisabledResponse  "Disabled before"
// @Success      201  {object}  WebhookDisabledResponse
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      503  {object}  Problem
// @Router       /v1/webhooks/{webhook_id} [delete]
func (s *Server) disableWebhook(c echo.Context) error {
	w, err := s.webhooks()
	if err != nil {
		return err
	}
	res, err := w.Disable(c.Request().Context(), principalOf(c), c.Param("webhook_id"))
	if err != nil {
		return err
	}
	if len(res.Events()) == 0 {
		return c.JSON(http.StatusOK, WebhookDisabledResponse{Events: []EventRef{}, WebhookID: res.WebhookID, Disabled: true})
	}
	if err := s.awaitProjection(c, w, res.Position()); err != nil {
		return err
	}
	return written(c, WebhookDisabledResponse{Events: refsOf(res.Appends...), WebhookID: res.WebhookID, Disabled: true}, res.Written)
}

// listDeliveries godoc
// @Summary      A webhook's delivery log (admin)
// @Description  Each event delivered, being retried or given up on, oldest first: attempts, status, the last answer's HTTP status or error, and when the next attempt is due. Paged with limit and cursor.
// @ID           listWebhookDeliveries
// @Tags         webhooks
// @Produce      json
// @Security     BearerAuth
// @Param        webhook_id  path   string   true   "Webhook id"
// @Param        limit       query  integer  false  "Page size (1-1000, default 50)"
// @Param        cursor      query  string   false  "next_cursor of the previous page"
// @Success      200  {object}  DeliveriesPage
// @Header       200  {string}  Link  "<…?cursor=…>; rel=\"next\" while more remain"
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      503  {object}  Problem
// @Router       /v1/webhooks/{webhook_id}/deliveries [get]
func (s *Server) listDeliveries(c echo.Context) error {
	w, err := s.webhooks()
	if err != nil {
		return err
	}
	limit, err := limitParam(c)
	if err != nil {
		return err
	}
	var after uint64
	if raw := c.QueryParam("cursor"); raw != "" {
		if after, err = strconv.ParseUint(raw, 10, 64); err != nil {
			return badQuery("cursor", "cursor is the next_cursor of the previous page")
		}
	}
	res, err := w.Deliveries(c.Request().Context(), principalOf(c), c.Param("webhook_id"), after, limit)
	if err != nil {
		return err
	}
	page := DeliveriesPage{WebhookID: res.WebhookID, Items: make([]Delivery, len(res.Items))}
	for i, d := range res.Items {
		page.Items[i] = deliveryOf(d)
	}
	if res.More {
		page.NextCursor = strconv.FormatUint(res.Items[len(res.Items)-1].Seq, 10)
		linkNext(c, "cursor", page.NextCursor)
	}
	return c.JSON(http.StatusOK, page)
}

func deliveryOf(d webhook.Delivery) Delivery {
	return Delivery{EventID: d.EventID, EventType: d.EventType, Position: d.Position, Attempts: d.Attempts, Status: string(d.Status),
		LastStatusCode: d.LastStatusCode, LastError: d.LastError, FirstAttempt: d.FirstAttempt, LastAttempt: d.LastAttempt,
		NextAttemptAt: d.NextAttempt, DeliveredAt: d.DeliveredAt}
}

// webhooks is the webhook use cases, when this server has them.
func (s *Server) webhooks() (*ledger.Webhooks, error) {
	if s.cfg.Webhooks == nil {
		return nil, domain.Errorf(domain.CodeUnavailable, "webhooks are not configured on this server")
	}
	return s.cfg.Webhooks, nil
}
