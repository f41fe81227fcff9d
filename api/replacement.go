package api

import (
	"encoding/json"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/ledger"
)

// replacementBody binds a correction's replacement as the body of the
// command the ledger asks for: the one that recorded the original.
type replacementBody json.RawMessage

var _ ledger.ReplacementBody = replacementBody(nil)

func (raw replacementBody) Trophy() (participant.EarnTrophy, error) {
	var r TrophyRequest
	if err := decodeJSON(raw, &r); err != nil {
		return participant.EarnTrophy{}, err
	}
	var f fields
	agenda := f.intRange("agenda", r.Agenda, 0, domain.MaxAgenda, "R-TRO-8")
	at := f.time("earned_at", r.EarnedAt)
	return participant.EarnTrophy{TrophyEarned: participant.TrophyEarned{
		ActivityID: r.ActivityID, Material: domain.Material(r.Material), Agenda: agenda, EarnedAt: at}}, f.Err()
}

func (raw replacementBody) Posttest() (participant.AttemptPosttest, error) {
	var r PosttestRequest
	if err := decodeJSON(raw, &r); err != nil {
		return participant.AttemptPosttest{}, err
	}
	var f fields
	s1 := f.score("substansi_1_score", r.Substansi1Score, "R-POST-3")
	s2 := f.score("substansi_2_score", r.Substansi2Score, "R-POST-3")
	at := f.time("taken_at", r.TakenAt)
	return participant.AttemptPosttest{Substansi1: s1, Substansi2: s2, TakenAt: at}, f.Err()
}

func (raw replacementBody) CheckIn() (participant.CheckIn, error) {
	var r CheckInRequest
	if err := decodeJSON(raw, &r); err != nil {
		return participant.CheckIn{}, err
	}
	var f fields
	at := f.time("checked_in_at", r.CheckedInAt)
	return participant.CheckIn{CheckedInAt: at}, f.Err()
}

func (raw replacementBody) AttendanceStatus() (string, error) {
	var r struct {
		Status string `json:"status"`
	}
	err := decodeJSON(raw, &r)
	return r.Status, err
}

func (raw replacementBody) Score() (participant.Score, error) {
	var r ScoreRequest
	if err := decodeJSON(raw, &r); err != nil {
		return participant.Score{}, err
	}
	var f fields
	score := f.score("score", r.Score, "R-EVAL-1")
	at := f.time("assessed_at", r.AssessedAt)
	return participant.Score{ComponentScored: participant.ComponentScored{
		Component: participant.Component(r.Component), Score: score, Assessor: r.Assessor, AssessedAt: at}}, f.Err()
}

func (raw replacementBody) Remedial() (participant.TakeRemedial, error) {
	var r RemedialRequest
	if err := decodeJSON(raw, &r); err != nil {
		return participant.TakeRemedial{}, err
	}
	var f fields
	score := f.score("score", r.Score, "R-REM-4")
	takenOn := f.date("taken_on", r.TakenOn)
	return participant.TakeRemedial{Component: participant.Component(r.Component), Score: score, TakenOn: takenOn}, f.Err()
}
