package cohort

import (
	"time"

	"github.com/latsar/ledger/domain"
)

// Phase is one phase of a cohort's programme with its dates, as a template
// lays it out (R-PHASE-1).
type Phase struct {
	Phase    string      `json:"phase" enums:"mooc,elearning,actualization,pktbt,klasikal,graduation"`
	StartsOn domain.Date `json:"starts_on" format:"date"`
	EndsOn   domain.Date `json:"ends_on" format:"date"`
}

// The phases of the programme (rules.md §1).
const (
	PhaseMOOC          = "mooc"
	PhaseElearning     = "elearning"
	PhaseActualization = "actualization"
	PhasePKTBT         = "pktbt"
	PhaseKlasikal      = "klasikal"
	PhaseGraduation    = "graduation"
)

// Day is one day of a phase in the master schedule: its JP and what it holds.
type Day struct {
	JP    int
	Title string
}

// Step is one phase of a template: how many working days it lasts and, when
// the master schedule fixes them, its days. Alongside runs the phase beside
// the one before it (PKTBT is done by the home agency while the participant
// is back at the workplace) instead of after it.
type Step struct {
	Phase       string
	WorkingDays int
	Alongside   bool
	Days        []Day
}

// Template is a programme's master schedule, versioned with the ruleset it
// belongs to (R-PHASE-1).
type Template struct {
	Name    string
	Ruleset string
	Steps   []Step
}

// TemplateBlended is the name of seed 000's master schedule.
const TemplateBlended = "perlan-1-2021-blended"

// Templates are the programme templates by name.
var Templates = map[string]Template{TemplateBlended: blended}

// blended is seed 000's master schedule of Latsar CPNS blended learning
// (PerLAN 1/2021): 16 + 22 + 30 + 6 = 74 working days (001: 74 days).
var blended = Template{Name: TemplateBlended, Ruleset: domain.Ruleset, Steps: []Step{
	{Phase: PhaseMOOC, WorkingDays: 16, Days: mooc()},
	{Phase: PhaseElearning, WorkingDays: 22},
	{Phase: PhaseActualization, WorkingDays: 30},
	{Phase: PhasePKTBT, WorkingDays: 30, Alongside: true},
	{Phase: PhaseKlasikal, WorkingDays: 6, Days: []Day{
		{10, "Pembukaan; Kebijakan Pengembangan SDA dan Nilai-Nilai ASN; Overview; MTSL; Dinamika Kelompok; Pembinaan Sikap Perilaku"},
		{14, "Etika dan Integritas ASN; Agenda Nilai-Nilai Dasar PNS; Bimbingan Aktualisasi (coaching); Pembinaan Sikap Perilaku"},
		{12, "Agenda Sikap Perilaku Bela Negara; Sosiometri"},
		{12, "Profesionalisme ASN; Agenda Kedudukan dan Peran PNS dalam Kerangka NKRI; Bimbingan Aktualisasi (coaching)"},
		{10, "Seminar Aktualisasi"},
		{4, "Penyempurnaan Laporan Aktualisasi; Pembinaan Sikap Perilaku; Evaluasi Penyelenggaraan; Review Kebijakan; Penutupan/Pelepasan Peserta"},
	}},
	{Phase: PhaseGraduation, WorkingDays: 1},
}}

// mooc is the MOOC's 16 days of 3 JP, strictly in order (000).
func mooc() []Day {
	titles := []string{"Kebijakan Latsar Blended Learning"}
	for range 3 {
		titles = append(titles, "Agenda 1")
	}
	for range 6 {
		titles = append(titles, "Agenda 2")
	}
	for range 3 {
		titles = append(titles, "Agenda 3")
	}
	titles = append(titles, "Agenda IV", "Agenda IV", "Evaluasi Akademik")
	days := make([]Day, len(titles))
	for i, t := range titles {
		days[i] = Day{JP: 3, Title: t}
	}
	return days
}

// LayOut lays the template's phases out from starts (its first working
// day), in working days: Monday to Friday less the holidays. The training
// ends on klasikal's last day; the graduation meeting is the working day
// after it.
func (t Template) LayOut(starts domain.Date, holidays map[domain.Date]bool) []Phase {
	return t.layFrom(nil, 0, starts, Phase{}, holidays)
}

// layFrom appends to out the template's phases from step i on, the first
// starting on starts and each next one the working day after the one
// before it ends (a phase alongside starts with prev, the phase it runs
// beside), each lasting its working days.
func (t Template) layFrom(out []Phase, i int, starts domain.Date, prev Phase, holidays map[domain.Date]bool) []Phase {
	next := starts
	for _, st := range t.Steps[i:] {
		first := next
		if st.Alongside {
			first = prev.StartsOn
		}
		ph := Phase{Phase: st.Phase, StartsOn: first, EndsOn: AddWorkingDays(first, st.WorkingDays-1, holidays)}
		out = append(out, ph)
		if !st.Alongside {
			prev = ph
			next = AddWorkingDays(ph.EndsOn, 1, holidays)
		}
	}
	return out
}

// TrainingEnds is the last day of training in a layout: klasikal's last day.
func TrainingEnds(phases []Phase) domain.Date {
	k, _ := PhaseNamed(phases, PhaseKlasikal)
	return k.EndsOn
}

// WorkingDay tells whether d is a working day: Monday to Friday, not a
// configured holiday.
func WorkingDay(d domain.Date, holidays map[domain.Date]bool) bool {
	wd := d.Time().Weekday()
	return wd != time.Saturday && wd != time.Sunday && !holidays[d]
}

// AddWorkingDays is the date n working days after d: Monday to Friday, less
// the holidays configured for the deployment (R-REM-4, R-PHASE-1).
func AddWorkingDays(d domain.Date, n int, holidays map[domain.Date]bool) domain.Date {
	t := d.Time()
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if !WorkingDay(domain.Date(t.Format(time.DateOnly)), holidays) {
			continue
		}
		n--
	}
	return domain.Date(t.Format(time.DateOnly))
}
