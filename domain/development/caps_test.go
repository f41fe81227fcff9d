package development

import (
	"testing"

	"github.com/latsar/ledger/domain"
)

// step is one activity recorded after the previous ones, with what it must
// credit and, when a cap cuts it, the cap's limit and what counted.
type step struct {
	form     Form
	scope    Scope
	quantity Amount
	from, to string
	wantJP   Amount
	capped   bool
	limit    Amount
	period   string
}

func runSteps(t *testing.T, steps []step) State {
	t.Helper()
	s := Initial()
	for i, st := range steps {
		var e ActivityRecorded
		s, e = record(t, s, act(st.form, st.scope, st.quantity, st.from, st.to))
		if got, want := e.JPCredited, st.wantJP; got != want {
			t.Fatalf("step %d (%s %s %s %s..%s): jp_credited=%s, want %s", i+1, st.form, st.scope, st.quantity, st.from, st.to, got, want)
		}
		if got, want := len(e.Caps) > 0, st.capped; got != want {
			t.Fatalf("step %d: capped=%v, want %v (%+v)", i+1, got, want, e.Caps)
		}
		if st.capped {
			c := e.Caps[0]
			if c.Rule != "R-JP-3" || c.Limit != st.limit || c.Requested != st.quantity || c.Counted != e.Counted || c.Period != st.period {
				t.Fatalf("step %d: cap %+v, want R-JP-3 limit %s requested %s counted %s period %s", i+1, c, st.limit, st.quantity, e.Counted, st.period)
			}
		}
	}
	return s
}

// TestMonthlySessionCap: coaching and mentoring count at most 2 sessions a
// calendar month across entries (004 B2.1, B2.2).
func TestMonthlySessionCap(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"two-sessions-counted-third-not", []step{
			{Coaching, National, Units(1), "2024-03-04", "2024-03-04", Units(2), false, 0, ""},
			{Coaching, National, Units(1), "2024-03-11", "2024-03-11", Units(2), false, 0, ""},
			{Coaching, National, Units(1), "2024-03-18", "2024-03-18", 0, true, Units(2), "2024-03"},
		}},
		{"three-in-one-entry-two-counted", []step{
			{Coaching, National, Units(3), "2024-03-04", "2024-03-25", Units(4), true, Units(2), "2024-03"},
		}},
		{"new-month-counts-again", []step{
			{Coaching, National, Units(2), "2024-03-04", "2024-03-11", Units(4), false, 0, ""},
			{Coaching, National, Units(1), "2024-03-31", "2024-03-31", 0, true, Units(2), "2024-03"},
			{Coaching, National, Units(1), "2024-04-01", "2024-04-01", Units(2), false, 0, ""},
			{Coaching, National, Units(2), "2024-04-15", "2024-04-22", Units(2), true, Units(2), "2024-04"},
		}},
		{"december-then-january", []step{
			{Mentoring, National, Units(2), "2024-12-02", "2024-12-30", Units(4), false, 0, ""},
			{Mentoring, National, Units(2), "2025-01-06", "2025-01-13", Units(4), false, 0, ""},
		}},
		{"same-month-other-year-is-another-month", []step{
			{Coaching, National, Units(2), "2024-03-04", "2024-03-11", Units(4), false, 0, ""},
			{Coaching, National, Units(2), "2025-03-03", "2025-03-10", Units(4), false, 0, ""},
		}},
		{"international-two-sessions-two-jp-then-capped", []step{
			{Coaching, International, Units(3), "2024-03-04", "2024-03-25", Units(2), true, Units(2), "2024-03"},
			{Coaching, International, Units(1), "2024-03-27", "2024-03-27", 0, true, Units(2), "2024-03"},
		}},
		{"coaching-and-mentoring-counted-apart", []step{
			{Coaching, National, Units(2), "2024-03-04", "2024-03-11", Units(4), false, 0, ""},
			{Mentoring, National, Units(2), "2024-03-05", "2024-03-12", Units(4), false, 0, ""},
		}},
		{"national-and-international-counted-apart", []step{
			{Coaching, National, Units(2), "2024-03-04", "2024-03-11", Units(4), false, 0, ""},
			{Coaching, International, Units(2), "2024-03-05", "2024-03-12", Units(2), false, 0, ""},
		}},
		{"one-left-of-two", []step{
			{Mentoring, National, Units(1), "2024-05-02", "2024-05-02", Units(2), false, 0, ""},
			{Mentoring, National, Units(3), "2024-05-06", "2024-05-27", Units(2), true, Units(2), "2024-05"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runSteps(t, tc.steps) })
	}
}

// TestSessionsOneMonthPerEntry: an entry of sessions lies in one calendar
// month, or the month cap could not be counted.
func TestSessionsOneMonthPerEntry(t *testing.T) {
	e := refused(t, Initial(), act(Coaching, National, Units(2), "2024-03-28", "2024-04-02"))
	if !names(e, "R-JP-3", "ended_on") {
		t.Fatalf("refusal %v does not name R-JP-3 and ended_on", e)
	}
}

// TestDailyCap: e-learning at most 3 JP a day (4 international), self-study
// and community of practice at most 2 JP a day, over started_on..ended_on and
// across entries (004 B2.3, B2.9, B2.10).
func TestDailyCap(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"elearning-5-in-a-day-3", []step{
			{ELearning, National, Units(5), "2024-03-04", "2024-03-04", Units(3), true, Units(3), "2024-03-04..2024-03-04"},
		}},
		{"elearning-3-in-a-day-not-capped", []step{
			{ELearning, National, Units(3), "2024-03-04", "2024-03-04", Units(3), false, 0, ""},
		}},
		{"elearning-8-over-2-days-6", []step{
			{ELearning, National, Units(8), "2024-03-04", "2024-03-05", Units(6), true, Units(3), "2024-03-04..2024-03-05"},
		}},
		{"elearning-6-over-2-days-not-capped", []step{
			{ELearning, National, Units(6), "2024-03-04", "2024-03-05", Units(6), false, 0, ""},
		}},
		{"elearning-international-5-in-a-day-4", []step{
			{ELearning, International, Units(5), "2024-03-04", "2024-03-04", Units(4), true, Units(4), "2024-03-04..2024-03-04"},
		}},
		{"elearning-same-day-across-entries", []step{
			{ELearning, National, Units(2), "2024-03-04", "2024-03-04", Units(2), false, 0, ""},
			{ELearning, National, Units(2), "2024-03-04", "2024-03-04", Units(1), true, Units(3), "2024-03-04..2024-03-04"},
			{ELearning, National, Units(1), "2024-03-04", "2024-03-04", 0, true, Units(3), "2024-03-04..2024-03-04"},
		}},
		{"elearning-next-day-counts-again", []step{
			{ELearning, National, Units(3), "2024-03-04", "2024-03-04", Units(3), false, 0, ""},
			{ELearning, National, Units(3), "2024-03-05", "2024-03-05", Units(3), false, 0, ""},
		}},
		{"elearning-year-end-days", []step{
			{ELearning, National, Units(3), "2024-12-31", "2024-12-31", Units(3), false, 0, ""},
			{ELearning, National, Units(4), "2024-12-31", "2025-01-01", Units(3), true, Units(3), "2024-12-31..2025-01-01"},
		}},
		{"elearning-multi-day-entry-shares-its-days", []step{
			// 3 JP over the 4th and 5th may lie on either day; a 3 JP day on
			// the 4th still fits (all of the first on the 5th) ...
			{ELearning, National, Units(3), "2024-03-04", "2024-03-05", Units(3), false, 0, ""},
			{ELearning, National, Units(3), "2024-03-04", "2024-03-04", Units(3), false, 0, ""},
			// ... and then the two days are full.
			{ELearning, National, Units(1), "2024-03-05", "2024-03-05", 0, true, Units(3), "2024-03-05..2024-03-05"},
			{ELearning, National, Units(1), "2024-03-03", "2024-03-06", Units(1), false, 0, ""},
		}},
		{"elearning-wide-entry-after-narrow-ones", []step{
			{ELearning, National, Units(3), "2024-03-05", "2024-03-05", Units(3), false, 0, ""},
			{ELearning, National, Units(2), "2024-03-06", "2024-03-06", Units(2), false, 0, ""},
			// the 4th to the 7th hold 12 JP, 5 used: 7 left.
			{ELearning, National, Units(10), "2024-03-04", "2024-03-07", Units(7), true, Units(3), "2024-03-04..2024-03-07"},
		}},
		{"elearning-national-and-international-counted-apart", []step{
			{ELearning, National, Units(3), "2024-03-04", "2024-03-04", Units(3), false, 0, ""},
			{ELearning, International, Units(4), "2024-03-04", "2024-03-04", Units(4), false, 0, ""},
		}},
		{"elearning-fraction-of-a-jp", []step{
			{ELearning, National, 250, "2024-03-04", "2024-03-04", 250, false, 0, ""},
			{ELearning, National, Units(1), "2024-03-04", "2024-03-04", 50, true, Units(3), "2024-03-04..2024-03-04"},
		}},
		{"self-study-3-in-a-day-2", []step{
			{SelfStudy, National, Units(3), "2024-03-04", "2024-03-04", Units(2), true, Units(2), "2024-03-04..2024-03-04"},
		}},
		{"self-study-international-3-in-a-day-2-plus-20", []step{
			{SelfStudy, International, Units(3), "2024-03-04", "2024-03-04", 240, true, Units(2), "2024-03-04..2024-03-04"},
		}},
		{"self-study-week", []step{
			{SelfStudy, National, Units(15), "2024-03-04", "2024-03-10", Units(14), true, Units(2), "2024-03-04..2024-03-10"},
		}},
		{"community-of-practice-3-in-a-day-2", []step{
			{CommunityOfPractice, National, Units(3), "2024-03-04", "2024-03-04", Units(2), true, Units(2), "2024-03-04..2024-03-04"},
			{CommunityOfPractice, National, Units(2), "2024-03-05", "2024-03-05", Units(2), false, 0, ""},
		}},
		{"community-of-practice-international", []step{
			{CommunityOfPractice, International, Units(5), "2024-03-04", "2024-03-05", 480, true, Units(2), "2024-03-04..2024-03-05"},
		}},
		{"self-study-and-community-counted-apart", []step{
			{SelfStudy, National, Units(2), "2024-03-04", "2024-03-04", Units(2), false, 0, ""},
			{CommunityOfPractice, National, Units(2), "2024-03-04", "2024-03-04", Units(2), false, 0, ""},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runSteps(t, tc.steps) })
	}
}

// TestDailyRoomIsHallsBound checks dailyRoom against a brute force: every
// layout of earlier entries over their days, in whole JP.
func TestDailyRoomIsHallsBound(t *testing.T) {
	cases := [][]entry{
		{{"2024-03-01", "2024-03-02", 3}, {"2024-03-01", "2024-03-01", 3}, {"2024-03-02", "2024-03-03", 4}},
		{{"2024-03-02", "2024-03-02", 3}, {"2024-03-01", "2024-03-03", 5}, {"2024-03-01", "2024-03-02", 2}},
		{{"2024-03-01", "2024-03-04", 7}, {"2024-03-02", "2024-03-03", 6}, {"2024-03-03", "2024-03-04", 2}, {"2024-03-01", "2024-03-01", 3}},
	}
	for ci, entries := range cases {
		s := Initial()
		var placed []entry
		for _, en := range entries {
			var e ActivityRecorded
			s, e = record(t, s, act(ELearning, National, Units(en.q), en.from, en.to))
			placed = append(placed, entry{en.from, en.to, int64(e.Counted) / 100})
			if want := bruteRoom(placed[:len(placed)-1], en.from, en.to, 3); int64(e.Counted)/100 != min(en.q, want) {
				t.Fatalf("case %d: %s..%s %d JP counted %s, brute force says %d", ci, en.from, en.to, en.q, e.Counted, min(en.q, want))
			}
		}
	}
}

// entry is an activity over from..to of q whole JP.
type entry struct {
	from, to string
	q        int64
}

// bruteRoom is the most a new entry over from..to can count when the earlier
// entries (with what they counted) are laid out over their days in every way.
func bruteRoom(earlier []entry, from, to string, limit int64) int64 {
	base := dayOf("2024-03-01")
	used := make([]int64, 10)
	best := int64(-1)
	var place func(i int)
	place = func(i int) {
		if i == len(earlier) {
			room := int64(0)
			for d := dayOf(domain.Date(from)) - base; d <= dayOf(domain.Date(to))-base; d++ {
				room += limit - used[d]
			}
			best = max(best, room)
			return
		}
		e := earlier[i]
		lo, hi := dayOf(domain.Date(e.from))-base, dayOf(domain.Date(e.to))-base
		var spread func(d, left int64)
		spread = func(d, left int64) {
			if d > hi {
				if left == 0 {
					place(i + 1)
				}
				return
			}
			for k := int64(0); k <= min(left, limit-used[d]); k++ {
				used[d] += k
				spread(d+1, left-k)
				used[d] -= k
			}
		}
		spread(lo, e.q)
	}
	place(0)
	return best
}
