package events

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
)

// chainedFields is the canonical JSON an event's hash covers: everything an
// auditor relies on except the hash itself and the position (a store assigns
// positions and may renumber on migration; revision and stream pin the event).
type chainedFields struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Stream     string          `json:"stream"`
	Revision   uint64          `json:"revision"`
	RecordedAt string          `json:"recorded_at"`
	Data       json.RawMessage `json:"data"`
	Metadata   Metadata        `json:"metadata"`
}

// ChainHash computes the hash of e given the hash of the event before it in its
// stream ("" for the first). e.Metadata.Hash is ignored; e.Metadata.PrevHash
// must already be prevHash.
func ChainHash(prevHash string, e Recorded) string {
	md := e.Metadata
	md.Hash = ""
	md.PrevHash = prevHash
	data := e.Data
	if len(data) == 0 {
		data = []byte("null")
	}
	canonical, err := json.Marshal(chainedFields{
		ID: e.ID, Type: e.Type, Stream: e.Stream, Revision: e.Revision,
		RecordedAt: e.RecordedAt.UTC().Format("2006-01-02T15:04:05.000000000Z07:00"),
		Data:       compactJSON(data), Metadata: md,
	})
	if err != nil {
		// Data that is not JSON is hashed as a string so the chain still covers it.
		canonical = []byte(strconv.Quote(string(data)))
	}
	h := sha256.New()
	h.Write([]byte(prevHash))
	h.Write(canonical)
	return hex.EncodeToString(h.Sum(nil))
}

// Seal fills PrevHash and Hash of e, chaining it after prevHash.
func Seal(prevHash string, e *Recorded) {
	e.Metadata.PrevHash = prevHash
	e.Metadata.Hash = ChainHash(prevHash, *e)
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

func compactJSON(b []byte) json.RawMessage {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return b
	}
	return buf.Bytes()
}
