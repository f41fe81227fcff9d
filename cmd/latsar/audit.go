package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
	"github.com/latsar/ledger/ledger"
)

// auditorFlags are the flags of the auditors' commands: where the store is.
func auditorFlags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("latsar "+name, flag.ContinueOnError)
	def := "./data"
	if v, ok := os.LookupEnv("LATSAR_DATA"); ok {
		def = v
	}
	data := fs.String("data", def, "data directory of the embedded store (env LATSAR_DATA)")
	return fs, data
}

// openForAudit opens the store read-only, so it can run beside a server.
func openForAudit(data string) (events.Store, error) {
	return sqlite.Open(filepath.Join(data, "events.db"), sqlite.ReadOnly())
}

// cliAuditor is who the auditors' commands act as: they read every participant.
var cliAuditor = ledger.Principal{TokenID: "cli", Role: access.Auditor}

// openLedger opens a ledger over the log the server writes: the
// EventStoreDB cluster when esdbURL is set (as app.Open would), else the
// SQLite file, read-only so it can run beside a server. Replay and the audit
// read the log alone, so no read model is built.
func openLedger(data, esdbURL string) (*ledger.Ledger, io.Closer, error) {
	if esdbURL != "" {
		a, err := app.Open(app.Options{ESDBURL: esdbURL})
		if err != nil {
			return nil, nil, err
		}
		return ledger.New(ledger.Config{Store: a.Store, Catalogue: a.Catalogue}), a, nil
	}
	store, err := openForAudit(data)
	if err != nil {
		return nil, nil, err
	}
	return ledger.New(ledger.Config{Store: store, Catalogue: ledger.Catalogue()}), store, nil
}

// esdbFlag is where the log lives when it is not the SQLite file.
func esdbFlag(fs *flag.FlagSet) *string {
	return fs.String("esdb-url", os.Getenv("LATSAR_ESDB_URL"), "read the log from EventStoreDB/KurrentDB instead of the SQLite file (env LATSAR_ESDB_URL)")
}

// replay prints a participant's standing as it was at a time or position:
// the ledger's replay, as GET /v1/participants/{nip}/standing?as_of answers it.
func replay(args []string, out io.Writer) error {
	fs, data := auditorFlags("replay")
	esdbURL := esdbFlag(fs)
	nipFlag := fs.String("nip", "", "the participant's NIP")
	asOf := fs.String("as-of", "", "RFC 3339 time: the standing as it was then (default: now)")
	atPos := fs.Uint64("at-position", 0, "global position: the standing as it was then")
	if err := fs.Parse(args); err != nil {
		return err
	}
	nip, err := domain.ParseNIP(*nipFlag)
	if err != nil {
		return fmt.Errorf("--nip: %w", err)
	}
	var until time.Time
	if *asOf != "" {
		if until, err = time.Parse(time.RFC3339Nano, *asOf); err != nil {
			return fmt.Errorf("--as-of: %w", err)
		}
	}
	l, closer, err := openLedger(*data, *esdbURL)
	if err != nil {
		return err
	}
	defer closer.Close()
	st, err := l.Replay(context.Background(), cliAuditor, string(nip), until, *atPos)
	if isNotFound(err) {
		return fmt.Errorf("participant %s was not enrolled at that point", nip)
	}
	if err != nil {
		return err
	}
	return printJSON(out, st)
}

// auditTrail prints a participant's audit trail: the ledger's, as GET
// /v1/participants/{nip}/audit answers it.
func auditTrail(args []string, out io.Writer) error {
	fs, data := auditorFlags("audit")
	esdbURL := esdbFlag(fs)
	nipFlag := fs.String("nip", "", "the participant's NIP")
	if err := fs.Parse(args); err != nil {
		return err
	}
	nip, err := domain.ParseNIP(*nipFlag)
	if err != nil {
		return fmt.Errorf("--nip: %w", err)
	}
	l, closer, err := openLedger(*data, *esdbURL)
	if err != nil {
		return err
	}
	defer closer.Close()
	trail, err := l.Audit(context.Background(), cliAuditor, string(nip))
	if isNotFound(err) {
		return fmt.Errorf("no events for participant %s", nip)
	}
	if err != nil {
		return err
	}
	return printJSON(out, map[string]any{"nip": trail.NIP, "entries": trail.Entries})
}

func isNotFound(err error) bool {
	e, ok := domain.AsError(err)
	return ok && e.Code == domain.CodeNotFound
}

func printJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
