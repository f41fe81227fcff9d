package events

import "github.com/latsar/ledger/domain/development"

// registerDevelopment registers the events of the competency-development
// ledger (rules.md §9): jp-{nip} and the agencies' indexes jp-agency-{agency}.
func registerDevelopment(c *Catalogue) {
	Register[development.ActivityRecorded](c, 1)
	Register[development.ASNRegistered](c, 1)
}
