package events

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// ChainHash computes the hash of e given the hash of the event before it in its
// stream ("" for the first): SHA-256 of prevHash followed by the canonical
// form of the event (canonical.go) without its hash. Positions are left out:
// a store assigns them and may renumber on migration; stream and revision pin
// the event, and prev_global its place in the log. e.Metadata.Hash and
// e.Metadata.PrevHash are ignored; e.Metadata.PrevGlobal is covered.
func ChainHash(prevHash string, e Recorded) string {
	return chainHash(prevHash, &e)
}

func chainHash(prevHash string, e *Recorded) string {
	sum := chainSum(prevHash, e)
	return string(sum[:])
}

// chainSum is the hex of the chain hash, in an array: checking a chain
// (every replay from the stream copy does) compares it without allocating.
func chainSum(prevHash string, e *Recorded) [2 * sha256.Size]byte {
	bp := bufPool.Get().(*[]byte)
	b := append((*bp)[:0], prevHash...)
	b = appendCanonical(b, prevHash, e)
	sum := sha256.Sum256(b)
	*bp = b
	bufPool.Put(bp)
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], sum[:])
	return out
}

func hashIs(sum [2 * sha256.Size]byte, hash string) bool { return string(sum[:]) == hash }

// Seal fills PrevHash and Hash of e, chaining it after prevHash.
func Seal(prevHash string, e *Recorded) {
	e.Metadata.PrevHash = prevHash
	e.Metadata.Hash = chainHash(prevHash, e)
}

// ChainBreak is where a chain stops holding: the first event of a stream
// whose hash does not hold, or, over the whole log (VerifyLog), the first
// event whose prev_global does not, or a signed checkpoint the log no longer
// matches (then Stream and EventID may be empty: the event is gone).
type ChainBreak struct {
	Stream   string `json:"stream"`
	Revision uint64 `json:"revision"`
	EventID  string `json:"event_id"`
	Reason   string `json:"reason"`
	Position uint64 `json:"position,omitempty"`
	// Chain is "stream", "log" (the chain over the global order) or "checkpoint".
	Chain string `json:"chain,omitempty"`
}

// The chains a ChainBreak names.
const (
	ChainStream     = "stream"
	ChainLog        = "log"
	ChainCheckpoint = "checkpoint"
)

// VerifyChain checks a whole stream, read from revision 0 in order, and
// returns the first break or nil.
func VerifyChain(stream []Recorded) *ChainBreak {
	prev := ""
	for i, e := range stream {
		if reason := streamLink(uint64(i), prev, &e); reason != "" {
			return &ChainBreak{Stream: e.Stream, Revision: e.Revision, EventID: e.ID, Reason: reason, Position: e.Position, Chain: ChainStream}
		}
		prev = e.Metadata.Hash
	}
	return nil
}

// streamLink says why e does not follow, in its stream, the event whose hash
// is prev and whose revision is next-1, or "" when it does.
func streamLink(next uint64, prev string, e *Recorded) string {
	switch {
	case e.Revision != next:
		return "revision " + strconv.FormatUint(e.Revision, 10) + " where " + strconv.FormatUint(next, 10) + " was expected: an event is missing"
	case e.Metadata.PrevHash != prev:
		return "prev_hash does not match the hash of the event before"
	case !hashIs(chainSum(prev, e), e.Metadata.Hash):
		return "hash does not match the event's content"
	}
	return ""
}
