package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/latsar/ledger/projections"
)

// caches parses LATSAR_STATE_CACHE (a count of participants' states) and
// LATSAR_STANDING_CACHE (bytes of standing documents, with K, M or G).
func (c config) caches() (projections.CacheLimits, error) {
	var l projections.CacheLimits
	n, err := strconv.Atoi(c.StateCache)
	if err != nil || n < 1 {
		return l, fmt.Errorf("LATSAR_STATE_CACHE: %q is not a whole number of at least 1", c.StateCache)
	}
	l.States = n
	if l.StandingBytes, err = byteSize(c.StandingCache); err != nil {
		return l, fmt.Errorf("LATSAR_STANDING_CACHE: %q is not a size of at least 1 such as 32M", c.StandingCache)
	}
	return l, nil
}

// byteSize parses a positive size in bytes: 4096, 512K, 32M, 1G.
func byteSize(s string) (int, error) {
	unit := 1
	for suffix, u := range map[string]int{"K": 1 << 10, "M": 1 << 20, "G": 1 << 30} {
		if rest, ok := strings.CutSuffix(strings.ToUpper(s), suffix); ok {
			s, unit = rest, u
			break
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > (1<<62)/unit {
		return 0, fmt.Errorf("size %q", s)
	}
	return n * unit, nil
}
