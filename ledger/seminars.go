package ledger

import (
	"context"
	"time"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/domain/seminar"
	"github.com/latsar/ledger/projections"
)

// SeminarWritten answers a seminar with the seminar as recorded.
type SeminarWritten struct {
	Written
	Seminar seminar.Scheduled
}

// ScheduleSeminar schedules a seminar R.A (design) or aktualisasi of a
// cohort (R-SEM-1): its examiners are assigned to the cohort as examiners
// (R-STAFF-3), its participants are on the roster. It is its own stream,
// written while the cohort is held. Admin and the institution's LMS;
// another institution's cohort is a 404. seminar_id is a natural id, unique
// across cohorts.
func (l *Ledger) ScheduleSeminar(ctx context.Context, p Principal, cohortID string, cmd seminar.Schedule) (SeminarWritten, error) {
	if err := p.may("schedule seminars", learningWriters...); err != nil {
		return SeminarWritten{}, err
	}
	var out SeminarWritten
	err := command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		co, err := l.holdCohort(tx, p, cohortID, "cohort")
		if err != nil {
			return err
		}
		cs := co.State()
		if !domain.ValidID(cmd.SeminarID) { // checked before it names a stream
			_, err := seminar.DecideSchedule(seminar.Initial(), cs, cmd)
			return err
		}
		se, err := command.Hold(tx, l.staffRunners.seminars, seminarStream(cmd.SeminarID))
		if err != nil {
			return err
		}
		decided, err := seminar.DecideSchedule(se.State(), cs, cmd)
		if err != nil {
			return err
		}
		e := decided[0].(seminar.Scheduled)
		part, err := command.Stage(tx, se, decided, command.Emit{IDKey: seminar.Aggregate.NaturalKey(e), At: e.Date.Time(), Metadata: p.metadata()})
		if err != nil {
			return err
		}
		tx.After(func() { out = SeminarWritten{Written: written(part), Seminar: *se.State().Scheduled} })
		return nil
	})
	return out, err
}

// seminarOf is the seminar if p may see it (another institution's is a 404).
func (l *Ledger) seminarOf(ctx context.Context, p Principal, seminarID string) (seminar.Scheduled, error) {
	if !domain.ValidID(seminarID) {
		return seminar.Scheduled{}, domain.NotFound("seminar")
	}
	var sem *seminar.Scheduled
	if err := l.staffRunners.seminars.Inspect(ctx, seminarStream(seminarID), func(st seminar.State) { sem = st.Scheduled }); err != nil {
		return seminar.Scheduled{}, err
	}
	if sem == nil || !p.Sees(projections.Scope{CohortID: sem.CohortID, InstitutionID: sem.InstitutionID}) {
		return seminar.Scheduled{}, domain.NotFound("seminar")
	}
	return *sem, nil
}

// SeminarScore is an examiner's score of a participant at a seminar.
type SeminarScore struct {
	NIP      string
	StaffID  string
	Score    domain.Score
	ScoredAt time.Time
}

// SeminarScored answers a seminar score with the participant's seminar as
// it stands, the evaluation it leaves and what was recorded with a warning.
type SeminarScored struct {
	Written
	NIP        domain.NIP
	Seminar    participant.SeminarStanding
	Evaluation participant.Evaluation
	Warnings   []domain.Warning
}

// ScoreSeminar records an examiner's score of a participant at a seminar
// (R-SEM-2) in the participant's stream: once every examiner of the panel
// has scored, the component the seminar feeds (actualization_design at R.A,
// actualization_implementation at the seminar aktualisasi) is their mean,
// rounded half-up to 0.01. The revision of the product under review is kept
// with the score (R-SEM-3; without one the score is recorded with a
// warning). Admin and the institution's LMS; another institution's seminar
// is a 404.
func (l *Ledger) ScoreSeminar(ctx context.Context, p Principal, seminarID string, cmd SeminarScore) (SeminarScored, error) {
	if err := p.may("record seminar scores", learningWriters...); err != nil {
		return SeminarScored{}, err
	}
	sem, err := l.seminarOf(ctx, p, seminarID)
	if err != nil {
		return SeminarScored{}, err
	}
	nip, err := domain.ParseNIP(cmd.NIP)
	if err != nil {
		return SeminarScored{}, domain.Refuse("R-NIP-1", "nip", "nip is an 18-digit NIP")
	}
	if !sem.Examines(nip) {
		return SeminarScored{}, domain.Refuse("R-SEM-1", "nip", string(nip)+" is not examined at seminar "+seminarID)
	}
	out := SeminarScored{NIP: nip}
	w, err := l.recordOnParticipant(ctx, p, nip, func(st participant.State) ([]domain.Event, error) {
		decided, err := participant.DecideSeminarScore(st, participant.ScoreSeminar{Seminar: sem, StaffID: cmd.StaffID, Score: cmd.Score, ScoredAt: cmd.ScoredAt})
		if err == nil && len(decided) > 0 {
			out.Warnings = decided[0].(participant.SeminarScored).Warnings()
		}
		return decided, err
	}, func(st participant.State) {
		out.Seminar = participant.StandingOfSeminar(st.Seminars[seminarID])
		out.Evaluation = participant.Evaluate(st)
	})
	if err != nil {
		return SeminarScored{}, err
	}
	out.Written = w
	if out.Warnings == nil {
		out.Warnings = []domain.Warning{}
	}
	return out, nil
}

// SeminarView is a seminar with each participant's scores as they stand.
type SeminarView struct {
	Seminar      seminar.Scheduled
	Participants []SeminarParticipant
}

// SeminarParticipant is one participant's part of a seminar.
type SeminarParticipant struct {
	NIP     domain.NIP
	Name    string
	Seminar participant.SeminarStanding
}

// Seminar is a seminar with every participant's scores, the product under
// review and the combined component (R-SEM-2). Readers of cohorts; another
// institution's seminar is a 404.
func (l *Ledger) Seminar(ctx context.Context, p Principal, seminarID string) (SeminarView, error) {
	if err := p.may("read seminars", cohortReaders...); err != nil {
		return SeminarView{}, err
	}
	sem, err := l.seminarOf(ctx, p, seminarID)
	if err != nil {
		return SeminarView{}, err
	}
	out := SeminarView{Seminar: sem, Participants: make([]SeminarParticipant, 0, len(sem.NIPs))}
	for _, n := range sem.NIPs {
		sp := SeminarParticipant{NIP: n}
		if err := l.participants.Inspect(ctx, participantStream(n), func(st participant.State) {
			if st.Enrolled() {
				sp.Name = st.Enrolment.Name
			}
			r, ok := st.Seminars[seminarID]
			if !ok {
				r = participant.SeminarRecord{SeminarID: seminarID, Kind: sem.Kind, Component: participant.SeminarComponent(sem.Kind),
					Date: sem.Date, Examiners: sem.ExaminerIDs()}
			}
			sp.Seminar = participant.StandingOfSeminar(r)
		}); err != nil {
			return SeminarView{}, err
		}
		out.Participants = append(out.Participants, sp)
	}
	return out, nil
}
