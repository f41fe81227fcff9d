package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latsar/ledger/certificate"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/keys"
)

// docSigned signs a document with the key ring of data/keys, as the server does.
func docSigned(t *testing.T, data string, number string) (participant.Document, string) {
	t.Helper()
	ring, err := keys.Open(filepath.Join(data, "keys"))
	if err != nil {
		t.Fatal(err)
	}
	final := domain.Score(9000)
	d := participant.Document{Number: number, Kind: participant.AwardSTTP, Title: participant.DocumentTitles[participant.AwardSTTP],
		Holder:  participant.Holder{Name: "Peserta Satu", NIP: cliNIP, Golongan: "III", Agency: "pemkab-blitar"},
		Issuer:  participant.Issuer{InstitutionID: "bpsdm-jatim", Name: "BPSDM Provinsi Jawa Timur"},
		Outcome: participant.Lulus, Final: participant.Graded{Score: &final}, MeetingRef: "BA-1", DecidedOn: "2024-08-02", IssuedOn: "2024-08-02"}
	payload, _ := json.Marshal(d)
	jws, err := keys.SignJWS(ring.Signer(), keys.DocumentType, payload)
	if err != nil {
		t.Fatal(err)
	}
	return d, jws
}

func TestVerifyDocument(t *testing.T) {
	data := t.TempDir()
	doc, jws := docSigned(t, data, "STTP.A.2024.0001")
	jwksFile := filepath.Join(data, "keys", "jwks.json")
	pdf, err := certificate.Render(doc, jws, certificate.Options{VerifyURL: "https://latsar.example.go.id/verify/" + doc.Number})
	if err != nil {
		t.Fatal(err)
	}
	pdfFile := filepath.Join(t.TempDir(), "sttp.pdf")
	jwsFile := filepath.Join(t.TempDir(), "sttp.jws")
	if err := os.WriteFile(pdfFile, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jwsFile, []byte(jws+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	jwks, _ := os.ReadFile(jwksFile)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(jwks) }))
	defer srv.Close()

	parts := strings.Split(jws, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(bytes.Replace(payload, []byte(`"score":90`), []byte(`"score":99`), 1)) + "." + parts[2]
	tamperedPDF := filepath.Join(t.TempDir(), "tampered.pdf")
	_ = os.WriteFile(tamperedPDF, bytes.Replace(pdf, []byte(jws), []byte(tampered), 1), 0o600)
	otherData := t.TempDir()
	_, alien := docSigned(t, otherData, "STTP.A.2024.0002")

	for _, tc := range []struct {
		name string
		args []string
		ok   bool
		want string
	}{
		{"a PDF against the key file", []string{"--keys", jwksFile, pdfFile}, true, "document STTP.A.2024.0001"},
		{"a JWS file against the data directory's keys", []string{"--data", data, jwsFile}, true, "holder:   Peserta Satu"},
		{"a JWS on the command line against a URL", []string{"--keys", srv.URL + "/.well-known/jwks.json", jws}, true, "the signature holds"},
		{"a tampered JWS", []string{"--keys", jwksFile, tampered}, false, "BROKEN"},
		{"a PDF whose JWS was tampered with", []string{"--keys", jwksFile, tamperedPDF}, false, "BROKEN"},
		{"a JWS under a key the set does not publish", []string{"--keys", jwksFile, alien}, false, "does not publish"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := verifyDocument(tc.args, &out)
			if tc.ok != (err == nil) || (!tc.ok && !errors.Is(err, errDocumentBroken)) {
				t.Fatalf("err=%v, want ok=%v\n%s", err, tc.ok, out.String())
			}
			if !strings.Contains(out.String(), tc.want) {
				t.Fatalf("output lacks %q:\n%s", tc.want, out.String())
			}
		})
	}
	var out bytes.Buffer
	if err := verifyDocument([]string{"--keys", jwksFile, filepath.Join(data, "nothing.pdf")}, &out); err == nil || errors.Is(err, errDocumentBroken) {
		t.Fatalf("a missing file: %v", err)
	}
}

func TestKeysRotate(t *testing.T) {
	data := t.TempDir()
	_, before := docSigned(t, data, "STTP.A.2024.0001")
	var out bytes.Buffer
	if err := keysCommand([]string{"rotate", "--data", data}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "new signing key") {
		t.Fatalf("keys rotate said:\n%s", out.String())
	}
	_, after := docSigned(t, data, "STTP.A.2024.0002")
	kid := func(jws string) string {
		h, _ := base64.RawURLEncoding.DecodeString(strings.Split(jws, ".")[0])
		var m map[string]string
		_ = json.Unmarshal(h, &m)
		return m["kid"]
	}
	if kid(before) == kid(after) {
		t.Fatal("after keys rotate the same key signs")
	}
	for _, jws := range []string{before, after} {
		out.Reset()
		if err := verifyDocument([]string{"--data", data, jws}, &out); err != nil {
			t.Fatalf("a document signed by %s after rotation: %v\n%s", kid(jws), err, out.String())
		}
	}
	if err := keysCommand([]string{"spin"}, &out); err == nil {
		t.Fatal("keys spin was accepted")
	}
}
