package ledger

import (
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/development"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/domain/seminar"
	"github.com/latsar/ledger/domain/staff"
	"github.com/latsar/ledger/domain/webhook"
	"github.com/latsar/ledger/events"
)

// Declared is one aggregate's declaration of its events.
type Declared struct {
	Aggregate string
	Kinds     []domain.Kind
	// Folds tells whether the aggregate's Evolve folds the named kind.
	Folds func(name string) bool
}

// Aggregates are every aggregate of the ledger with the events it declares:
// the one list of what the log may hold.
func Aggregates() []Declared {
	return []Declared{
		declared(cohort.Aggregate),
		declared(cohort.Institution),
		declared(participant.Aggregate),
		declared(access.Aggregate),
		declared(development.Aggregate),
		declared(development.RosterAggregate),
		declared(webhook.Aggregate),
		declared(staff.Aggregate),
		declared(seminar.Aggregate),
		declared(participant.ProductIndexAggregate),
	}
}

func declared[S any](a *domain.Aggregate[S]) Declared {
	return Declared{Aggregate: a.Name, Kinds: a.Kinds(), Folds: a.Folds}
}

// Catalogue registers every aggregate's kinds. It panics on a kind declared
// at two versions: a bug of the declarations, caught by their test.
func Catalogue() *events.Catalogue {
	c := events.NewCatalogue()
	for _, a := range Aggregates() {
		for _, k := range a.Kinds {
			if err := c.RegisterKind(k); err != nil {
				panic(err)
			}
		}
	}
	return c
}
