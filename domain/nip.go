package domain

import (
	"strings"
	"time"
)

// NIP is a civil servant's 18-digit identity number (R-NIP-1), stored without spaces.
type NIP string

// maxNIPText bounds a NIP as written: 18 digits and the spaces that group
// them ("19791210 200604 1 008"), with room to spare (R-INPUT-2).
const maxNIPText = 32

// ParseNIP reads a NIP as R-NIP-1 describes it: birth date yyyymmdd, TMT CPNS
// yyyymm, gender digit 1 or 2, a 3-digit sequence. Spaces are removed; anything
// else that is not a digit is refused.
func ParseNIP(text string) (NIP, error) {
	if len(text) > maxNIPText {
		return "", Refuse("R-NIP-1", "nip", "a NIP has 18 digits (spaces allowed), got "+itoaLen(text)+" characters")
	}
	s := strings.ReplaceAll(text, " ", "")
	if len(s) != 18 {
		return "", Refuse("R-NIP-1", "nip", "a NIP has 18 digits (spaces allowed), got "+itoaLen(s))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", Refuse("R-NIP-1", "nip", "a NIP holds digits only")
		}
	}
	birth, err := time.Parse("20060102", s[0:8])
	if err != nil {
		return "", Refuse("R-NIP-1", "nip", "digits 1-8 of a NIP are a birth date yyyymmdd")
	}
	tmt, err := time.Parse("200601", s[8:14])
	if err != nil {
		return "", Refuse("R-NIP-1", "nip", "digits 9-14 of a NIP are the TMT CPNS yyyymm")
	}
	if !tmt.After(birth) {
		return "", Refuse("R-NIP-1", "nip", "the TMT CPNS in a NIP comes after the birth date")
	}
	if s[14] != '1' && s[14] != '2' {
		return "", Refuse("R-NIP-1", "nip", "digit 15 of a NIP is the gender, 1 or 2")
	}
	return NIP(s), nil
}

func itoaLen(s string) string {
	n := len(s)
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
