package ledger

import (
	"context"
	"fmt"
	"slices"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
)

// GroupFormed answers a group with the group as recorded.
type GroupFormed struct {
	Written
	Group cohort.GroupFormed
}

// FormGroup forms a synchronous learning group (kelompok) in a cohort
// (R-COH-4: at most 10 participants of this cohort, each in at most one
// group). group_id is a natural id: the same group again answers the first
// record. Admin and the institution's LMS; another institution's cohort is a
// 404.
func (l *Ledger) FormGroup(ctx context.Context, p Principal, cohortID string, cmd cohort.FormGroup) (GroupFormed, error) {
	if err := p.may("form groups", learningWriters...); err != nil {
		return GroupFormed{}, err
	}
	var out GroupFormed
	w, err := l.runOnCohort(ctx, p, cohortID, "group:"+cmd.GroupID, func(st cohort.State) ([]domain.Event, error) {
		return cohort.DecideGroup(st, cmd)
	}, func(st cohort.State) {
		for _, g := range st.Groups {
			if g.GroupID == cmd.GroupID {
				out.Group = g
			}
		}
	})
	if err != nil {
		return GroupFormed{}, err
	}
	out.Written = w
	return out, nil
}

// SessionScheduled answers a session.
type SessionScheduled struct {
	Written
	Session cohort.SessionScheduled
}

// ScheduleSession schedules a synchronous or klasikal session of a cohort
// (R-ATT-1: only these take attendance); with a group only that group
// attends. session_id is a natural id, unique across cohorts: a session id
// another cohort scheduled (as the read model knows it) is refused. A
// coaching session names its coach, a coach of the cohort or of the
// session's group (R-STAFF-4). Admin and the institution's LMS.
//
// Attendance finds a session's cohort through the read model: a caller that
// takes attendance next waits for the model to reach the answer's Position.
func (l *Ledger) ScheduleSession(ctx context.Context, p Principal, cohortID string, e cohort.SessionScheduled) (SessionScheduled, error) {
	if err := p.may("schedule sessions", learningWriters...); err != nil {
		return SessionScheduled{}, err
	}
	w, err := l.runOnCohort(ctx, p, cohortID, "session:"+e.SessionID, func(st cohort.State) ([]domain.Event, error) {
		if other, ok, err := l.model.SessionCohort(ctx, e.SessionID); err != nil {
			return nil, err
		} else if ok && other != cohortID {
			return nil, domain.Conflict("", "session "+e.SessionID+" belongs to another cohort")
		}
		if err := st.CheckSessionCoach(e); err != nil {
			return nil, err
		}
		return cohort.DecideSession(st, e)
	}, nil)
	if err != nil {
		return SessionScheduled{}, err
	}
	return SessionScheduled{Written: w, Session: e}, nil
}

// Attendance is the attendance of a session: one record per participant.
type Attendance struct {
	SessionID string
	Records   []AttendanceRecord
}

// AttendanceRecord is one participant's attendance at the session.
type AttendanceRecord struct {
	NIP    string
	Status string // participant.Present or participant.Absent
}

// AttendanceTaken answers attendance: the events recorded, and how many
// records changed the participant's record in force (Recorded) or repeated
// it (Unchanged).
type AttendanceTaken struct {
	Written
	SessionID string
	Recorded  int
	Unchanged int
}

// RecordAttendance records a session's attendance (R-ATT-1, R-ATT-2): one
// AttendanceRecorded per participant whose record changes, with the
// session's date, JP and mode and the participant's other sessions that
// date. A later record replaces an earlier one for the same participant;
// both stay in the log. Admin and the institution's LMS; a session of
// another institution's cohort is a 404.
//
// It is one workflow: it holds the session's cohort, then each listed
// participant in NIP order, checks every record against the cohort and each
// participant's own stream, and records them all in one append. A refused
// record, a lost race or a failed append records nobody's attendance.
func (l *Ledger) RecordAttendance(ctx context.Context, p Principal, a Attendance) (AttendanceTaken, error) {
	if err := p.may("record attendance", learningWriters...); err != nil {
		return AttendanceTaken{}, err
	}
	cohortID, ok, err := l.model.SessionCohort(ctx, a.SessionID)
	if err != nil {
		return AttendanceTaken{}, err
	}
	if !ok {
		return AttendanceTaken{}, domain.NotFound("session")
	}
	var out AttendanceTaken
	err = command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		// The cohort is read, not written: no expected revision would tell
		// that another process scheduled a session, formed a group or
		// enrolled since this one cached it, so read what is new first.
		if err := l.cohorts.Inspect(ctx, cohortStream(cohortID), func(cohort.State) {}); err != nil {
			return err
		}
		co, err := l.holdCohort(tx, p, cohortID, "session")
		if err != nil {
			return err
		}
		cs := co.State()
		session, ok := cs.Session(a.SessionID)
		if !ok {
			return domain.NotFound("session")
		}
		nips, err := checkAttendance(cs, session, a.Records)
		if err != nil {
			return err
		}
		// Participants are held in NIP order (see command.Tx), then decided
		// in the order of the records.
		held := make(map[domain.NIP]*command.Held[participant.State], len(nips))
		for _, nip := range slices.Sorted(slices.Values(nips)) {
			if held[nip], err = command.Hold(tx, l.participants, participantStream(nip)); err != nil {
				return err
			}
		}
		md := p.metadata()
		parts := make([]*command.Part, len(a.Records))
		for i, r := range a.Records {
			pa := held[nips[i]]
			if st := pa.State(); !st.Enrolled() || st.Enrolment.CohortID != cohortID {
				// On the roster but not enrolled by their own stream.
				return domain.Refuse("R-ATT-1", fmt.Sprintf("records[%d].nip", i), string(nips[i])+" is not a participant of cohort "+cohortID)
			}
			evs, err := participant.DecideAttendance(pa.State(), participant.RecordAttendance{AttendanceRecorded: participant.AttendanceRecorded{
				SessionID: a.SessionID, Date: session.Date, JP: session.JP, Mode: session.Mode, Status: r.Status,
				DaySessions: cs.SessionsOn(nips[i], session.Date),
			}})
			if err != nil {
				return ofRecord(err, i, nips[i])
			}
			if parts[i], err = command.Stage(tx, pa, evs, command.Emit{At: session.Date.Time(), Metadata: md}); err != nil {
				return err
			}
		}
		tx.After(func() {
			out = AttendanceTaken{Written: written(parts...), SessionID: a.SessionID}
			for _, part := range parts {
				if part != nil && len(part.Result.Events) > 0 {
					out.Recorded++
				} else {
					out.Unchanged++
				}
			}
		})
		return nil
	})
	return out, err
}

// checkAttendance checks every record against the cohort (R-NIP-1, R-ATT-1,
// each participant once, a status) and answers their NIPs, naming every bad
// record at once.
func checkAttendance(cs cohort.State, session cohort.SessionScheduled, records []AttendanceRecord) ([]domain.NIP, error) {
	var v domain.Invalid
	if len(records) == 0 {
		v.Add("", "records", "records lists at least one participant")
	}
	nips := make([]domain.NIP, len(records))
	seen := map[domain.NIP]bool{}
	for i, r := range records {
		field := fmt.Sprintf("records[%d]", i)
		n, err := domain.ParseNIP(r.NIP)
		switch {
		case err != nil:
			v.Add("R-NIP-1", field+".nip", "not a NIP: "+r.NIP)
		case seen[n]:
			v.Add("", field+".nip", string(n)+" is listed twice")
		case !cs.Attends(n, session):
			v.Add("R-ATT-1", field+".nip", string(n)+" is not expected at session "+session.SessionID)
		}
		if r.Status != participant.Present && r.Status != participant.Absent {
			v.Add("", field+".status", "status is present or absent")
		}
		seen[n], nips[i] = true, n
	}
	return nips, v.Err()
}

// ofRecord names the record a participant's refusal is about: its fields
// become the record's.
func ofRecord(err error, i int, nip domain.NIP) error {
	de, ok := domain.AsError(err)
	if !ok {
		return fmt.Errorf("attendance of %s: %w", nip, err)
	}
	field := fmt.Sprintf("records[%d]", i)
	named := &domain.Error{Code: de.Code, Rule: de.Rule, Message: field + " (" + string(nip) + "): " + de.Message}
	for _, f := range de.Fields {
		named.Fields = append(named.Fields, domain.FieldError{Field: field + "." + f.Field, Message: f.Message})
	}
	return named
}
