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
// the event. e.Metadata.Hash and e.Metadata.PrevHash are ignored.
func ChainHash(prevHash string, e Recorded) string {
	return chainHash(prevHash, &e)
}

func chainHash(prevHash string, e *Recorded) string {
	bp := bufPool.Get().(*[]byte)
	b := append((*bp)[:0], prevHash...)
	b = appendCanonical(b, prevHash, e)
	sum := sha256.Sum256(b)
	*bp = b
	bufPool.Put(bp)
	return hex.EncodeToString(sum[:])
}

// Seal fills PrevHash and Hash of e, chaining it after prevHash.
func Seal(prevHash string, e *Recorded) {
	e.Metadata.PrevHash = prevHash
	e.Metadata.Hash = chainHash(prevHash, e)
}

// ChainBreak is the first event of a stream whose hash does not hold.
type ChainBreak struct {
	Stream   string `json:"stream"`
	Revision uint64 `json:"revision"`
	EventID  string `json:"event_id"`
	Reason   string `json:"reason"`
}

// VerifyChain checks a whole stream, read from revision 0 in order, and
// returns the first break or nil.
func VerifyChain(stream []Recorded) *ChainBreak {
	prev := ""
	for i, e := range stream {
		brk := func(reason string) *ChainBreak {
			return &ChainBreak{Stream: e.Stream, Revision: e.Revision, EventID: e.ID, Reason: reason}
		}
		switch {
		case e.Revision != uint64(i):
			return brk("revision " + strconv.FormatUint(e.Revision, 10) + " where " + strconv.Itoa(i) + " was expected: an event is missing")
		case e.Metadata.PrevHash != prev:
			return brk("prev_hash does not match the hash of the event before")
		case ChainHash(prev, e) != e.Metadata.Hash:
			return brk("hash does not match the event's content")
		}
		prev = e.Metadata.Hash
	}
	return nil
}
