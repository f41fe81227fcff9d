package projections

import (
	"crypto/sha256"
	"encoding/hex"
)

// Document is an encoded read-model document with its entity tag: a digest
// of its bytes, quoted as HTTP sends it (the first 12 bytes of its SHA-256,
// in hex). A model that caches the encoding caches the tag with it, so that
// a read answering If-None-Match does not hash the document again.
type Document struct {
	JSON []byte
	ETag string
}

// DocumentOf tags an encoded document.
func DocumentOf(b []byte) Document {
	sum := sha256.Sum256(b)
	return Document{JSON: b, ETag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}
