package main

import "testing"

func TestCacheSettings(t *testing.T) {
	for _, tt := range []struct {
		name, states, standing string
		wantStates, wantBytes  int
		wantErr                bool
	}{
		{"defaults", "512", "32M", 512, 32 << 20, false},
		{"plain-bytes", "1", "4096", 1, 4096, false},
		{"kibibytes-lower", "10", "512k", 10, 512 << 10, false},
		{"gibibytes", "10", "1G", 10, 1 << 30, false},
		{"zero-states-400", "0", "32M", 0, 0, true},
		{"words-states", "many", "32M", 0, 0, true},
		{"zero-bytes", "10", "0", 0, 0, true},
		{"negative-bytes", "10", "-1M", 0, 0, true},
		{"unknown-unit", "10", "32T", 0, 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l, err := config{StateCache: tt.states, StandingCache: tt.standing}.caches()
			if (err != nil) != tt.wantErr {
				t.Fatalf("err=%v, want error %v", err, tt.wantErr)
			}
			if err == nil && (l.States != tt.wantStates || l.StandingBytes != tt.wantBytes) {
				t.Fatalf("limits=%+v, want %d states, %d bytes", l, tt.wantStates, tt.wantBytes)
			}
		})
	}
}
