package ledger

import (
	"context"
	"strings"
	"time"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/participant"
)

// FileDispute contests one of a participant's graduation decisions.
type FileDispute struct {
	NIP             string
	DecisionEventID string
	Reason          string
}

// DisputeWritten answers a dispute or its resolution with the dispute as it stands.
type DisputeWritten struct {
	Written
	Dispute participant.Dispute
}

// FileDispute records DisputeFiled against a GraduationDecided of the
// participant. Auditors, admins, and the participant's home agency; the
// dispute is filed by the principal's token.
func (l *Ledger) FileDispute(ctx context.Context, p Principal, cmd FileDispute) (DisputeWritten, error) {
	if err := p.may("file disputes", access.Admin, access.Auditor, access.Agency); err != nil {
		return DisputeWritten{}, err
	}
	var out DisputeWritten
	w, err := l.runOnParticipant(ctx, p, cmd.NIP, p.idKey(), time.Time{}, func(st participant.State) ([]domain.Event, error) {
		history, err := l.participants.History(ctx, participantStream(st.Enrolment.NIP), 0)
		if err != nil {
			return nil, err
		}
		return participant.DecideDispute(history, participant.FileDispute{DecisionEventID: cmd.DecisionEventID, Reason: cmd.Reason, FiledBy: p.TokenID})
	}, func(st participant.State) {
		if n := len(st.Disputes); n > 0 {
			out.Dispute = st.Disputes[n-1]
		}
	})
	if err != nil {
		return DisputeWritten{}, err
	}
	out.Written = w
	return out, nil
}

// Resolution settles a dispute: upheld or rejected, with its note.
type Resolution struct {
	Outcome string
	Note    string
}

// ResolveDispute records DisputeResolved. Admin only. A dispute id is the
// participant's NIP and the dispute's number ("<nip>-<n>"), so it names the
// stream it lives in; the resolution is its natural id.
func (l *Ledger) ResolveDispute(ctx context.Context, p Principal, disputeID string, r Resolution) (DisputeWritten, error) {
	if err := p.may("resolve disputes", access.Admin); err != nil {
		return DisputeWritten{}, err
	}
	cut := strings.LastIndexByte(disputeID, '-')
	if cut < 0 {
		return DisputeWritten{}, domain.NotFound("dispute")
	}
	nip, err := domain.ParseNIP(disputeID[:cut])
	if err != nil {
		return DisputeWritten{}, domain.NotFound("dispute")
	}
	var out DisputeWritten
	res, err := l.participants.Run(ctx, command.Command[participant.State]{
		Stream: participantStream(nip), IDKey: "resolution:" + disputeID, Metadata: p.metadata(),
		Decide: func(st participant.State) ([]domain.Event, error) {
			if st.Enrolled() && !p.Sees(scopeOfParticipant(st)) {
				return nil, domain.NotFound("dispute")
			}
			return participant.DecideResolution(st, disputeID, r.Outcome, r.Note)
		},
		After: func(st participant.State) {
			for _, d := range st.Disputes {
				if d.DisputeID == disputeID {
					out.Dispute = d
				}
			}
		},
	})
	if err != nil {
		return DisputeWritten{}, err
	}
	out.Written = Written{Appends: appended(res)}
	return out, nil
}

// Redecide is the redecision of a participant after an upheld dispute.
type Redecide struct {
	NIP        string
	MeetingRef string
	DecidedOn  domain.Date
	DisputeID  string
}

// Redecided answers a redecision.
type Redecided struct {
	Written
	Decided
}

// Redecide records GraduationDecided for one participant again, under the
// same verdict rules (R-GRAD-1..4) on the participant as they stand now
// (corrections included), citing the upheld dispute that allows it. Admin
// only. In one append it records the decision, revokes the documents of the
// decision it replaces and issues those it entitles (DocumentRevoked,
// DocumentIssued on the participant, their numbers on the cohort); it holds
// the cohort, the institution, then the participant (command.Tx's order),
// so a meeting of that cohort in this process does not decide the
// participant meanwhile. The meeting_ref is the natural id: the same
// redecision again answers the first record.
func (l *Ledger) Redecide(ctx context.Context, p Principal, cmd Redecide) (Redecided, error) {
	if err := p.may("redecide participants", access.Admin); err != nil {
		return Redecided{}, err
	}
	nip, err := domain.ParseNIP(cmd.NIP)
	if err != nil {
		return Redecided{}, domain.NotFound("participant")
	}
	if strings.TrimSpace(cmd.DisputeID) == "" {
		// Without a dispute the domain would take this for a repeat meeting.
		return Redecided{}, domain.Refuse("", "dispute_id", "dispute_id is required")
	}
	// Which cohort to hold is the participant's own stream's to say; an
	// enrolment never moves, so it cannot change before both are held.
	var cohortID string
	if err := l.participants.Inspect(ctx, participantStream(nip), func(st participant.State) {
		if st.Enrolled() && p.Sees(scopeOfParticipant(st)) {
			cohortID = st.Enrolment.CohortID
		}
	}); err != nil {
		return Redecided{}, err
	}
	if cohortID == "" {
		return Redecided{}, domain.NotFound("participant")
	}
	var out Redecided
	err = command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		co, err := command.Hold(tx, l.cohorts, cohortStream(cohortID))
		if err != nil {
			return err
		}
		inst, err := command.Hold(tx, l.institutions, institutionStream(co.State().Opened.InstitutionID))
		if err != nil {
			return err
		}
		pa, err := command.Hold(tx, l.participants, participantStream(nip))
		if err != nil {
			return err
		}
		st := pa.State()
		decided, err := participant.DecideGraduation(st, participant.Redecide(st, cmd.MeetingRef, cmd.DecidedOn, cmd.DisputeID))
		if err != nil {
			return err
		}
		// The redecision revokes the documents of the decision it replaces
		// and issues those it entitles, numbered on the cohort, in this
		// same append.
		subject := documentSubject{state: st, decision: decided[0].(participant.GraduationDecided)}
		numbered, docs, err := l.documents(co.State(), inst.State(), cmd.MeetingRef, cmd.DecidedOn, []documentSubject{subject})
		if err != nil {
			return err
		}
		md := p.metadata()
		part, err := command.Stage(tx, pa, append(decided, docs[0]...), command.Emit{IDKey: "graduation:" + cmd.MeetingRef, Metadata: md})
		if err != nil {
			return err
		}
		numberedPart, err := command.Stage(tx, co, numbered, command.Emit{IDKey: "documents:" + string(nip) + ":" + cmd.MeetingRef, Metadata: md})
		if err != nil {
			return err
		}
		tx.After(func() {
			st := pa.State()
			d, _ := st.DecisionAt(cmd.MeetingRef)
			out = Redecided{Written: written(part, numberedPart), Decided: Decided{NIP: nip, Name: st.Enrolment.Name, Decision: d}}
			if part != nil && len(part.Result.Events) > 0 {
				out.EventID = part.Result.Events[0].ID
			}
		})
		return nil
	})
	return out, err
}
