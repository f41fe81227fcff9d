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

	"github.com/latsar/ledger/audit"
	"github.com/latsar/ledger/domain"
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

// replay prints a participant's standing as it was at a time or position.
func replay(args []string, out io.Writer) error {
	fs, data := auditorFlags("replay")
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
	store, err := openForAudit(*data)
	if err != nil {
		return err
	}
	defer store.Close()
	recs, err := store.ReadStream(context.Background(), events.ParticipantPrefix+string(nip), 0, *atPos)
	if err != nil {
		return err
	}
	if *asOf != "" {
		t, err := time.Parse(time.RFC3339Nano, *asOf)
		if err != nil {
			return fmt.Errorf("--as-of: %w", err)
		}
		recs = audit.Until(recs, t)
	}
	st, ok, err := audit.Standing(ledger.Catalogue(), recs)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("participant %s was not enrolled at that point", nip)
	}
	return printJSON(out, st)
}

// auditTrail prints a participant's audit trail.
func auditTrail(args []string, out io.Writer) error {
	fs, data := auditorFlags("audit")
	nipFlag := fs.String("nip", "", "the participant's NIP")
	if err := fs.Parse(args); err != nil {
		return err
	}
	nip, err := domain.ParseNIP(*nipFlag)
	if err != nil {
		return fmt.Errorf("--nip: %w", err)
	}
	store, err := openForAudit(*data)
	if err != nil {
		return err
	}
	defer store.Close()
	recs, err := store.ReadStream(context.Background(), events.ParticipantPrefix+string(nip), 0, 0)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return fmt.Errorf("no events for participant %s", nip)
	}
	entries, err := audit.Trail(ledger.Catalogue(), recs)
	if err != nil {
		return err
	}
	return printJSON(out, map[string]any{"nip": nip, "entries": entries})
}

func printJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
