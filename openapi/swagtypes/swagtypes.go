// Package swagtypes holds stand-ins that swag documents in place of types it
// cannot describe from their Go declaration. The file ../.swaggo maps each real
// type to its stand-in, and ../gen replaces every use of a stand-in with the
// schema the JSON really has.
//
// Nothing imports this package; swag only reads it.
package swagtypes

// Score stands in for domain.Score. In Go a Score is an int64 of hundredths
// (and swag would even read the constant domain.MaxScore as an enum of it); on
// the wire it is a JSON number with at most two decimals, 0 to 100, which gen
// writes as {type: number, minimum: 0, maximum: 100, multipleOf: 0.01}.
type Score struct{}

// DateTime stands in for time.Time, which swag documents as a bare string
// unless each field repeats format:"date-time". gen writes
// {type: string, format: date-time}. It is not named Time because swag maps
// any type named Time to a bare string by its name alone.
type DateTime struct{}
