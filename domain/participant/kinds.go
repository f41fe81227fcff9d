package participant

import (
	"strconv"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// Aggregate declares every event a participant's stream holds, in one
// place: its schema version, how the state folds it, its natural id, whether
// a correction may replace it, and the rules recording it applies (which the
// audit trail names; rules that depend on what the event changed are added
// there).
var Aggregate = domain.NewAggregate("participant",
	domain.On(1, func(s State, e cohort.ParticipantEnrolled) State { s.Enrolment = &e; return s },
		"R-NIP-1", "R-COH-1", "R-COH-2", "R-COH-3"),
	domain.On(1, foldWithdrew, "R-MOVE-1"),
	domain.On(1, foldTransferred, "R-MOVE-2", "R-COH-1", "R-COH-2", "R-COH-3"),
	domain.On(1, foldReleased, "R-MOVE-3"),
	domain.On(1, foldPhaseMoved, "R-PHASE-20"),
	domain.On(1, foldTrophy, "R-TRO-1", "R-TRO-8", "R-TRO-6").DecodedBy(decodeTrophyPlain).
		Keyed(func(e domain.Event) string { return "trophy:" + e.(TrophyEarned).ActivityID }).Corrigible(),
	domain.On(1, foldAttempt, "R-POST-3", "R-POST-2").
		Keyed(func(e domain.Event) string { return "posttest:" + e.(PosttestAttempted).AttemptID }).Corrigible(),
	domain.On(1, func(s State, e KlasikalCheckedIn) State { at := e.CheckedInAt; s.CheckedIn = &at; return s },
		"R-CHECKIN-1").
		Keyed(func(domain.Event) string { return "checkin" }).Corrigible(),
	domain.On(1, foldAttendance, "R-ATT-1", "R-ATT-2").DecodedBy(decodeAttendancePlain).Corrigible(),
	domain.On(1, foldScore, "R-EVAL-1", "R-QUAL-1").Corrigible(),
	domain.On(1, foldRemedial, "R-REM-1", "R-REM-2", "R-REM-3", "R-REM-4").Corrigible(),
	domain.On(1, foldDecision, "R-GRAD-4"),
	domain.On(1, foldDisputeFiled),
	domain.On(1, foldDisputeResolved),
	domain.On(1, foldDocumentIssued, "R-AWARD-1"),
	domain.On(1, foldDocumentRevoked, "R-AWARD-1"),
	domain.On(1, foldSubmitted, "R-PROD-1").
		Keyed(func(e domain.Event) string {
			p := e.(ProductSubmitted)
			return "product:" + p.ProductID + ":" + p.SHA256
		}),
	domain.On(1, foldReviewed, "R-PROD-2").
		Keyed(func(e domain.Event) string {
			r := e.(ProductReviewed)
			return "review:" + r.ProductID + ":" + strconv.Itoa(r.Revision)
		}),
	domain.On(1, foldSeminarScore, "R-SEM-2", "R-STAFF-3").
		Keyed(func(e domain.Event) string {
			m := e.(SeminarScored)
			return "seminar:" + m.SeminarID + ":" + m.StaffID + ":" + m.ScoredAt.UTC().Format(time.RFC3339Nano)
		}),
	// A correction cannot be folded alone: the whole stream is folded again.
	domain.On(1, func(s State, _ EventCorrected) State { s.Stale = true; return s }),
)

func foldTrophy(s State, e TrophyEarned) State {
	if s.Trophies == nil {
		s.Trophies = make(map[string]TrophyEarned, 64)
	}
	if _, seen := s.Trophies[e.ActivityID]; seen {
		return s
	}
	s.Trophies[e.ActivityID] = e
	s.Tally[materialIndex(e.Material)][e.Agenda]++
	s.Total++
	return s
}

// foldAttempt places an attempt in the order the attempts were taken and
// numbers them again (R-POST-2): an attempt recorded late renumbers those
// taken after it, and their caps follow. The event keeps the number, cap and
// capped score as decided when it was recorded; the state holds the numbers
// the rule gives, so an old log folds to the corrected ones.
func foldAttempt(s State, e PosttestAttempted) State {
	if _, seen := s.attempt(e.AttemptID); seen {
		return s
	}
	at := len(s.Attempts)
	for i, a := range s.Attempts {
		if takenBefore(e, a) {
			at = i
			break
		}
	}
	// A new slice: an earlier state may share the old one's array.
	out := make([]PosttestAttempted, 0, len(s.Attempts)+1)
	out = append(out, s.Attempts[:at]...)
	out = append(out, e)
	out = append(out, s.Attempts[at:]...)
	for i := range out {
		out[i] = numbered(out[i], i+1)
		if i == 0 || out[i].Capped > s.Result {
			s.Result = out[i].Capped
		}
	}
	s.Attempts = out
	return s
}

// takenBefore orders attempts as R-POST-2 numbers them: by taken_at, then
// by attempt_id for equal times.
func takenBefore(a, b PosttestAttempted) bool {
	if !a.TakenAt.Equal(b.TakenAt) {
		return a.TakenAt.Before(b.TakenAt)
	}
	return a.AttemptID < b.AttemptID
}

// numbered is attempt a as attempt n: its cap and capped score follow the number.
func numbered(a PosttestAttempted, n int) PosttestAttempted {
	a.AttemptNumber, a.Cap = n, attemptCap(n)
	a.Capped = min(a.Weighted, a.Cap)
	return a
}

func foldAttendance(s State, e AttendanceRecorded) State {
	if s.Attendance == nil {
		// Sized like Trophies: a cohort's schedule takes attendance at some
		// 60 sessions, and a map grown from empty to that allocates its
		// content about twice over (a replay folds a stream for each read).
		s.Attendance = make(map[string]AttendanceRecorded, 64)
	}
	s.Attendance[e.SessionID] = e
	return s
}

func foldScore(s State, e ComponentScored) State {
	if s.Scores == nil {
		s.Scores = make(map[Component]domain.Score)
	}
	s.Scores[e.Component] = e.Score
	if e.Component == AcademicElearning && (s.ElearningEvaluated == nil || e.AssessedAt.Before(*s.ElearningEvaluated)) {
		at := e.AssessedAt
		s.ElearningEvaluated = &at
	}
	return s
}

func foldRemedial(s State, e RemedialTaken) State {
	if s.Remedials == nil {
		s.Remedials = make(map[Component]RemedialTaken)
	}
	s.Remedials[e.Component] = e
	return s
}

func foldDecision(s State, e GraduationDecided) State {
	if _, seen := s.DecisionAt(e.MeetingRef); !seen {
		s.Decisions = append(s.Decisions, e)
	}
	if e.DisputeID != "" {
		for i := range s.Disputes {
			if s.Disputes[i].DisputeID == e.DisputeID {
				s.Disputes[i].Redecided = true
			}
		}
	}
	return s
}

func foldDisputeFiled(s State, e DisputeFiled) State {
	s.Disputes = append(s.Disputes, Dispute{DisputeID: e.DisputeID, DecisionEventID: e.DecisionEventID,
		MeetingRef: e.MeetingRef, Reason: e.Reason, FiledBy: e.FiledBy, Status: "open"})
	return s
}

func foldDisputeResolved(s State, e DisputeResolved) State {
	for i := range s.Disputes {
		if s.Disputes[i].DisputeID == e.DisputeID {
			s.Disputes[i].Outcome, s.Disputes[i].Status, s.Disputes[i].Note = e.Outcome, e.Outcome, e.Note
		}
	}
	return s
}
