package participant

import (
	"slices"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// Document is what an STTP, a Piagam Penghargaan or a Surat Keterangan
// says (R-AWARD-1): every field a recorded fact, nothing from a clock, so
// the same decision always composes the same document. Its JSON, as Go
// writes this struct, is the payload its JWS signs.
type Document struct {
	Number     string         `json:"number" example:"STTP.DEMO-2024-III-01.2024.0001"`
	Kind       string         `json:"kind" enums:"sttp,piagam_penghargaan,surat_keterangan"`
	Title      string         `json:"title" example:"Surat Tanda Tamat Pelatihan"`
	Holder     Holder         `json:"holder"`
	Cohort     DocumentCohort `json:"cohort"`
	Issuer     Issuer         `json:"issuer"`
	Programme  Programme      `json:"programme"`
	Outcome    string         `json:"outcome" enums:"lulus,tidak_lulus"`
	Final      Graded         `json:"final"`
	Rank       int            `json:"rank,omitempty"`
	MeetingRef string         `json:"meeting_ref"`
	DecidedOn  domain.Date    `json:"decided_on" format:"date"`
	IssuedOn   domain.Date    `json:"issued_on" format:"date"`
	Place      string         `json:"place"`
	Signer     *cohort.Signer `json:"signer" extensions:"x-nullable"`
	Replaces   string         `json:"replaces,omitempty"`
} // @name DocumentContent

// Holder is the participant a document is issued to.
type Holder struct {
	Name     string     `json:"name"`
	NIP      domain.NIP `json:"nip"`
	Golongan string     `json:"golongan"`
	Agency   string     `json:"agency"`
} // @name DocumentHolder

// DocumentCohort is the cohort (angkatan) a document's training was held in.
type DocumentCohort struct {
	CohortID string      `json:"cohort_id"`
	Name     string      `json:"name"`
	StartsOn domain.Date `json:"starts_on" format:"date"`
	EndsOn   domain.Date `json:"ends_on" format:"date"`
} // @name DocumentCohort

// Issuer is the training institution that issues a document.
type Issuer struct {
	InstitutionID string `json:"institution_id"`
	Name          string `json:"name"`
} // @name DocumentIssuer

// Programme is the training a document attests.
type Programme struct {
	Name    string `json:"name" example:"Pelatihan Dasar Calon Pegawai Negeri Sipil"`
	Short   string `json:"short" example:"Latsar CPNS"`
	Basis   string `json:"basis" example:"Peraturan Lembaga Administrasi Negara Nomor 1 Tahun 2021"`
	Ruleset string `json:"ruleset" example:"perlan-1-2021"`
} // @name DocumentProgramme

// The programme every document of the ledger attests.
const (
	ProgrammeName  = "Pelatihan Dasar Calon Pegawai Negeri Sipil"
	ProgrammeShort = "Latsar CPNS"
	ProgrammeBasis = "Peraturan Lembaga Administrasi Negara Nomor 1 Tahun 2021"
)

// DocumentTitles are the documents' titles in Bahasa Indonesia.
var DocumentTitles = map[string]string{
	AwardSTTP:            "Surat Tanda Tamat Pelatihan",
	AwardPiagam:          "Piagam Penghargaan",
	AwardSuratKeterangan: "Surat Keterangan",
}

// DocumentIssued records a document with its compact JWS (EdDSA over the
// document's JSON) and the id of the key that signed it. It is recorded in
// the same append as the decision that entitles it.
type DocumentIssued struct {
	Document
	JWS   string `json:"jws"`
	KeyID string `json:"kid"`
}

// DocumentRevoked withdraws a document: a later decision superseded the
// one behind it. The document stays in the log; ReplacedBy names the
// document issued in its place, if any.
type DocumentRevoked struct {
	Number     string      `json:"number"`
	Kind       string      `json:"kind"`
	Reason     string      `json:"reason"`
	RevokedOn  domain.Date `json:"revoked_on" format:"date"`
	MeetingRef string      `json:"meeting_ref"`
	DisputeID  string      `json:"dispute_id,omitempty"`
	ReplacedBy string      `json:"replaced_by,omitempty"`
} // @name DocumentRevocation

func (DocumentIssued) EventType() string  { return "DocumentIssued" }
func (DocumentRevoked) EventType() string { return "DocumentRevoked" }

// DocumentRecord is one document of the participant with its revocation.
type DocumentRecord struct {
	Issued  DocumentIssued
	Revoked *DocumentRevoked
}

func foldDocumentIssued(s State, e DocumentIssued) State {
	if _, ok := s.DocumentByNumber(e.Number); !ok {
		s.Documents = append(s.Documents, DocumentRecord{Issued: e})
	}
	return s
}

func foldDocumentRevoked(s State, e DocumentRevoked) State {
	for i := range s.Documents {
		if s.Documents[i].Issued.Number == e.Number && s.Documents[i].Revoked == nil {
			s.Documents = slices.Clone(s.Documents) // a held state's slice may be shared with a copy
			s.Documents[i].Revoked = &e
		}
	}
	return s
}

// DocumentByNumber is the participant's document of that number.
func (s State) DocumentByNumber(number string) (DocumentRecord, bool) {
	for _, d := range s.Documents {
		if d.Issued.Number == number {
			return d, true
		}
	}
	return DocumentRecord{}, false
}

// Entitled lists the kinds of document decision d entitles (R-AWARD-1),
// in the order they are numbered: the STTP or the Surat Keterangan, then
// a Piagam Penghargaan.
func Entitled(d GraduationDecided) []string {
	var kinds []string
	for _, want := range []string{AwardSTTP, AwardSuratKeterangan, AwardPiagam} {
		for _, a := range d.Awards {
			if a.Kind == want && !slices.Contains(kinds, want) {
				kinds = append(kinds, want)
			}
		}
	}
	return kinds
}

// DocumentFacts are what a document says that the participant's stream
// does not hold: the cohort, the institution and its signer.
type DocumentFacts struct {
	Cohort DocumentCohort
	Issuer Issuer
	Signer *cohort.Signer
	Place  string
}

// DocumentsFor composes the documents decision d entitles the participant
// of s to, numbered by numbers (in the order of Entitled), and the
// revocations of every document of s still in force that d supersedes,
// each naming the new document of its kind (or the STTP that replaces a
// Surat Keterangan, and the other way round) that takes its place. The
// documents are signed by the caller; nothing here reads a clock.
func DocumentsFor(s State, d GraduationDecided, facts DocumentFacts, numbers []string) ([]Document, []DocumentRevoked) {
	kinds := Entitled(d)
	docs := make([]Document, 0, len(kinds))
	for i, kind := range kinds {
		doc := Document{
			Number: numbers[i], Kind: kind, Title: DocumentTitles[kind],
			Cohort: facts.Cohort, Issuer: facts.Issuer,
			Programme: Programme{Name: ProgrammeName, Short: ProgrammeShort, Basis: ProgrammeBasis, Ruleset: d.Ruleset},
			Outcome:   d.Outcome, Final: d.Final,
			MeetingRef: d.MeetingRef, DecidedOn: d.DecidedOn, IssuedOn: d.DecidedOn,
			Place: facts.Place, Signer: facts.Signer,
		}
		if e := s.Enrolment; e != nil {
			doc.Holder = Holder{Name: e.Name, NIP: e.NIP, Golongan: e.Golongan, Agency: e.Agency}
		}
		if kind == AwardPiagam {
			for _, a := range d.Awards {
				if a.Kind == AwardPiagam {
					doc.Rank = a.Rank
				}
			}
		}
		docs = append(docs, doc)
	}
	var revoked []DocumentRevoked
	for _, old := range s.Documents {
		if old.Revoked != nil {
			continue
		}
		r := DocumentRevoked{
			Number: old.Issued.Number, Kind: old.Issued.Kind, RevokedOn: d.DecidedOn,
			MeetingRef: d.MeetingRef, DisputeID: d.DisputeID, Reason: revocationReason(d),
		}
		if i := replacementFor(old.Issued.Kind, docs); i >= 0 {
			r.ReplacedBy = docs[i].Number
			docs[i].Replaces = old.Issued.Number
		}
		revoked = append(revoked, r)
	}
	return docs, revoked
}

// replacementFor is the index in docs of the document that takes the place
// of a revoked one of kind, -1 when none does.
func replacementFor(kind string, docs []Document) int {
	for _, want := range []string{kind, mainSwap[kind]} {
		for i, d := range docs {
			if want != "" && d.Kind == want && d.Replaces == "" {
				return i
			}
		}
	}
	return -1
}

// mainSwap: an STTP and a Surat Keterangan take each other's place when a
// decision turns from lulus to tidak lulus or back.
var mainSwap = map[string]string{AwardSTTP: AwardSuratKeterangan, AwardSuratKeterangan: AwardSTTP}

func revocationReason(d GraduationDecided) string {
	switch {
	case d.DisputeID != "":
		return "superseded by the redecision " + d.MeetingRef + " of " + string(d.DecidedOn) + " after the upheld dispute " + d.DisputeID
	case d.Redecision:
		return "superseded by the decision of the repeat meeting " + d.MeetingRef + " of " + string(d.DecidedOn)
	default:
		return "superseded by the decision of meeting " + d.MeetingRef + " of " + string(d.DecidedOn)
	}
}

// DocumentEventsAt are the document events recorded with decision ref (its
// revocations, then its documents): what a retried decision proposes
// again, so that it is the same append.
func DocumentEventsAt(s State, ref string) []domain.Event {
	var revoked, issued []domain.Event
	for _, d := range s.Documents {
		if d.Revoked != nil && d.Revoked.MeetingRef == ref {
			revoked = append(revoked, *d.Revoked)
		}
		if d.Issued.MeetingRef == ref {
			issued = append(issued, d.Issued)
		}
	}
	return append(revoked, issued...)
}

// DocumentDecision is how the decision behind a document stands now.
type DocumentDecision struct {
	MeetingRef string      `json:"meeting_ref"`
	DecidedOn  domain.Date `json:"decided_on" format:"date"`
	Outcome    string      `json:"outcome" enums:"lulus,ditunda,tidak_lulus,incomplete"`
	// Holds: the decision is still the participant's decision in force and
	// no upheld dispute against it awaits its redecision.
	Holds bool `json:"holds"`
	// SupersededBy is the meeting of the decision that replaced it.
	SupersededBy string `json:"superseded_by,omitempty"`
	// Dispute is the latest dispute against it (open, upheld, rejected).
	Dispute *Dispute `json:"dispute,omitempty"`
	// EvaluationChanged: a correction recorded since changed the evaluation
	// the decision saw. The decision stands until a dispute redecides it.
	EvaluationChanged bool `json:"evaluation_changed"`
} // @name DocumentDecision

// DecisionBehind is how the decision behind document doc stands in s.
func DecisionBehind(s State, doc Document) DocumentDecision {
	out := DocumentDecision{MeetingRef: doc.MeetingRef, DecidedOn: doc.DecidedOn, Outcome: doc.Outcome}
	d, ok := s.DecisionAt(doc.MeetingRef)
	if !ok {
		return out
	}
	out.Outcome = d.Outcome
	latest := s.Decision()
	if latest.MeetingRef != d.MeetingRef {
		out.SupersededBy = latest.MeetingRef
	}
	for i := range s.Disputes {
		if s.Disputes[i].MeetingRef == d.MeetingRef {
			disp := s.Disputes[i]
			out.Dispute = &disp
		}
	}
	upheldPending := out.Dispute != nil && out.Dispute.Outcome == Upheld && !out.Dispute.Redecided
	out.Holds = out.SupersededBy == "" && !upheldPending
	out.EvaluationChanged = !sameEvaluation(Evaluate(s), d.Evaluation)
	return out
}

// sameEvaluation compares what a decision depends on: the final score and
// the aspects' grades, and whether attendance broke R-ATT-2.
func sameEvaluation(a, b Evaluation) bool {
	if a.Attendance.LimitBroken != b.Attendance.LimitBroken || !sameGraded(a.Final, b.Final) {
		return false
	}
	for _, as := range AllAspects {
		if !sameGraded(a.Aspects.Get(as), b.Aspects.Get(as)) {
			return false
		}
	}
	for _, c := range AllComponents {
		x, y := a.Components.Get(c), b.Components.Get(c)
		if (x == nil) != (y == nil) || (x != nil && *x != *y) {
			return false
		}
	}
	return true
}

func sameGraded(a, b Graded) bool {
	if (a.Score == nil) != (b.Score == nil) {
		return false
	}
	return a.Score == nil || *a.Score == *b.Score
}
