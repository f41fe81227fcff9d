// Package keys holds the ledger's signing keys: Ed25519 keys kept in the
// data directory, one of them signing, every one kept to verify what it
// signed. The log's checkpoints and the documents (STTP, Piagam, Surat
// Keterangan, as compact JWS: jws.go) are signed with them; Rotate makes a
// new key current and keeps the old ones published.
package keys

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// Signer signs with one private key, named by its key id.
type Signer interface {
	KeyID() string
	Sign(msg []byte) ([]byte, error)
	Public() ed25519.PublicKey
}

// ErrUnknownKey is a signature by a key that is not published.
var ErrUnknownKey = errors.New("signed by a key that is not published")

// ErrBadSignature is a signature that does not hold.
var ErrBadSignature = errors.New("the signature does not hold")

// KeyID names a public key by its JWK thumbprint (RFC 7638): the same id
// whoever computes it, and one an auditor can check against the key.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256([]byte(`{"crv":"Ed25519","kty":"OKP","x":"` + base64.RawURLEncoding.EncodeToString(pub) + `"}`))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// Verifier knows every published public key by its id.
type Verifier struct {
	keys map[string]ed25519.PublicKey
}

// NewVerifier knows pubs.
func NewVerifier(pubs ...ed25519.PublicKey) *Verifier {
	v := &Verifier{keys: make(map[string]ed25519.PublicKey, len(pubs))}
	for _, p := range pubs {
		v.keys[KeyID(p)] = p
	}
	return v
}

// Verify checks sig over msg by the key kid. A nil Verifier knows no key.
func (v *Verifier) Verify(kid string, msg, sig []byte) error {
	var pub ed25519.PublicKey
	ok := false
	if v != nil {
		pub, ok = v.keys[kid]
	}
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownKey, kid)
	}
	if !ed25519.Verify(pub, msg, sig) {
		return ErrBadSignature
	}
	return nil
}

// JWK is an Ed25519 public key as a JSON Web Key (RFC 8037).
type JWK struct {
	Kty string `json:"kty" example:"OKP"`
	Crv string `json:"crv" example:"Ed25519"`
	X   string `json:"x"` // the public key, base64url without padding
	Kid string `json:"kid"`
	Use string `json:"use,omitempty" example:"sig"`
	Alg string `json:"alg,omitempty" example:"EdDSA"`
} // @name JWK

// JWKS is a JSON Web Key Set.
type JWKS struct {
	Keys []JWK `json:"keys"`
} // @name JWKS

// JWKS publishes every key, in key id order.
func (v *Verifier) JWKS() JWKS {
	set := JWKS{Keys: []JWK{}}
	if v == nil {
		return set
	}
	for _, kid := range slices.Sorted(maps.Keys(v.keys)) {
		set.Keys = append(set.Keys, JWK{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(v.keys[kid]), Kid: kid, Use: "sig", Alg: "EdDSA"})
	}
	return set
}

// ParseJWKS reads a key set as JWKS writes it, such as an auditor's copy of
// /.well-known/jwks.json. A key's kid must be its thumbprint: a set that
// names a key otherwise is refused rather than trusted.
func ParseJWKS(b []byte) (*Verifier, error) {
	var set JWKS
	if err := json.Unmarshal(b, &set); err != nil {
		return nil, fmt.Errorf("keys: not a JWK set: %w", err)
	}
	v := NewVerifier()
	for _, k := range set.Keys {
		x, err := base64.RawURLEncoding.DecodeString(k.X)
		if k.Kty != "OKP" || k.Crv != "Ed25519" || err != nil || len(x) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("keys: key %q is not an Ed25519 public key", k.Kid)
		}
		pub := ed25519.PublicKey(x)
		if KeyID(pub) != k.Kid {
			return nil, fmt.Errorf("keys: key %q: kid is not the key's thumbprint", k.Kid)
		}
		v.keys[k.Kid] = pub
	}
	return v, nil
}
