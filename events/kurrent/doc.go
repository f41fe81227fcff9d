// Package kurrent is the KurrentDB (formerly EventStoreDB) adapter of
// events.Store, for deployments that outgrow one machine (a three-node
// cluster; see docs/deploy.md). It speaks gRPC through
// github.com/kurrent-io/KurrentDB-Client-Go and is selected by
// LATSAR_ESDB_URL (URLVariable), e.g.
//
//	s, err := kurrent.Open(ctx, os.Getenv(kurrent.URLVariable))
//
// It needs KurrentDB 25.1 or later, whose multi-stream append AppendMulti
// uses (Open refuses an older server), and a user who may read $all (an
// admin in a secure cluster, or an ACL granting it).
//
// # Streams
//
// A ledger stream is a KurrentDB stream of the same name; the event's id (a
// UUID in canonical form: the ids the ledger derives are), type and data are
// the KurrentDB event's, with content type JSON. The user metadata is
// the JSON object of events.Metadata (actor, role, institution, agency,
// idempotency key, correlation id, ruleset, schema version, prev_hash, hash)
// with recorded_at in front: the time the hash chain covers, chosen before
// the event is sealed (the server's creation time comes later and is not
// used). The multi-stream append carries metadata as string properties, so
// its events have schema_version as a string, and the $schema.name and
// $schema.format the server adds; reads take either form. Append seals each
// event with events.Seal after the stream's last event, read just before, and
// appends expecting exactly that revision, so no other event can slip in
// between; with events.Any a refused append reads the new last event, seals
// again and retries. AppendMulti does the same for each of its parts.
//
// The global log (ReadAll, Subscribe, HeadPosition) is $all restricted to the
// ledger's stream prefixes (DefaultStreamPrefixes: cohort-, participant-,
// token-, jp-; WithStreamPrefixes to change them): subscriptions filter on the
// server, reads of $all filter here (the client has no filter for reads).
// Append refuses a stream outside the prefixes, whose events the log would
// never show.
//
// # Positions
//
// A Recorded.Position is the event's offset in the server's transaction log:
// its commit position, which for every event this adapter writes equals its
// prepare position. Appends through gRPC are implicit transactions whose
// prepare records commit themselves, so each event of a multi-event append
// has its own offset, and the offsets increase in the order $all gives; the
// multi-stream append is taken to write its events the same way, as one
// implicit transaction (were it not so, GlobalPosition would refuse its
// events, and the contract run against a server would fail). So every event
// has a distinct, increasing uint64; not a dense one (offsets grow by the
// size of each record), which the port allows. GlobalPosition maps a
// kurrentdb.Position to it
// (the prepare position when the server leaves the commit position out; an
// error for an event of a legacy explicit transaction, whose commit position
// is shared); LogPosition maps it back: Position{Commit: p, Prepare: p}, or
// the start of $all for 0. The round trip is exact, so a projector resumes
// from its stored position.
//
// A position given to ReadAll or Subscribe must be 0 or one the store handed
// out: the server can only start at a record boundary. Its reads from a
// position include the event there (ReadAll skips it); a subscription starts
// after it.
//
// # Duplicates and id claims
//
// The port says an event id is unique in the whole store and an append whose
// first id is recorded is a no-op answering the recorded events, whatever it
// expected; the server only recognises an id within one stream, when it is
// retried at the same expected revision. So each id is claimed before its
// event is appended, by writing to the stream "latsar-id-<id>" expecting no
// stream (claims.go has the protocol). A claim names the stream the id went
// to, so an append whose first id is claimed and recorded answers the events
// recorded there with Duplicate set, even in another stream (the port's
// no-op), and one whose later id is recorded fails. AppendMulti writes each
// claim in the same atomic append as its event (claims.go, multi.go), so its
// claims never exist without their events. While the owner of an Append's
// claim is still appending, an append of the same first id waits for its
// outcome (concurrent retries get the one recorded answer). A refused Append
// releases its claims; one whose outcome is unknown (timeout, lost
// connection) keeps them, and a retry waits until they are older than the lease
// (WithClaimLease, 30s) unless it finds the event recorded. Should the server
// answer an exact retry as idempotent anyway, the events read back carry the
// earlier hash, and the append answers them as a duplicate.
//
// Cost: an append of n events is a read of the stream's last event, n claim
// writes, the append and a read back of the events for their positions (n+3
// round trips to the leader); a multi-stream append of p parts is a read of
// each stream's last event, one append with the claims in it and a read back
// of each part (2p+1 round trips). The claims double the number of events in
// $all (they are not part of the global log).
//
// # Subscriptions
//
// Subscribe is a catch-up subscription to $all from the position, filtered
// by prefix on the server, batches of up to 512 events per handler call. It
// tracks the last position handed over; when the subscription drops (node
// death, leader change, lost connection) it subscribes again after it, with a
// pause growing from 50ms to 5s, and drops anything at or before it, so the
// handler sees no gap and no repeat. Checkpoints are not used to resume.
// Access and authentication errors, and the handler's errors, end it.
package kurrent
