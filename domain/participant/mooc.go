package participant

import (
	"github.com/latsar/ledger/domain"
)

// PassingGrade is R-POST-1's 70.01 (the passing grade of R-QUAL-1).
const PassingGrade domain.Score = 7001

// attemptCap returns the cap of R-POST-2 for attempt n (1-based).
func attemptCap(n int) domain.Score {
	switch {
	case n <= 3:
		return 10000
	case n <= 5:
		return 9001
	case n == 6:
		return 8001
	default:
		return 7001
	}
}

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

// attitudeFromTrophies is R-TRO-7 for a total that met R-TRO-2..5: linear
// within the band, half-up to 0.01.
func attitudeFromTrophies(total int) domain.Score {
	for _, b := range attitudeBands {
		if total < b.from || total > b.to {
			continue
		}
		if b.from == b.to {
			return b.lowest
		}
		span := int64(b.highest - b.lowest)
		return b.lowest + domain.Score(domain.DivHalfUp(span*int64(total-b.from), int64(b.to-b.from)))
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

// unmetTrophyRules lists which of R-TRO-2..5 the trophies do not meet yet.
func unmetTrophyRules(s State) []string {
	var unmet []string
	if s.Tally.Of(domain.Kebijakan, 0) < domain.MinKebijakan {
		unmet = append(unmet, "R-TRO-2")
	}
	if s.Enrolment == nil || s.Tally.In(domain.Substansi1, 1, 3) < requiredSubstansi1(s.Enrolment.Catalogue) {
		unmet = append(unmet, "R-TRO-3")
	}
	if s.Tally.In(domain.Substansi2, 1, 3) < domain.MinSubstansi2 {
		unmet = append(unmet, "R-TRO-4")
	}
	if s.Total < domain.MinTrophies {
		unmet = append(unmet, "R-TRO-5")
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
