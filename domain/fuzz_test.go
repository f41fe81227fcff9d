package domain_test

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/latsar/ledger/domain"
)

// The parsers' fuzz targets (make fuzz): nothing panics, a refusal is a
// refusal (a *domain.Error with a field where the parser makes one), and what
// is accepted round-trips.

// refusedWithField fails unless err is a *domain.Error naming field.
func refusedWithField(t *testing.T, err error, field string) {
	t.Helper()
	e, ok := domain.AsError(err)
	if !ok {
		t.Fatalf("refusal %T %v, want *domain.Error", err, err)
	}
	if e.Code != domain.CodeInvalid || len(e.Fields) == 0 || e.Fields[0].Field != field {
		t.Fatalf("refusal %+v, want invalid naming %s", e, field)
	}
}

func FuzzParseScore(f *testing.F) {
	for _, s := range []string{"87.5", "70.01", "100", "0", "1e2", "100.001", "-1", "80.015", "1e999999999", "0x10", "1/4", "70.105", `"80"`, "", "9" + strings.Repeat("0", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := domain.ParseScore(text)
		if err != nil {
			return
		}
		if s < 0 || s > domain.MaxScore {
			t.Fatalf("ParseScore(%q)=%d, outside 0..100", text, s)
		}
		b, _ := s.MarshalJSON()
		again, err := domain.ParseScore(string(b))
		if err != nil || again != s {
			t.Fatalf("%q → %d → %s → %d, %v", text, s, b, again, err)
		}
		var u domain.Score
		if err := u.UnmarshalJSON([]byte(text)); err != nil || u != s {
			t.Fatalf("UnmarshalJSON(%q)=%d, %v; ParseScore gave %d", text, u, err, s)
		}
	})
}

func FuzzParseNIP(f *testing.F) {
	for _, s := range []string{"199901012024011001", "19791210 200604 1 008", "199913012024011001", "19990101202401100A", "", strings.Repeat(" ", 40) + "199901012024011001", "1999010120240110011"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n, err := domain.ParseNIP(text)
		if err != nil {
			refusedWithField(t, err, "nip")
			if e, _ := domain.AsError(err); e.Rule != "R-NIP-1" {
				t.Fatalf("rule=%s, want R-NIP-1", e.Rule)
			}
			return
		}
		if len(n) != 18 || strings.Trim(string(n), "0123456789") != "" {
			t.Fatalf("ParseNIP(%q)=%q, not 18 digits", text, n)
		}
		if again, err := domain.ParseNIP(string(n)); err != nil || again != n {
			t.Fatalf("%q → %q → %q, %v", text, n, again, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-06-03", "2024-02-29", "2023-02-29", "2024-13-01", "10/06/2024", "0000-01-01", "9999-12-31", "2024-6-3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, ok := domain.ParseDate(text)
		if !ok {
			return
		}
		if string(d) != text || d.Time().Format(time.DateOnly) != text {
			t.Fatalf("ParseDate(%q)=%q, Time %v", text, d, d.Time())
		}
		if d < "0001-01-02" || d > "9999-12-30" {
			return // a day more or less has no four-digit year
		}
		if back := d.AddDays(1).AddDays(-1); back != d {
			t.Fatalf("%s +1 -1 day = %s", d, back)
		}
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2024-06-05T09:30:00Z", "2024-06-05T09:30:00.123456789Z", "2024-06-05T09:30:00.123456789123Z", "2024-06-05T16:30:00+07:00",
		"2024-06-05T09:30:00,5Z", "2024-06-05t09:30:00z", "2024-06-05T09:30:00+24:00", "2024-06-05T24:00:00Z", "yesterday", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		at, err := domain.ParseTime(text)
		if err != nil {
			return
		}
		if d := fractionDigitsOf(text); d > 9 {
			t.Fatalf("ParseTime(%q) accepted %d fractional digits", text, d)
		}
		again, err := domain.ParseTime(at.Format(time.RFC3339Nano))
		if err != nil || !again.Equal(at) {
			t.Fatalf("%q → %v → %q → %v, %v", text, at, at.Format(time.RFC3339Nano), again, err)
		}
	})
}

func fractionDigitsOf(s string) int {
	i := strings.IndexByte(s, '.')
	if i < 0 {
		return 0
	}
	n := 0
	for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n++
	}
	return n
}

// FuzzText: an accepted name is at most its length of printable characters
// on one line; accepted free text may add line breaks and tabs; an accepted
// reference is 1..100 characters of its alphabet.
func FuzzText(f *testing.F) {
	for _, s := range []string{"Siti Rahayu", "a\nb", "a\r\nb", "a\rb", "\x00", "\u202e", "\u2028", "é", "\xff", "B-1234/LAN/2024", "../../etc/passwd", "No. 800/45"} {
		f.Add(s, 20)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = max%300 + 1
		if max <= 0 {
			max += 300
		}
		if domain.Line("name", s, max) == "" {
			checkPrintable(t, s, max, false)
		}
		if domain.Text("reason", s, max) == "" {
			checkPrintable(t, s, max, true)
		}
		if domain.Reference("letter_number", s) == "" {
			if len(s) == 0 || len(s) > domain.MaxReferenceLen || strings.Contains(s, "..") || strings.Contains(s, "//") {
				t.Fatalf("Reference accepted %q", s)
			}
			for _, r := range s {
				if r >= utf8.RuneSelf || unicode.IsControl(r) {
					t.Fatalf("Reference accepted %q (%U)", s, r)
				}
			}
		}
	})
}

func checkPrintable(t *testing.T, s string, max int, free bool) {
	t.Helper()
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		t.Fatalf("accepted %q (max %d)", s, max)
	}
	for i, r := range s {
		switch {
		case free && (r == '\n' || r == '\t' || (r == '\r' && strings.HasPrefix(s[i:], "\r\n"))):
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\u202e' || r == '\u2066':
			t.Fatalf("accepted %q holding %U (free text %v)", s, r, free)
		}
	}
}

// FuzzCatalogue: whatever counts a catalogue holds (recorded before the
// bound or not), validating it never panics and what it offers stays within
// 0..MaxOffered per agenda, so no rule's arithmetic overflows.
func FuzzCatalogue(f *testing.F) {
	f.Add(3, 10, 10, 10, 5, 5, 5, 0)
	f.Add(3, 200000000000000000, 10, 10, 5, 5, 5, 4)
	f.Add(-1, -9223372036854775808, 9223372036854775807, 0, 0, 0, 0, 7)
	f.Fuzz(func(t *testing.T, k, s1a, s1b, s1c, s2a, s2b, s2c, odd int) {
		c := domain.Catalogue{
			domain.Kebijakan:  {0: k},
			domain.Substansi1: {1: s1a, 2: s1b, 3: s1c},
			domain.Substansi2: {1: s2a, 2: s2b, 3: s2c, odd: odd},
		}
		var v domain.Invalid
		c.Validate("trophy_catalogue", &v)
		n := c.OfferedIn(domain.Substansi1, 1, 3)
		if n < 0 || n > 3*domain.MaxOffered {
			t.Fatalf("OfferedIn=%d", n)
		}
		bad := false
		for _, agendas := range c {
			for _, x := range agendas {
				bad = bad || x < 0 || x > domain.MaxOffered
			}
		}
		if bad && v.Err() == nil {
			t.Fatalf("a count outside 0..%d accepted: %v", domain.MaxOffered, c)
		}
	})
}
