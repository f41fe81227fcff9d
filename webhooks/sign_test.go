package webhooks

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

// The Standard Webhooks specification's published vector: a receiver's
// library verifies what Sign writes.
func TestSignReproducesTheStandardWebhooksVector(t *testing.T) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", SecretPrefix))
	if err != nil {
		t.Fatal(err)
	}
	got := Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, []byte(`{"test": 2432232314}`))
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Fatalf("signature=%s, want %s", got, want)
	}
}

func TestSecretsDeriveOneKeyPerWebhook(t *testing.T) {
	s := NewSecrets([]byte("0123456789abcdef0123456789abcdef"))
	a, b := s.Secret("wh_a"), s.Secret("wh_b")
	if a == b || a != s.Secret("wh_a") {
		t.Fatalf("secrets %s and %s: want one stable secret per webhook", a, b)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(a, SecretPrefix))
	if err != nil || !strings.HasPrefix(a, SecretPrefix) || string(key) != string(s.Key("wh_a")) {
		t.Fatalf("secret %s is not whsec_ and the base64 of the key (%v)", a, err)
	}
	if other := NewSecrets([]byte("another master secret, 32 bytes!")); other.Secret("wh_a") == a {
		t.Fatal("another master secret derives the same secret")
	}
}

func TestRetriesDoubleUpToTheCap(t *testing.T) {
	o := Options{}.withDefaults()
	var total time.Duration
	var waits []time.Duration
	for n := 1; n < o.Attempts; n++ {
		waits = append(waits, o.retryAfter(n))
		total += o.retryAfter(n)
	}
	if waits[0] != 30*time.Second || waits[1] != time.Minute || waits[6] != 32*time.Minute {
		t.Fatalf("waits %v, want 30s doubling", waits)
	}
	if total < time.Hour || total > 65*time.Minute {
		t.Fatalf("8 attempts span %s, want about an hour", total)
	}
	if got := o.retryAfter(40); got != time.Hour {
		t.Fatalf("the 40th wait is %s, want the 1h cap", got)
	}
}
