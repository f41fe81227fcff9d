package cohort

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/latsar/ledger/domain"
)

// SessionPlan is a session a master schedule fixes: held on the Day-th
// working day of its phase (R-PHASE-21). Key names it within the cohort.
type SessionPlan struct {
	Phase string
	Day   int
	Mode  string
	JP    int
	Title string
	Key   string
}

// sessionPlans are the sessions each template fixes, by template name.
var sessionPlans = map[string][]SessionPlan{TemplateBlended: blendedSessions()}

// blendedSessions are the sessions of seed 000 that take attendance
// (R-ATT-1): the synchronous sessions of the e-learning master schedule
// (virtual classes of agendas 1–3, coaching, the seminar of the
// actualisation design), then one klasikal session per klasikal day with
// that day's JP (10/14/12/12/10/4). The MOOC and the asynchronous
// e-learning are self-paced and have none.
func blendedSessions() []SessionPlan {
	sync := func(day, jp int, key, title string) SessionPlan {
		return SessionPlan{Phase: PhaseElearning, Day: day, Mode: ModeSynchronous, JP: jp, Title: title, Key: key}
	}
	plans := []SessionPlan{
		sync(1, 1, "elearning-01", "Pembelajaran Agenda 1 (sync, virtual classroom)"),
		sync(3, 2, "elearning-03", "Pembelajaran Agenda 1 (sync)"),
		sync(4, 1, "elearning-04", "Pembelajaran Agenda 2 (sync, virtual classroom)"),
		sync(7, 2, "elearning-07", "Pembelajaran Agenda 2 (sync)"),
		sync(8, 1, "elearning-08", "Pembelajaran Agenda 3 (sync, virtual classroom)"),
		sync(10, 2, "elearning-10", "Pembelajaran Agenda 3 (sync)"),
		sync(10, 2, "elearning-10-coaching", "Coaching Agenda (sync)"),
		sync(12, 2, "elearning-12-coaching", "Coaching Rancangan Aktualisasi (sync)"),
		sync(17, 2, "elearning-17-coaching", "Coaching Rancangan Aktualisasi (sync)"),
		sync(22, 10, "elearning-22-seminar", "Seminar Rancangan Aktualisasi (sync)"),
	}
	for _, st := range blended.Steps {
		if st.Phase != PhaseKlasikal {
			continue
		}
		for i, d := range st.Days {
			plans = append(plans, SessionPlan{Phase: PhaseKlasikal, Day: i + 1, Mode: ModeKlasikal, JP: d.JP,
				Title: d.Title, Key: fmt.Sprintf("klasikal-%d", i+1)})
		}
	}
	return plans
}

// SessionPlans are the sessions template fixes (none for an unknown one).
func SessionPlans(template string) []SessionPlan { return sessionPlans[template] }

// DefaultSessions dates the sessions the cohort's template fixes on its
// phases (R-PHASE-21): cohort-wide sessions (no group is formed when a
// cohort opens), with ids derived from the cohort's id.
func DefaultSessions(o Opened, holidays map[domain.Date]bool) []SessionScheduled {
	starts := map[string]domain.Date{}
	for _, p := range o.Phases {
		starts[p.Phase] = p.StartsOn
	}
	var out []SessionScheduled
	for _, sp := range SessionPlans(o.Template) {
		first, ok := starts[sp.Phase]
		if !ok {
			continue
		}
		out = append(out, SessionScheduled{
			SessionID: DefaultSessionID(o.CohortID, sp.Key), Mode: sp.Mode,
			Date: AddWorkingDays(first, sp.Day-1, holidays), JP: sp.JP, Title: sp.Title,
		})
	}
	return out
}

// DefaultSessionID is the id of the cohort's default session key:
// "<cohort_id>:<key>", or, when that is longer than an id may be (64), the
// cohort id's first characters and a digest of the whole, so two long
// cohort ids sharing a prefix still get distinct sessions.
func DefaultSessionID(cohortID, key string) string {
	id := cohortID + ":" + key
	if len(id) <= 64 {
		return id
	}
	sum := sha256.Sum256([]byte(cohortID))
	digest := hex.EncodeToString(sum[:5])
	keep := 64 - len(key) - len(digest) - 2
	return cohortID[:keep] + "." + digest + ":" + key
}

// opening answers an opening and, when it asks for them, its default
// sessions decided on the state the opening leaves, each under
// DecideSession's rules (R-ATT-1, R-DATE-2), in the same append.
func opening(s State, e Opened, holidays map[domain.Date]bool) ([]domain.Event, error) {
	out := []domain.Event{e}
	if !e.DefaultSessions {
		return out, nil
	}
	if s.Exists() { // the same opening again: the sessions recorded with it
		for _, ss := range DefaultSessions(e, holidays) {
			if prior, ok := s.Session(ss.SessionID); ok {
				out = append(out, prior)
			}
		}
		return out, nil
	}
	s = Evolve(s, e)
	for _, ss := range DefaultSessions(e, holidays) {
		decided, err := DecideSession(s, ss)
		if err != nil {
			return nil, err
		}
		s = Evolve(s, decided[0])
		out = append(out, decided[0])
	}
	return out, nil
}
