package events

import "testing"

func TestNextLogHash(t *testing.T) {
	// hex(SHA-256("" ‖ "ab")) and hex(SHA-256(that ‖ "cd")), as an auditor computes them with sha256sum.
	h1 := NextLogHash("", "ab")
	if h1 != "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603" {
		t.Fatalf("NextLogHash(\"\", ab) = %s", h1)
	}
	if NextLogHash(h1, "cd") == NextLogHash(h1, "ce") || len(NextLogHash(h1, "cd")) != 64 {
		t.Fatal("the running hash does not depend on the event's hash")
	}
}
