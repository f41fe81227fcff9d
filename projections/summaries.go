package projections

import (
	"sort"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
)

// StandingSummary is one row of GET /v1/cohorts/{id}/standings.
type StandingSummary struct {
	NIP                domain.NIP                 `json:"nip"`
	Name               string                     `json:"name"`
	Agency             string                     `json:"agency"`
	Trophies           int                        `json:"trophies"`
	MOOCPassed         bool                       `json:"mooc_passed"`
	AttitudeScore      *domain.Score              `json:"attitude_score" extensions:"x-nullable"`
	PosttestResult     *domain.Score              `json:"posttest_result" extensions:"x-nullable"`
	CheckedIn          bool                       `json:"checked_in"`
	AbsentSessions     int                        `json:"absent_sessions"`
	AbsentJP           int                        `json:"absent_jp"`
	AbsentDays         int                        `json:"absent_days"`
	AttendanceBroken   bool                       `json:"attendance_limit_broken"`
	FinalScore         *domain.Score              `json:"final_score" extensions:"x-nullable"`
	FinalQualification *participant.Qualification `json:"final_qualification" swaggertype:"string" extensions:"x-nullable" enums:"sangat_memuaskan,memuaskan,cukup_memuaskan,kurang_memuaskan,tidak_memuaskan"`
	OutcomeStatus      string                     `json:"outcome_status" enums:"provisional,decided"`
	Outcome            string                     `json:"outcome" enums:"lulus,ditunda,tidak_lulus,incomplete"`
	Position           uint64                     `json:"position"`
} // @name StandingSummary

func SummaryOf(st participant.Standing) StandingSummary {
	return StandingSummary{
		NIP: st.NIP, Name: st.Name, Agency: st.Agency, Trophies: st.MOOC.Trophies.Total, MOOCPassed: st.MOOC.Passed,
		AttitudeScore: st.MOOC.AttitudeScore, PosttestResult: st.MOOC.Posttest.Result, CheckedIn: st.CheckedIn,
		AbsentSessions: st.Attendance.AbsentSessions, AbsentJP: st.Attendance.AbsentJP, AbsentDays: st.Attendance.AbsentDays,
		AttendanceBroken: st.Attendance.LimitBroken, FinalScore: st.Final.Score, FinalQualification: st.Final.Qualification,
		OutcomeStatus: st.Outcome.Status, Outcome: st.Outcome.Result, Position: st.Position,
	}
}

// LeaderRow is one row of a leaderboard; ties share a rank (1, 2, 2, 4).
type LeaderRow struct {
	Rank     int          `json:"rank"`
	NIP      domain.NIP   `json:"nip"`
	Name     string       `json:"name"`
	CohortID string       `json:"cohort_id"`
	Value    domain.Score `json:"value"`
} // @name LeaderRow

// Boards a leaderboard can rank by.
const (
	BoardTrophies = "trophies" // trophies earned in the MOOC
	BoardFinal    = "final"    // final score of the evaluation (R-EVAL-1)
)

// BoardValue is what a participant scores on a board, false when nothing yet.
// Trophy counts are carried as whole hundredths so both boards share one type.
func BoardValue(board string, st participant.Standing) (domain.Score, bool) {
	switch board {
	case BoardTrophies:
		return domain.Score(st.MOOC.Trophies.Total * 100), true
	case BoardFinal:
		if st.Final.Score == nil {
			return 0, false
		}
		return *st.Final.Score, true
	}
	return 0, false
}

// Rank orders rows by value, highest first, NIP breaking ties for a stable
// order, and gives competition ranks: 1 + the number of strictly greater values.
func Rank(rows []LeaderRow, limit int) []LeaderRow {
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Value != rows[j].Value {
			return rows[i].Value > rows[j].Value
		}
		return rows[i].NIP < rows[j].NIP
	})
	for i := range rows {
		if i > 0 && rows[i].Value == rows[i-1].Value {
			rows[i].Rank = rows[i-1].Rank
		} else {
			rows[i].Rank = i + 1
		}
	}
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
	}
	return rows
}
