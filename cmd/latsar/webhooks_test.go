package main

import (
	"io"
	"testing"
	"time"
)

func TestWebhookSettings(t *testing.T) {
	c, err := parseConfig("serve", nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.webhooks()
	if err != nil || o.Off || o.Attempts != 8 || o.FirstRetry != 30*time.Second || o.Policy.AllowHTTPLoopback {
		t.Fatalf("defaults %+v (%v), want delivering, 8 attempts from 30s, https only", o, err)
	}
	c, err = parseConfig("serve", []string{"--webhooks-deliver=false", "--webhooks-attempts=3", "--webhooks-first-retry=1s", "--webhooks-allow-http-loopback=true"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o, err = c.webhooks(); err != nil || !o.Off || o.Attempts != 3 || o.FirstRetry != time.Second || !o.Policy.AllowHTTPLoopback {
		t.Fatalf("flags read as %+v (%v)", o, err)
	}
	for _, bad := range [][]string{{"--webhooks-attempts=0"}, {"--webhooks-first-retry=soon"}, {"--webhooks-deliver=maybe"}, {"--webhooks-allow-http-loopback=yes please"}} {
		c, err := parseConfig("serve", bad, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.webhooks(); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}
