package participant

import (
	"slices"

	"github.com/latsar/ledger/domain"
)

// Attendance modes (R-ATT-1): only these sessions take attendance.
const (
	ModeSynchronous = "synchronous"
	ModeKlasikal    = "klasikal"
)

// Attendance statuses.
const (
	Present = "present"
	Absent  = "absent"
)

// R-ATT-2's limits: more than these breaks attendance.
const (
	maxAbsentSessions = 6
	maxAbsentJP       = 18
	maxAbsentDays     = 2
)

// attendanceOf applies R-ATT-2 to the latest record of each session. An
// absent day is a date on which the participant missed every session
// scheduled for them: every session the records of that date list as
// scheduled (DaySessions) is recorded absent. A session without a record is
// not known to be missed.
func attendanceOf(records map[string]AttendanceRecorded) AttendanceStanding {
	a := AttendanceStanding{Limits: AttendanceLimits{Sessions: maxAbsentSessions, JP: maxAbsentJP, Days: maxAbsentDays}}
	for _, r := range records {
		if r.Status == Absent {
			a.AbsentSessions++
			a.AbsentJP += r.JP
		}
	}
	a.AbsentDays = len(absentDates(records))
	a.LimitBroken = a.AbsentSessions > maxAbsentSessions || a.AbsentJP > maxAbsentJP || a.AbsentDays > maxAbsentDays
	return a
}

// absentDates are R-ATT-2's absent days, in no order. A day is absent
// while every session scheduled on it (each record's own and those it lists
// as the day's) is recorded absent; one attended, or one without a record,
// and it is not. Judged record by record into a short list of the days seen
// (a participant has a few dozen), not a map of sets: every replay and
// every standing computes it.
func absentDates(records map[string]AttendanceRecorded) []domain.Date {
	type day struct {
		date   domain.Date
		missed bool
	}
	var days []day
	for _, r := range records {
		missed := r.Status == Absent
		for _, id := range r.DaySessions {
			if other, ok := records[id]; !ok || other.Status != Absent {
				missed = false
				break
			}
		}
		if i := slices.IndexFunc(days, func(d day) bool { return d.date == r.Date }); i >= 0 {
			days[i].missed = days[i].missed && missed
		} else {
			days = append(days, day{r.Date, missed})
		}
	}
	var dates []domain.Date
	for _, d := range days {
		if d.missed {
			dates = append(dates, d.date)
		}
	}
	return dates
}
