package participant

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/latsar/ledger/domain"
)

// ProductKind is a kind of learning product (seed 000, 001: the
// actualisation design presented at seminar R.A, the notes and the report of
// the actualisation, the presentation at the seminar aktualisasi, the
// follow-up plan).
type ProductKind string

const (
	ProductDesign       ProductKind = "actualization_design"
	ProductNotes        ProductKind = "actualization_notes"
	ProductReport       ProductKind = "actualization_report"
	ProductPresentation ProductKind = "presentation"
	ProductFollowUp     ProductKind = "follow_up_plan"
)

// ProductKinds in a stable order.
var ProductKinds = [...]ProductKind{ProductDesign, ProductNotes, ProductReport, ProductPresentation, ProductFollowUp}

// Valid tells whether k is one of the five kinds.
func (k ProductKind) Valid() bool { return slices.Contains(ProductKinds[:], k) }

// Review outcomes (R-PROD-2).
const (
	Approved = "approved"
	Revise   = "revise"
)

// ProductSubmitted records one revision of a learning product (R-PROD-1):
// the proof of the file (its SHA-256 and size), not the file, which stays in
// the LMS. Revision counts from 1; every revision stays in the log and in
// the state.
type ProductSubmitted struct {
	ProductID   string      `json:"product_id"`
	Kind        ProductKind `json:"kind" swaggertype:"string" enums:"actualization_design,actualization_notes,actualization_report,presentation,follow_up_plan"`
	Title       string      `json:"title"`
	SHA256      string      `json:"sha256" example:"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"`
	Size        int64       `json:"size" example:"482113"`
	SubmittedAt time.Time   `json:"submitted_at"`
	Revision    int         `json:"revision" example:"1"`
}

// ProductReviewed records a coach's review of one revision (R-PROD-2):
// approved, or a request to revise with its note.
type ProductReviewed struct {
	ProductID  string    `json:"product_id"`
	Revision   int       `json:"revision"`
	SHA256     string    `json:"sha256"`
	StaffID    string    `json:"staff_id" example:"coach-budi"`
	Outcome    string    `json:"outcome" enums:"approved,revise"`
	Note       string    `json:"note,omitempty"`
	ReviewedAt time.Time `json:"reviewed_at"`
}

func (ProductSubmitted) EventType() string { return "ProductSubmitted" }
func (ProductReviewed) EventType() string  { return "ProductReviewed" }

// StaffNamed names the coach of a review.
func (e ProductReviewed) StaffNamed() []domain.StaffRef {
	return []domain.StaffRef{{StaffID: e.StaffID, As: "coach"}}
}

// Product is a learning product with every revision and review.
type Product struct {
	ProductID string
	Kind      ProductKind
	Revisions []ProductSubmitted
	Reviews   []ProductReviewed
}

// Latest is the latest revision.
func (p Product) Latest() ProductSubmitted { return p.Revisions[len(p.Revisions)-1] }

// Status is where the latest revision stands: submitted (no review yet),
// approved, or revision_requested.
func (p Product) Status() string {
	latest := p.Latest().Revision
	for i := len(p.Reviews) - 1; i >= 0; i-- {
		if r := p.Reviews[i]; r.Revision == latest {
			if r.Outcome == Approved {
				return "approved"
			}
			return "revision_requested"
		}
	}
	return "submitted"
}

func (p Product) review(revision int) (ProductReviewed, bool) {
	for _, r := range p.Reviews {
		if r.Revision == revision {
			return r, true
		}
	}
	return ProductReviewed{}, false
}

func foldSubmitted(s State, e ProductSubmitted) State {
	if s.Products == nil {
		s.Products = make(map[string]Product)
	}
	p := s.Products[e.ProductID]
	if p.ProductID == "" {
		p = Product{ProductID: e.ProductID, Kind: e.Kind}
	}
	if !slices.ContainsFunc(p.Revisions, func(r ProductSubmitted) bool { return r.Revision == e.Revision }) {
		p.Revisions = append(p.Revisions, e)
	}
	s.Products[e.ProductID] = p
	return s
}

func foldReviewed(s State, e ProductReviewed) State {
	p, ok := s.Products[e.ProductID]
	if !ok {
		return s
	}
	if _, seen := p.review(e.Revision); !seen {
		p.Reviews = append(p.Reviews, e)
	}
	s.Products[e.ProductID] = p
	return s
}

// Submit is a submission of a product's file.
type Submit struct {
	ProductID   string
	Kind        ProductKind
	Title       string
	SHA256      string
	Size        int64
	SubmittedAt time.Time
}

// maxTitle bounds a product's title.
const maxTitle = 300

// DecideSubmission records a revision of a learning product (R-PROD-1): a
// product keeps its kind; a file whose SHA-256 the product has not had
// before is its next revision; a file it has had answers that revision's
// record (a retry, or the same file sent again), whatever its title. A
// revision is not submitted before the one it follows.
func DecideSubmission(s State, c Submit) ([]domain.Event, error) {
	if !s.Enrolled() {
		return nil, domain.NotFound("participant")
	}
	var v domain.Invalid
	if !domain.ValidID(c.ProductID) {
		v.Add("", "product_id", "product_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if !c.Kind.Valid() {
		v.Add("R-PROD-1", "kind", "kind is actualization_design, actualization_notes, actualization_report, presentation or follow_up_plan")
	}
	title := strings.TrimSpace(c.Title)
	if title == "" {
		v.Add("R-PROD-1", "title", "title is required")
	} else if len(title) > maxTitle {
		v.Add("R-PROD-1", "title", fmt.Sprintf("title has at most %d characters", maxTitle))
	}
	sum := strings.ToLower(c.SHA256)
	if !isSHA256(sum) {
		v.Add("R-PROD-1", "sha256", "sha256 is the file's SHA-256: 64 hexadecimal digits")
	}
	if c.Size < 1 {
		v.Add("R-PROD-1", "size", "size is the file's size in bytes, at least 1")
	}
	if c.SubmittedAt.IsZero() {
		v.Add("", "submitted_at", "submitted_at is an RFC 3339 time")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	e := ProductSubmitted{ProductID: c.ProductID, Kind: c.Kind, Title: title, SHA256: sum, Size: c.Size,
		SubmittedAt: c.SubmittedAt.UTC(), Revision: 1}
	if p, ok := s.Products[c.ProductID]; ok {
		if p.Kind != c.Kind {
			return nil, domain.Refuse("R-PROD-1", "kind", "product "+c.ProductID+" is an "+string(p.Kind)+"; a revision keeps its kind")
		}
		for _, r := range p.Revisions {
			if r.SHA256 == sum {
				if r.Size != c.Size {
					return nil, domain.Conflict("R-PROD-1", fmt.Sprintf("revision %d of %s has this SHA-256 with another size", r.Revision, c.ProductID))
				}
				return []domain.Event{r}, nil
			}
		}
		latest := p.Latest()
		if e.SubmittedAt.Before(latest.SubmittedAt) {
			return nil, domain.Refuse("R-PROD-1", "submitted_at", fmt.Sprintf("revision %d was submitted at %s; a revision follows it", latest.Revision, latest.SubmittedAt.Format(time.RFC3339)))
		}
		e.Revision = latest.Revision + 1
	}
	if err := openForLearning(s); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Review is a coach's review of a product. Revision, when not 0, names the
// revision reviewed (it must be the latest); ReviewedAt defaults to the time
// the ledger records it.
type Review struct {
	ProductID  string
	StaffID    string
	Outcome    string
	Note       string
	Revision   int
	ReviewedAt time.Time
}

// maxNote bounds a review's note.
const maxNote = 2000

// DecideReview records a review of a product's latest revision (R-PROD-2):
// approved, or revise with a note saying what to revise. A revision is
// reviewed once: the same review again answers the record, another is 409.
// That the reviewer coaches the participant is the cohort's to say (the
// ledger checks it before).
func DecideReview(s State, c Review) ([]domain.Event, error) {
	if !s.Enrolled() {
		return nil, domain.NotFound("participant")
	}
	p, ok := s.Products[c.ProductID]
	if !ok {
		return nil, domain.NotFound("product")
	}
	var v domain.Invalid
	note := strings.TrimSpace(c.Note)
	switch c.Outcome {
	case Approved:
	case Revise:
		if note == "" {
			v.Add("R-PROD-2", "note", "a request to revise says what to revise (note)")
		}
	default:
		v.Add("R-PROD-2", "outcome", "outcome is approved or revise")
	}
	if len(note) > maxNote {
		v.Add("", "note", fmt.Sprintf("note has at most %d characters", maxNote))
	}
	if c.ReviewedAt.IsZero() {
		v.Add("", "reviewed_at", "reviewed_at is an RFC 3339 time")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	latest := p.Latest()
	if c.Revision != 0 && c.Revision != latest.Revision {
		if c.Revision < 1 || c.Revision > latest.Revision {
			return nil, domain.Refuse("R-PROD-2", "revision", fmt.Sprintf("product %s has revisions 1 to %d", c.ProductID, latest.Revision))
		}
		return nil, domain.Conflict("R-PROD-2", fmt.Sprintf("revision %d of %s is superseded by revision %d; review the latest", c.Revision, c.ProductID, latest.Revision))
	}
	e := ProductReviewed{ProductID: c.ProductID, Revision: latest.Revision, SHA256: latest.SHA256, StaffID: c.StaffID,
		Outcome: c.Outcome, Note: note, ReviewedAt: c.ReviewedAt.UTC()}
	if prior, ok := p.review(latest.Revision); ok {
		if prior.StaffID == e.StaffID && prior.Outcome == e.Outcome && prior.Note == e.Note {
			return []domain.Event{prior}, nil
		}
		return nil, domain.Conflict("R-PROD-2", fmt.Sprintf("revision %d of %s was reviewed by %s (%s)", prior.Revision, c.ProductID, prior.StaffID, prior.Outcome))
	}
	if err := openForLearning(s); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}

// ProductStanding is a product as the standing shows it.
type ProductStanding struct {
	ProductID string             `json:"product_id" example:"ra-199901012024011001"`
	Kind      ProductKind        `json:"kind" swaggertype:"string" enums:"actualization_design,actualization_notes,actualization_report,presentation,follow_up_plan"`
	Title     string             `json:"title"`
	Status    string             `json:"status" enums:"submitted,approved,revision_requested"`
	Revisions []ProductSubmitted `json:"revisions"`
	Reviews   []ProductReviewed  `json:"reviews"`
}

// StandingOfProduct is the product as the standing shows it.
func StandingOfProduct(p Product) ProductStanding {
	reviews := p.Reviews
	if reviews == nil {
		reviews = []ProductReviewed{}
	}
	return ProductStanding{ProductID: p.ProductID, Kind: p.Kind, Title: p.Latest().Title, Status: p.Status(),
		Revisions: p.Revisions, Reviews: reviews}
}

func productsOf(s State) []ProductStanding {
	ids := make([]string, 0, len(s.Products))
	for id := range s.Products {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]ProductStanding, 0, len(ids))
	for _, id := range ids {
		out = append(out, StandingOfProduct(s.Products[id]))
	}
	return out
}

// latestOfKind is the latest revision of the participant's products of kind
// k (the one submitted last), if any.
func (s State) latestOfKind(k ProductKind) (ProductSubmitted, bool) {
	var best ProductSubmitted
	found := false
	for _, p := range s.Products {
		if p.Kind != k {
			continue
		}
		l := p.Latest()
		if !found || l.SubmittedAt.After(best.SubmittedAt) || l.SubmittedAt.Equal(best.SubmittedAt) && l.ProductID > best.ProductID {
			best, found = l, true
		}
	}
	return best, found
}

// ProductClaimed enters a product id in its index stream
// (product-{product_id}), so that a review finds the participant by the
// product id alone; it is written with the product's first revision, in
// the same append.
type ProductClaimed struct {
	ProductID string     `json:"product_id"`
	NIP       domain.NIP `json:"nip"`
}

func (ProductClaimed) EventType() string { return "ProductClaimed" }

// ProductIndex is what a product's index stream says: whose it is.
type ProductIndex struct {
	Claimed *ProductClaimed
}

// ProductIndexAggregate declares the events of a product's index stream.
var ProductIndexAggregate = domain.NewAggregate("product",
	domain.On(1, func(s ProductIndex, e ProductClaimed) ProductIndex { s.Claimed = &e; return s }, "R-PROD-1").
		Keyed(func(domain.Event) string { return "claim" }),
)

// EvolveProductIndex folds one event into a product's index.
func EvolveProductIndex(s ProductIndex, e domain.Event) ProductIndex {
	return ProductIndexAggregate.Evolve(s, e)
}

// DecideClaim claims a product id for participant nip: a product belongs to
// one participant (another's product id is 409).
func DecideClaim(s ProductIndex, productID string, nip domain.NIP) ([]domain.Event, error) {
	if s.Claimed != nil {
		if s.Claimed.NIP != nip {
			return nil, domain.Conflict("R-PROD-1", "product "+productID+" belongs to another participant")
		}
		return nil, nil // claimed with the first revision
	}
	return []domain.Event{ProductClaimed{ProductID: productID, NIP: nip}}, nil
}
