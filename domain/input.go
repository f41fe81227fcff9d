package domain

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Bounds of text fields (R-INPUT-2, docs/rules.md "Rules the ledger adds").
const (
	// MaxNameLen bounds names and one-line labels: a participant's, a
	// cohort's or a token's name, a session title, an assessor, who approved
	// a letter, who issued evidence.
	MaxNameLen = 200
	// MaxReferenceLen bounds the number of a letter or a certificate.
	MaxReferenceLen = 100
	// MaxTextLen bounds free text: the reason of a correction, a dispute or
	// a later deadline, the note of a resolution.
	MaxTextLen = 2000
)

// Line checks a one-line text field (a name, a title): at most max
// characters, none of them a control character, a line or paragraph
// separator or a bidirectional control (R-INPUT-2). It answers what is
// wrong, or "".
func Line(field, s string, max int) string { return textProblem(field, s, max, false) }

// Text checks a free-text field (a reason, a note): as Line, but line breaks
// (LF or CRLF) and tabs are allowed (R-INPUT-2).
func Text(field, s string, max int) string { return textProblem(field, s, max, true) }

func textProblem(field, s string, max int, free bool) string {
	if len(s) > max*utf8.UTFMax || utf8.RuneCountInString(s) > max {
		return field + " has at most " + strconv.Itoa(max) + " characters"
	}
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !validRuneAt(s, i):
			return field + " is not valid UTF-8"
		case free && (r == '\n' || r == '\t'):
		case free && r == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case unicode.IsControl(r), r == '\u2028', r == '\u2029':
			if free {
				return field + " holds a control character (only line breaks and tabs are allowed)"
			}
			return field + " holds a control character or a line break (it is one line of text)"
		case bidiControl(r):
			return field + " holds a bidirectional control character"
		}
	}
	return ""
}

// validRuneAt tells whether the U+FFFD at s[i] was written as such rather
// than standing for an invalid byte.
func validRuneAt(s string, i int) bool {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size == 3
}

// bidiControl tells whether r reorders text when displayed (embeddings,
// overrides, isolates and marks): in a name they make one string read as
// another, so they are refused everywhere.
func bidiControl(r rune) bool {
	return r == '\u200e' || r == '\u200f' || r == '\u061c' ||
		(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// referencePattern is the shape of a letter or certificate number:
// "B-1234/LAN/2024", "800/45/KEP/2024", "No. 12/BKPSDM/2024".
var referencePattern = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9 ./_:,()-]*[A-Za-z0-9)])?$`)

// Reference checks the number of a letter or a certificate (R-INPUT-2): 1 to
// 100 characters of ASCII letters, digits, spaces and . / _ : , ( ) -,
// beginning with a letter or a digit and ending with one (or ")"), with no
// "..", "//" or two spaces in a row. It answers what is wrong, or "".
func Reference(field, s string) string {
	if len(s) > MaxReferenceLen {
		return field + " has at most 100 characters"
	}
	if !referencePattern.MatchString(s) || containsAny(s, "..", "//", "  ") {
		return field + " is a letter or certificate number such as B-1234/LAN/2024: letters, digits, spaces and . / _ : , ( ) -, beginning and ending with a letter or digit"
	}
	return ""
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// timePattern is RFC 3339's date-time with at most nine fractional digits
// (nanoseconds, what the ledger keeps) and an upper-case T and Z.
var timePattern = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$`)

// ParseTime reads an RFC 3339 time exactly (R-INPUT-4): "2024-06-05T09:30:00Z",
// "2024-06-05T16:30:00.5+07:00". It refuses more than nine fractional digits
// (the ledger keeps nanoseconds and would drop the rest silently), a comma
// for the decimal point, a lower-case t or z and offsets beyond ±23:59,
// which time.Parse lets through.
func ParseTime(s string) (time.Time, error) {
	if len(s) > 64 || !timePattern.MatchString(s) {
		if frac := fractionDigits(s); frac > 9 {
			return time.Time{}, errors.New("a time has at most nine fractional digits (nanoseconds), got " + strconv.Itoa(frac))
		}
		return time.Time{}, errors.New("not an RFC 3339 time such as 2024-07-01T08:00:00Z")
	}
	if n := len(s); s[n-1] != 'Z' {
		h, m := (s[n-5]-'0')*10+s[n-4]-'0', (s[n-2]-'0')*10+s[n-1]-'0'
		if h > 23 || m > 59 {
			return time.Time{}, errors.New("a time's offset is at most ±23:59")
		}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errors.New("not an RFC 3339 time such as 2024-07-01T08:00:00Z (month, day, hour, minute or second out of range)")
	}
	return t, nil
}

// fractionDigits counts the digits after the seconds' decimal point of what
// looks like a time, 0 when there is none.
func fractionDigits(s string) int {
	if len(s) < 20 || s[19] != '.' {
		return 0
	}
	n := 0
	for i := 20; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n++
	}
	return n
}

// Dates of facts (R-DATE-5): what happened happened on or after this day
// and no later than a day after it is recorded.
var EarliestFact = Date("2000-01-01")

// FactMargin is how far ahead of the recording clock a fact may be dated:
// a day absorbs every time zone and a clock somewhat ahead.
const FactMargin = 24 * time.Hour

// FactTime checks the time of a fact against the clock (R-DATE-5): not
// before EarliestFact, not after now + FactMargin. It answers what is wrong,
// or "".
func FactTime(field string, t, now time.Time) string {
	switch {
	case t.Before(EarliestFact.Time()):
		return field + " is not before " + string(EarliestFact)
	case t.After(now.Add(FactMargin)):
		return field + " is in the future: a fact is dated at most a day after it is recorded"
	}
	return ""
}

// FactDate checks the date of a fact as FactTime does (R-DATE-5).
func FactDate(field string, d Date, now time.Time) string {
	switch {
	case d < EarliestFact:
		return field + " is not before " + string(EarliestFact)
	case d > Date(now.Add(FactMargin).UTC().Format(time.DateOnly)):
		return field + " is in the future: a fact is dated at most a day after it is recorded"
	}
	return ""
}

// Window is a cohort's training period, starts_on..ends_on; a participant's
// enrolment carries a copy. The zero Window is unknown (an enrolment
// recorded before the copy carried it) and contains everything.
type Window struct {
	StartsOn Date
	EndsOn   Date
}

// Known tells whether the window has both dates.
func (w Window) Known() bool { return w.StartsOn != "" && w.EndsOn != "" }

// Holds tells whether t falls, in UTC, on a date from before days before
// starts_on to after days after ends_on (inclusive). An unknown window holds
// every time.
func (w Window) Holds(t time.Time, before, after int) bool {
	if !w.Known() {
		return true
	}
	from := w.StartsOn.AddDays(-before).Time()
	until := w.EndsOn.AddDays(after + 1).Time()
	return !t.Before(from) && t.Before(until)
}

// String is "starts_on..ends_on".
func (w Window) String() string { return string(w.StartsOn) + ".." + string(w.EndsOn) }
