// Command latsar is the Latsar ledger: one binary with subcommands.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
)

const usage = `latsar: the system of record for Latsar CPNS training

usage:
  latsar serve [flags]                 run the HTTP API and the projectors (latsar serve --help)
  latsar project [flags]               run the projector only (needs LATSAR_REDIS_URL; one holds the lease at a time)
  latsar rebuild [flags]               rebuild the read models from the log (into fresh Redis keys, or into memory)
  latsar verify [--data DIR] [--checkpoints FILE] [--keys JWKS]
                                       check every stream's chain, the chain over the whole log and
                                       the signed checkpoints (exit 1 naming where one breaks)
  latsar replay --nip N [--as-of T | --at-position P] [--esdb-url URL]
                                       print a participant's standing as it was then
  latsar audit --nip N [--esdb-url URL]
                                       print a participant's audit trail
  latsar generate [--data DIR] [--participants N] [--seed S]
                                       write a realistic national year (about 150 events a
                                       participant) into an empty data directory, for measuring
  latsar backup --to DIR [--data DIR]  a consistent copy of the data directory while serving, then verified
  latsar stream-copy [--data DIR]      build DIR/streams.db, the log ordered by stream that replays read
                                       (a running server builds its own in the background)
  latsar build-snapshot [--data DIR]   fold the log into DIR/projections.snap, which a start loads
                                       (a start without one runs this as a child)
  latsar version                       the build: module version, commit, Go version
  latsar keys rotate [--data DIR]      make a new signing key current; older keys stay published
                                       (a running server takes it at its next start)
  latsar verify-document [--keys JWKS-FILE-OR-URL] FILE.pdf|FILE.jws|JWS|-
                                       check a document's signature offline (a PDF the server printed
                                       carries its JWS); exit 1 when it does not hold
  latsar help                          this text

The auditors' commands open the store read-only, beside a running server.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(os.Args[2:])
	case "project":
		err = project(os.Args[2:])
	case "rebuild":
		err = rebuild(os.Args[2:])
	case "verify":
		err = verifyStore(os.Args[2:], os.Stdout)
	case "replay":
		err = replay(os.Args[2:], os.Stdout)
	case "audit":
		err = auditTrail(os.Args[2:], os.Stdout)
	case "keys":
		err = keysCommand(os.Args[2:], os.Stdout)
	case "verify-document":
		err = verifyDocument(os.Args[2:], os.Stdout)
	case "generate":
		err = generate(os.Args[2:], os.Stdout)
	case "backup":
		err = backup(os.Args[2:], os.Stdout)
	case "stream-copy":
		err = streamCopy(os.Args[2:], os.Stdout)
	case "build-snapshot":
		err = buildSnapshot(os.Args[2:], os.Stdout)
	case "version", "--version":
		fmt.Println(version())
		return
	case "help", "-h", "--help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "latsar: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if errors.Is(err, flag.ErrHelp) {
		return // the command printed its flags
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "latsar:", err)
		os.Exit(1)
	}
}

// version describes the build from what the Go toolchain recorded in it.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "latsar (no build information)"
	}
	v := "latsar " + bi.Main.Version + " " + bi.GoVersion
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision", "vcs.time", "vcs.modified":
			v += " " + s.Key + "=" + s.Value
		}
	}
	return v
}
