package main

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/events"
)

// genYear is a national year: cohorts of the institutions opened in waves
// from February to September (four start weeks a wave), each running its 75
// working days, so that hundreds run at once and their participants' events
// interleave in the log day by day as they would in reality.
type genYear struct {
	seed         uint64
	participants int
	institutions []string
	cohorts      []genCohortSpec // in order of opening

	today  atomic.Value // domain.Date being generated, for the progress line
	active atomic.Int64
}

// genCohortSpec is what is drawn for a cohort before it opens; its
// participants are planned only when it does, to keep memory to the
// cohorts running.
type genCohortSpec struct {
	index               int
	id, name, inst, gol string
	starts              domain.Date
	people              []cohort.Enrol
}

func planYear(o genOptions) *genYear {
	y := &genYear{seed: o.Seed, participants: o.Participants}
	n := (o.Participants + o.CohortSize - 1) / o.CohortSize
	y.institutions = genInstitutions(max(1, min(150, n/25)))
	counter := map[string]int{}
	for i := range n {
		rng := rand.New(rand.NewPCG(o.Seed, uint64(i)))
		wave := time.Month(2 + rng.IntN(8))
		first := time.Date(o.Year, wave, 1, 0, 0, 0, 0, time.UTC)
		for first.Weekday() != time.Monday {
			first = first.AddDate(0, 0, 1)
		}
		starts := domain.Date(first.AddDate(0, 0, 7*rng.IntN(4)).Format(time.DateOnly))
		gol := "III"
		if rng.IntN(100) < 15 {
			gol = "II"
		}
		inst := y.institutions[rng.IntN(len(y.institutions))]
		counter[inst+gol]++
		spec := genCohortSpec{index: i, inst: inst, gol: gol, starts: starts,
			id:   fmt.Sprintf("LATSAR-%d-%s-%05d", o.Year, gol, i+1),
			name: fmt.Sprintf("Latsar CPNS Golongan %s Angkatan %d %s %d", gol, counter[inst+gol], inst, o.Year)}
		for k := range o.CohortSize {
			g := i*o.CohortSize + k
			if g >= o.Participants {
				break
			}
			spec.people = append(spec.people, cohort.Enrol{NIP: genNIP(g, o.Year), Name: genName(rng), Golongan: gol + "/a",
				Agency: fmt.Sprintf("pemda-%03d", 1+rng.IntN(514))})
		}
		y.cohorts = append(y.cohorts, spec)
	}
	slices.SortStableFunc(y.cohorts, func(a, b genCohortSpec) int { return cmp.Compare(a.starts, b.starts) })
	return y
}

// run lives the year day by day and sends the appends to out: each day the
// units of every running cohort, taken in turn, packed into appends of at
// most batch events (an atomic unit is never split, and an append names a
// stream once).
func (y *genYear) run(ctx context.Context, cat *events.Catalogue, batch int, out chan<- []events.StreamAppend) error {
	pack := packer{batch: batch, out: out, ctx: ctx, streams: map[string]bool{}}
	var running []*genCohort
	next := 0
	for d := y.cohorts[0].starts.AddDays(-10); next < len(y.cohorts) || len(running) > 0; d = d.AddDays(1) {
		y.today.Store(d)
		for next < len(y.cohorts) && y.cohorts[next].starts.AddDays(-10) <= d {
			s := y.cohorts[next]
			c, err := newGenCohort(cat, rand.New(rand.NewPCG(y.seed, uint64(s.index)<<32|1)), s.id, s.name, s.inst, s.gol, s.starts, s.people)
			if err != nil {
				return err
			}
			running = append(running, c)
			next++
		}
		y.active.Store(int64(len(running)))
		days := make([][]unit, len(running))
		for i, c := range running {
			days[i] = c.day(d)
			if c.err != nil {
				return c.err
			}
		}
		for k := 0; ; k++ {
			more := false
			for _, us := range days {
				if k < len(us) {
					more = true
					if err := pack.add(us[k]); err != nil {
						return err
					}
				}
			}
			if !more {
				break
			}
		}
		running = slices.DeleteFunc(running, func(c *genCohort) bool { return c.done })
	}
	return pack.flush()
}

// packer packs units into appends.
type packer struct {
	ctx     context.Context
	batch   int
	out     chan<- []events.StreamAppend
	cur     []events.StreamAppend
	streams map[string]bool
	n       int
}

func (p *packer) add(u unit) error {
	size, clash := 0, false
	for _, part := range u {
		size += len(part.Events)
		clash = clash || p.streams[part.Stream]
	}
	if len(p.cur) > 0 && (clash || p.n+size > p.batch) {
		if err := p.flush(); err != nil {
			return err
		}
	}
	for _, part := range u {
		p.cur = append(p.cur, part)
		p.streams[part.Stream] = true
	}
	p.n += size
	return nil
}

func (p *packer) flush() error {
	if len(p.cur) == 0 {
		return nil
	}
	select {
	case p.out <- p.cur:
	case <-p.ctx.Done():
		return p.ctx.Err()
	}
	p.cur, p.n = nil, 0
	clear(p.streams)
	return nil
}

// genNIP is the g-th participant's NIP: born in the 1990s, appointed CPNS
// the year before the training, gender and sequence making it unique.
func genNIP(g, year int) string {
	born := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g%3650)
	rest := g / 3650
	return fmt.Sprintf("%s%d%02d%d%03d", born.Format("20060102"), year-1, 1+(g/7)%12, 1+rest%2, 1+rest/2)
}

var (
	firstNames = []string{"Siti", "Budi", "Dewi", "Agus", "Rina", "Joko", "Maya", "Hendra", "Putri", "Rudi", "Nur", "Eko",
		"Ahmad", "Lina", "Bayu", "Wulan", "Fajar", "Indah", "Rizky", "Ayu", "Dimas", "Sari", "Yusuf", "Fitri", "Andi", "Ratna"}
	lastNames = []string{"Rahayu", "Santoso", "Lestari", "Prasetyo", "Wati", "Susilo", "Sari", "Gunawan", "Ayu", "Hartono",
		"Aini", "Saputra", "Fauzi", "Marlina", "Nugroho", "Hidayat", "Pratama", "Kurniawan", "Wahyuni", "Siregar", "Nasution", "Simanjuntak"}
	provinces = []string{"aceh", "sumut", "sumbar", "riau", "jambi", "sumsel", "bengkulu", "lampung", "babel", "kepri", "dki", "jabar",
		"jateng", "diy", "jatim", "banten", "bali", "ntb", "ntt", "kalbar", "kalteng", "kalsel", "kaltim", "kaltara", "sulut", "sulteng",
		"sulsel", "sultra", "gorontalo", "sulbar", "maluku", "malut", "papua", "papbar", "papsel", "papteng", "pappeg", "papbd"}
	ministries = []string{"kemenkeu", "kemenkes", "kemendikbud", "kemenag", "kemendagri", "kemenkumham", "kemenhub", "kementan",
		"kemenpupr", "kemensos", "kemnaker", "bps", "bkn", "lan", "kejaksaan", "polri"}
)

func genName(rng *rand.Rand) string {
	return firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
}

// genInstitutions names n training institutions: the provinces' BPSDM
// first, then the ministries' training centres, then accredited others.
func genInstitutions(n int) []string {
	out := make([]string, 0, n)
	for i := 0; len(out) < n; i++ {
		switch {
		case i < len(provinces):
			out = append(out, "bpsdm-"+provinces[i])
		case i < len(provinces)+len(ministries):
			out = append(out, "pusbang-"+ministries[i-len(provinces)])
		default:
			out = append(out, fmt.Sprintf("lpk-terakreditasi-%03d", i-len(provinces)-len(ministries)+1))
		}
	}
	return out
}
