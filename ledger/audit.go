package ledger

import (
	"context"
	"time"

	"github.com/latsar/ledger/audit"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
)

// auditReaders read audit trails: everyone who reads standings but the
// dashboard, which shows aggregates only.
var auditReaders = []access.Role{access.Admin, access.Auditor, access.LMS, access.Agency}

// Replay is the participant's standing as it was at a point of the log,
// folded from the log with the same fold as the live standing (design.md
// "Time travel and audit"): the events recorded at or before asOf (zero: any
// time) and at or before global position atPosition (0: the head). Who may
// see it is decided as for the live standing, on the participant as they
// were then.
func (l *Ledger) Replay(ctx context.Context, p Principal, nip string, asOf time.Time, atPosition uint64) (participant.Standing, error) {
	if err := p.may("read standings", projectionReaders...); err != nil {
		return participant.Standing{}, err
	}
	n, err := domain.ParseNIP(nip)
	if err != nil {
		return participant.Standing{}, domain.NotFound("participant")
	}
	var (
		st participant.Standing
		ok bool
	)
	err = l.useHistory(ctx, n, asOf, atPosition, func(recs []events.Recorded) error {
		st, ok, err = audit.Standing(l.catalogue, recs)
		return err
	})
	if err != nil {
		return participant.Standing{}, err
	}
	if !ok || !p.Sees(scopeOfStanding(st)) {
		return participant.Standing{}, domain.NotFound("participant (at that point)")
	}
	return st, nil
}

// useHistory lends use the participant's events recorded at or before asOf
// (zero: any time) and position atPosition (0: the head); use keeps none
// of them (events.StreamLender).
func (l *Ledger) useHistory(ctx context.Context, n domain.NIP, asOf time.Time, atPosition uint64, use func([]events.Recorded) error) error {
	return events.UseStream(ctx, l.store, participantStream(n), 0, atPosition, func(recs []events.Recorded) error {
		if !asOf.IsZero() {
			recs = audit.Until(recs, asOf)
		}
		return use(recs)
	})
}

// Trail is a participant's audit trail.
type Trail struct {
	NIP     domain.NIP
	Entries []audit.Entry
}

// Audit is every event of the participant in order, with who recorded it
// (the token and its name, the person it was recorded for, the people the
// event names) and what it changed (package audit). Not for dashboard
// tokens; an lms or agency token sees its own participants' trails only.
func (l *Ledger) Audit(ctx context.Context, p Principal, nip string) (Trail, error) {
	if err := p.may("read audit trails", auditReaders...); err != nil {
		return Trail{}, err
	}
	n, err := domain.ParseNIP(nip)
	if err != nil {
		return Trail{}, domain.NotFound("participant")
	}
	recs, err := l.store.ReadStream(ctx, participantStream(n), 0, 0)
	if err != nil {
		return Trail{}, err
	}
	st, ok, err := audit.Standing(l.catalogue, recs)
	if err != nil {
		return Trail{}, err
	}
	if !ok || !p.Sees(scopeOfStanding(st)) {
		return Trail{}, domain.NotFound("participant")
	}
	entries, err := audit.Trail(l.catalogue, recs)
	if err != nil {
		return Trail{}, err
	}
	audit.Name(entries, func(id string) string { return l.staffName(ctx, id) }, func(id string) string { return l.tokenName(ctx, id) })
	return Trail{NIP: n, Entries: entries}, nil
}

func scopeOfStanding(st participant.Standing) projections.Scope {
	return projections.Scope{CohortID: st.CohortID, InstitutionID: st.InstitutionID, Agency: st.Agency}
}
