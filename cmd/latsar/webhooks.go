package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/latsar/ledger/domain/webhook"
	"github.com/latsar/ledger/webhooks"
)

// webhooks parses the webhook settings.
func (c config) webhooks() (webhooks.Options, error) {
	var o webhooks.Options
	deliver, err := strconv.ParseBool(c.WebhooksDeliver)
	if err != nil {
		return o, fmt.Errorf("LATSAR_WEBHOOKS_DELIVER: %q is not true or false", c.WebhooksDeliver)
	}
	loopback, err := strconv.ParseBool(c.WebhooksAllowHTTPLoopback)
	if err != nil {
		return o, fmt.Errorf("LATSAR_WEBHOOKS_ALLOW_HTTP_LOOPBACK: %q is not true or false", c.WebhooksAllowHTTPLoopback)
	}
	attempts, err := strconv.Atoi(c.WebhooksAttempts)
	if err != nil || attempts < 1 || attempts > 100 {
		return o, fmt.Errorf("LATSAR_WEBHOOKS_ATTEMPTS: %q is not a whole number from 1 to 100", c.WebhooksAttempts)
	}
	first, err := time.ParseDuration(c.WebhooksFirstRetry)
	if err != nil || first <= 0 {
		return o, fmt.Errorf("LATSAR_WEBHOOKS_FIRST_RETRY: %q is not a positive duration such as 30s", c.WebhooksFirstRetry)
	}
	return webhooks.Options{Off: !deliver, Attempts: attempts, FirstRetry: first, Policy: webhook.Policy{AllowHTTPLoopback: loopback}}, nil
}
