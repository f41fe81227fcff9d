package development

import (
	"slices"

	"github.com/latsar/ledger/domain"
)

// TargetJP is R-JP-1: at least 20 JP of competency development a year.
var TargetJP = Units(20)

// Share is one part of R-JP-2's guide proportion in a year: its JP, the
// guide's percentage and the percentage the ASN actually reached.
type Share struct {
	JP           Amount `json:"jp" swaggertype:"number" example:"8"`
	GuidePercent int    `json:"guide_percent" example:"10"`
	// ActualPercent is JP as a percentage of the year's total, two decimals
	// half-up; 0 when the year has no JP.
	ActualPercent Amount `json:"actual_percent" swaggertype:"number" example:"47.06"`
}

// Split is the year's JP by R-JP-2's parts. The guide is reported, never
// enforced: Pasal 22 ayat 4 applies it "sesuai kebutuhan organisasi".
type Split struct {
	Classroom Share `json:"classroom"`
	Guidance  Share `json:"guidance"`
	Workplace Share `json:"workplace"`
}

// YearSummary is an ASN's year against R-JP-1 and R-JP-2.
type YearSummary struct {
	NIP     domain.NIP `json:"nip" example:"199001012015031001"`
	Agency  string     `json:"agency" example:"pemkot-blitar"`
	Year    int        `json:"year" example:"2024"`
	JPTotal Amount     `json:"jp_total" swaggertype:"number" example:"17"`
	Target  Amount     `json:"target" swaggertype:"number" example:"20"`
	Met     bool       `json:"met"`
	// Gap is what is missing to the target, 0 once met.
	Gap   Amount `json:"gap" swaggertype:"number" example:"3"`
	Split Split  `json:"split"`
	// Activities are the year's activities in the order they were recorded,
	// each with its JP and the caps that cut it.
	Activities []ActivityRecorded `json:"activities"`
}

// Summarize is s's year: the activities whose ended_on falls in it.
func Summarize(s State, year int) YearSummary {
	y := YearSummary{NIP: s.NIP, Agency: s.Agency, Year: year, Target: TargetJP, Activities: []ActivityRecorded{}}
	by := map[Category]Amount{}
	for _, a := range s.Activities {
		if a.Year != year {
			continue
		}
		y.JPTotal += a.JPCredited
		by[a.Category] += a.JPCredited
		a.Caps = slices.Clone(a.Caps)
		y.Activities = append(y.Activities, a)
	}
	y.Met = y.JPTotal >= TargetJP
	y.Gap = max(0, TargetJP-y.JPTotal)
	share := func(c Category) Share {
		return Share{JP: by[c], GuidePercent: GuidePercent[c], ActualPercent: by[c].percentOf(y.JPTotal)}
	}
	y.Split = Split{Classroom: share(Classroom), Guidance: share(Guidance), Workplace: share(Workplace)}
	return y
}
