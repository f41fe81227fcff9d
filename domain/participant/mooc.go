package participant

import (
	"github.com/latsar/ledger/domain"
)

// PassingGrade is R-POST-1's 70.01 (the passing grade of R-QUAL-1).
const PassingGrade domain.Score = 7001

// CapTier is one row of R-POST-2's table: attempts From..To (To 0: and
// every later one) score at most Cap.
type CapTier struct {
	From int          `json:"from"`
	To   int          `json:"to"`
	Cap  domain.Score `json:"cap"`
}

// CapTiers is R-POST-2's table.
var CapTiers = [...]CapTier{{1, 3, 10000}, {4, 5, 9001}, {6, 6, 8001}, {7, 0, 7001}}

// capTierOf is the row of R-POST-2 that attempt n (1-based) falls in.
func capTierOf(n int) CapTier {
	for _, t := range CapTiers {
		if n <= t.To {
			return t
		}
	}
	return CapTiers[len(CapTiers)-1]
}

// attemptCap returns the cap of R-POST-2 for attempt n (1-based).
func attemptCap(n int) domain.Score { return capTierOf(n).Cap }

// weightedPosttest is R-POST-3: 70% substansi_1 + 30% substansi_2, half-up.
func weightedPosttest(s1, s2 domain.Score) domain.Score {
	return domain.WeightedHalfUp([]int64{70, 30}, []domain.Score{s1, s2})
}

// requiredSubstansi1 is R-TRO-3: 70% of the substansi_1 trophies offered in
// agendas 1-3, rounded up to a whole trophy.
func requiredSubstansi1(c domain.Catalogue) int {
	offered := c.OfferedIn(domain.Substansi1, 1, 3)
	return (offered*70 + 99) / 100
}

// attitudeBand is one row of R-TRO-7's table.
type attitudeBand struct {
	from, to        int
	lowest, highest domain.Score
}

var attitudeBands = [...]attitudeBand{
	{41, 50, 9500, 10000},
	{31, 40, 9000, 9500},
	{29, 30, 8000, 9000},
	{28, 28, 7001, 7001},
}

// attitudeBandOf is the band of R-TRO-7 a total falls in (false below 28).
func attitudeBandOf(total int) (attitudeBand, bool) {
	for _, b := range attitudeBands {
		if total >= b.from && total <= b.to {
			return b, true
		}
	}
	return attitudeBand{}, false
}

// score interpolates linearly within the band, half-up to 0.01 (R-TRO-7).
func (b attitudeBand) score(total int) domain.Score {
	if b.from == b.to {
		return b.lowest
	}
	span := int64(b.highest - b.lowest)
	return b.lowest + domain.Score(domain.DivHalfUp(span*int64(total-b.from), int64(b.to-b.from)))
}

// attitudeFromTrophies is R-TRO-7 for a total that met R-TRO-2..5: linear
// within the band, half-up to 0.01.
func attitudeFromTrophies(total int) domain.Score {
	if b, ok := attitudeBandOf(total); ok {
		return b.score(total)
	}
	return 0
}

// Stars is R-TRO-6: 5 trophies a half gold star, 10 a full one.
type Stars struct {
	Full     int `json:"full"`
	Half     int `json:"half"`
	Trophies int `json:"trophies"`
}

func StarsFor(total int) Stars {
	return Stars{Full: total / 10, Half: total % 10 / 5, Trophies: total % 5}
}

// Minimum is one of R-TRO-2..5: the trophies required in a material over
// some agendas (every material and agenda for R-TRO-5), and the count held.
type Minimum struct {
	Rule       string `json:"rule"`
	Material   string `json:"material,omitempty"` // empty: every material (R-TRO-5)
	FromAgenda int    `json:"from_agenda"`
	ToAgenda   int    `json:"to_agenda"`
	// Offered and Percent are R-TRO-3's base: what the catalogue offers
	// there and the share required of it, rounded up to a whole trophy.
	Offered  int  `json:"offered,omitempty"`
	Percent  int  `json:"percent,omitempty"`
	Required int  `json:"required"`
	Count    int  `json:"count"`
	Met      bool `json:"met"`
} // @name TrophyMinimum

// trophyMinimums weighs the trophies against R-TRO-2..5, in that order.
func trophyMinimums(s State) [4]Minimum {
	var offered, required3 int
	if s.Enrolment != nil {
		offered = s.Enrolment.Catalogue.OfferedIn(domain.Substansi1, 1, 3)
		required3 = requiredSubstansi1(s.Enrolment.Catalogue)
	}
	ms := [4]Minimum{
		{Rule: "R-TRO-2", Material: string(domain.Kebijakan), Required: domain.MinKebijakan, Count: s.Tally.Of(domain.Kebijakan, 0)},
		{Rule: "R-TRO-3", Material: string(domain.Substansi1), FromAgenda: 1, ToAgenda: 3, Offered: offered, Percent: 70,
			Required: required3, Count: s.Tally.In(domain.Substansi1, 1, 3)},
		{Rule: "R-TRO-4", Material: string(domain.Substansi2), FromAgenda: 1, ToAgenda: 3, Required: domain.MinSubstansi2,
			Count: s.Tally.In(domain.Substansi2, 1, 3)},
		{Rule: "R-TRO-5", ToAgenda: domain.MaxAgenda, Required: domain.MinTrophies, Count: s.Total},
	}
	for i := range ms {
		ms[i].Met = ms[i].Count >= ms[i].Required
	}
	if s.Enrolment == nil {
		ms[1].Met = false // no catalogue, no share of it
	}
	return ms
}

// unmetTrophyRules lists which of R-TRO-2..5 the trophies do not meet yet.
func unmetTrophyRules(s State) []string {
	var unmet []string
	for _, m := range trophyMinimums(s) {
		if !m.Met {
			unmet = append(unmet, m.Rule)
		}
	}
	return unmet
}

// MOOC is the outcome of the MOOC phase (R-TRO-7, R-POST-4).
type MOOC struct {
	AttitudeScore *domain.Score // nil unless R-TRO-2..5 all hold
	Result        *domain.Score // best capped posttest, nil before the first attempt
	Passed        bool
	Unmet         []string
}

// EvaluateMOOC applies R-TRO-2..7 and R-POST-1..4 to the state.
func EvaluateMOOC(s State) MOOC {
	var m MOOC
	m.Unmet = unmetTrophyRules(s)
	if len(m.Unmet) == 0 {
		score := attitudeFromTrophies(s.Total)
		m.AttitudeScore = &score
	}
	if len(s.Attempts) > 0 {
		r := s.Result
		m.Result = &r
	}
	if m.Result == nil || *m.Result < PassingGrade {
		m.Unmet = append(m.Unmet, "R-POST-1")
	}
	m.Passed = len(m.Unmet) == 0
	return m
}
