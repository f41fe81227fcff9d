package projections

import (
	"testing"

	"github.com/latsar/ledger/events"
)

// A snapshot written by other code is not trusted, even when the catalogue
// and the ruleset are the same: a fold may change without a version.
func TestFingerprintNamesTheProgram(t *testing.T) {
	c := events.NewCatalogue()
	this := Fingerprint(c)
	if this != Fingerprint(c) {
		t.Fatal("the same program fingerprints differently")
	}
	saved := programID
	t.Cleanup(func() { programID = saved })
	programID = func() string { return "another build" }
	if Fingerprint(c) == this {
		t.Fatal("another program has this program's fingerprint")
	}
}
