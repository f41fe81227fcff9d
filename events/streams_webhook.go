package events

// WebhookPrefix names a webhook subscription's stream: `webhook-{id}`
// (domain/webhook; delivered by webhooks/).
const WebhookPrefix = "webhook-"
