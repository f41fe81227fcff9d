package events

// Metadata travels with every event: who recorded it, under which rules, why
// (idempotency key, correlation id), and the stream's hash chain.
type Metadata struct {
	Actor          string `json:"actor,omitempty"`       // token id
	Role           string `json:"role,omitempty"`        // role of that token
	Institution    string `json:"institution,omitempty"` // lms binding of the token
	Agency         string `json:"agency,omitempty"`      // agency binding of the token
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	CorrelationID  string `json:"correlation_id,omitempty"`
	Ruleset        string `json:"ruleset,omitempty"`
	SchemaVersion  int    `json:"schema_version,omitempty"`
	// PrevHash and Hash chain the stream: Hash = SHA-256(PrevHash ‖ canonical
	// JSON of the event without Hash). The store fills both on append.
	PrevHash string `json:"prev_hash,omitempty"`
	Hash     string `json:"hash,omitempty"`
}
