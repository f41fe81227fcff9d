package redisrm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
	"github.com/redis/go-redis/v9"
)

// write puts what a batch changed into Redis with the checkpoint.
func (m *Model) write(ctx context.Context, k keys, t projections.Touched) error {
	fill := func(pipe redis.Pipeliner) error {
		for nip := range t.Participants {
			if err := m.writeParticipant(ctx, pipe, k, nip); err != nil {
				return err
			}
		}
		for id := range t.Cohorts {
			if err := m.writeCohort(ctx, pipe, k, id); err != nil {
				return err
			}
		}
		for id := range t.Tokens {
			snap, ok := m.local.SnapshotOf(events.TokenPrefix + id)
			if ok {
				b, _ := json.Marshal(snap)
				pipe.HSet(ctx, k.tokens(), id, b)
			}
		}
		for session, cohortID := range t.Sessions {
			pipe.HSet(ctx, k.sessions(), session, cohortID)
		}
		pipe.Set(ctx, k.checkpoint(), t.Last.Position, 0)
		pipe.Set(ctx, k.checkpointAt(), t.Last.RecordedAt.UnixNano(), 0)
		pipe.Publish(ctx, changesChannel, changeMessage(m.genName(), t.Last.Position, m.changedKeys(t)))
		return nil
	}
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = m.rdb.Watch(ctx, func(tx *redis.Tx) error {
			if m.owner != "" {
				holder, err := tx.Get(ctx, leaseKey).Result()
				if err != nil && !errors.Is(err, redis.Nil) {
					return err
				}
				if holder != m.owner {
					return ErrLeaseLost
				}
			}
			// Fencing by position: the checkpoint only moves forward.
			cp, err := tx.Get(ctx, k.checkpoint()).Uint64()
			if err != nil && !errors.Is(err, redis.Nil) {
				return err
			}
			if cp >= t.Last.Position {
				return fmt.Errorf("redis read model: checkpoint %d is at or past %d: another projector wrote it", cp, t.Last.Position)
			}
			var fillErr error
			_, err = tx.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
				fillErr = fill(pipe)
				return fillErr
			})
			if fillErr != nil {
				return fillErr
			}
			return err
		}, leaseKey, k.checkpoint())
		// Renewing the lease touches its key too: a failed EXEC is retried,
		// and the check above tells a lost lease from a renewal.
		if !errors.Is(err, redis.TxFailedErr) {
			break
		}
	}
	switch {
	case errors.Is(err, redis.TxFailedErr):
		return ErrLeaseLost
	case errors.Is(err, ErrLeaseLost):
		return err
	case err != nil:
		return unavailable(err)
	}
	return nil
}

func (m *Model) writeParticipant(ctx context.Context, pipe redis.Pipeliner, k keys, nip domain.NIP) error {
	stream := events.ParticipantPrefix + string(nip)
	snap, ok := m.local.SnapshotOf(stream)
	if !ok || !snap.Participant.Enrolled() {
		return nil
	}
	st, _ := m.local.StandingOf(nip)
	standing, err := json.Marshal(st)
	if err != nil {
		return err
	}
	summary, _ := json.Marshal(projections.SummaryOf(st))
	state, _ := json.Marshal(snap)
	key := k.participant(nip)
	pipe.HSet(ctx, key, "snapshot", state, "standing", standing, "summary", summary,
		"scope", packScope(st.CohortID, st.InstitutionID, st.Agency), "name", st.Name, "cohort", st.CohortID)
	// A participant who moved leaves the rosters and boards of the cohorts
	// they left; one who withdrew leaves their cohort's too (R-MOVE-1/2).
	left := make([]string, 0, len(snap.Participant.Transfers)+1)
	for _, tr := range snap.Participant.Transfers {
		left = append(left, tr.FromCohortID)
	}
	if snap.Participant.Withdrawal != nil {
		left = append(left, st.CohortID)
	}
	for _, id := range left {
		pipe.ZRem(ctx, k.roster(id), string(nip))
		pipe.HDel(ctx, k.outcomes(id), string(nip))
		for _, board := range []string{projections.BoardTrophies, projections.BoardFinal} {
			pipe.ZRem(ctx, k.board(board, id), string(nip))
		}
	}
	if snap.Participant.Withdrawal != nil {
		for _, board := range []string{projections.BoardTrophies, projections.BoardFinal} {
			pipe.ZRem(ctx, k.board(board, ""), string(nip))
		}
		return nil
	}
	pipe.ZAdd(ctx, k.roster(st.CohortID), redis.Z{Score: 0, Member: string(nip)})
	pipe.HSet(ctx, k.outcomes(st.CohortID), string(nip), projections.PackOutcome(st))
	for _, board := range []string{projections.BoardTrophies, projections.BoardFinal} {
		v, ok := projections.BoardValue(board, st)
		for _, key := range []string{k.board(board, st.CohortID), k.board(board, "")} {
			if ok {
				pipe.ZAdd(ctx, key, redis.Z{Score: float64(v), Member: string(nip)})
			} else {
				pipe.ZRem(ctx, key, string(nip))
			}
		}
	}
	return nil
}

func (m *Model) writeCohort(ctx context.Context, pipe redis.Pipeliner, k keys, id string) error {
	snap, ok := m.local.SnapshotOf(events.CohortPrefix + id)
	if !ok || !snap.Cohort.Exists() {
		return nil
	}
	view, _ := m.local.CohortViewOf(id)
	b, err := json.Marshal(view)
	if err != nil {
		return err
	}
	state, _ := json.Marshal(snap)
	pipe.HSet(ctx, k.cohort(id), "snapshot", state, "view", b, "scope", packScope(id, view.InstitutionID, ""))
	pipe.ZAdd(ctx, k.cohortIndex(), redis.Z{Score: 0, Member: id})
	return nil
}

// changedKeys names the cached views a batch changed: standings, cohort
// views, and the leaderboards of the cohorts whose participants changed.
func (m *Model) changedKeys(t projections.Touched) []string {
	keys := make([]string, 0, len(t.Participants)+len(t.Cohorts)+4)
	boards := map[string]bool{}
	for nip := range t.Participants {
		keys = append(keys, "p:"+string(nip))
		if snap, ok := m.local.SnapshotOf(events.ParticipantPrefix + string(nip)); ok && snap.Participant.Enrolled() {
			boards[snap.Participant.Enrolment.CohortID] = true
		}
	}
	if len(boards) > 0 {
		boards["*"] = true
	}
	for id := range boards {
		keys = append(keys, boardCacheKey(id, projections.BoardTrophies), boardCacheKey(id, projections.BoardFinal))
	}
	for id := range t.Cohorts {
		keys = append(keys, "c:"+id)
	}
	return keys
}

func boardCacheKey(cohortID, board string) string {
	if cohortID == "" {
		cohortID = "*"
	}
	return "lb:" + cohortID + ":" + board
}
