package events

// Metadata travels with every event: who recorded it, under which rules, why
// (idempotency key, correlation id), and the hash chains. Fields added later
// (recorded_for, prev_global) are left out when empty, in the JSON and in the
// canonical form, so events recorded before them keep their hashes.
type Metadata struct {
	Actor          string `json:"actor,omitempty"`        // token id
	Role           string `json:"role,omitempty"`         // role of that token
	Institution    string `json:"institution,omitempty"`  // lms binding of the token
	Agency         string `json:"agency,omitempty"`       // agency binding of the token
	RecordedFor    string `json:"recorded_for,omitempty"` // staff_id of the person the write is for (docs/staff.md)
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	CorrelationID  string `json:"correlation_id,omitempty"`
	Ruleset        string `json:"ruleset,omitempty"`
	SchemaVersion  int    `json:"schema_version,omitempty"`
	// PrevHash and Hash chain the stream: Hash = SHA-256(PrevHash ‖ canonical
	// JSON of the event without Hash). The store fills both on append.
	PrevHash string `json:"prev_hash,omitempty"`
	// PrevGlobal chains the log: the hash of the event just before this one in
	// position order, so that Hash also covers it and a missing, inserted or
	// moved event breaks the chain of the next (docs/integrity.md). A store
	// that cannot know it before it commits (EventStoreDB) leaves it empty,
	// as do events recorded before it existed; empty, it is left out of the
	// canonical form and older hashes hold.
	PrevGlobal string `json:"prev_global,omitempty"`
	Hash       string `json:"hash,omitempty"`
}
