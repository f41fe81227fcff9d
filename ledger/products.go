package ledger

import (
	"context"
	"time"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/projections"
)

// ProductWritten answers a submission or a review with the product it leaves.
type ProductWritten struct {
	Written
	NIP     domain.NIP
	Product participant.ProductStanding
}

// SubmitProduct records a revision of a participant's learning product
// (R-PROD-1): the file's SHA-256 and size, not the file. The first revision
// also enters the product id in its index (product-{id}), in the same
// append, so that a review finds the participant; a product id another
// participant holds is 409. A file the product has had answers that
// revision's record. Admin and the institution's LMS; another institution's
// participant is a 404.
func (l *Ledger) SubmitProduct(ctx context.Context, p Principal, nip string, cmd participant.Submit) (ProductWritten, error) {
	if err := p.may("submit learning products", learningWriters...); err != nil {
		return ProductWritten{}, err
	}
	n, err := domain.ParseNIP(nip)
	if err != nil {
		return ProductWritten{}, domain.NotFound("participant")
	}
	var out ProductWritten
	err = command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		pa, err := command.Hold(tx, l.participants, participantStream(n))
		if err != nil {
			return err
		}
		st := pa.State()
		if !st.Enrolled() || !p.Sees(scopeOfParticipant(st)) {
			return domain.NotFound("participant")
		}
		if !domain.ValidID(cmd.ProductID) { // checked before it names a stream
			_, err := participant.DecideSubmission(st, cmd)
			return err
		}
		idx, err := command.Hold(tx, l.staffRunners.products, productStream(cmd.ProductID))
		if err != nil {
			return err
		}
		claim, err := participant.DecideClaim(idx.State(), cmd.ProductID, n)
		if err != nil {
			return err
		}
		decided, err := participant.DecideSubmission(st, cmd)
		if err != nil {
			return err
		}
		md := p.metadata()
		rev := decided[0].(participant.ProductSubmitted)
		own, err := command.Stage(tx, pa, decided, command.Emit{IDKey: participant.NaturalKey(rev), At: rev.SubmittedAt, Metadata: md})
		if err != nil {
			return err
		}
		claimed, err := command.Stage(tx, idx, claim, command.Emit{IDKey: participant.ProductIndexAggregate.NaturalKey(participant.ProductClaimed{}), At: rev.SubmittedAt, Metadata: md})
		if err != nil {
			return err
		}
		tx.After(func() {
			out = ProductWritten{Written: written(own, claimed), NIP: n,
				Product: participant.StandingOfProduct(pa.State().Products[cmd.ProductID])}
		})
		return nil
	})
	return out, err
}

// productOwner is the participant a product belongs to, if p may see them.
func (l *Ledger) productOwner(ctx context.Context, p Principal, productID string) (participant.ProductIndex, projections.Scope, error) {
	var idx participant.ProductIndex
	if !domain.ValidID(productID) {
		return idx, projections.Scope{}, domain.NotFound("product")
	}
	if err := l.staffRunners.products.Inspect(ctx, productStream(productID), func(s participant.ProductIndex) { idx = s }); err != nil {
		return idx, projections.Scope{}, err
	}
	if idx.Claimed == nil {
		return idx, projections.Scope{}, domain.NotFound("product")
	}
	var scope projections.Scope
	if err := l.participants.Inspect(ctx, participantStream(idx.Claimed.NIP), func(st participant.State) {
		if st.Enrolled() {
			scope = scopeOfParticipant(st)
		}
	}); err != nil {
		return idx, projections.Scope{}, err
	}
	if scope.CohortID == "" || !p.Sees(scope) {
		return idx, projections.Scope{}, domain.NotFound("product")
	}
	return idx, scope, nil
}

// ReviewProduct records a coach's review of a product's latest revision
// (R-PROD-2): staff_id must coach the participant in their cohort (a coach
// whose assignment covers them; 422 otherwise). Admin and the institution's
// LMS; another institution's product is a 404. A revision is reviewed once.
func (l *Ledger) ReviewProduct(ctx context.Context, p Principal, productID string, cmd participant.Review) (ProductWritten, error) {
	if err := p.may("review learning products", learningWriters...); err != nil {
		return ProductWritten{}, err
	}
	idx, scope, err := l.productOwner(ctx, p, productID)
	if err != nil {
		return ProductWritten{}, err
	}
	nip := idx.Claimed.NIP
	coaches := false
	if err := l.cohorts.Inspect(ctx, cohortStream(scope.CohortID), func(st cohort.State) { coaches = st.CoachOf(cmd.StaffID, nip) }); err != nil {
		return ProductWritten{}, err
	}
	if !coaches {
		return ProductWritten{}, domain.Refuse("R-PROD-2", "staff_id", cmd.StaffID+" is not a coach of participant "+string(nip)+" in cohort "+scope.CohortID)
	}
	cmd.ProductID = productID
	if cmd.ReviewedAt.IsZero() {
		cmd.ReviewedAt = time.Now().UTC()
	}
	out := ProductWritten{NIP: nip}
	w, err := l.recordOnParticipant(ctx, p, nip, func(st participant.State) ([]domain.Event, error) {
		return participant.DecideReview(st, cmd)
	}, func(st participant.State) { out.Product = participant.StandingOfProduct(st.Products[productID]) })
	if err != nil {
		return ProductWritten{}, err
	}
	out.Written = w
	return out, nil
}

// Product is a product with every revision and review, and whose it is.
func (l *Ledger) Product(ctx context.Context, p Principal, productID string) (ProductWritten, error) {
	if err := p.may("read learning products", auditReaders...); err != nil {
		return ProductWritten{}, err
	}
	idx, _, err := l.productOwner(ctx, p, productID)
	if err != nil {
		return ProductWritten{}, err
	}
	out := ProductWritten{NIP: idx.Claimed.NIP}
	err = l.participants.Inspect(ctx, participantStream(idx.Claimed.NIP), func(st participant.State) {
		out.Product = participant.StandingOfProduct(st.Products[productID])
	})
	return out, err
}

// recordOnParticipant decides on the participant of nip (another tenant's
// participant is a 404) and records what it decides with event ids derived
// from the decided event's natural id and time: for writes whose natural id
// the state completes (the revision a review is of). after sees the state
// the write left, while the stream is held.
func (l *Ledger) recordOnParticipant(ctx context.Context, p Principal, nip domain.NIP, decide func(participant.State) ([]domain.Event, error), after func(participant.State)) (Written, error) {
	var out Written
	err := command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		pa, err := command.Hold(tx, l.participants, participantStream(nip))
		if err != nil {
			return err
		}
		st := pa.State()
		if !st.Enrolled() || !p.Sees(scopeOfParticipant(st)) {
			return domain.NotFound("participant")
		}
		decided, err := decide(st)
		if err != nil {
			return err
		}
		var part *command.Part
		if len(decided) > 0 {
			part, err = command.Stage(tx, pa, decided, command.Emit{IDKey: participant.NaturalKey(decided[0]), At: timeOf(decided[0]), Metadata: p.metadata()})
			if err != nil {
				return err
			}
		}
		tx.After(func() {
			out = written(part)
			if after != nil {
				after(pa.State())
			}
		})
		return nil
	})
	return out, err
}

// timeOf is the time an event carries, which orders the ids derived from it.
func timeOf(e domain.Event) time.Time {
	switch e := e.(type) {
	case participant.ProductSubmitted:
		return e.SubmittedAt
	case participant.ProductReviewed:
		return e.ReviewedAt
	case participant.SeminarScored:
		return e.ScoredAt
	}
	return time.Time{}
}
