package ledger

import (
	"errors"
	"testing"

	"github.com/latsar/ledger/domain/participant"
)

// errBound stands for the edge binding the replacement: reaching it proves
// the correction has a case for the original's kind.
var errBound = errors.New("bound")

type bindNothing struct{}

func (bindNothing) Trophy() (participant.EarnTrophy, error) {
	return participant.EarnTrophy{}, errBound
}
func (bindNothing) Posttest() (participant.AttemptPosttest, error) {
	return participant.AttemptPosttest{}, errBound
}
func (bindNothing) CheckIn() (participant.CheckIn, error) { return participant.CheckIn{}, errBound }
func (bindNothing) AttendanceStatus() (string, error)     { return "", errBound }
func (bindNothing) Score() (participant.Score, error)     { return participant.Score{}, errBound }
func (bindNothing) Remedial() (participant.TakeRemedial, error) {
	return participant.TakeRemedial{}, errBound
}

// TestEveryCorrectableKindCanBeReplaced: a kind the participant aggregate
// declares correctable has a replacement in the corrections use case.
func TestEveryCorrectableKindCanBeReplaced(t *testing.T) {
	correctable := 0
	for _, k := range participant.Aggregate.Kinds() {
		if !k.Correctable {
			continue
		}
		correctable++
		orig, err := k.Decode([]byte(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		st := participant.Initial()
		if _, err := replacementOf(Principal{}, st, st, orig, bindNothing{}); !errors.Is(err, errBound) {
			t.Errorf("%s is declared correctable but a correction cannot replace it: %v", k.Name, err)
		}
	}
	if correctable == 0 {
		t.Fatal("no correctable kind declared")
	}
}
