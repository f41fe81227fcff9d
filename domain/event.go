package domain

import "time"

// Event is a fact an aggregate records. Its type name is the JSON name the
// log stores; events/ registers every concrete event under that name.
type Event interface {
	EventType() string
}

// Identified is an event with the id the log gave it, for folds that must
// tell events apart (a correction names the event it corrects).
type Identified struct {
	ID    string
	Event Event
}

// Date is a calendar date in the form 2006-01-02, as the API and the seeds use.
type Date string

// ParseDate validates a YYYY-MM-DD date.
func ParseDate(s string) (Date, bool) {
	if len(s) != 10 {
		return "", false
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", false
	}
	return Date(s), true
}

// Time is the date at midnight UTC.
func (d Date) Time() time.Time {
	t, _ := time.Parse(time.DateOnly, string(d))
	return t
}

// AddDays is the date n calendar days later.
func (d Date) AddDays(n int) Date {
	return Date(d.Time().AddDate(0, 0, n).Format(time.DateOnly))
}
