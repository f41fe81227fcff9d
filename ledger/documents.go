package ledger

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"slices"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/keys"
)

// The documents a decision issues (R-AWARD-1; docs/documents.md): the
// meeting, the repeat meeting and a dispute's redecision stage them in the
// append that records the decision, numbered on the cohort (which the
// workflow holds) and signed here, with the institution's signer in force.

// institutionStream names a training institution's stream.
func institutionStream(id string) string { return "institution-" + id }

// documentSubject is one participant a workflow decides, with the
// decision it records (or recorded, when the workflow is a retry).
type documentSubject struct {
	state    participant.State
	decision participant.GraduationDecided
}

// documents decides the document events of a workflow's decisions: the
// cohort's numbering (nil when nothing new is numbered) and, for each
// subject, its revocations and documents, to append after its decision.
// A decision already recorded proposes again what was recorded with it.
func (l *Ledger) documents(cs cohort.State, is cohort.InstitutionState, ref string, on domain.Date, subjects []documentSubject) ([]domain.Event, [][]domain.Event, error) {
	out := make([][]domain.Event, len(subjects))
	type want struct {
		subject int
		kind    string
		rank    int
	}
	var wants []want
	var fresh []int
	for i, sub := range subjects {
		for _, kind := range participant.Entitled(sub.decision) {
			wants = append(wants, want{subject: i, kind: kind, rank: sub.decision.Rank})
		}
		if _, recorded := sub.state.DecisionAt(sub.decision.MeetingRef); recorded {
			out[i] = participant.DocumentEventsAt(sub.state, sub.decision.MeetingRef)
			continue
		}
		fresh = append(fresh, i)
	}
	// Numbered in the subjects' order (NIP order), a Piagam in the order
	// of its rank.
	slices.SortStableFunc(wants, func(a, b want) int {
		pa, pb := a.kind == participant.AwardPiagam, b.kind == participant.AwardPiagam
		switch {
		case pa != pb && pa:
			return 1
		case pa != pb:
			return -1
		case pa:
			return cmp.Compare(a.rank, b.rank)
		}
		return 0
	})
	wanted := make([]cohort.WantedDocument, len(wants))
	for k, w := range wants {
		wanted[k] = cohort.WantedDocument{NIP: subjects[w.subject].state.Enrolment.NIP, Kind: w.kind}
	}
	numbers, numbered := cohort.NumberDocuments(cs, ref, on, wanted)
	numberOf := map[int]map[string]string{}
	for k, w := range wants {
		if numberOf[w.subject] == nil {
			numberOf[w.subject] = map[string]string{}
		}
		numberOf[w.subject][w.kind] = numbers[k]
	}
	facts := documentFacts(cs, is)
	for _, i := range fresh {
		sub := subjects[i]
		var nums []string
		for _, kind := range participant.Entitled(sub.decision) {
			nums = append(nums, numberOf[i][kind])
		}
		docs, revoked := participant.DocumentsFor(sub.state, sub.decision, facts, nums)
		for _, r := range revoked {
			out[i] = append(out[i], r)
		}
		for _, d := range docs {
			issued, err := l.sign(d)
			if err != nil {
				return nil, nil, err
			}
			out[i] = append(out[i], issued)
		}
	}
	return numbered, out, nil
}

func documentFacts(cs cohort.State, is cohort.InstitutionState) participant.DocumentFacts {
	o := cs.Opened
	f := participant.DocumentFacts{
		Cohort: participant.DocumentCohort{CohortID: o.CohortID, Name: o.Name, StartsOn: o.StartsOn, EndsOn: o.EndsOn},
		Issuer: participant.Issuer{InstitutionID: o.InstitutionID, Name: o.InstitutionID},
	}
	if s := is.Signer; s != nil {
		f.Issuer.Name, f.Signer, f.Place = s.InstitutionName, is.DocumentSigner(), s.Place
	}
	return f
}

// sign makes a document's event: its JWS over the document's JSON, by the
// ledger's key. Ed25519 is deterministic, so a workflow run again on the
// same states signs the same bytes; a retried decision does not sign at
// all (it proposes what was recorded).
func (l *Ledger) sign(d participant.Document) (participant.DocumentIssued, error) {
	e := participant.DocumentIssued{Document: d}
	if l.signer == nil {
		return e, nil
	}
	payload, err := json.Marshal(d)
	if err != nil {
		return e, err
	}
	if e.JWS, err = keys.SignJWS(l.signer, keys.DocumentType, payload); err != nil {
		return e, err
	}
	e.KeyID = l.signer.KeyID()
	return e, nil
}

// DocumentView is one document as a reader sees it.
type DocumentView struct {
	Document participant.Document
	JWS      string
	KeyID    string
	// SignatureValid: the JWS holds under a published key and signs
	// exactly the document recorded.
	SignatureValid bool
	// SignatureProblem says why it does not, when it does not.
	SignatureProblem string
	Revocation       *participant.DocumentRevoked
	Decision         participant.DocumentDecision
}

// Valid tells whether the document's signature holds and it is not revoked.
func (v DocumentView) Valid() bool { return v.SignatureValid && v.Revocation == nil }

func (l *Ledger) viewOf(st participant.State, rec participant.DocumentRecord) DocumentView {
	v := DocumentView{Document: rec.Issued.Document, JWS: rec.Issued.JWS, KeyID: rec.Issued.KeyID, Revocation: rec.Revoked,
		Decision: participant.DecisionBehind(st, rec.Issued.Document)}
	v.SignatureValid, v.SignatureProblem = l.checkSignature(rec.Issued)
	return v
}

// checkSignature verifies a recorded document's JWS against the published
// keys and checks that it signs the document as recorded.
func (l *Ledger) checkSignature(e participant.DocumentIssued) (bool, string) {
	if e.JWS == "" {
		return false, "recorded without a signature"
	}
	payload, _, err := l.verifier.VerifyJWS(e.JWS)
	switch {
	case errors.Is(err, keys.ErrUnknownKey):
		return false, "signed by a key that is not published"
	case err != nil:
		return false, "the signature does not hold"
	}
	want, err := json.Marshal(e.Document)
	if err != nil || !bytes.Equal(payload, want) {
		return false, "the signature holds for other content than the document recorded"
	}
	return true, ""
}

// ParticipantDocuments are every document issued to a participant, revoked
// ones included, in the order they were issued. Same readers and tenants as
// the standing; they read the participant's stream, so they include the
// caller's own write.
func (l *Ledger) ParticipantDocuments(ctx context.Context, p Principal, nip string) ([]DocumentView, error) {
	if err := p.may("read documents", projectionReaders...); err != nil {
		return nil, err
	}
	n, err := domain.ParseNIP(nip)
	if err != nil {
		return nil, domain.NotFound("participant")
	}
	var out []DocumentView
	found := false
	err = l.participants.Inspect(ctx, participantStream(n), func(st participant.State) {
		if found = st.Enrolled() && p.Sees(scopeOfParticipant(st)); !found {
			return
		}
		out = make([]DocumentView, 0, len(st.Documents))
		for _, rec := range st.Documents {
			out = append(out, l.viewOf(st, rec))
		}
	})
	if err == nil && !found {
		err = domain.NotFound("participant")
	}
	return out, err
}

// Document is one document by its number, with whether it holds. Another
// tenant's document is not found, as an unknown number is.
func (l *Ledger) Document(ctx context.Context, p Principal, number string) (DocumentView, error) {
	if err := p.may("read documents", projectionReaders...); err != nil {
		return DocumentView{}, err
	}
	var out DocumentView
	found, err := l.findDocument(ctx, number, func(st participant.State, rec participant.DocumentRecord) bool {
		if !p.Sees(scopeOfParticipant(st)) {
			return false
		}
		out = l.viewOf(st, rec)
		return true
	})
	if err == nil && !found {
		err = domain.NotFound("document")
	}
	return out, err
}

// findDocument finds a document by number: the cohort it names says whose
// it is, the holder's stream holds it. fn sees it while the stream is held
// and says whether the caller may.
func (l *Ledger) findDocument(ctx context.Context, number string, fn func(participant.State, participant.DocumentRecord) bool) (bool, error) {
	_, cohortID, _, _, ok := cohort.ParseDocumentNumber(number)
	if !ok {
		return false, nil
	}
	var nip domain.NIP
	if err := l.cohorts.Inspect(ctx, cohortStream(cohortID), func(st cohort.State) { nip, ok = st.NumberHolder(number) }); err != nil || !ok {
		return false, err
	}
	found := false
	err := l.participants.Inspect(ctx, participantStream(nip), func(st participant.State) {
		if rec, ok := st.DocumentByNumber(number); ok && st.Enrolled() {
			found = fn(st, rec)
		}
	})
	return found, err
}

// Public verification statuses.
const (
	StatusValid   = "valid"
	StatusRevoked = "revoked"
	StatusInvalid = "invalid" // recorded, but its signature does not hold
	StatusUnknown = "unknown"
)

// PublicDocument is what anyone holding a document's number may learn
// (the QR code's page): whether it holds, its kind, the holder's name and
// the institution; the final score only where the institution allows it.
type PublicDocument struct {
	Number      string
	Status      string
	Kind        string
	Title       string
	HolderName  string
	Institution string
	IssuedOn    domain.Date
	// Final is set only when the institution's signer appointment allows
	// scores on the public page (public_scores).
	Final *participant.Graded
}

// VerifyPublic answers the public verification of a document number. It
// takes no principal: the route is open (rate-limited per address). An
// unknown number is StatusUnknown, not an error.
func (l *Ledger) VerifyPublic(ctx context.Context, number string) (PublicDocument, error) {
	out := PublicDocument{Number: number, Status: StatusUnknown}
	var institution string
	_, err := l.findDocument(ctx, number, func(st participant.State, rec participant.DocumentRecord) bool {
		d := rec.Issued.Document
		out.Kind, out.Title, out.HolderName, out.Institution, out.IssuedOn = d.Kind, d.Title, d.Holder.Name, d.Issuer.Name, d.IssuedOn
		valid, _ := l.checkSignature(rec.Issued)
		switch {
		case !valid:
			out.Status = StatusInvalid
		case rec.Revoked != nil:
			out.Status = StatusRevoked
		default:
			out.Status = StatusValid
		}
		if out.Status == StatusValid {
			final := d.Final
			out.Final = &final
		}
		institution = d.Issuer.InstitutionID
		return true
	})
	if err != nil || out.Final == nil {
		return out, err
	}
	show := false
	if err := l.institutions.Inspect(ctx, institutionStream(institution), func(st cohort.InstitutionState) {
		show = st.Signer != nil && st.Signer.PublicScores
	}); err != nil {
		return PublicDocument{}, err
	}
	if !show {
		out.Final = nil
	}
	return out, nil
}

// SignerWritten answers an appointment with the signer in force.
type SignerWritten struct {
	Written
	Signer cohort.SignerAppointed
}

// AppointSigner records who signs an institution's documents from now on
// (InstitutionSignerAppointed on institution-{id}). Admin, or the lms
// token of that institution (another institution is a 404). The same
// signer again records nothing.
func (l *Ledger) AppointSigner(ctx context.Context, p Principal, c cohort.AppointSigner) (SignerWritten, error) {
	if err := p.may("appoint document signers", access.Admin, access.LMS); err != nil {
		return SignerWritten{}, err
	}
	if p.Role == access.LMS && c.InstitutionID != p.Institution {
		return SignerWritten{}, domain.NotFound("institution")
	}
	if !domain.ValidID(c.InstitutionID) { // checked before it names a stream
		_, err := cohort.DecideSigner(cohort.InstitutionState{}, c)
		return SignerWritten{}, err
	}
	var out SignerWritten
	res, err := l.institutions.Run(ctx, command.Command[cohort.InstitutionState]{
		Stream: institutionStream(c.InstitutionID), IDKey: p.idKey(), Metadata: p.metadata(),
		Decide: func(st cohort.InstitutionState) ([]domain.Event, error) { return cohort.DecideSigner(st, c) },
		After: func(st cohort.InstitutionState) {
			if st.Signer != nil {
				out.Signer = *st.Signer
			}
		},
	})
	if err != nil {
		return SignerWritten{}, err
	}
	out.Written = Written{Appends: appended(res)}
	return out, nil
}

// InstitutionSigner is the signer in force for an institution's documents:
// admin, auditor, and the institution's lms token. None appointed is a 404.
func (l *Ledger) InstitutionSigner(ctx context.Context, p Principal, institutionID string) (cohort.SignerAppointed, error) {
	if err := p.may("read document signers", access.Admin, access.Auditor, access.LMS); err != nil {
		return cohort.SignerAppointed{}, err
	}
	if (p.Role == access.LMS && institutionID != p.Institution) || !domain.ValidID(institutionID) {
		return cohort.SignerAppointed{}, domain.NotFound("signer")
	}
	var out *cohort.SignerAppointed
	if err := l.institutions.Inspect(ctx, institutionStream(institutionID), func(st cohort.InstitutionState) {
		if st.Signer != nil {
			s := *st.Signer
			out = &s
		}
	}); err != nil {
		return cohort.SignerAppointed{}, err
	}
	if out == nil {
		return cohort.SignerAppointed{}, domain.NotFound("signer")
	}
	return *out, nil
}
