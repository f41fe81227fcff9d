// Package redisrm keeps the read models in Redis, behind the same port as the
// memory model, so several API replicas read one projection.
//
// Layout, under a generation prefix so that a rebuild writes fresh keys and
// switches readers over at once (the key latsar:current names the live one):
//
//	latsar:{gen}:p:{nip}          hash: snapshot, standing, summary, scope, name, cohort
//	latsar:{gen}:c:{id}           hash: snapshot, view, scope
//	latsar:{gen}:roster:{id}      sorted set of NIPs (score 0: lexicographic pages)
//	latsar:{gen}:cohorts          sorted set of cohort ids (score 0: lexicographic pages)
//	latsar:{gen}:outcomes:{id}    hash NIP -> the participant's outcome ("provisional|incomplete")
//	latsar:{gen}:lb:{board}:{id}  sorted set NIP -> value (hundredths); id "*" for every cohort
//	latsar:{gen}:sessions         hash session id -> cohort id
//	latsar:{gen}:tokens           hash token id -> snapshot
//	latsar:{gen}:checkpoint       position of the last event applied
//	latsar:{gen}:checkpoint:at    its recorded_at (unix nanoseconds), for lag in seconds
//
// Every batch's writes and its checkpoint go in one MULTI/EXEC, fenced by the
// projector's lease: data and checkpoint never part, and a projector that lost
// its lease cannot write.
package redisrm

import (
	"strings"

	"github.com/latsar/ledger/domain"
)

const (
	currentKey = "latsar:current"
	leaseKey   = "latsar:projector:lease"
)

type keys struct{ base, gen string }

func keysFor(gen string) keys { return keys{base: "latsar:" + gen + ":", gen: gen} }

func (k keys) participant(nip domain.NIP) string { return k.base + "p:" + string(nip) }
func (k keys) cohort(id string) string           { return k.base + "c:" + id }
func (k keys) roster(id string) string           { return k.base + "roster:" + id }
func (k keys) board(board, cohortID string) string {
	if cohortID == "" {
		cohortID = "*"
	}
	return k.base + "lb:" + board + ":" + cohortID
}
func (k keys) cohortIndex() string             { return k.base + "cohorts" }
func (k keys) outcomes(cohortID string) string { return k.base + "outcomes:" + cohortID }
func (k keys) sessions() string                { return k.base + "sessions" }
func (k keys) tokens() string                  { return k.base + "tokens" }
func (k keys) checkpoint() string              { return k.base + "checkpoint" }
func (k keys) checkpointAt() string            { return k.base + "checkpoint:at" }

// scope packs a Scope into one field.
func packScope(cohortID, institution, agency string) string {
	return cohortID + "\x1f" + institution + "\x1f" + agency
}

func unpackScope(s string) (cohortID, institution, agency string) {
	parts := strings.SplitN(s, "\x1f", 3)
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	return parts[0], parts[1], parts[2]
}
