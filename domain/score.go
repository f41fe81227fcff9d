package domain

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// Score is a score in hundredths (7001 is 70.01). Arithmetic on scores stays in
// integers so that a boundary such as 70.01 is never missed by binary rounding.
type Score int64

const (
	// MaxScore is 100.00, the top of every component (rules.md §6).
	MaxScore Score = 10000
)

// decimalPattern is JSON's number syntax; big.Rat alone would also take
// fractions ("1/4") and hexadecimal.
var decimalPattern = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// MaxDecimalLen bounds the text of a number (R-INPUT-3): a score or a
// quantity needs a handful of characters; more is a number no rule asks for.
const MaxDecimalLen = 40

// CheckDecimal tells whether text is a JSON number short enough to read
// exactly (R-INPUT-3): at most MaxDecimalLen characters and an exponent of
// at most two digits, so that reading it never computes 10^(10^9).
func CheckDecimal(text string) error {
	if len(text) > MaxDecimalLen {
		return fmt.Errorf("a number has at most %d characters", MaxDecimalLen)
	}
	if !decimalPattern.MatchString(text) {
		return fmt.Errorf("%q is not a decimal number", text)
	}
	if i := strings.IndexAny(text, "eE"); i >= 0 {
		digits := strings.TrimLeft(text[i+1:], "+-")
		if len(strings.TrimLeft(digits, "0")) > 2 {
			return fmt.Errorf("%s: the exponent has at most two digits", text)
		}
	}
	return nil
}

// ParseScore reads a decimal such as "87.5", "70.01" or "1e2" exactly. It
// refuses more than two decimals and values outside 0..100.
func ParseScore(text string) (Score, error) {
	if err := CheckDecimal(text); err != nil {
		return 0, err
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return 0, fmt.Errorf("%q is not a number", text)
	}
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() {
		return 0, fmt.Errorf("%s has more than two decimals", text)
	}
	n := r.Num()
	if n.Sign() < 0 || n.Cmp(big.NewInt(int64(MaxScore))) > 0 {
		return 0, fmt.Errorf("%s is outside 0..100", text)
	}
	return Score(n.Int64()), nil
}

// String shows the score with two decimals: 70.01, 66.50.
func (s Score) String() string {
	return string(s.appendFixed(nil))
}

func (s Score) appendFixed(b []byte) []byte {
	v := int64(s)
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/100, 10)
	frac := v % 100
	b = append(b, '.', byte('0'+frac/10), byte('0'+frac%10))
	return b
}

// MarshalJSON writes the shortest number that is exact: 70.01, 66.5, 90.
func (s Score) MarshalJSON() ([]byte, error) {
	b := s.appendFixed(make([]byte, 0, 8))
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b, nil
}

// UnmarshalJSON accepts a JSON number with at most two decimals in 0..100.
func (s *Score) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && (b[0] == '"' || b[0] == 'n' || b[0] == 't' || b[0] == 'f' || b[0] == '[' || b[0] == '{') {
		return fmt.Errorf("a score is a number, got %s", b)
	}
	v, err := ParseScore(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Float is for display edges that need a float64 (metrics, sorted-set scores).
func (s Score) Float() float64 { return float64(s) / 100 }

// DivHalfUp divides num by den (den > 0, num >= 0) rounding half-up, the
// rounding every rule of rules.md uses.
func DivHalfUp(num, den int64) int64 {
	return (2*num + den) / (2 * den)
}

// WeightedHalfUp returns Σ wᵢ·sᵢ / Σ wᵢ rounded half-up to a hundredth.
func WeightedHalfUp(weights []int64, scores []Score) Score {
	var num, den int64
	for i, w := range weights {
		num += w * int64(scores[i])
		den += w
	}
	return Score(DivHalfUp(num, den))
}
