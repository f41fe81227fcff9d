package development

import (
	"testing"

	"github.com/latsar/ledger/domain"
)

const testNIP = domain.NIP("199001012015031001")

var seq int

// act is a command for one activity on one day, evidenced as the row asks.
func act(form Form, scope Scope, quantity Amount, from, to string) RecordActivity {
	seq++
	kind := Certificate
	if conv, ok := ConversionOf(form); ok {
		kind = conv.Evidence[0]
	}
	return RecordActivity{
		NIP: testNIP, Agency: "pemkot-blitar", ActivityID: string(form) + "-" + itoa(seq),
		Form: form, Scope: scope, Quantity: quantity,
		StartedOn: domain.Date(from), EndedOn: domain.Date(to),
		Evidence: Evidence{Kind: kind, Number: "No. " + itoa(seq), Issuer: "BKPSDM Kota Blitar"},
	}
}

// record decides c on s, fails the test on a refusal, and folds the event.
func record(t *testing.T, s State, c RecordActivity) (State, ActivityRecorded) {
	t.Helper()
	evs, err := DecideActivity(s, c)
	if err != nil {
		t.Fatalf("%s %s %s %s..%s: %v", c.Form, c.Scope, c.Quantity, c.StartedOn, c.EndedOn, err)
	}
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1", len(evs))
	}
	e := evs[0].(ActivityRecorded)
	return Evolve(s, e), e
}

// refused decides c on s and returns the refusal, failing when there is none.
func refused(t *testing.T, s State, c RecordActivity) *domain.Error {
	t.Helper()
	_, err := DecideActivity(s, c)
	if err == nil {
		t.Fatalf("%s %s %s: recorded, want a refusal", c.Form, c.Scope, c.Quantity)
	}
	e, ok := domain.AsError(err)
	if !ok {
		t.Fatalf("error %v is not a domain error", err)
	}
	return e
}

// names tells whether e names field, under rule when rule is not empty.
func names(e *domain.Error, rule, field string) bool {
	if rule != "" && e.Rule != rule {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
