package development

import (
	"strings"
	"testing"
)

// FuzzParseAmount (make fuzz): nothing panics; an accepted quantity is above
// zero, at most MaxQuantity, and reads back from what String and MarshalJSON
// write (R-JP-3, R-INPUT-3).
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"8", "2.5", "1e1", "0.01", "10000", "10000.01", "0", "-1", "1.125", "1e999999999", "0x10", "1/4", strings.Repeat("9", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		a, err := ParseAmount(text)
		if err != nil {
			return
		}
		if a <= 0 || a > MaxQuantity {
			t.Fatalf("ParseAmount(%q)=%d, outside 0.01..10000", text, a)
		}
		if again, err := ParseAmount(a.String()); err != nil || again != a {
			t.Fatalf("%q → %d → %q → %d, %v", text, a, a.String(), again, err)
		}
		b, _ := a.MarshalJSON()
		var u Amount
		if err := u.UnmarshalJSON(b); err != nil || u != a {
			t.Fatalf("%q → %d → %s → %d, %v", text, a, b, u, err)
		}
		// The conversions and caps multiply it: they must not overflow.
		if x := a.times(120, 100); x < a {
			t.Fatalf("%d·1.2 = %d", a, x)
		}
	})
}
