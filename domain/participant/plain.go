package participant

import "github.com/latsar/ledger/domain"

// The two events a stream holds most of (some 50 trophies and 60
// attendance records of a participant's ~150 events) are read by PlainJSON
// when their data is as the ledger writes it; encoding/json reads anything
// else. TestPlainDecodersAgreeWithEncodingJSON holds them to it.

func decodeTrophyPlain(b []byte) (domain.Event, bool) {
	var e TrophyEarned
	r := domain.ReadPlainJSON(b)
	for key, more := r.Next(); more; key, more = r.Next() {
		switch string(key) {
		case "activity_id":
			e.ActivityID = r.String()
		case "material":
			e.Material = domain.Material(r.String(string(domain.Kebijakan), string(domain.Substansi1), string(domain.Substansi2)))
		case "agenda":
			e.Agenda = r.Int()
		case "earned_at":
			e.EarnedAt = r.Time()
		default:
			r.Fail()
		}
	}
	if !r.Done() {
		return nil, false
	}
	return e, true
}

func decodeAttendancePlain(b []byte) (domain.Event, bool) {
	var e AttendanceRecorded
	r := domain.ReadPlainJSON(b)
	for key, more := r.Next(); more; key, more = r.Next() {
		switch string(key) {
		case "session_id":
			e.SessionID = r.String()
		case "date":
			e.Date = domain.Date(r.String())
		case "jp":
			e.JP = r.Int()
		case "mode":
			e.Mode = r.String(ModeSynchronous, ModeKlasikal)
		case "status":
			e.Status = r.String(Present, Absent)
		case "day_sessions":
			e.DaySessions = r.Strings()
		default:
			r.Fail()
		}
	}
	if !r.Done() {
		return nil, false
	}
	return e, true
}
