package domain_test

import (
	"strings"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
)

func TestLineAndText(t *testing.T) {
	tests := []struct {
		name     string
		s        string
		max      int
		lineOK   bool // accepted as one line (a name)
		textOK   bool // accepted as free text (a reason)
		contains string
	}{
		{name: "plain-R-INPUT-2", s: "Siti Rahayu", max: 200, lineOK: true, textOK: true},
		{name: "accents-R-INPUT-2", s: "Ní Putu Ayu Déwi", max: 200, lineOK: true, textOK: true},
		{name: "200-characters-R-INPUT-2", s: strings.Repeat("é", 200), max: 200, lineOK: true, textOK: true},
		{name: "201-characters-R-INPUT-2", s: strings.Repeat("é", 201), max: 200, contains: "at most 200"},
		{name: "nul-R-INPUT-2", s: "Siti\x00", max: 200, contains: "control"},
		{name: "escape-R-INPUT-2", s: "\x1b[31m", max: 200, contains: "control"},
		{name: "del-R-INPUT-2", s: "a\x7f", max: 200, contains: "control"},
		{name: "c1-R-INPUT-2", s: "a\u0085b", max: 200, contains: "control"},
		{name: "newline-free-text-only-R-INPUT-2", s: "a\nb", max: 200, textOK: true},
		{name: "crlf-free-text-only-R-INPUT-2", s: "a\r\nb", max: 200, textOK: true},
		{name: "tab-free-text-only-R-INPUT-2", s: "a\tb", max: 200, textOK: true},
		{name: "lone-cr-R-INPUT-2", s: "a\rb", max: 200, contains: "control"},
		{name: "line-separator-R-INPUT-2", s: "a\u2028b", max: 200, contains: "control"},
		{name: "bidi-override-R-INPUT-2", s: "a\u202eb", max: 200, contains: "bidirectional"},
		{name: "bidi-isolate-R-INPUT-2", s: "a\u2066b", max: 200, contains: "bidirectional"},
		{name: "invalid-utf8-R-INPUT-2", s: "a\xffb", max: 200, contains: "UTF-8"},
		{name: "replacement-character-written-R-INPUT-2", s: "a\ufffdb", max: 200, lineOK: true, textOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, text := domain.Line("name", tt.s, tt.max), domain.Text("reason", tt.s, tt.max)
			if got := line == ""; got != tt.lineOK {
				t.Fatalf("Line accepted=%v, want %v (%q)", got, tt.lineOK, line)
			}
			if got := text == ""; got != tt.textOK {
				t.Fatalf("Text accepted=%v, want %v (%q)", got, tt.textOK, text)
			}
			if tt.contains != "" && !strings.Contains(line, tt.contains) {
				t.Fatalf("Line=%q, want it to say %q", line, tt.contains)
			}
		})
	}
}

func TestReference(t *testing.T) {
	tests := []struct {
		s  string
		ok bool
	}{
		{"B-1234/LAN/2024", true},
		{"800/45/KEP.LAN/2024", true},
		{"No. 12/BKPSDM/2024", true},
		{"SERT/123/BKPSDM/2024", true},
		{"B-1/LAN (2024)", true},
		{"1", true},
		{strings.Repeat("B", 100), true},
		{strings.Repeat("B", 101), false},
		{strings.Repeat("B", 10_000), false},
		{"", false},
		{"../../etc/passwd", false},
		{"B-1/../../etc", false},
		{"B-1//LAN", false},
		{"B-1  LAN", false},
		{"/B-1", false},
		{"B-1/", false},
		{"B-1\nLAN", false},
		{"B-1\x00", false},
		{"B-1/LAN;rm", false},
		{"Surat é", false},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			if got := domain.Reference("letter_number", tt.s) == ""; got != tt.ok {
				t.Fatalf("accepted=%v, want %v (R-INPUT-2)", got, tt.ok)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		s    string
		want time.Time // zero: refused (R-INPUT-4)
	}{
		{"2024-06-05T09:30:00Z", time.Date(2024, 6, 5, 9, 30, 0, 0, time.UTC)},
		{"2024-06-05T09:30:00.5Z", time.Date(2024, 6, 5, 9, 30, 0, 5e8, time.UTC)},
		{"2024-06-05T09:30:00.123456789Z", time.Date(2024, 6, 5, 9, 30, 0, 123456789, time.UTC)},
		{"2024-06-05T16:30:00+07:00", time.Date(2024, 6, 5, 9, 30, 0, 0, time.UTC)},
		{"2024-06-05T09:30:00-23:59", time.Date(2024, 6, 6, 9, 29, 0, 0, time.UTC)},
		{"2024-06-05T09:30:00.1234567891Z", time.Time{}},
		{"2024-06-05T09:30:00.123456789123Z", time.Time{}},
		{"2024-06-05T09:30:00,5Z", time.Time{}},
		{"2024-06-05t09:30:00Z", time.Time{}},
		{"2024-06-05T09:30:00z", time.Time{}},
		{"2024-06-05T09:30:00+24:00", time.Time{}},
		{"2024-06-05T09:30:00+07:60", time.Time{}},
		{"2024-06-05T09:30:00", time.Time{}},
		{"2024-06-05T09:30:00.Z", time.Time{}},
		{"2024-02-30T09:30:00Z", time.Time{}},
		{"2024-06-05T25:30:00Z", time.Time{}},
		{" 2024-06-05T09:30:00Z", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			got, err := domain.ParseTime(tt.s)
			if tt.want.IsZero() {
				if err == nil {
					t.Fatalf("accepted %v, want a refusal (R-INPUT-4)", got)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestFactDates(t *testing.T) {
	now := time.Date(2024, 8, 1, 12, 0, 0, 0, time.UTC)
	times := []struct {
		at time.Time
		ok bool
	}{
		{time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC), false},
		{now.Add(24 * time.Hour), true},
		{now.Add(24*time.Hour + time.Second), false},
		{time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range times {
		if got := domain.FactTime("at", tt.at, now) == ""; got != tt.ok {
			t.Errorf("FactTime(%v) accepted=%v, want %v (R-DATE-5)", tt.at, got, tt.ok)
		}
	}
	dates := []struct {
		d  domain.Date
		ok bool
	}{
		{"2000-01-01", true}, {"1999-12-31", false}, {"2024-08-02", true}, {"2024-08-03", false}, {"2030-08-02", false},
	}
	for _, tt := range dates {
		if got := domain.FactDate("on", tt.d, now) == ""; got != tt.ok {
			t.Errorf("FactDate(%s) accepted=%v, want %v (R-DATE-5)", tt.d, got, tt.ok)
		}
	}
}

func TestWindowHolds(t *testing.T) {
	w := domain.Window{StartsOn: "2024-06-03", EndsOn: "2024-08-02"}
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	tests := []struct {
		at            time.Time
		before, after int
		want          bool
	}{
		{at("2024-06-03T00:00:00Z"), 0, 0, true},
		{at("2024-06-02T23:59:59Z"), 0, 0, false},
		{at("2024-06-02T00:00:00Z"), 1, 1, true},
		{at("2024-06-01T23:59:59Z"), 1, 1, false},
		{at("2024-08-02T23:59:59Z"), 0, 0, true},
		{at("2024-08-03T00:00:00Z"), 0, 0, false},
		{at("2024-08-03T23:59:59Z"), 1, 1, true},
		{at("2024-08-04T00:00:00Z"), 1, 1, false},
		{at("2024-09-01T23:59:59Z"), 1, 30, true},
		{at("2024-09-02T00:00:00Z"), 1, 30, false},
		{at("2024-06-03T05:00:00+07:00"), 0, 0, false}, // 2024-06-02 in UTC
	}
	for _, tt := range tests {
		if got := w.Holds(tt.at, tt.before, tt.after); got != tt.want {
			t.Errorf("Holds(%v, %d, %d)=%v, want %v", tt.at, tt.before, tt.after, got, tt.want)
		}
	}
	if !(domain.Window{}).Holds(at("1999-01-01T00:00:00Z"), 0, 0) {
		t.Error("an unknown window (an enrolment recorded before it carried one) must hold every time")
	}
}

// R-INPUT-3: numbers are read exactly, and only when short enough to.
func TestCheckDecimal(t *testing.T) {
	for _, ok := range []string{"87.5", "70.01", "1e2", "1E+02", "100", "0", "-0", "0.00e00", "1e99"} {
		if err := domain.CheckDecimal(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"1e100", "1e999999999", "1e-100", strings.Repeat("1", 41), "0x10", "1/4", "", "+1", "1.", ".5", "NaN"} {
		if err := domain.CheckDecimal(bad); err == nil {
			t.Errorf("%q accepted, want a refusal", bad)
		}
	}
	if _, err := domain.ParseScore("1e999999999"); err == nil {
		t.Error("ParseScore accepted 1e999999999")
	}
}

// R-INPUT-3: counts read from a catalogue recorded before the bound are read
// within it, so R-TRO-3's 70% cannot overflow.
func TestCatalogueCountsBounded(t *testing.T) {
	c := domain.Catalogue{domain.Substansi1: {1: 200000000000000000, 2: -5, 3: 10}}
	if got, want := c.Offered(domain.Substansi1, 1), domain.MaxOffered; got != want {
		t.Fatalf("Offered=%d, want %d", got, want)
	}
	if got, want := c.OfferedIn(domain.Substansi1, 1, 3), domain.MaxOffered+10; got != want {
		t.Fatalf("OfferedIn=%d, want %d", got, want)
	}
	var v domain.Invalid
	c.Validate("trophy_catalogue", &v)
	e, _ := domain.AsError(v.Err())
	found := false
	for _, f := range e.Fields {
		found = found || f.Field == "trophy_catalogue.substansi_1.1"
	}
	if !found {
		t.Fatalf("Validate did not name trophy_catalogue.substansi_1.1: %v", e.Fields)
	}
}
