package keys_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latsar/ledger/keys"
)

func TestRingCreatesOneKeyAndKeepsIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	r, err := keys.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Signer()
	pem := filepath.Join(dir, s.KeyID()+".pem")
	fi, err := os.Stat(pem)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fi.Mode().Perm(), os.FileMode(0o600); got != want {
		t.Fatalf("key file mode %#o, want %#o", got, want)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("key directory: %v, mode %#o, want 0700", err, fi.Mode().Perm())
	}

	again, err := keys.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if again.Signer().KeyID() != s.KeyID() {
		t.Fatalf("a second start signs with %s, want the first start's %s", again.Signer().KeyID(), s.KeyID())
	}
	msg := []byte("latsar checkpoint v1\n{}")
	sig, err := s.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Verifier().Verify(s.KeyID(), msg, sig); err != nil {
		t.Fatalf("the second start does not verify the first's signature: %v", err)
	}

	// What auditors copy verifies as well, and holds no private key.
	b, err := os.ReadFile(filepath.Join(dir, "jwks.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"d"`) || strings.Contains(string(b), "PRIVATE") {
		t.Fatalf("jwks.json holds a private key: %s", b)
	}
	pub, err := keys.ParseJWKS(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := pub.Verify(s.KeyID(), msg, sig); err != nil {
		t.Fatal(err)
	}
}

func TestVerifierRefuses(t *testing.T) {
	r, err := keys.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	other, err := keys.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("pinned")
	sig, _ := r.Signer().Sign(msg)
	v := r.Verifier()
	bad := bytes.Clone(sig)
	bad[0] ^= 1
	for name, c := range map[string]struct {
		kid      string
		msg, sig []byte
		want     error
	}{
		"bad-signature": {r.Signer().KeyID(), msg, bad, keys.ErrBadSignature},
		"other-message": {r.Signer().KeyID(), []byte("pinned!"), sig, keys.ErrBadSignature},
		"unknown-kid":   {other.Signer().KeyID(), msg, sig, keys.ErrUnknownKey},
		"no-kid":        {"", msg, sig, keys.ErrUnknownKey},
	} {
		if err := v.Verify(c.kid, c.msg, c.sig); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	var none *keys.Verifier
	if err := none.Verify(r.Signer().KeyID(), msg, sig); !errors.Is(err, keys.ErrUnknownKey) {
		t.Errorf("no verifier: %v, want ErrUnknownKey", err)
	}
}

func TestRingRefusesAKeyOthersMayRead(t *testing.T) {
	dir := t.TempDir()
	r, err := keys.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, r.Signer().KeyID()+".pem"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := keys.Open(dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("open with a 0644 key: %v, want a refusal", err)
	}
}

func TestParseJWKSRefusesAMisnamedKey(t *testing.T) {
	r, err := keys.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	set := r.Verifier().JWKS()
	b := fmt.Appendf(nil, `{"keys":[{"kty":"OKP","crv":"Ed25519","x":%q,"kid":"someone-else"}]}`, set.Keys[0].X)
	if _, err := keys.ParseJWKS(b); err == nil {
		t.Fatal("a key set naming a key by another's kid was accepted")
	}
}

// The private key never reaches a log line or a formatted error.
func TestSignerPrintsAsItsID(t *testing.T) {
	r, err := keys.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s := r.Signer()
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "signer", s)
	for _, out := range []string{fmt.Sprintf("%v %+v %#v %s", s, s, s, s), buf.String()} {
		if !strings.Contains(out, s.KeyID()) || strings.Contains(out, "[") {
			t.Fatalf("the signer printed as %q", out)
		}
	}
}
