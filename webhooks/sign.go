// Package webhooks delivers the log to the endpoints admins subscribed
// (domain/webhook): each webhook follows the log in its own goroutine from
// its checkpoint, posts each event it wants, in order, signed with the
// Standard Webhooks scheme, retries with exponential backoff, and keeps a
// delivery log. The checkpoints, the delivery log and the deliverer's copy
// of the subscriptions live in DATA/webhooks.db (SQLite, beside the store);
// the subscriptions themselves are events of the log. See docs/webhooks.md.
package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
)

// SecretPrefix marks a Standard Webhooks signing secret: "whsec_" and the
// base64 of the key's bytes.
const SecretPrefix = "whsec_"

// Secrets derives each webhook's signing key from the deployment's master
// secret (DATA/keys/webhooks.secret): key = HMAC-SHA256(master, label ‖
// webhook_id). The key is recomputed at each delivery and kept nowhere, so
// the log, webhooks.db and the kept Idempotency-Key answers hold no secret a
// reader could sign with.
type Secrets struct{ master []byte }

// NewSecrets derives from master.
func NewSecrets(master []byte) *Secrets { return &Secrets{master: master} }

// derivation labels the HMAC input, so the master secret derives nothing
// else by accident.
const derivation = "latsar webhook signing key v1\x00"

// Key is the signing key of a webhook.
func (s *Secrets) Key(webhookID string) []byte {
	m := hmac.New(sha256.New, s.master)
	m.Write([]byte(derivation + webhookID))
	return m.Sum(nil)
}

// Secret is the signing secret of a webhook as the admin is shown it once.
func (s *Secrets) Secret(webhookID string) string {
	return SecretPrefix + base64.StdEncoding.EncodeToString(s.Key(webhookID))
}

// Sign is the Standard Webhooks signature of a message: "v1," and the base64
// of HMAC-SHA256(key, "{msgID}.{timestamp}.{body}"), the value of the
// webhook-signature header.
func Sign(key []byte, msgID string, timestamp int64, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msgID + "." + strconv.FormatInt(timestamp, 10) + "."))
	m.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}
