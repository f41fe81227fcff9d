package api

import "testing"

func TestMatches(t *testing.T) {
	const tag = `"0123456789abcdef01234567"`
	for _, tc := range []struct {
		header string
		want   bool
	}{
		{"", false},
		{tag, true},
		{"W/" + tag, true},
		{` "stale" , ` + tag + ` `, true},
		{`"stale",W/` + tag, true},
		{`"stale"`, false},
		{`"stale",`, false},
		{",", false},
		{"*", true},
		{`"stale", *`, true},
		{tag[1 : len(tag)-1], false}, // unquoted
	} {
		if got := matches(tc.header, tag); got != tc.want {
			t.Errorf("matches(%q)=%v, want %v", tc.header, got, tc.want)
		}
	}
}
