package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/latsar/ledger/certificate"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/keys"
)

// errDocumentBroken makes `latsar verify-document` exit non-zero.
var errDocumentBroken = errors.New("the document does not verify")

// keysCommand is `latsar keys rotate`.
func keysCommand(args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "rotate" {
		return errors.New("usage: latsar keys rotate [--data DIR]")
	}
	flags := flag.NewFlagSet("latsar keys rotate", flag.ContinueOnError)
	data := flags.String("data", envOr("LATSAR_DATA", "./data"), "data directory (its keys/ holds the keys)")
	if err := flags.Parse(args[1:]); err != nil {
		return err
	}
	dir := filepath.Join(*data, "keys")
	kid, previous, err := keys.Rotate(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "new signing key %s (was %s)\n", kid, previous)
	fmt.Fprintf(out, "%s lists both; documents and checkpoints signed before still verify\n", filepath.Join(dir, "jwks.json"))
	fmt.Fprintln(out, "a running server signs with the key it loaded until it restarts: restart it now")
	return nil
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

var compactJWS = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`)

// verifyDocument checks a document's signature without the server: a JWS
// (as the API answers it, on the command line or in a file) or a PDF the
// server printed (its JWS is inside), against a JWK set: a file, or an
// http(s) URL fetched only when given as one.
func verifyDocument(args []string, out io.Writer) error {
	flags := flag.NewFlagSet("latsar verify-document", flag.ContinueOnError)
	data := flags.String("data", envOr("LATSAR_DATA", "./data"), "data directory (for the default --keys)")
	keyFile := flags.String("keys", "", "the public keys: a JWK set file, or an http(s) URL such as https://host/.well-known/jwks.json (default DATA/keys/jwks.json)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return errors.New("usage: latsar verify-document [--keys JWKS-FILE-OR-URL] FILE.pdf|FILE.jws|JWS|-")
	}
	jws, from, err := readJWS(flags.Arg(0))
	if err != nil {
		return err
	}
	if *keyFile == "" {
		*keyFile = filepath.Join(*data, "keys", "jwks.json")
	}
	set, err := readKeys(*keyFile)
	if err != nil {
		return err
	}
	verifier, err := keys.ParseJWKS(set)
	if err != nil {
		return fmt.Errorf("%s: %w", *keyFile, err)
	}
	payload, kid, err := verifier.VerifyJWS(jws)
	switch {
	case errors.Is(err, keys.ErrUnknownKey):
		fmt.Fprintf(out, "BROKEN %s: signed by key %q, which %s does not publish\n", from, kid, *keyFile)
		return errDocumentBroken
	case err != nil:
		fmt.Fprintf(out, "BROKEN %s: %v\n", from, err)
		return errDocumentBroken
	}
	var d participant.Document
	if err := json.Unmarshal(payload, &d); err != nil || d.Number == "" {
		fmt.Fprintf(out, "BROKEN %s: the signature holds, but it does not sign a latsar document\n", from)
		return errDocumentBroken
	}
	fmt.Fprintf(out, "document %s: %s (%s)\n", d.Number, d.Title, d.Kind)
	fmt.Fprintf(out, "holder:   %s, NIP %s, golongan %s, %s\n", d.Holder.Name, d.Holder.NIP, d.Holder.Golongan, d.Holder.Agency)
	fmt.Fprintf(out, "training: %s, cohort %s (%s to %s), %s\n", d.Programme.Short, d.Cohort.CohortID, d.Cohort.StartsOn, d.Cohort.EndsOn, d.Issuer.Name)
	result := d.Outcome
	if d.Final.Score != nil {
		result += ", final " + d.Final.Score.String()
	}
	if d.Final.Qualification != nil {
		result += " " + string(*d.Final.Qualification)
	}
	if d.Rank > 0 {
		result += fmt.Sprintf(", rank %d", d.Rank)
	}
	fmt.Fprintf(out, "decision: %s at meeting %s of %s; %s\n", result, d.MeetingRef, d.DecidedOn, strings.TrimSpace("issued "+string(d.IssuedOn)+" "+d.Place))
	if d.Signer != nil {
		fmt.Fprintf(out, "signer:   %s, NIP %s, %s\n", d.Signer.Name, d.Signer.NIP, d.Signer.Position)
	}
	fmt.Fprintf(out, "key:      %s\n", kid)
	fmt.Fprintln(out, "the signature holds; whether the document was revoked since only its issuer knows: see its verification page (/verify/"+d.Number+")")
	return nil
}

// readJWS reads the argument: "-" (standard input), a file (a PDF, or text
// holding a JWS), or the JWS itself.
func readJWS(arg string) (jws, from string, err error) {
	var b []byte
	switch {
	case arg == "-":
		b, err = io.ReadAll(os.Stdin)
		from = "standard input"
	case compactJWS.MatchString(arg):
		if _, statErr := os.Stat(arg); statErr != nil {
			return arg, "the JWS", nil
		}
		fallthrough
	default:
		b, err = os.ReadFile(arg)
		from = arg
	}
	if err != nil {
		return "", "", err
	}
	if certificate.IsPDF(b) {
		jws, err := certificate.JWSOf(b)
		return jws, from, err
	}
	text := strings.TrimSpace(string(b))
	if !compactJWS.MatchString(text) {
		return "", "", fmt.Errorf("%s is neither a PDF nor a compact JWS", from)
	}
	return text, from, nil
}

// readKeys reads a JWK set from a file, or from an http(s) URL.
func readKeys(where string) ([]byte, error) {
	if !strings.HasPrefix(where, "https://") && !strings.HasPrefix(where, "http://") {
		return os.ReadFile(where)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, where, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered %s", where, res.Status)
	}
	return io.ReadAll(io.LimitReader(res.Body, 1<<20))
}
