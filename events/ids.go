package events

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"time"
)

// EventID derives a UUIDv7-shaped id. Its leading 48 bits are at in Unix
// milliseconds, so ids recorded together sort together (the UNIQUE index of
// the embedded store stays fast); the rest come from key when key is given, so
// a retried command proposes the same id and the store records it once. With
// an empty key the rest is random.
func EventID(stream, key string, index int, at time.Time) string {
	var u [16]byte
	if key == "" {
		_, _ = rand.Read(u[6:])
	} else {
		h := sha256.New()
		h.Write([]byte(stream))
		h.Write([]byte{0})
		h.Write([]byte(key))
		h.Write([]byte{0})
		h.Write([]byte(strconv.Itoa(index)))
		var sum [32]byte
		copy(u[6:], h.Sum(sum[:0])[:10])
	}
	ms := uint64(at.UnixMilli())
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], ms)
	copy(u[0:6], ts[2:8])
	u[6] = 0x70 | (u[6] & 0x0f)
	u[8] = 0x80 | (u[8] & 0x3f)
	var out [36]byte
	hex.Encode(out[0:8], u[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], u[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], u[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], u[8:10])
	out[23] = '-'
	hex.Encode(out[24:36], u[10:16])
	return string(out[:])
}
