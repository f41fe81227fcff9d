package api

import "math/rand/v2"

// requestID makes a request id as echo's RequestID middleware does, 32
// letters drawn uniformly from A–Z and a–z, from the runtime's per-thread
// ChaCha8 generator rather than from crypto/rand through a pooled buffered
// reader: no system call and one allocation (the string) per request.
func requestID() string {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	const below = 256 - 256%len(letters) // bytes at or above it would favour the first letters
	var id [32]byte
	for i := 0; i < len(id); {
		r := rand.Uint64()
		for k := 0; k < 8 && i < len(id); k, r = k+1, r>>8 {
			if b := byte(r); int(b) < below {
				id[i] = letters[int(b)%len(letters)]
				i++
			}
		}
	}
	return string(id[:])
}
