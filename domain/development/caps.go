package development

import (
	"cmp"
	"slices"

	"github.com/latsar/ledger/domain"
)

// capRule is the rule every cap of the table cites.
const capRule = "R-JP-3"

// credit converts an activity's quantity to JP under its row and column,
// after the column's cap, counted across the ASN's earlier activities of the
// same form and scope (R-JP-3). It fills e's Counted, JPCredited and Caps.
func credit(s State, e *ActivityRecorded, col Column) {
	e.Counted = e.Quantity
	e.Caps = []CapApplied{}
	if c := col.Cap; c != nil {
		var room Amount
		var period string
		switch c.Per {
		case PerMonth:
			room, period = monthlyRoom(s, e, c.Limit), monthOf(e.StartedOn)
		case PerDay:
			room, period = dailyRoom(s, e, c.Limit), string(e.StartedOn)+".."+string(e.EndedOn)
		}
		if room < e.Quantity {
			e.Counted = room
			e.Caps = append(e.Caps, CapApplied{
				Rule: capRule, Cap: c.describe(e.Unit), Limit: c.Limit, Per: c.Per, Unit: e.Unit,
				Period: period, Requested: e.Quantity, Counted: room,
			})
		}
	}
	e.JPCredited = e.Counted.times(col.Num, col.Den)
}

// monthlyRoom is what is left of coaching's or mentoring's "maksimal dihitung
// 2 kali dalam 1 bulan" (R-JP-3) in the calendar month of e, after the
// sessions already counted that month for the same form and scope. An entry
// lies in one calendar month (DecideActivity sees to it).
func monthlyRoom(s State, e *ActivityRecorded, limit Amount) Amount {
	used := Amount(0)
	month := monthOf(e.StartedOn)
	for _, o := range s.Activities {
		if o.Form == e.Form && o.Scope == e.Scope && monthOf(o.StartedOn) == month {
			used += o.Counted
		}
	}
	return max(0, limit-used)
}

// span is a recorded activity's days and what it counted.
type span struct {
	from, to int64 // day numbers, inclusive
	counted  Amount
}

// dailyRoom is the most of e's quantity that can count under a per-day cap
// ("paling tinggi 3 JP sehari", R-JP-3) over its days started_on..ended_on,
// given what the ASN's earlier activities of the same form and scope counted.
//
// An entry says how much over which days, not how much on each day, so the
// cap holds when the counted amounts can be laid out over their days with no
// day above the limit. With every entry covering a run of days, that is so
// exactly when every run of days [a, b] holds no more than limit × (b−a+1)
// of the entries lying within it (Hall's condition: the days of any set of
// entries split into runs, each checked alone). The earlier entries meet it
// already, so only the runs containing e's days can bind, and e gets the
// least room over them; a and b need only be e's own ends or another entry's.
// Unlike filling days first come first served, this never refuses JP that
// some layout could credit, and it does not depend on how earlier entries
// happened to be spread.
func dailyRoom(s State, e *ActivityRecorded, limit Amount) Amount {
	from, to := dayOf(e.StartedOn), dayOf(e.EndedOn)
	var others []span
	starts := []int64{from}
	ends := []int64{to}
	for _, o := range s.Activities {
		if o.Form != e.Form || o.Scope != e.Scope {
			continue
		}
		sp := span{from: dayOf(o.StartedOn), to: dayOf(o.EndedOn), counted: o.Counted}
		others = append(others, sp)
		if sp.from < from {
			starts = append(starts, sp.from)
		}
		if sp.to > to {
			ends = append(ends, sp.to)
		}
	}
	slices.SortFunc(others, func(x, y span) int { return cmp.Compare(x.to, y.to) })
	slices.Sort(ends)
	ends = slices.Compact(ends)
	room := Amount(int64(limit) * (to - from + 1))
	for _, a := range starts {
		var within Amount
		i := 0
		for _, b := range ends {
			for ; i < len(others) && others[i].to <= b; i++ {
				if others[i].from >= a {
					within += others[i].counted
				}
			}
			room = min(room, Amount(int64(limit)*(b-a+1))-within)
		}
	}
	return max(0, room)
}

// dayOf numbers a date: days since 1970-01-01.
func dayOf(d domain.Date) int64 { return d.Time().Unix() / 86400 }

// monthOf is a date's calendar month, 2024-03.
func monthOf(d domain.Date) string { return string(d)[:7] }
