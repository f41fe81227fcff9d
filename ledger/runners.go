package ledger

import (
	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
)

// The runners, for the handlers not yet moved into the ledger: one runner
// per aggregate in the process, so commands on a stream queue on one lock.
// TRANSITIONAL: removed once every use case lives here.

func (l *Ledger) Cohorts() *command.Runner[cohort.State]           { return l.cohorts }
func (l *Ledger) Participants() *command.Runner[participant.State] { return l.participants }
func (l *Ledger) Tokens() *command.Runner[access.State]            { return l.tokens }
