package ledger_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/latsar/ledger/ledger"
)

// TestEveryEventIsDeclaredAndFolded: the catalogue holds exactly the kinds
// the aggregates declare, each declared at one version, each folded by the
// aggregate that declares it, each readable back from its own JSON.
func TestEveryEventIsDeclaredAndFolded(t *testing.T) {
	catalogue := ledger.Catalogue()
	declared := map[string]int{}
	for _, a := range ledger.Aggregates() {
		if len(a.Kinds) == 0 {
			t.Errorf("aggregate %s declares no event", a.Aggregate)
		}
		for _, k := range a.Kinds {
			if v, seen := declared[k.Name]; seen && v != k.Version {
				t.Errorf("%s is declared at versions %d and %d", k.Name, v, k.Version)
			}
			declared[k.Name] = k.Version
			if !a.Folds(k.Name) {
				t.Errorf("aggregate %s declares %s but its Evolve does not fold it", a.Aggregate, k.Name)
			}
			if k.Rules == nil {
				t.Errorf("%s: no rules declared (the audit trail names them; declare none explicitly)", k.Name)
			}
			zero, err := k.Decode([]byte(`{}`))
			if err != nil || zero.EventType() != k.Name {
				t.Fatalf("%s does not decode as itself: %v", k.Name, err)
			}
			b, _ := json.Marshal(zero)
			if _, err := k.Decode(b); err != nil {
				t.Errorf("%s does not read back its own JSON: %v", k.Name, err)
			}
			if k.NaturalKey != nil && k.NaturalKey(zero) == "" {
				t.Errorf("%s: a natural key must never be empty", k.Name)
			}
		}
	}
	registered := catalogue.Names()
	slices.Sort(registered)
	if len(registered) != len(declared) {
		t.Fatalf("catalogue holds %d types, the aggregates declare %d", len(registered), len(declared))
	}
	for _, name := range registered {
		if catalogue.Version(name) != declared[name] {
			t.Errorf("%s registered at version %d, declared at %d", name, catalogue.Version(name), declared[name])
		}
	}
}
