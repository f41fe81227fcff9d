package events

// registerDevelopment registers the events of the competency-development ledger.
func registerDevelopment(c *Catalogue) {}
