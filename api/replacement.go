package api

import (
	"encoding/json"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
)

// decideReplacement reads a replacement body as the command of the original's
// type and decides it: a posttest attempt or a remedial against the state
// before the original (its number and deadline belong to that moment), the
// others against every event but the original (a trophy must still fit the
// catalogue with the trophies earned after it).
func (s *Server) decideReplacement(p Principal, before, without participant.State, orig domain.Event, raw json.RawMessage) ([]domain.Event, error) {
	bad := func(err error) error {
		if e, ok := domain.AsError(err); ok {
			for i := range e.Fields {
				e.Fields[i].Field = "replacement." + e.Fields[i].Field
			}
		}
		return err
	}
	switch o := orig.(type) {
	case participant.TrophyEarned:
		var r TrophyRequest
		if err := decodeJSON(raw, &r); err != nil {
			return nil, bad(err)
		}
		var f fields
		agenda := f.intRange("agenda", r.Agenda, 0, domain.MaxAgenda, "R-TRO-8")
		at := f.time("earned_at", r.EarnedAt)
		if err := f.Err(); err != nil {
			return nil, bad(err)
		}
		evs, err := participant.DecideTrophy(without, participant.EarnTrophy{TrophyEarned: participant.TrophyEarned{
			ActivityID: r.ActivityID, Material: domain.Material(r.Material), Agenda: agenda, EarnedAt: at}})
		return evs, bad(err)
	case participant.PosttestAttempted:
		var r PosttestRequest
		if err := decodeJSON(raw, &r); err != nil {
			return nil, bad(err)
		}
		var f fields
		s1 := f.score("substansi_1_score", r.Substansi1Score, "R-POST-3")
		s2 := f.score("substansi_2_score", r.Substansi2Score, "R-POST-3")
		at := f.time("taken_at", r.TakenAt)
		if err := f.Err(); err != nil {
			return nil, bad(err)
		}
		evs, err := participant.DecidePosttest(before, participant.AttemptPosttest{AttemptID: o.AttemptID, Substansi1: s1, Substansi2: s2, TakenAt: at})
		return evs, bad(err)
	case participant.KlasikalCheckedIn:
		var r CheckInRequest
		if err := decodeJSON(raw, &r); err != nil {
			return nil, bad(err)
		}
		var f fields
		at := f.time("checked_in_at", r.CheckedInAt)
		if err := f.Err(); err != nil {
			return nil, bad(err)
		}
		evs, err := participant.DecideCheckIn(without, participant.CheckIn{CheckedInAt: at})
		return evs, bad(err)
	case participant.AttendanceRecorded:
		var r struct {
			Status string `json:"status"`
		}
		if err := decodeJSON(raw, &r); err != nil {
			return nil, bad(err)
		}
		rec := o
		rec.Status = r.Status
		delete(without.Attendance, o.SessionID) // the replacement is never a repeat of itself
		evs, err := participant.DecideAttendance(without, participant.RecordAttendance{AttendanceRecorded: rec})
		return evs, bad(err)
	case participant.ComponentScored:
		var r ScoreRequest
		if err := decodeJSON(raw, &r); err != nil {
			return nil, bad(err)
		}
		var f fields
		score := f.score("score", r.Score, "R-EVAL-1")
		at := f.time("assessed_at", r.AssessedAt)
		if err := f.Err(); err != nil {
			return nil, bad(err)
		}
		if err := mayAssess(p, participant.Component(r.Component)); err != nil {
			return nil, bad(err)
		}
		evs, err := participant.DecideScore(without, participant.Score{ComponentScored: participant.ComponentScored{
			Component: participant.Component(r.Component), Score: score, Assessor: r.Assessor, AssessedAt: at}})
		return evs, bad(err)
	case participant.RemedialTaken:
		var r RemedialRequest
		if err := decodeJSON(raw, &r); err != nil {
			return nil, bad(err)
		}
		var f fields
		score := f.score("score", r.Score, "R-REM-4")
		takenOn, ok := domain.ParseDate(r.TakenOn)
		if !ok {
			f.Add("", "taken_on", "taken_on is a date YYYY-MM-DD")
		}
		if err := f.Err(); err != nil {
			return nil, bad(err)
		}
		evs, err := participant.DecideRemedial(before, participant.TakeRemedial{Component: participant.Component(r.Component), Score: score, TakenOn: takenOn, Deadline: o.Deadline})
		return evs, bad(err)
	}
	return nil, domain.Refuse("", "event_id", orig.EventType()+" cannot be corrected")
}
