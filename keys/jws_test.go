package keys_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latsar/ledger/keys"
)

func openRing(t *testing.T, dir string) *keys.Ring {
	t.Helper()
	r, err := keys.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestJWSIsDeterministicAndVerifies(t *testing.T) {
	r := openRing(t, filepath.Join(t.TempDir(), "keys"))
	payload := []byte(`{"number":"STTP.A.2024.0001","kind":"sttp"}`)
	jws, err := keys.SignJWS(r.Signer(), keys.DocumentType, payload)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := keys.SignJWS(r.Signer(), keys.DocumentType, payload)
	if again != jws {
		t.Fatalf("the same payload signed twice gave two JWS:\n%s\n%s", jws, again)
	}
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		t.Fatalf("not a compact JWS: %s", jws)
	}
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	var h map[string]string
	if err := json.Unmarshal(header, &h); err != nil {
		t.Fatal(err)
	}
	if h["alg"] != "EdDSA" || h["kid"] != r.Signer().KeyID() || h["typ"] != keys.DocumentType {
		t.Fatalf("protected header %s", header)
	}
	got, kid, err := r.Verifier().VerifyJWS(jws)
	if err != nil || kid != r.Signer().KeyID() || string(got) != string(payload) {
		t.Fatalf("verify: payload %s kid %s err %v", got, kid, err)
	}
}

func TestJWSTamperedOrUnknownKeyFails(t *testing.T) {
	r := openRing(t, filepath.Join(t.TempDir(), "keys"))
	payload := []byte(`{"number":"STTP.A.2024.0001","final":{"score":85.5}}`)
	jws, err := keys.SignJWS(r.Signer(), keys.DocumentType, payload)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(jws, ".")
	forged := base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), "85.5", "95.5", 1)))
	cases := map[string]string{
		"payload changed":   parts[0] + "." + forged + "." + parts[2],
		"signature changed": parts[0] + "." + parts[1] + "." + flip(parts[2]),
		"no signature":      parts[0] + "." + parts[1] + ".",
		"not a JWS":         "hello",
	}
	for name, bad := range cases {
		if _, _, err := r.Verifier().VerifyJWS(bad); err == nil {
			t.Errorf("%s: verified", name)
		}
	}
	if _, _, err := r.Verifier().VerifyJWS(cases["payload changed"]); !errors.Is(err, keys.ErrBadSignature) {
		t.Errorf("a changed payload: %v, want ErrBadSignature", err)
	}

	// Another ring's key, not published here: refused by kid.
	other := openRing(t, filepath.Join(t.TempDir(), "keys"))
	alien, err := keys.SignJWS(other.Signer(), keys.DocumentType, payload)
	if err != nil {
		t.Fatal(err)
	}
	if _, kid, err := r.Verifier().VerifyJWS(alien); !errors.Is(err, keys.ErrUnknownKey) || kid != other.Signer().KeyID() {
		t.Fatalf("a JWS under an unknown kid: kid %s, %v; want ErrUnknownKey", kid, err)
	}
	// A header naming a known kid over another key's signature fails too.
	alienParts := strings.Split(alien, ".")
	var h map[string]string
	hb, _ := base64.RawURLEncoding.DecodeString(alienParts[0])
	_ = json.Unmarshal(hb, &h)
	h["kid"] = r.Signer().KeyID()
	hb, _ = json.Marshal(h)
	relabelled := base64.RawURLEncoding.EncodeToString(hb) + "." + alienParts[1] + "." + alienParts[2]
	if _, _, err := r.Verifier().VerifyJWS(relabelled); !errors.Is(err, keys.ErrBadSignature) {
		t.Fatalf("another key's signature relabelled with our kid: %v, want ErrBadSignature", err)
	}
	// alg none or HS256 is never accepted.
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","kid":"`+r.Signer().KeyID()+`"}`)) + "." + parts[1] + "."
	if _, _, err := r.Verifier().VerifyJWS(none); err == nil {
		t.Fatal("alg none verified")
	}
}

func flip(s string) string {
	b := []byte(s)
	if b[0] == 'A' {
		b[0] = 'B'
	} else {
		b[0] = 'A'
	}
	return string(b)
}

func TestRotateKeepsOldSignaturesValid(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	r := openRing(t, dir)
	old := r.Signer().KeyID()
	payload := []byte(`{"number":"STTP.A.2024.0001"}`)
	before, err := keys.SignJWS(r.Signer(), keys.DocumentType, payload)
	if err != nil {
		t.Fatal(err)
	}

	kid, previous, err := keys.Rotate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if previous != old || kid == old {
		t.Fatalf("rotate answered %s (was %s), ring signed with %s", kid, previous, old)
	}
	fi, err := os.Stat(filepath.Join(dir, kid+".pem"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("new key file: %v, mode %v", err, fi.Mode().Perm())
	}
	next := openRing(t, dir)
	if next.Signer().KeyID() != kid {
		t.Fatalf("after rotation the ring signs with %s, want %s", next.Signer().KeyID(), kid)
	}
	after, err := keys.SignJWS(next.Signer(), keys.DocumentType, payload)
	if err != nil {
		t.Fatal(err)
	}
	// Both verify with the published set alone, old and new.
	b, err := os.ReadFile(filepath.Join(dir, "jwks.json"))
	if err != nil {
		t.Fatal(err)
	}
	published, err := keys.ParseJWKS(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(published.JWKS().Keys) != 2 {
		t.Fatalf("jwks.json lists %d keys, want 2", len(published.JWKS().Keys))
	}
	for name, jws := range map[string]string{"before": before, "after": after} {
		if _, _, err := published.VerifyJWS(jws); err != nil {
			t.Errorf("signed %s the rotation: %v", name, err)
		}
	}

	// Even with the old private key moved away, its public half stays.
	if err := os.Remove(filepath.Join(dir, old+".pem")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := openRing(t, dir).Verifier().VerifyJWS(before); err != nil {
		t.Fatalf("the old key's document after its private half is gone: %v", err)
	}
	if _, ok := openRing(t, dir).Verifier().Key(old); !ok {
		t.Fatal("the retired key is no longer published")
	}
}
