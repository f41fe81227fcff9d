package development

import (
	"slices"
	"strings"

	"github.com/latsar/ledger/domain"
)

// State is one ASN's ledger, folded from the stream jp-{nip}.
type State struct {
	NIP    domain.NIP
	Agency string // fixed by the first activity
	// Activities in the order they were recorded: caps count the earlier first.
	Activities []ActivityRecorded
}

// Initial is the ledger of an ASN with no activity yet.
func Initial() State { return State{} }

// Exists tells whether the ASN has a ledger.
func (s State) Exists() bool { return s.Agency != "" }

// Activity is the record of activity id, if any.
func (s State) Activity(id string) (ActivityRecorded, bool) {
	for _, a := range s.Activities {
		if a.ActivityID == id {
			return a, true
		}
	}
	return ActivityRecorded{}, false
}

// Aggregate declares the events of an ASN's competency-development stream
// (jp-{nip}) and how they fold.
var Aggregate = domain.NewAggregate("development",
	domain.On(1, foldActivity, "R-JP-1", "R-JP-2", "R-JP-3").
		Keyed(func(e domain.Event) string { return "activity:" + e.(ActivityRecorded).ActivityID }),
)

// NaturalKey is the key an activity's event ids derive from.
func NaturalKey(e domain.Event) string { return Aggregate.NaturalKey(e) }

// Evolve folds one recorded event into the ledger. It never fails.
func Evolve(s State, e domain.Event) State { return Aggregate.Evolve(s, e) }

func foldActivity(s State, e ActivityRecorded) State {
	if _, seen := s.Activity(e.ActivityID); seen {
		return s
	}
	if s.Agency == "" {
		s.NIP, s.Agency = e.NIP, e.Agency
	}
	s.Activities = append(s.Activities, e)
	return s
}

// RecordActivity asks to record one activity of an ASN.
type RecordActivity struct {
	NIP domain.NIP
	// Agency is the ASN's agency as the caller knows it: required on the
	// ASN's first activity, else empty or the agency already recorded.
	Agency     string
	ActivityID string
	Form       Form
	Scope      Scope
	Quantity   Amount
	StartedOn  domain.Date
	EndedOn    domain.Date
	Evidence   Evidence
}

// DecideActivity converts an activity to JP under 004's table (R-JP-3). The
// same activity_id with the same inputs answers the first record; with other
// inputs it is a conflict.
func DecideActivity(s State, c RecordActivity) ([]domain.Event, error) {
	conv, col, err := validate(s, c)
	if err != nil {
		return nil, err
	}
	agency := c.Agency
	if agency == "" {
		agency = s.Agency
	}
	if s.Exists() && agency != s.Agency {
		return nil, domain.Conflict("", "ASN "+string(c.NIP)+" belongs to agency "+s.Agency+" (fixed by their first activity), not "+agency)
	}
	e := ActivityRecorded{
		NIP: c.NIP, Agency: agency, ActivityID: c.ActivityID, Form: c.Form, Scope: c.Scope,
		Quantity: c.Quantity, Unit: conv.Unit, StartedOn: c.StartedOn, EndedOn: c.EndedOn, Evidence: c.Evidence,
		Year: yearOf(c.EndedOn), Category: conv.Category,
	}
	if prior, ok := s.Activity(c.ActivityID); ok {
		if prior.sameInputs(e) {
			return []domain.Event{prior}, nil
		}
		return nil, domain.Conflict("", "activity "+c.ActivityID+" is already recorded for this ASN with other details")
	}
	credit(s, &e, *col)
	return []domain.Event{e}, nil
}

// validate checks a command against the table: every broken field at once.
func validate(s State, c RecordActivity) (Conversion, *Column, error) {
	var v domain.Invalid
	if !domain.ValidID(c.ActivityID) {
		v.Add("", "activity_id", "activity_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if c.Agency == "" && !s.Exists() {
		v.Add("", "agency", "agency is required on an ASN's first activity: it fixes the ASN's agency")
	} else if c.Agency != "" && !domain.ValidID(c.Agency) {
		v.Add("", "agency", "agency is an agency code of 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	conv, known := ConversionOf(c.Form)
	if !known {
		v.Add("R-JP-3", "form", "form is one of "+FormNames())
	}
	var col *Column
	switch c.Scope {
	case National, International:
		if known {
			if col = conv.Column(c.Scope); col == nil {
				v.Add("R-JP-3", "scope", string(c.Form)+" has no international conversion in 004's table (row "+conv.Row+"); record it as national")
			}
		}
	default:
		v.Add("R-JP-3", "scope", "scope is national or international")
	}
	datesOK := true
	if c.StartedOn == "" {
		v.Add("", "started_on", "started_on is a date YYYY-MM-DD")
		datesOK = false
	}
	if c.EndedOn == "" {
		v.Add("", "ended_on", "ended_on is a date YYYY-MM-DD")
		datesOK = false
	}
	if datesOK && c.EndedOn < c.StartedOn {
		v.Add("", "ended_on", "ended_on is not before started_on")
		datesOK = false
	}
	if c.Quantity <= 0 {
		v.Add("R-JP-3", "quantity", "quantity is a number above zero")
	} else if known {
		checkQuantity(&v, c, conv, datesOK)
	}
	if known && datesOK && conv.Unit == Sessions && monthOf(c.StartedOn) != monthOf(c.EndedOn) {
		v.Add("R-JP-3", "ended_on", string(c.Form)+" counts at most 2 sessions a calendar month: record one entry per month (started_on and ended_on in the same month)")
	}
	checkEvidence(&v, c.Evidence, conv, known)
	if err := v.Err(); err != nil {
		return Conversion{}, nil, err
	}
	return conv, col, nil
}

// checkQuantity: semesters, days, sessions and activities are whole; a
// seminar of n days needs n days between started_on and ended_on.
func checkQuantity(v *domain.Invalid, c RecordActivity, conv Conversion, datesOK bool) {
	if conv.Unit != ProgramJP && !c.Quantity.Whole() {
		v.Add("R-JP-3", "quantity", "quantity of "+string(c.Form)+" is a whole number of "+string(conv.Unit)+"s")
		return
	}
	if conv.Unit == Days && datesOK {
		if n := dayOf(c.EndedOn) - dayOf(c.StartedOn) + 1; int64(c.Quantity) > n*100 {
			v.Add("R-JP-3", "quantity", "quantity is "+c.Quantity.String()+" days but started_on..ended_on holds "+itoa(int(n)))
		}
	}
}

// checkEvidence: kind as column 9 of the form's row allows, number and issuer.
func checkEvidence(v *domain.Invalid, ev Evidence, conv Conversion, known bool) {
	switch {
	case ev.Kind != Certificate && ev.Kind != Diploma && ev.Kind != Letter:
		v.Add("R-JP-3", "evidence.kind", "evidence.kind is certificate, diploma or letter")
	case known && !slices.Contains(conv.Evidence, ev.Kind):
		v.Add("R-JP-3", "evidence.kind", string(conv.Form)+" is evidenced by "+kinds(conv.Evidence)+" (004, column 9)")
	}
	if strings.TrimSpace(ev.Number) == "" {
		v.Add("", "evidence.number", "evidence.number is required: the certificate's or letter's number")
	} else if msg := domain.Reference("evidence.number", ev.Number); msg != "" {
		v.Add("R-INPUT-2", "evidence.number", msg)
	}
	if strings.TrimSpace(ev.Issuer) == "" {
		v.Add("", "evidence.issuer", "evidence.issuer is required: who issued the evidence (004, column 10)")
	} else if msg := domain.Line("evidence.issuer", ev.Issuer, domain.MaxNameLen); msg != "" {
		v.Add("R-INPUT-2", "evidence.issuer", msg)
	}
}

func kinds(ks []EvidenceKind) string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return strings.Join(out, " or ")
}

// yearOf is the calendar year of a date.
func yearOf(d domain.Date) int { return d.Time().Year() }
