package keys

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
)

// Rotate makes a new key and points current at it, in dir (the data
// directory's keys/): the new <kid>.pem (0600), then jwks.json listing it
// beside every older key, then current, replaced in one rename. Older
// keys stay (their private halves too, until an operator moves them away:
// jwks.json keeps their public halves either way), so everything they signed
// still verifies. A running server signs with the key it loaded until it
// restarts. It answers the new key's id and the one it replaced.
func Rotate(dir string) (kid, previous string, err error) {
	ring, err := Open(dir) // creates the directory and a first key if missing
	if err != nil {
		return "", "", err
	}
	previous = ring.Signer().KeyID()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", "", fmt.Errorf("keys: %w", err)
	}
	kid = KeyID(pub)
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return "", "", fmt.Errorf("keys: %w", err)
	}
	if err := writeNew(filepath.Join(dir, kid+".pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return "", "", err
	}
	// Published before it signs anything: a verifier never meets a kid
	// that jwks.json does not list.
	pubs := []ed25519.PublicKey{pub}
	for _, k := range ring.Verifier().keys {
		pubs = append(pubs, k)
	}
	if err := writeJWKS(dir, NewVerifier(pubs...)); err != nil {
		return "", "", err
	}
	tmp := filepath.Join(dir, "current."+kid+".tmp")
	if err := writeNew(tmp, []byte(kid+"\n"), 0o644); err != nil {
		return "", "", err
	}
	if err := os.Rename(tmp, filepath.Join(dir, "current")); err != nil {
		os.Remove(tmp)
		return "", "", fmt.Errorf("keys: %w", err)
	}
	return kid, previous, nil
}
