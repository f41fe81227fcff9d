package keys

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// DocumentType is the JWS "typ" of the ledger's documents (STTP, Piagam
// Penghargaan, Surat Keterangan). A JWS signs base64url(header) "."
// base64url(payload), which can never be the bytes a checkpoint signs
// ("latsar checkpoint v1\n…"), so one key serves both.
const DocumentType = "latsar-document+jws"

// ErrNotJWS is a text that is not a compact JWS of the ledger's kind.
var ErrNotJWS = errors.New("not a compact JWS signed with EdDSA")

// SignJWS signs payload as a compact JWS (RFC 7515) with EdDSA (RFC 8037)
// under s, naming s's key id in the protected header with typ. Ed25519 is
// deterministic and the header's members are written in a fixed order, so
// the same payload under the same key is always the same JWS. s may be any
// Signer (an HSM or a KMS): go-jose only hands it the bytes to sign.
func SignJWS(s Signer, typ string, payload []byte) (string, error) {
	if s == nil {
		return "", errors.New("keys: no signer")
	}
	opts := (&jose.SignerOptions{}).WithType(jose.ContentType(typ))
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: opaque{s}}, opts)
	if err != nil {
		return "", fmt.Errorf("keys: %w", err)
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("keys: %w", err)
	}
	return obj.CompactSerialize()
}

// VerifyJWS checks a compact JWS: EdDSA only (no "none", no HMAC, no key
// carried in the header), by a key v publishes, named by the header's kid.
// It answers the payload and the kid; ErrUnknownKey when the kid is not
// published, ErrBadSignature when the signature does not hold. A nil
// Verifier knows no key.
func (v *Verifier) VerifyJWS(compact string) (payload []byte, kid string, err error) {
	compact = strings.TrimSpace(compact)
	obj, err := jose.ParseSignedCompact(compact, []jose.SignatureAlgorithm{jose.EdDSA})
	if err != nil || len(obj.Signatures) != 1 {
		return nil, "", ErrNotJWS
	}
	h := obj.Signatures[0].Protected
	kid = h.KeyID
	if h.JSONWebKey != nil {
		return nil, kid, ErrNotJWS
	}
	pub, ok := v.Key(kid)
	if !ok {
		return nil, kid, fmt.Errorf("%w: %q", ErrUnknownKey, kid)
	}
	payload, err = obj.Verify(pub)
	if err != nil {
		return nil, kid, ErrBadSignature
	}
	return payload, kid, nil
}

// Key is the published key kid.
func (v *Verifier) Key(kid string) (ed25519.PublicKey, bool) {
	if v == nil {
		return nil, false
	}
	pub, ok := v.keys[kid]
	return pub, ok
}

// opaque lets go-jose sign through a Signer without holding the private key.
type opaque struct{ s Signer }

func (o opaque) Public() *jose.JSONWebKey {
	return &jose.JSONWebKey{Key: o.s.Public(), KeyID: o.s.KeyID(), Algorithm: string(jose.EdDSA), Use: "sig"}
}

func (o opaque) Algs() []jose.SignatureAlgorithm { return []jose.SignatureAlgorithm{jose.EdDSA} }

func (o opaque) SignPayload(payload []byte, alg jose.SignatureAlgorithm) ([]byte, error) {
	if alg != jose.EdDSA {
		return nil, fmt.Errorf("keys: %s is not EdDSA", alg)
	}
	return o.s.Sign(payload)
}
