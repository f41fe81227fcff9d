package participant

import "github.com/latsar/ledger/domain"

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

// absentDates are R-ATT-2's absent days, in no order.
func absentDates(records map[string]AttendanceRecorded) []domain.Date {
	scheduled := map[domain.Date]map[string]bool{}
	for _, r := range records {
		day := scheduled[r.Date]
		if day == nil {
			day = map[string]bool{}
			scheduled[r.Date] = day
		}
		day[r.SessionID] = true
		for _, id := range r.DaySessions {
			day[id] = true
		}
	}
	var dates []domain.Date
	for date, day := range scheduled {
		missedAll := true
		for id := range day {
			if r, ok := records[id]; !ok || r.Status != Absent {
				missedAll = false
				break
			}
		}
		if missedAll {
			dates = append(dates, date)
		}
	}
	return dates
}
