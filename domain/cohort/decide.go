package cohort

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/latsar/ledger/domain"
)

// Open asks for a cohort to be opened. With a Template (Opened.Template),
// the phases are laid out from StartsOn over working days less Holidays,
// and EndsOn may be empty (R-PHASE-1).
type Open struct {
	Opened
	Holidays map[domain.Date]bool
}

// RecordApproval records a LAN approval letter.
type RecordApproval struct{ ApprovalRecorded }

// Enrol puts a participant on the roster.
type Enrol struct {
	NIP      string
	Name     string
	Golongan string
	Agency   string
}

// DecideOpen validates and opens a cohort; repeating the same opening
// answers the same event (cohort_id is a natural id).
func DecideOpen(s State, c Open) ([]domain.Event, error) {
	e := c.Opened
	if e.Ruleset == "" {
		e.Ruleset = domain.Ruleset
	}
	e.Phases = nil
	if e.Template != "" {
		var err error
		if e, err = layOut(s, e, c.Holidays); err != nil {
			return nil, err
		}
	}
	if err := validateOpen(e); err != nil {
		return nil, err
	}
	if s.Exists() {
		if reflect.DeepEqual(*s.Opened, e) {
			return opening(s, e, c.Holidays)
		}
		return nil, domain.Conflict("", "cohort "+e.CohortID+" is already open with other details")
	}
	return opening(s, e, c.Holidays)
}

// layOut lays out e's phases by its template (R-PHASE-1). The same opening
// again keeps the layout recorded, whatever the holidays configured since.
func layOut(s State, e Opened, holidays map[domain.Date]bool) (Opened, error) {
	var v domain.Invalid
	t, ok := Templates[e.Template]
	switch {
	case !ok:
		v.Add("R-PHASE-1", "template", "the only template is "+TemplateBlended)
	case t.Ruleset != e.Ruleset:
		v.Add("R-PHASE-1", "template", e.Template+" belongs to ruleset "+t.Ruleset)
	}
	if _, ok := domain.ParseDate(string(e.StartsOn)); !ok {
		v.Add("", "starts_on", "starts_on is a date YYYY-MM-DD")
	} else if !WorkingDay(e.StartsOn, holidays) {
		v.Add("R-PHASE-1", "starts_on", "a template lays a cohort out from a working day (Monday to Friday, not a holiday)")
	}
	if err := v.Err(); err != nil {
		return e, err
	}
	if s.Exists() && s.Opened.Template == e.Template && s.Opened.StartsOn == e.StartsOn && len(s.Opened.Phases) > 0 {
		e.Phases = s.Opened.Phases
	} else {
		e.Phases = t.LayOut(e.StartsOn, holidays)
	}
	ends := TrainingEnds(e.Phases)
	if e.EndsOn == "" {
		e.EndsOn = ends
	} else if _, ok := domain.ParseDate(string(e.EndsOn)); ok && e.EndsOn < ends {
		v.Add("R-PHASE-1", "ends_on", "the template's training ends on "+string(ends)+": ends_on is not before it")
	}
	return e, v.Err()
}

func validateOpen(e Opened) error {
	var v domain.Invalid
	if !domain.ValidID(e.CohortID) {
		v.Add("", "cohort_id", "cohort_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if strings.TrimSpace(e.Name) == "" {
		v.Add("", "name", "name is required")
	} else if msg := domain.Line("name", e.Name, domain.MaxNameLen); msg != "" {
		v.Add("R-INPUT-2", "name", msg)
	}
	if !domain.ValidID(e.InstitutionID) {
		v.Add("", "institution_id", "institution_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	validateGolonganList(e.Golongan, &v)
	if e.DefaultSessions && e.Template == "" {
		v.Add("R-PHASE-21", "default_sessions", "default sessions are those of a template's master schedule: give template")
	}
	_, startsOK := domain.ParseDate(string(e.StartsOn))
	if !startsOK {
		v.Add("", "starts_on", "starts_on is a date YYYY-MM-DD")
	} else if e.StartsOn < EarliestStart {
		v.Add("R-DATE-6", "starts_on", "a cohort under "+domain.Ruleset+" starts on or after "+string(EarliestStart))
	}
	if _, ok := domain.ParseDate(string(e.EndsOn)); !ok {
		v.Add("", "ends_on", "ends_on is a date YYYY-MM-DD")
	} else if e.EndsOn < e.StartsOn {
		v.Add("", "ends_on", "ends_on is not before starts_on")
	} else if startsOK && e.EndsOn > e.StartsOn.AddDays(MaxTrainingDays) {
		v.Add("R-DATE-6", "ends_on", "a cohort's training lasts at most a year (the programme is 74 days)")
	}
	e.Catalogue.Validate("trophy_catalogue", &v)
	if e.Ruleset != domain.Ruleset {
		v.Add("", "ruleset", "the only ruleset is "+domain.Ruleset)
	}
	return v.Err()
}

// The window a cohort's dates lie in (R-DATE-6).
const (
	// EarliestStart is when the ruleset perlan-1-2021 begins: no cohort
	// under it starts earlier.
	EarliestStart domain.Date = "2021-01-01"
	// MaxTrainingDays bounds ends_on after starts_on: the programme is 74
	// days (001); a year leaves room for any schedule.
	MaxTrainingDays = 366
	// MaxDeadlineDays bounds a later remedial deadline after ends_on, and
	// ApprovalLeadDays how long before starts_on an approval may be dated.
	MaxDeadlineDays  = 366
	ApprovalLeadDays = 366
)

func validateGolonganList(gs []string, v *domain.Invalid) {
	if len(gs) == 0 || len(gs) > 2 {
		v.Add("R-COH-1", "golongan", `golongan is ["II"], ["III"] or ["II", "III"]`)
		return
	}
	seen := map[string]bool{}
	for _, g := range gs {
		if g != string(domain.GolonganII) && g != string(domain.GolonganIII) || seen[g] {
			v.Add("R-COH-1", "golongan", `golongan is ["II"], ["III"] or ["II", "III"]`)
			return
		}
		seen[g] = true
	}
}

// DecideApproval records a capacity (R-COH-2) or golongan-merge (R-COH-3) approval.
func DecideApproval(s State, c RecordApproval) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.NotFound("cohort")
	}
	e := c.ApprovalRecorded
	e.CohortID = s.Opened.CohortID
	var v domain.Invalid
	switch e.Kind {
	case KindCapacity:
		switch {
		case e.Capacity <= DefaultCapacity:
			v.Add("R-COH-2", "capacity", "an approval raises the capacity above 40")
		case e.Capacity > MaxCapacity:
			v.Add("R-INPUT-3", "capacity", fmt.Sprintf("an approved capacity is at most %d", MaxCapacity))
		case e.Capacity < len(s.Roster):
			v.Add("R-COH-2", "capacity", fmt.Sprintf("the roster already holds %d participants", len(s.Roster)))
		}
	case KindGolonganMerge:
		if e.Capacity != 0 {
			v.Add("R-COH-3", "capacity", "a golongan merge approval has no capacity")
		}
	default:
		v.Add("", "kind", "kind is capacity or golongan_merge")
	}
	if strings.TrimSpace(e.LetterNumber) == "" {
		v.Add("R-COH-2", "letter_number", "letter_number of the written approval is required")
	} else if msg := domain.Reference("letter_number", e.LetterNumber); msg != "" {
		v.Add("R-INPUT-2", "letter_number", msg)
	}
	if strings.TrimSpace(e.ApprovedBy) == "" {
		v.Add("R-COH-2", "approved_by", "approved_by is required")
	} else if msg := domain.Line("approved_by", e.ApprovedBy, domain.MaxNameLen); msg != "" {
		v.Add("R-INPUT-2", "approved_by", msg)
	}
	if _, ok := domain.ParseDate(string(e.ApprovedOn)); !ok {
		v.Add("", "approved_on", "approved_on is a date YYYY-MM-DD")
	} else if from := s.Opened.StartsOn.AddDays(-ApprovalLeadDays); e.ApprovedOn < from || e.ApprovedOn > s.Opened.EndsOn {
		v.Add("R-DATE-6", "approved_on", "an approval for this cohort is dated "+string(from)+".."+string(s.Opened.EndsOn)+": within the year before it starts and not after it ends")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	for _, a := range s.Approvals {
		if a.LetterNumber == e.LetterNumber {
			if a == e {
				return []domain.Event{e}, nil
			}
			return nil, domain.Conflict("", "letter "+e.LetterNumber+" is already recorded with other details")
		}
	}
	return []domain.Event{e}, nil
}

// DecideEnrol admits a participant under R-COH-1..3, or answers the same
// event when the participant is already enrolled with the same details.
func DecideEnrol(s State, c Enrol) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.NotFound("cohort")
	}
	var v domain.Invalid
	nip, err := domain.ParseNIP(c.NIP)
	if err != nil {
		fe, _ := domain.AsError(err)
		v.Add(fe.Rule, "nip", fe.Message)
	}
	if strings.TrimSpace(c.Name) == "" {
		v.Add("", "name", "name is required")
	} else if msg := domain.Line("name", c.Name, domain.MaxNameLen); msg != "" {
		v.Add("R-INPUT-2", "name", msg)
	}
	g, ok := domain.ParseGolongan(c.Golongan)
	if !ok {
		v.Add("R-COH-1", "golongan", `golongan is "II" or "III" (a ruang such as "III/a" is accepted)`)
	}
	if !domain.ValidID(c.Agency) {
		v.Add("", "agency", "agency is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	e := ParticipantEnrolled{
		CohortID: s.Opened.CohortID, NIP: nip, Name: strings.TrimSpace(c.Name), Golongan: c.Golongan,
		Agency: c.Agency, InstitutionID: s.Opened.InstitutionID, Catalogue: s.Opened.Catalogue, Ruleset: s.Opened.Ruleset,
		StartsOn: s.Opened.StartsOn, EndsOn: s.Opened.EndsOn, Phases: s.Opened.Phases,
	}
	if m, ok := s.Roster[nip]; ok {
		if sameEnrolment(m.Enrolment, e) {
			return []domain.Event{m.Enrolment}, nil
		}
		return nil, domain.Conflict("", "participant "+string(nip)+" is already enrolled with other details")
	}
	if err := openForLearning(s); err != nil {
		return nil, err
	}
	if err := admits(s, g); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}

// sameEnrolment tells whether an enrolment asked again repeats the recorded
// one. One recorded before enrolments carried the cohort's dates (or its
// phases) is repeated by the same details without them.
func sameEnrolment(recorded, asked ParticipantEnrolled) bool {
	if recorded.StartsOn == "" && recorded.EndsOn == "" {
		asked.StartsOn, asked.EndsOn = "", ""
	}
	if recorded.Phases == nil {
		asked.Phases = nil
	}
	return reflect.DeepEqual(recorded, asked)
}

// admits applies R-COH-1..3 to one more participant of golongan g.
func admits(s State, g domain.Golongan) error {
	// Golongan II in a cohort of III (or III in one of II) is a mix: only
	// R-COH-3's approval admits it, so the refusal cites R-COH-3.
	if !s.allowsGolongan(g) {
		return domain.Refuse("R-COH-3", "golongan", "cohort "+s.Opened.CohortID+" is for golongan "+strings.Join(s.Opened.Golongan, " and ")+"; golongan II and III share a cohort only with a written LAN approval (golongan_merge)")
	}
	if s.mixes(g) && !s.Merged {
		return domain.Refuse("R-COH-3", "golongan", "golongan II and III share a cohort only with a written LAN approval (golongan_merge)")
	}
	if len(s.Roster) >= s.Capacity {
		if s.Capacity == DefaultCapacity {
			return domain.Refuse("R-COH-1", "nip", "the cohort holds 40 participants; more needs the written approval of the Head of LAN (R-COH-2)")
		}
		return domain.Refuse("R-COH-2", "nip", fmt.Sprintf("the cohort holds the %d participants its approval allows", s.Capacity))
	}
	return nil
}
