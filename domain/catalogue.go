package domain

import (
	"regexp"
	"sort"
	"strconv"
)

// Ruleset names the reading of the rules a cohort is run under (rules.md preamble).
const Ruleset = "perlan-1-2021"

// Material is a kind of MOOC material in which trophies are earned (rules.md §3).
type Material string

const (
	Kebijakan  Material = "kebijakan"
	Substansi1 Material = "substansi_1"
	Substansi2 Material = "substansi_2"
)

// Materials lists the materials in a stable order.
var Materials = [...]Material{Kebijakan, Substansi1, Substansi2}

// Valid tells whether m is one of the three materials.
func (m Material) Valid() bool { return m == Kebijakan || m == Substansi1 || m == Substansi2 }

// MaxAgenda is agenda IV; agenda 0 is policy (kebijakan).
const MaxAgenda = 4

// Catalogue says how many trophies each material offers in each agenda; a
// cohort names it when it opens (rules.md §3).
type Catalogue map[Material]map[int]int

// MaxOffered bounds what a catalogue offers of one material in one agenda
// (R-INPUT-3): a participant earns at most 50 trophies in all (R-TRO-1), so
// a thousand leaves room for any catalogue and none for overflow.
const MaxOffered = 1000

// Offered is how many trophies material m offers in agenda a, read within
// 0..MaxOffered: a catalogue recorded before the bound is read as bounded, so
// no sum or product of counts can overflow.
func (c Catalogue) Offered(m Material, a int) int { return min(max(c[m][a], 0), MaxOffered) }

// OfferedIn sums what m offers over agendas from..to (each agenda as Offered
// reads it).
func (c Catalogue) OfferedIn(m Material, from, to int) int {
	n := 0
	for a := max(from, 0); a <= min(to, MaxAgenda); a++ {
		n += c.Offered(m, a)
	}
	return n
}

// Validate checks the catalogue's shape: known materials, kebijakan only in
// agenda 0, the others in agendas 1-4, counts not negative, and enough offered
// to earn the minimums of R-TRO-2, R-TRO-4 and R-TRO-5.
func (c Catalogue) Validate(field string, v *Invalid) {
	if len(c) == 0 {
		v.Add("", field, "a cohort needs a trophy catalogue (rules.md §3)")
		return
	}
	total := 0
	for _, m := range sortedMaterials(c) {
		if !m.Valid() {
			v.Add("R-TRO-8", field+"."+string(m), "unknown material "+strconv.Quote(string(m))+"; materials are kebijakan, substansi_1, substansi_2")
			continue
		}
		for a, n := range c[m] {
			key := field + "." + string(m) + "." + strconv.Itoa(a)
			switch {
			case m == Kebijakan && a != 0:
				v.Add("R-TRO-8", key, "kebijakan trophies are offered in agenda 0 only")
			case m != Kebijakan && (a < 1 || a > MaxAgenda):
				v.Add("R-TRO-8", key, string(m)+" trophies are offered in agendas 1-4")
			case n < 0:
				v.Add("R-TRO-8", key, "a count of trophies is not negative")
			case n > MaxOffered:
				v.Add("R-INPUT-3", key, "a catalogue offers at most 1000 trophies of a material in an agenda")
			}
			total += min(max(n, 0), MaxOffered)
		}
	}
	if c.Offered(Kebijakan, 0) < MinKebijakan {
		v.Add("R-TRO-2", field+".kebijakan", "the catalogue must offer at least 2 kebijakan trophies, or no participant can pass")
	}
	if c.OfferedIn(Substansi2, 1, 3) < MinSubstansi2 {
		v.Add("R-TRO-4", field+".substansi_2", "the catalogue must offer at least 3 substansi_2 trophies in agendas 1-3")
	}
	if total < MinTrophies {
		v.Add("R-TRO-5", field, "the catalogue must offer at least 28 trophies")
	}
}

func sortedMaterials(c Catalogue) []Material {
	ms := make([]Material, 0, len(c))
	for m := range c {
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i] < ms[j] })
	return ms
}

// Trophy minimums and maximum (rules.md §3).
const (
	MaxTrophies   = 50 // R-TRO-1
	MinKebijakan  = 2  // R-TRO-2
	MinSubstansi2 = 3  // R-TRO-4
	MinTrophies   = 28 // R-TRO-5
)

// Golongan is a civil-service rank group; a cohort holds one (R-COH-1) unless
// LAN approves a merge of II and III (R-COH-3).
type Golongan string

const (
	GolonganII  Golongan = "II"
	GolonganIII Golongan = "III"
)

var golonganPattern = regexp.MustCompile(`^(II|III)(/[a-d])?$`)

// ParseGolongan accepts "II", "III" and their ruang forms ("III/a").
func ParseGolongan(s string) (Golongan, bool) {
	m := golonganPattern.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return Golongan(m[1]), true
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$`)

// ValidID tells whether s can be a natural id (cohort_id, activity_id, …):
// 1-64 characters of letters, digits, '.', '_', ':' and '-'.
func ValidID(s string) bool { return idPattern.MatchString(s) }
