package ledger

import (
	"context"
	"slices"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/projections"
)

// Meeting is a graduation meeting (R-GRAD-4) or, with Repeat, the repeat
// meeting for the deferred (R-REM-4).
type Meeting struct {
	CohortID   string
	MeetingRef string
	DecidedOn  domain.Date
	Repeat     bool
}

// Decided is one participant's decision as a meeting answers it.
type Decided struct {
	NIP      domain.NIP
	Name     string
	Decision participant.GraduationDecided
	// EventID is the recorded GraduationDecided (empty in a preview).
	EventID string
}

// MeetingHeld answers a meeting, held or previewed; Decisions are in NIP order.
type MeetingHeld struct {
	Written
	Meeting
	Recorded  bool
	Decisions []Decided
}

// PreviewGraduation is every participant's decision as the graduation
// meeting would take it now (R-GRAD-1..4, R-AWARD-1), recording nothing.
func (l *Ledger) PreviewGraduation(ctx context.Context, p Principal, cohortID string) (MeetingHeld, error) {
	if err := p.may("preview the graduation meeting", cohortReaders...); err != nil {
		return MeetingHeld{}, err
	}
	var roster []domain.NIP
	if err := l.cohortState(ctx, p, cohortID, func(st cohort.State) { roster = rosterOf(st) }); err != nil {
		return MeetingHeld{}, err
	}
	var cands []participant.Candidate
	names := map[domain.NIP]string{}
	for _, nip := range roster {
		err := l.participants.Inspect(ctx, participantStream(nip), func(st participant.State) {
			if st.Enrolled() && st.Enrolment.CohortID == cohortID {
				cands = append(cands, participant.CandidateOf(st))
				names[nip] = st.Enrolment.Name
			}
		})
		if err != nil {
			return MeetingHeld{}, err
		}
	}
	out := MeetingHeld{Meeting: Meeting{CohortID: cohortID}, Decisions: []Decided{}}
	for _, d := range participant.Meeting("", "", false, cands) {
		out.Decisions = append(out.Decisions, Decided{NIP: d.NIP, Name: names[d.NIP], Decision: d.Event})
	}
	return out, nil
}

// HoldMeeting holds a graduation meeting, or the repeat meeting for the
// deferred: it decides every participant whose own stream says they are
// enrolled in this cohort (at a repeat meeting, those deferred), and records
// the meeting on the cohort (which owns "one meeting decides the cohort",
// R-GRAD-4) and each decision, with every input, in one append. The same
// append issues the documents each decision entitles (R-AWARD-1:
// DocumentIssued after the decision, their numbers on the cohort) and
// revokes those of a decision it replaces. The same meeting_ref again
// changes nothing and answers the first record.
func (l *Ledger) HoldMeeting(ctx context.Context, p Principal, m Meeting) (MeetingHeld, error) {
	if err := p.may("hold the graduation meeting", access.Admin, access.LMS); err != nil {
		return MeetingHeld{}, err
	}
	var out MeetingHeld
	err := command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		co, err := l.holdCohort(tx, p, m.CohortID, "cohort")
		if err != nil {
			return err
		}
		cs := co.State()
		if err := admitsMeeting(cs, m, l.holidays); err != nil {
			return err
		}
		// The institution's signer, held so that it does not change
		// while the meeting issues its documents (after the cohort, before
		// the participants: see command.Tx).
		inst, err := command.Hold(tx, l.institutions, institutionStream(cs.Opened.InstitutionID))
		if err != nil {
			return err
		}
		// Participants are held in NIP order (see command.Tx).
		held := map[domain.NIP]*command.Held[participant.State]{}
		var cands []participant.Candidate
		for _, nip := range rosterOf(cs) {
			pa, err := command.Hold(tx, l.participants, participantStream(nip))
			if err != nil {
				return err
			}
			if st := pa.State(); decidesAt(st, m) {
				held[nip] = pa
				cands = append(cands, participant.CandidateOf(st))
			}
		}
		decided := participant.Meeting(m.MeetingRef, m.DecidedOn, m.Repeat, cands)
		outcomes := map[string]int{}
		for _, d := range decided {
			outcomes[d.Event.Outcome]++
		}
		claim, err := cohort.DecideMeeting(cs, cohort.GraduationMeetingHeld{MeetingRef: m.MeetingRef, DecidedOn: m.DecidedOn, Redecision: m.Repeat, Outcomes: outcomes})
		if err != nil {
			return err
		}
		decisions := make([][]domain.Event, len(decided))
		subjects := make([]documentSubject, len(decided))
		for i, d := range decided {
			st := held[d.NIP].State()
			if decisions[i], err = participant.DecideGraduation(st, d.Event); err != nil {
				return err
			}
			subjects[i] = documentSubject{state: st, decision: decisions[i][0].(participant.GraduationDecided)}
		}
		// The documents the decisions entitle, numbered on the cohort and
		// recorded after each decision, in this same append.
		numbered, docs, err := l.documents(cs, inst.State(), m.MeetingRef, m.DecidedOn, subjects)
		if err != nil {
			return err
		}
		md := p.metadata()
		claimed, err := command.Stage(tx, co, append(claim, numbered...), command.Emit{IDKey: "meeting:" + m.MeetingRef, Metadata: md})
		if err != nil {
			return err
		}
		parts := make([]*command.Part, len(decided))
		for i, d := range decided {
			if parts[i], err = command.Stage(tx, held[d.NIP], append(decisions[i], docs[i]...), command.Emit{IDKey: "graduation:" + m.MeetingRef, Metadata: md}); err != nil {
				return err
			}
		}
		tx.After(func() {
			out = MeetingHeld{Written: written(append([]*command.Part{claimed}, parts...)...), Meeting: m, Recorded: true, Decisions: make([]Decided, 0, len(decided))}
			for i, d := range decided {
				st := held[d.NIP].State()
				rec, _ := st.DecisionAt(m.MeetingRef)
				dec := Decided{NIP: d.NIP, Name: st.Enrolment.Name, Decision: rec}
				if parts[i] != nil && len(parts[i].Result.Events) > 0 {
					dec.EventID = parts[i].Result.Events[0].ID
				}
				out.Decisions = append(out.Decisions, dec)
			}
		})
		return nil
	})
	return out, err
}

// admitsMeeting applies R-GRAD-4 (one meeting decides the cohort; a
// meeting_ref names one meeting) and R-REM-4 (the repeat meeting follows the
// first within 15 working days).
func admitsMeeting(cs cohort.State, m Meeting, holidays map[domain.Date]bool) error {
	for _, held := range cs.Meetings {
		if held.MeetingRef == m.MeetingRef && (held.DecidedOn != m.DecidedOn || held.Redecision != m.Repeat) {
			return domain.Conflict("R-GRAD-4", "meeting "+held.MeetingRef+" was recorded on "+string(held.DecidedOn)+" with other details")
		}
	}
	first := cs.FirstMeeting()
	switch {
	case !m.Repeat && first != nil && first.MeetingRef != m.MeetingRef:
		return domain.Conflict("R-GRAD-4", "the cohort was decided at meeting "+first.MeetingRef)
	case m.Repeat && first == nil:
		return domain.Conflict("R-REM-4", "a repeat meeting follows the graduation meeting, which has not been held")
	case m.Repeat:
		return participant.CheckRepeatMeeting(first.DecidedOn, m.DecidedOn, holidays)
	}
	return nil
}

// decidesAt tells whether meeting m decides the participant of st: one
// enrolled in the meeting's cohort by their own stream (a roster entry alone
// is not enough) and, at a repeat meeting, deferred, or decided incomplete
// with every component scored since (R-GRAD-5), or already decided by this
// repeat meeting, for a retry.
func decidesAt(st participant.State, m Meeting) bool {
	if !st.Enrolled() || st.Enrolment.CohortID != m.CohortID || st.Withdrawal != nil {
		return false
	}
	if !m.Repeat {
		return true
	}
	if _, retried := st.DecisionAt(m.MeetingRef); retried {
		return true
	}
	d := st.Decision()
	return d != nil && (d.Outcome == participant.Ditunda || st.CompleteSinceIncomplete())
}

// rosterOf is the cohort's roster in NIP order.
// stageOnEach holds the participants of nips in the order given (NIP order:
// see command.Tx), lets decide answer the events of the i-th and stages
// them under emit: the participants' side of a workflow over a cohort.
func (l *Ledger) stageOnEach(tx *command.Tx, nips []domain.NIP, emit command.Emit, decide func(i int, st participant.State) ([]domain.Event, error)) ([]*command.Part, error) {
	parts := make([]*command.Part, 0, len(nips))
	for i, nip := range nips {
		pa, err := command.Hold(tx, l.participants, participantStream(nip))
		if err != nil {
			return nil, err
		}
		own, err := decide(i, pa.State())
		if err != nil {
			return nil, err
		}
		part, err := command.Stage(tx, pa, own, emit)
		if err != nil {
			return nil, err
		}
		parts = append(parts, part)
	}
	return parts, nil
}

func rosterOf(st cohort.State) []domain.NIP {
	nips := make([]domain.NIP, 0, len(st.Roster))
	for nip := range st.Roster {
		nips = append(nips, nip)
	}
	slices.Sort(nips)
	return nips
}

// ExtendRemedialDeadline records a later remedial deadline with its reason
// (R-REM-3 "or as needed"). Admin only.
func (l *Ledger) ExtendRemedialDeadline(ctx context.Context, p Principal, cohortID string, e cohort.RemedialDeadlineExtended) (CohortWritten, error) {
	if err := p.may("extend the remedial deadline", access.Admin); err != nil {
		return CohortWritten{}, err
	}
	var out CohortWritten
	w, err := l.runOnCohort(ctx, p, cohortID, p.idKey(), func(st cohort.State) ([]domain.Event, error) {
		return cohort.DecideDeadline(st, e)
	}, func(st cohort.State) { out.Cohort = projections.CohortViewOf(st, 0) })
	if err != nil {
		return CohortWritten{}, err
	}
	out.Written = w
	out.Cohort.Position = w.Position()
	return out, nil
}
