package development

import (
	"slices"

	"github.com/latsar/ledger/domain"
)

// Roster is an agency's index of ASN with a ledger, folded from the stream
// jp-agency-{agency}: NIPs in ascending order, each once.
type Roster struct {
	NIPs []domain.NIP
}

// InitialRoster is an agency with no ASN yet.
func InitialRoster() Roster { return Roster{} }

// Has tells whether nip is in the roster.
func (r Roster) Has(nip domain.NIP) bool {
	_, found := slices.BinarySearch(r.NIPs, nip)
	return found
}

// RosterAggregate declares the events of an agency's roster stream
// (jp-agency-{agency}) and how they fold.
var RosterAggregate = domain.NewAggregate("development-roster",
	domain.On(1, func(r Roster, e ASNRegistered) Roster {
		if i, found := slices.BinarySearch(r.NIPs, e.NIP); !found {
			r.NIPs = slices.Insert(r.NIPs, i, e.NIP)
		}
		return r
	}),
)

// EvolveRoster folds an ASNRegistered into the roster.
func EvolveRoster(r Roster, e domain.Event) Roster { return RosterAggregate.Evolve(r, e) }

// DecideRegistration enters an ASN in their agency's roster once; an ASN
// already there needs nothing.
func DecideRegistration(r Roster, e ASNRegistered) ([]domain.Event, error) {
	if r.Has(e.NIP) {
		return nil, nil
	}
	return []domain.Event{e}, nil
}

// After is up to limit NIPs of the roster that come after nip ("" for the
// first page), in order.
func (r Roster) After(nip domain.NIP, limit int) []domain.NIP {
	i, found := slices.BinarySearch(r.NIPs, nip)
	if found {
		i++
	}
	end := min(len(r.NIPs), i+limit)
	return slices.Clone(r.NIPs[i:end])
}
