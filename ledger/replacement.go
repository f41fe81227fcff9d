package ledger

import (
	"fmt"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
)

// ReplacementBody is a correction's replacement as the caller sent it. Which
// command it must be is known only once the ledger has found the original, so
// the ledger asks the edge to bind it as that one command; field errors name
// the body's own fields (the ledger puts them under "replacement.").
type ReplacementBody interface {
	Trophy() (participant.EarnTrophy, error)
	// Posttest binds the scores and time; the attempt is the original's.
	Posttest() (participant.AttemptPosttest, error)
	CheckIn() (participant.CheckIn, error)
	// AttendanceStatus binds the status; the session is the original's.
	AttendanceStatus() (string, error)
	Score() (participant.Score, error)
	// Remedial binds the component, score and date; the deadline is the original's.
	Remedial() (participant.TakeRemedial, error)
}

// decideReplacement decides the replacement of orig as a new command of its
// type: a posttest attempt or a remedial against the state before the
// original (its number and deadline belong to that moment), the others
// against every event but the original (a trophy must still fit the
// catalogue with the trophies earned after it).
func decideReplacement(p Principal, before, without participant.State, orig domain.Event, body ReplacementBody) ([]domain.Event, error) {
	evs, err := replacementOf(p, before, without, orig, body)
	if e, ok := domain.AsError(err); ok {
		for i := range e.Fields {
			e.Fields[i].Field = "replacement." + e.Fields[i].Field
		}
	}
	return evs, err
}

func replacementOf(p Principal, before, without participant.State, orig domain.Event, body ReplacementBody) ([]domain.Event, error) {
	switch o := orig.(type) {
	case participant.TrophyEarned:
		cmd, err := body.Trophy()
		if err != nil {
			return nil, err
		}
		return participant.DecideTrophy(without, cmd)
	case participant.PosttestAttempted:
		cmd, err := body.Posttest()
		if err != nil {
			return nil, err
		}
		cmd.AttemptID = o.AttemptID
		return participant.DecidePosttest(before, cmd)
	case participant.KlasikalCheckedIn:
		cmd, err := body.CheckIn()
		if err != nil {
			return nil, err
		}
		return participant.DecideCheckIn(without, cmd)
	case participant.AttendanceRecorded:
		status, err := body.AttendanceStatus()
		if err != nil {
			return nil, err
		}
		rec := o
		rec.Status = status
		delete(without.Attendance, o.SessionID) // the replacement is never a repeat of itself
		return participant.DecideAttendance(without, participant.RecordAttendance{AttendanceRecorded: rec})
	case participant.ComponentScored:
		cmd, err := body.Score()
		if err != nil {
			return nil, err
		}
		if err := p.MayAssess(cmd.Component); err != nil {
			return nil, err
		}
		return participant.DecideScore(without, cmd)
	case participant.RemedialTaken:
		cmd, err := body.Remedial()
		if err != nil {
			return nil, err
		}
		cmd.Deadline = o.Deadline
		return participant.DecideRemedial(before, cmd)
	}
	// DecideCorrection lets only correctable types through: one without a case
	// here is a programming error, not the caller's.
	return nil, fmt.Errorf("ledger: no replacement for a corrected %s", orig.EventType())
}
