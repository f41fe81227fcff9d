package cohort

import (
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/staff"
)

// Aggregate declares every event a cohort's stream holds, in one place: its
// schema version, how the state folds it and the rules recording it applies.
var Aggregate = domain.NewAggregate("cohort",
	domain.On(1, foldOpened, "R-COH-1", "R-TRO-8", "R-PHASE-1"),
	domain.On(1, foldApproval, "R-COH-2", "R-COH-3"),
	domain.On(1, foldEnrolled, "R-NIP-1", "R-COH-1", "R-COH-2", "R-COH-3"),
	domain.On(1, foldWithdrew, "R-MOVE-1"),
	domain.On(1, foldProposed, "R-CALL-1", "R-NIP-1").
		Keyed(func(e domain.Event) string { return "propose:" + string(e.(ParticipantProposed).NIP) }),
	domain.On(1, foldCalledUp, "R-CALL-2").
		Keyed(func(e domain.Event) string { return "callup:" + e.(ParticipantsCalledUp).LetterNumber }),
	domain.On(1, foldConfirmed, "R-CALL-3").
		Keyed(func(e domain.Event) string { return "confirm:" + string(e.(ParticipationConfirmed).NIP) }),
	domain.On(1, foldTransferred, "R-MOVE-2", "R-COH-1", "R-COH-2", "R-COH-3"),
	domain.On(1, foldGroup),
	domain.On(1, foldSession, "R-ATT-1"),
	domain.On(1, func(s State, e GraduationMeetingHeld) State { s.Meetings = append(s.Meetings, e); return s }, "R-GRAD-4"),
	domain.On(1, func(s State, e RemedialDeadlineExtended) State { s.Extension = &e; return s }, "R-REM-3"),
	domain.On(1, foldNumbered, "R-AWARD-1"),
	domain.On(1, foldStaff, "R-STAFF-1").
		Keyed(func(e domain.Event) string { return "assign:" + e.(staff.Assigned).Key() }),
	domain.On(1, foldEvaluation, "R-EVP-1").
		Keyed(func(e domain.Event) string { return "evaluation:" + string(e.(TrainingEvaluated).NIP) }),
	domain.On(1, foldPhaseMoved, "R-PHASE-20", "R-INPUT-2"),
	domain.On(1, foldReleased, "R-MOVE-3"),
)

func foldOpened(s State, e Opened) State {
	s.Opened = &e
	if s.Capacity == 0 {
		s.Capacity = DefaultCapacity
	}
	return s
}

func foldApproval(s State, e ApprovalRecorded) State {
	s.Approvals = append(s.Approvals, e)
	switch e.Kind {
	case KindCapacity:
		s.Capacity = max(s.Capacity, e.Capacity)
	case KindGolonganMerge:
		s.Merged = true
	}
	return s
}

func foldEnrolled(s State, e ParticipantEnrolled) State {
	if s.Roster == nil {
		s.Roster = make(map[domain.NIP]Member)
		s.Count = make(map[domain.Golongan]int)
	}
	g, _ := domain.ParseGolongan(e.Golongan)
	s.Roster[e.NIP] = Member{Enrolment: e, Golongan: g}
	s.Count[g]++
	return s
}

func foldGroup(s State, e GroupFormed) State {
	if s.GroupOf == nil {
		s.GroupOf = make(map[domain.NIP]string)
	}
	s.Groups = append(s.Groups, e)
	for _, n := range e.NIPs {
		s.GroupOf[n] = e.GroupID
	}
	return s
}

func foldSession(s State, e SessionScheduled) State {
	if s.SessionByID == nil {
		s.SessionByID = make(map[string]int)
	}
	s.SessionByID[e.SessionID] = len(s.Sessions)
	s.Sessions = append(s.Sessions, e)
	return s
}
