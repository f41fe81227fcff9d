package ledger

import (
	"context"
	"errors"
	"slices"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/development"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
)

// The competency-development ledger of ASN (rules.md §9): one stream per ASN,
// jp-{nip}, which owns the ASN's agency, and one index per agency,
// jp-agency-{agency}, which lists its ASN without reading the log. Reads fold
// the same streams, not a projection, so a read always sees the caller's
// own write.

// jpRunners run commands on the jp-* streams.
type jpRunners struct {
	asn    *command.Runner[development.State]
	roster *command.Runner[development.Roster]
}

func newJPRunners(cfg Config) *jpRunners {
	return &jpRunners{
		asn: command.NewRunner(cfg.Store, cfg.Catalogue,
			command.Aggregate[development.State]{Initial: development.Initial, Evolve: development.Evolve}, 100_000),
		roster: command.NewRunner(cfg.Store, cfg.Catalogue,
			command.Aggregate[development.Roster]{Initial: development.InitialRoster, Evolve: development.EvolveRoster}, 10_000),
	}
}

// jp is the ledger's jp-* runners: one per ledger, so that commands on a
// stream queue on one lock (an agency's index takes many ASN's first
// activities at once) and states stay cached.
func (l *Ledger) jp() *jpRunners { return l.jpRunners }

// developmentReaders read ledgers; an agency token only its own ASN's.
var developmentReaders = []access.Role{access.Admin, access.Agency, access.Auditor, access.Dashboard}

// DevelopmentRecorded answers an activity with the ASN's year it counts in.
type DevelopmentRecorded struct {
	Written
	// Activity is the record, with the JP credited and the caps that cut it.
	Activity development.ActivityRecorded
	Year     development.YearSummary
}

// RecordDevelopmentActivity converts an activity to JP (R-JP-3) on the ASN's
// ledger. An agency token records its own ASN (another agency's is a 404) and
// its agency is implied; an admin names the agency on the ASN's first
// activity, which fixes it. The first activity also enters the ASN in their
// agency's index, in the same append. activity_id is a natural id: the same
// activity again answers the first record.
func (l *Ledger) RecordDevelopmentActivity(ctx context.Context, p Principal, cmd development.RecordActivity) (DevelopmentRecorded, error) {
	if err := p.may("record development activities", access.Admin, access.Agency); err != nil {
		return DevelopmentRecorded{}, err
	}
	if p.Role == access.Agency {
		if cmd.Agency != "" && cmd.Agency != p.Agency {
			return DevelopmentRecorded{}, &domain.Error{Code: domain.CodeForbidden, Message: "an agency token records its own ASN's activities only",
				Fields: []domain.FieldError{{Field: "agency", Message: "must be " + p.Agency + " or left out"}}}
		}
		cmd.Agency = p.Agency
	}
	nip, err := domain.ParseNIP(string(cmd.NIP)) // checked before it names a stream
	if err != nil {
		return DevelopmentRecorded{}, err
	}
	cmd.NIP = nip
	jp := l.jp()
	md := p.metadata()
	var out DevelopmentRecorded
	err = command.RunTx(ctx, l.store, func(tx *command.Tx) error {
		asn, err := command.Hold(tx, jp.asn, jpStream(nip))
		if err != nil {
			return err
		}
		st := asn.State()
		if st.Exists() && !p.Sees(scopeOfASN(st)) {
			return domain.NotFound("ASN")
		}
		decided, err := development.DecideActivity(st, cmd)
		if err != nil {
			return err
		}
		activity, err := command.Stage(tx, asn, decided, command.Emit{IDKey: development.NaturalKey(development.ActivityRecorded{ActivityID: cmd.ActivityID}), At: cmd.StartedOn.Time(), Metadata: md})
		if err != nil {
			return err
		}
		index, err := jp.enterInIndex(tx, registrationOf(st, decided[0].(development.ActivityRecorded)), md)
		if err != nil {
			return err
		}
		tx.After(func() {
			st := asn.State()
			a, _ := st.Activity(cmd.ActivityID)
			a.Caps = slices.Clone(a.Caps)
			out = DevelopmentRecorded{Written: written(activity, index), Activity: a, Year: development.Summarize(st, a.Year)}
		})
		return nil
	})
	return out, err
}

// registration enters an ASN in their agency's index: ids derive from the NIP
// and the ASN's first activity, so the entry is made once however often it
// is proposed.
type registration struct {
	development.ASNRegistered
	firstOn domain.Date
}

// registrationOf is the index entry of the ASN of st, recording activity.
func registrationOf(st development.State, activity development.ActivityRecorded) registration {
	first := activity
	if len(st.Activities) > 0 {
		first = st.Activities[0]
	}
	return registration{
		ASNRegistered: development.ASNRegistered{NIP: activity.NIP, Agency: activity.Agency, FirstActivityID: first.ActivityID},
		firstOn:       first.StartedOn,
	}
}

// enterInIndex stages the ASN's entry in their agency's index unless it is there.
// The index is held only then, so an agency's recordings do not queue on it;
// an ASN recorded before the index was written with its ledger (two appends,
// one of which could fail) is entered by their next activity.
func (jp *jpRunners) enterInIndex(tx *command.Tx, r registration, md events.Metadata) (*command.Part, error) {
	stream := jpAgencyStream(r.Agency)
	listed := false
	if err := jp.roster.Inspect(tx.Context(), stream, func(ro development.Roster) { listed = ro.Has(r.NIP) }); err != nil || listed {
		return nil, err
	}
	// Held after the ASN's stream, as every workflow here holds them.
	index, err := command.Hold(tx, jp.roster, stream)
	if err != nil {
		return nil, err
	}
	entry, err := development.DecideRegistration(index.State(), r.ASNRegistered)
	if err != nil {
		return nil, err
	}
	return command.Stage(tx, index, entry, command.Emit{IDKey: "asn:" + string(r.NIP), At: r.firstOn.Time(), Metadata: md})
}

// DevelopmentYear is an ASN's year against R-JP-1's 20 JP and R-JP-2's guide.
// An agency token reads its own ASN only (404 otherwise).
func (l *Ledger) DevelopmentYear(ctx context.Context, p Principal, nip string, year int) (development.YearSummary, error) {
	if err := p.may("read development ledgers", developmentReaders...); err != nil {
		return development.YearSummary{}, err
	}
	n, err := domain.ParseNIP(nip)
	if err != nil {
		return development.YearSummary{}, domain.NotFound("ASN")
	}
	y, found, err := l.jp().year(ctx, n, year, p.Sees)
	if err == nil && !found {
		err = domain.NotFound("ASN")
	}
	return y, err
}

// AgencyYear asks for a page of an agency's ASN in a year: up to Limit ASN
// by NIP after the NIP After ("" for the first page).
type AgencyYear struct {
	Agency string
	Year   int
	After  domain.NIP
	Limit  int
}

// AgencyDevelopment is a page of an agency's ASN, each with their year.
type AgencyDevelopment struct {
	AgencyYear
	ASN []development.YearSummary
	// More tells whether ASN follow the page's last.
	More bool
}

// ErrNotListed refuses a page that starts after a NIP the list does not hold:
// it was not the last of a page answered before.
var ErrNotListed = errors.New("ledger: a page starts after a NIP the list does not hold")

// AgencyDevelopment lists an agency's ASN (those whose first activity named
// it) with their year. An agency token reads its own agency only (404).
func (l *Ledger) AgencyDevelopment(ctx context.Context, p Principal, q AgencyYear) (AgencyDevelopment, error) {
	if err := p.may("read development ledgers", developmentReaders...); err != nil {
		return AgencyDevelopment{}, err
	}
	if !domain.ValidID(q.Agency) || !p.Sees(projections.Scope{Agency: q.Agency}) {
		return AgencyDevelopment{}, domain.NotFound("agency")
	}
	jp := l.jp()
	var nips []domain.NIP
	listed := true
	if err := jp.roster.Inspect(ctx, jpAgencyStream(q.Agency), func(r development.Roster) {
		listed = q.After == "" || r.Has(q.After)
		nips = r.After(q.After, q.Limit+1)
	}); err != nil {
		return AgencyDevelopment{}, err
	}
	if !listed {
		return AgencyDevelopment{}, ErrNotListed
	}
	page := AgencyDevelopment{AgencyYear: q, ASN: make([]development.YearSummary, 0, len(nips))}
	if len(nips) > q.Limit {
		nips, page.More = nips[:q.Limit], true
	}
	// The index lists the agency's ASN, whom p sees with the agency.
	everyone := func(projections.Scope) bool { return true }
	for _, nip := range nips {
		y, _, err := jp.year(ctx, nip, q.Year, everyone)
		if err != nil {
			return AgencyDevelopment{}, err
		}
		page.ASN = append(page.ASN, y)
	}
	return page, nil
}

// year folds the ASN's ledger into their year; found is false when they have
// none or sees refuses their scope.
func (jp *jpRunners) year(ctx context.Context, nip domain.NIP, year int, sees func(projections.Scope) bool) (development.YearSummary, bool, error) {
	var y development.YearSummary
	found := false
	err := jp.asn.Inspect(ctx, jpStream(nip), func(st development.State) {
		if found = st.Exists() && sees(scopeOfASN(st)); found {
			y = development.Summarize(st, year)
		}
	})
	return y, found, err
}

func scopeOfASN(st development.State) projections.Scope {
	return projections.Scope{Agency: st.Agency}
}

// jpAgencyStream names an agency's index. A NIP is digits only, so
// jp-agency-{agency} never meets jp-{nip}.
func jpAgencyStream(agency string) string { return events.JPPrefix + "agency-" + agency }
func jpStream(nip domain.NIP) string      { return events.JPPrefix + string(nip) }
