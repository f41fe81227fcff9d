package app

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/latsar/ledger/keys"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/webhooks"
)

// startWebhooks opens what deliveries need beside the log (the master
// secret in DATA/keys, DATA/webhooks.db) and follows the log to deliver,
// in goroutines of its own, until ctx ends: writes never wait for it.
func (a *App) startWebhooks(ctx context.Context, o Options) (*ledger.Webhooks, error) {
	master, err := keys.Secret(filepath.Join(o.DataDir, "keys"), "webhooks.secret")
	if err != nil {
		return nil, err
	}
	db, err := webhooks.OpenDB(filepath.Join(o.DataDir, "webhooks.db"))
	if err != nil {
		return nil, fmt.Errorf("open webhooks.db: %w", err)
	}
	a.webhookDB = db
	secrets := webhooks.NewSecrets(master)
	d := webhooks.New(a.Store, a.Catalogue, db, secrets, o.Webhooks, a.log)
	a.goRun(func() { d.Run(ctx) })
	return ledger.NewWebhooks(ledger.WebhooksConfig{
		Store: a.Store, Catalogue: a.Catalogue, Secrets: secrets, Records: db, Policy: o.Webhooks.Policy,
	}), nil
}
