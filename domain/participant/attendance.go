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
// absent day is a date on which every session recorded for the participant
// was missed (a session without a record yet is not known to be missed).
func attendanceOf(records map[string]AttendanceRecorded) AttendanceStanding {
	a := AttendanceStanding{Limits: AttendanceLimits{Sessions: maxAbsentSessions, JP: maxAbsentJP, Days: maxAbsentDays}}
	attended := map[domain.Date]bool{}
	missed := map[domain.Date]bool{}
	for _, r := range records {
		if r.Status == Absent {
			a.AbsentSessions++
			a.AbsentJP += r.JP
			missed[r.Date] = true
		} else {
			attended[r.Date] = true
		}
	}
	for d := range missed {
		if !attended[d] {
			a.AbsentDays++
		}
	}
	a.LimitBroken = a.AbsentSessions > maxAbsentSessions || a.AbsentJP > maxAbsentJP || a.AbsentDays > maxAbsentDays
	return a
}
