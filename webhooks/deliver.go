package webhooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"syscall"
	"time"

	"github.com/latsar/ledger/domain/webhook"
	"github.com/latsar/ledger/events"
)

// deliver posts one event to a webhook until it is accepted or the attempts
// are spent, logging each attempt; it returns an error only when ctx ends
// (the attempt then cut short is not counted: a restart makes it again).
// Attempts logged before a restart count: the schedule resumes where it was.
func (d *Deliverer) deliver(ctx context.Context, s webhook.Subscription, rec events.Recorded) error {
	dl, seen, err := d.db.delivery(ctx, s.WebhookID, rec.ID)
	if err != nil {
		return err
	}
	if seen && dl.Status != webhook.Pending {
		return nil // finished before the checkpoint was read (cancelled: a webhook disabled and enabled again cannot be)
	}
	if !seen {
		dl = webhook.Delivery{EventID: rec.ID, EventType: rec.Type, Position: rec.Position, Status: webhook.Pending}
	}
	body, err := json.Marshal(Event{ID: rec.ID, Type: rec.Type, Stream: rec.Stream, Revision: rec.Revision, Position: rec.Position,
		RecordedAt: rec.RecordedAt, Data: json.RawMessage(rec.Data), Metadata: rec.Metadata})
	if err == nil && len(body) > MaxBody {
		err = fmt.Errorf("the event is %d bytes, above the %d a delivery carries", len(body), MaxBody)
	}
	if err != nil {
		now := time.Now().UTC()
		dl.Status, dl.LastError, dl.NextAttempt = webhook.Failed, err.Error(), nil
		if dl.FirstAttempt.IsZero() {
			dl.FirstAttempt = now
		}
		dl.LastAttempt = now
		return d.db.record(ctx, s.WebhookID, dl)
	}
	key := d.secrets.Key(s.WebhookID)
	for {
		if dl.Attempts > 0 && !sleep(ctx, time.Until(dl.LastAttempt.Add(d.opts.retryAfter(dl.Attempts)))) {
			return ctx.Err()
		}
		started := time.Now().UTC()
		code, failure := d.post.post(ctx, s.URL, rec.ID, key, body)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		dl.Attempts++
		if dl.FirstAttempt.IsZero() {
			dl.FirstAttempt = started
		}
		dl.LastAttempt, dl.LastStatusCode, dl.LastError, dl.NextAttempt = started, code, failure, nil
		switch {
		case failure == "":
			at := time.Now().UTC()
			dl.Status, dl.DeliveredAt = webhook.Delivered, &at
		case dl.Attempts >= d.opts.Attempts:
			dl.Status = webhook.Failed
			d.log.Warn("webhooks: delivery failed, every attempt spent", "webhook_id", s.WebhookID, "event_id", rec.ID, "attempts", dl.Attempts, "last_error", failure)
		default:
			next := started.Add(d.opts.retryAfter(dl.Attempts))
			dl.NextAttempt = &next
		}
		if err := d.db.record(ctx, s.WebhookID, dl); err != nil {
			return err
		}
		if dl.Status != webhook.Pending {
			return nil
		}
	}
}

// poster makes the HTTP requests: https through the usual transport (the
// environment's proxy honoured), loopback http (tests, where the policy
// allows it) through one that dials loopback addresses only.
type poster struct {
	policy   webhook.Policy
	https    *http.Client
	loopback *http.Client
}

// maxAnswer bounds what is read of an endpoint's answer (then dropped).
const maxAnswer = 64 << 10

func newPoster(o Options) *poster {
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxResponseHeaderBytes = maxAnswer
	lo := tr.Clone()
	lo.Proxy = nil
	lo.DialContext = (&net.Dialer{Timeout: o.Timeout, Control: loopbackOnly}).DialContext
	return &poster{
		policy:   o.Policy,
		https:    &http.Client{Transport: tr, Timeout: o.Timeout, CheckRedirect: noRedirect},
		loopback: &http.Client{Transport: lo, Timeout: o.Timeout, CheckRedirect: noRedirect},
	}
}

// loopbackOnly refuses to connect a plain-http delivery anywhere but the
// loopback interface, whatever the name resolved to.
func loopbackOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("http deliveries go to the loopback interface only, not %s", address)
	}
	return nil
}

// post makes one attempt: the answer's status, and why it failed ("" when
// the endpoint accepted it with a 2xx).
func (p *poster) post(ctx context.Context, endpoint, msgID string, key, body []byte) (int, string) {
	if msg := p.policy.CheckURL(endpoint); msg != "" {
		return 0, msg // the policy changed since the webhook was registered
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	ts := time.Now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "latsar-ledger-webhooks/1")
	req.Header.Set("webhook-id", msgID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", Sign(key, msgID, ts, body))
	client := p.https
	if req.URL.Scheme == "http" {
		client = p.loopback
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, describe(err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, maxAnswer))
	res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, "the endpoint answered " + strconv.Itoa(res.StatusCode)
	}
	return res.StatusCode, ""
}

// describe says why a request got no answer, without the URL the error
// repeats (the delivery log names the webhook already).
func describe(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return "no answer within the timeout"
	}
	msg := err.Error()
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	return msg
}
