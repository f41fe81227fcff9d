package main

import "testing"

func TestGCSettings(t *testing.T) {
	for _, tc := range []struct {
		gogc, limit string
		percent     int
		bytes       int64 // -1: auto, some positive value or 0 when unknown
		bad         bool
	}{
		{gogc: "400", limit: "off", percent: 400},
		{gogc: "100", limit: "2G", percent: 100, bytes: 2 << 30},
		{gogc: "200", limit: "512m", percent: 200, bytes: 512 << 20},
		{gogc: "400", limit: "auto", percent: 400, bytes: -1},
		{gogc: "400", limit: "1073741824", percent: 400, bytes: 1 << 30},
		{gogc: "5", limit: "off", bad: true},
		{gogc: "off", limit: "off", bad: true},
		{gogc: "400", limit: "1M", bad: true}, // below 64M: a typo, not a limit
		{gogc: "400", limit: "lots", bad: true},
		{gogc: "400", limit: "-2G", bad: true},
		{gogc: "400", limit: "99999999999T", bad: true},
	} {
		percent, limit, err := config{GOGC: tc.gogc, MemoryLimit: tc.limit}.gcSettings()
		if tc.bad {
			if err == nil {
				t.Errorf("%s/%s: accepted (%d, %d)", tc.gogc, tc.limit, percent, limit)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s/%s: %v", tc.gogc, tc.limit, err)
			continue
		}
		want := tc.bytes
		if want == -1 {
			want = availableMemory() / 4 * 3
		}
		if percent != tc.percent || limit != want {
			t.Errorf("%s/%s: (%d, %d), want (%d, %d)", tc.gogc, tc.limit, percent, limit, tc.percent, want)
		}
	}
}
