package main

import (
	"testing"
	"time"
)

func TestSnapshotEvery(t *testing.T) {
	for _, tt := range []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"10m", 10 * time.Minute, true},
		{"30s", 30 * time.Second, true},
		{"0", 0, true}, // off
		{"0s", 0, false},
		{"-1m", 0, false},
		{"ten", 0, false},
		{"", 0, false},
	} {
		got, err := config{SnapshotEvery: tt.value}.snapshotEvery()
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("LATSAR_SNAPSHOT_EVERY=%q: %s, %v; want %s, ok=%v", tt.value, got, err, tt.want, tt.ok)
		}
	}
}
