package development

import (
	"fmt"
	"math/big"
	"strconv"

	"github.com/latsar/ledger/domain"
)

// Amount is a quantity or a number of JP in hundredths (840 is 8.4 JP). The
// international +20% of 7 programme JP is 8.4 JP, so JP are not whole; kept in
// integers they add up exactly, like domain.Score.
type Amount int64

// MaxQuantity bounds a quantity (10,000 of the form's unit) so that no
// conversion can overflow.
const MaxQuantity Amount = 1_000_000

// Units is n whole units as an Amount.
func Units(n int64) Amount { return Amount(n * 100) }

// Whole tells whether a is a whole number of units.
func (a Amount) Whole() bool { return a%100 == 0 }

// ParseAmount reads a JSON number such as "8", "2.5" or "1e1" exactly. It
// refuses more than two decimals, zero and negatives, and more than MaxQuantity.
func ParseAmount(text string) (Amount, error) {
	if err := domain.CheckDecimal(text); err != nil {
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
	if n.Sign() <= 0 {
		return 0, fmt.Errorf("%s is not above zero", text)
	}
	if n.Cmp(big.NewInt(int64(MaxQuantity))) > 0 {
		return 0, fmt.Errorf("%s is more than %s", text, MaxQuantity)
	}
	return Amount(n.Int64()), nil
}

// String shows the amount as the JSON does: 8, 8.4, 0.05.
func (a Amount) String() string { return string(a.appendShort(nil)) }

func (a Amount) appendShort(b []byte) []byte {
	v := int64(a)
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/100, 10)
	if frac := v % 100; frac != 0 {
		b = append(b, '.', byte('0'+frac/10))
		if frac%10 != 0 {
			b = append(b, byte('0'+frac%10))
		}
	}
	return b
}

// MarshalJSON writes the shortest exact number: 8, 8.4, 2.05.
func (a Amount) MarshalJSON() ([]byte, error) { return a.appendShort(make([]byte, 0, 8)), nil }

// UnmarshalJSON reads what MarshalJSON wrote (events read back from the log).
func (a *Amount) UnmarshalJSON(b []byte) error {
	if err := domain.CheckDecimal(string(b)); err != nil {
		return fmt.Errorf("an amount is a number, got %s", b)
	}
	r, ok := new(big.Rat).SetString(string(b))
	if !ok {
		return fmt.Errorf("an amount is a number, got %s", b)
	}
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() || !r.Num().IsInt64() {
		return fmt.Errorf("an amount has at most two decimals, got %s", b)
	}
	*a = Amount(r.Num().Int64())
	return nil
}

// times is a·num/den rounded half-up to a hundredth (a ≥ 0, den > 0): the
// rounding rules.md uses everywhere.
func (a Amount) times(num, den int64) Amount {
	return Amount((2*int64(a)*num + den) / (2 * den))
}

// percentOf is a as a percentage of total in hundredths of a percent, half-up
// (0 when total is 0).
func (a Amount) percentOf(total Amount) Amount {
	if total <= 0 {
		return 0
	}
	return Amount((2*int64(a)*10000 + int64(total)) / (2 * int64(total)))
}
