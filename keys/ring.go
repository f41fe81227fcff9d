package keys

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Ring is the keys kept in a directory (the data directory's keys/, 0700):
//
//	<kid>.pem  a private key, PKCS #8 PEM, mode 0600
//	current    the kid of the key that signs
//	jwks.json  the public half of every key, what /.well-known/jwks.json serves
//
// Rotating is writing a new <kid>.pem and pointing current at it: the older
// keys stay, so what they signed still verifies.
type Ring struct {
	signer   *key
	verifier *Verifier
}

// Open loads the keys in dir, creating the directory and a first key on the
// first start.
func Open(dir string) (*Ring, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	kid, err := current(dir)
	if err != nil {
		return nil, err
	}
	signer, err := load(dir, kid)
	if err != nil {
		return nil, err
	}
	pubs, err := published(dir)
	if err != nil {
		return nil, err
	}
	v := NewVerifier(pubs...)
	if err := writeJWKS(dir, v); err != nil {
		return nil, err
	}
	return &Ring{signer: signer, verifier: v}, nil
}

// Signer is the key that signs.
func (r *Ring) Signer() Signer { return r.signer }

// Verifier knows every key of the ring.
func (r *Ring) Verifier() *Verifier { return r.verifier }

// current reads the signing key's id, creating the key when there is none.
func current(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "current"))
	if err == nil {
		kid := strings.TrimSpace(string(b))
		if !validKeyID(kid) {
			return "", fmt.Errorf("keys: %s does not name a key", filepath.Join(dir, "current"))
		}
		return kid, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("keys: %w", err)
	}
	return create(dir)
}

// create makes a key and makes it current, unless another process starting
// on the same directory got there first: then that one is current.
func create(dir string) (string, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", fmt.Errorf("keys: %w", err)
	}
	kid := KeyID(pub)
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return "", fmt.Errorf("keys: %w", err)
	}
	pemPath := filepath.Join(dir, kid+".pem")
	if err := writeNew(pemPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return "", err
	}
	tmp := filepath.Join(dir, "current."+kid+".tmp")
	if err := writeNew(tmp, []byte(kid+"\n"), 0o644); err != nil {
		return "", err
	}
	defer os.Remove(tmp)
	// A link is created only where no file is: the first start wins.
	if err := os.Link(tmp, filepath.Join(dir, "current")); err != nil {
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("keys: %w", err)
		}
		os.Remove(pemPath)
		return current(dir)
	}
	return kid, nil
}

// validKeyID tells a thumbprint (43 base64url characters) from anything
// that would lead load outside dir.
func validKeyID(kid string) bool {
	if len(kid) != 43 {
		return false
	}
	for _, c := range kid {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func writeNew(path string, b []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	return nil
}

// load reads a private key, refusing one that others than its owner may
// read, as ssh does: such a key may already be someone else's.
func load(dir, kid string) (*key, error) {
	path := filepath.Join(dir, kid+".pem")
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("keys: %s may be read by others (mode %#o): chmod 600 it", path, perm)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("keys: %s is not a PEM private key", path)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("keys: %s: %w", path, err)
	}
	priv, ok := parsed.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("keys: %s is not an Ed25519 key", path)
	}
	k := &key{kid: KeyID(priv.Public().(ed25519.PublicKey)), priv: priv}
	if k.kid != kid {
		return nil, fmt.Errorf("keys: %s holds the key %s", path, k.kid)
	}
	return k, nil
}

// published is every key of dir: the private keys present and the public
// keys jwks.json already lists, so a retired key whose private half is gone
// still verifies.
func published(dir string) ([]ed25519.PublicKey, error) {
	var pubs []ed25519.PublicKey
	if b, err := os.ReadFile(filepath.Join(dir, "jwks.json")); err == nil {
		v, err := ParseJWKS(b)
		if err != nil {
			return nil, err
		}
		for _, p := range v.keys {
			pubs = append(pubs, p)
		}
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.pem"))
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	for _, n := range names {
		k, err := load(dir, strings.TrimSuffix(filepath.Base(n), ".pem"))
		if err != nil {
			return nil, err
		}
		pubs = append(pubs, k.Public())
	}
	return pubs, nil
}

// writeJWKS writes jwks.json when it does not list exactly v's keys.
func writeJWKS(dir string, v *Verifier) error {
	b, err := json.MarshalIndent(v.JWKS(), "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	path := filepath.Join(dir, "jwks.json")
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return nil
	}
	tmp, err := os.CreateTemp(dir, "jwks.*.tmp")
	if err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	return nil
}

// key is a private key. It prints, and logs, as its id only.
type key struct {
	kid  string
	priv ed25519.PrivateKey
}

func (k *key) KeyID() string                   { return k.kid }
func (k *key) Sign(msg []byte) ([]byte, error) { return ed25519.Sign(k.priv, msg), nil }
func (k *key) Public() ed25519.PublicKey       { return k.priv.Public().(ed25519.PublicKey) }
func (k *key) String() string                  { return "key " + k.kid }
func (k *key) GoString() string                { return k.String() }
func (k *key) LogValue() slog.Value            { return slog.StringValue(k.String()) }
