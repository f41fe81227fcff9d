package events

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"time"
)

// Checkpoint is the head of the log as the server saw it, signed. The
// chains inside the log prove that it is consistent, not that it is the log
// that was written: whoever can write the file can cut its tail or rewrite it
// from some point with hashes recomputed. A checkpoint kept where the
// operator cannot reach it pins what the log held (docs/integrity.md).
type Checkpoint struct {
	// Position is the position of the last event the checkpoint covers.
	Position uint64 `json:"position" example:"1234"`
	// Hash is that event's hash (its metadata.hash).
	Hash string `json:"hash"`
	// LogHash is the running hash of the whole log up to Position, in
	// position order (NextLogHash). Unlike prev_global it needs nothing of
	// the store, so it covers a log whose store does not chain the order.
	LogHash    string    `json:"log_hash"`
	RecordedAt time.Time `json:"recorded_at"`
	KeyID      string    `json:"kid"`
	// Signature is Ed25519 over SignedBytes, base64 (standard, padded).
	Signature []byte `json:"signature" swaggertype:"string" format:"byte"`
}

// NextLogHash extends the running hash of the log by the event whose hash is
// hash: hex(SHA-256(prev ‖ hash)), both as their hex text, "" before the
// first event, as the stream chains concatenate theirs.
func NextLogHash(prev, hash string) string {
	var b [128]byte
	sum := sha256.Sum256(append(append(b[:0], prev...), hash...))
	return hex.EncodeToString(sum[:])
}

// checkpointDomain keeps a checkpoint's signature from ever being valid for
// anything else the same key signs (e-certificates, later).
const checkpointDomain = "latsar checkpoint v1\n"

// SignedBytes is what the signature covers, written by hand as the events'
// canonical form is: the domain line, then
//
//	{"position":N,"hash":"…","log_hash":"…","recorded_at":"RFC 3339 with 9 decimals","kid":"…"}
func (c *Checkpoint) SignedBytes() []byte {
	b := make([]byte, 0, 256)
	b = append(b, checkpointDomain...)
	b = append(b, `{"position":`...)
	b = strconv.AppendUint(b, c.Position, 10)
	b = append(b, `,"hash":`...)
	b = appendJSONString(b, c.Hash)
	b = append(b, `,"log_hash":`...)
	b = appendJSONString(b, c.LogHash)
	b = append(b, `,"recorded_at":"`...)
	b = c.RecordedAt.UTC().AppendFormat(b, recordedAtLayout)
	b = append(b, `","kid":`...)
	b = appendJSONString(b, c.KeyID)
	return append(b, '}')
}

// CheckpointSigner signs checkpoints; a keys.Signer is one.
type CheckpointSigner interface {
	KeyID() string
	Sign(msg []byte) ([]byte, error)
}

// CheckpointKeys verifies a signature by the id of its key; a
// *keys.Verifier is one.
type CheckpointKeys interface {
	Verify(kid string, msg, sig []byte) error
}

// Sign sets KeyID and Signature.
func (c *Checkpoint) Sign(s CheckpointSigner) error {
	c.KeyID = s.KeyID()
	sig, err := s.Sign(c.SignedBytes())
	if err != nil {
		return err
	}
	c.Signature = sig
	return nil
}

// Verify checks the signature against the published keys: a checkpoint
// signed by a key they do not know, or whose signature does not hold, is
// refused.
func (c *Checkpoint) Verify(keys CheckpointKeys) error {
	if keys == nil {
		return errors.New("no key to verify it with")
	}
	return keys.Verify(c.KeyID, c.SignedBytes(), c.Signature)
}
