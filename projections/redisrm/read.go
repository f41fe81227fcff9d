package redisrm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/projections"
	"github.com/redis/go-redis/v9"
)

func unavailable(err error) error {
	return fmt.Errorf("%w: redis: %v", projections.ErrUnavailable, err)
}

// readTimeout bounds a read, so that a Redis that does not answer is a 503
// rather than a hung request.
const readTimeout = 2 * time.Second

func readCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, readTimeout)
}

// hmget reads fields of a hash; ok is false when the hash does not exist.
func (m *Model) hmget(ctx context.Context, key string, fields ...string) ([]string, bool, error) {
	ctx, cancel := readCtx(ctx)
	defer cancel()
	vals, err := m.rdb.HMGet(ctx, key, fields...).Result()
	if err != nil {
		return nil, false, unavailable(err)
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		s, ok := v.(string)
		if !ok {
			return nil, false, nil
		}
		out[i] = s
	}
	return out, true, nil
}

func (m *Model) keys(ctx context.Context) (keys, error) {
	ctx, cancel := readCtx(ctx)
	defer cancel()
	return m.generation(ctx)
}

// StandingJSON reads the encoded standing; its tag is hashed at each read.
func (m *Model) StandingJSON(ctx context.Context, nip domain.NIP) (projections.Document, projections.Scope, bool, error) {
	b, scope, ok, err := m.view(ctx, "p:"+string(nip), func(k keys) string { return k.participant(nip) }, "standing")
	if err != nil || !ok {
		return projections.Document{}, scope, ok, err
	}
	return projections.DocumentOf(b), scope, true, nil
}

// view reads an encoded view and its scope, through the near cache.
func (m *Model) view(ctx context.Context, cacheKey string, key func(keys) string, field string) ([]byte, projections.Scope, bool, error) {
	k, err := m.keys(ctx)
	if err != nil {
		return nil, projections.Scope{}, false, err
	}
	cacheKey = k.gen + "|" + cacheKey
	hit, ok, epoch := m.cache.get(cacheKey)
	if ok {
		return hit.body, hit.scope, true, nil
	}
	vals, ok, err := m.hmget(ctx, key(k), field, "scope")
	if err != nil || !ok {
		return nil, projections.Scope{}, false, err
	}
	c, i, a := unpackScope(vals[1])
	v := cachedView{body: []byte(vals[0]), scope: projections.Scope{CohortID: c, InstitutionID: i, Agency: a}}
	m.cache.put(cacheKey, v, epoch)
	return v.body, v.scope, true, nil
}

// CohortJSON reads the encoded cohort view.
func (m *Model) CohortJSON(ctx context.Context, id string) ([]byte, projections.Scope, bool, error) {
	return m.view(ctx, "c:"+id, func(k keys) string { return k.cohort(id) }, "view")
}

// CohortSummaries pages through a cohort's roster by NIP.
func (m *Model) CohortSummaries(ctx context.Context, cohortID string, afterNIP domain.NIP, limit int) ([]projections.StandingSummary, bool, error) {
	k, err := m.keys(ctx)
	if err != nil {
		return nil, false, err
	}
	ctx, cancel := readCtx(ctx)
	defer cancel()
	if n, err := m.rdb.Exists(ctx, k.cohort(cohortID)).Result(); err != nil || n == 0 {
		return nil, false, maybe(err)
	}
	min := "-"
	if afterNIP != "" {
		min = "(" + string(afterNIP)
	}
	nips, err := m.rdb.ZRangeArgs(ctx, redis.ZRangeArgs{Key: k.roster(cohortID), Start: min, Stop: "+", ByLex: true, Count: int64(limit)}).Result()
	if err != nil {
		return nil, false, unavailable(err)
	}
	pipe := m.rdb.Pipeline()
	cmds := make([]*redis.StringCmd, len(nips))
	for i, nip := range nips {
		cmds[i] = pipe.HGet(ctx, k.participant(domain.NIP(nip)), "summary")
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, false, unavailable(err)
	}
	out := make([]projections.StandingSummary, 0, len(nips))
	for _, cmd := range cmds {
		var s projections.StandingSummary
		if raw, err := cmd.Result(); err == nil && json.Unmarshal([]byte(raw), &s) == nil {
			out = append(out, s)
		}
	}
	return out, true, nil
}

// maxBoardRows is the most rows a leaderboard answers (api.md's limit); the
// near cache keeps that many and cuts them to each request's limit.
const maxBoardRows = 1000

// Leaderboard ranks a board, through the near cache.
func (m *Model) Leaderboard(ctx context.Context, cohortID, board string, limit int) ([]projections.LeaderRow, bool, error) {
	k, err := m.keys(ctx)
	if err != nil {
		return nil, false, err
	}
	cacheKey := k.gen + "|" + boardCacheKey(cohortID, board)
	if hit, ok, _ := m.cache.get(cacheKey); ok {
		return append([]projections.LeaderRow(nil), hit.rows[:min(limit, len(hit.rows))]...), true, nil
	}
	_, _, epoch := m.cache.get(cacheKey)
	rows, ok, err := m.leaderboard(ctx, k, cohortID, board, maxBoardRows)
	if err != nil || !ok {
		return nil, ok, err
	}
	m.cache.put(cacheKey, cachedView{rows: rows}, epoch)
	return append([]projections.LeaderRow(nil), rows[:min(limit, len(rows))]...), true, nil
}

// leaderboard ranks a board from its sorted set: rank = 1 + the number of
// strictly greater values; equal values are listed by NIP, as memory does.
func (m *Model) leaderboard(ctx context.Context, k keys, cohortID, board string, limit int) ([]projections.LeaderRow, bool, error) {
	ctx, cancel := readCtx(ctx)
	defer cancel()
	if cohortID != "" {
		if n, err := m.rdb.Exists(ctx, k.cohort(cohortID)).Result(); err != nil || n == 0 {
			return nil, false, maybe(err)
		}
	}
	key := k.board(board, cohortID)
	top, err := m.rdb.ZRevRangeWithScores(ctx, key, 0, int64(limit)-1).Result()
	if err != nil {
		return nil, false, unavailable(err)
	}
	if len(top) == limit {
		// Members tied with the last row may sort before it by NIP.
		last := top[len(top)-1].Score
		tied, err := m.rdb.ZRangeByScoreWithScores(ctx, key, &redis.ZRangeBy{Min: fmt.Sprint(last), Max: fmt.Sprint(last)}).Result()
		if err == nil {
			seen := map[string]bool{}
			for _, z := range top {
				seen[z.Member.(string)] = true
			}
			for _, z := range tied {
				if !seen[z.Member.(string)] {
					top = append(top, z)
				}
			}
		}
	}
	pipe := m.rdb.Pipeline()
	names := make([]*redis.SliceCmd, len(top))
	for i, z := range top {
		names[i] = pipe.HMGet(ctx, k.participant(domain.NIP(z.Member.(string))), "name", "cohort")
	}
	var firstRank *redis.IntCmd
	if len(top) > 0 {
		firstRank = pipe.ZCount(ctx, key, fmt.Sprintf("(%v", top[0].Score), "+inf")
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, false, unavailable(err)
	}
	rows := make([]projections.LeaderRow, len(top))
	for i, z := range top {
		vals := names[i].Val()
		rows[i] = projections.LeaderRow{NIP: domain.NIP(z.Member.(string)), Name: str(vals[0]), CohortID: str(vals[1]), Value: domain.Score(z.Score)}
	}
	offset := 0
	if firstRank != nil {
		offset = int(firstRank.Val())
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Value != rows[j].Value {
			return rows[i].Value > rows[j].Value
		}
		return rows[i].NIP < rows[j].NIP
	})
	rows = projections.Rank(rows, limit)
	for i := range rows {
		rows[i].Rank += offset
	}
	return rows, true, nil
}

// SessionCohort reads which cohort scheduled a session.
func (m *Model) SessionCohort(ctx context.Context, sessionID string) (string, bool, error) {
	k, err := m.keys(ctx)
	if err != nil {
		return "", false, err
	}
	ctx, cancel := readCtx(ctx)
	defer cancel()
	id, err := m.rdb.HGet(ctx, k.sessions(), sessionID).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, unavailable(err)
	}
	return id, true, nil
}

// maybe wraps a Redis error as unavailable, nil as nil.
func maybe(err error) error {
	if err == nil {
		return nil
	}
	return unavailable(err)
}

var _ projections.ReadModel = (*Model)(nil)

// Cohorts pages through the cohort index by id; each cohort's listing is its
// view with its participants' outcomes counted.
func (m *Model) Cohorts(ctx context.Context, afterID string, limit int) ([]projections.CohortListing, error) {
	k, err := m.keys(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := readCtx(ctx)
	defer cancel()
	start := "-"
	if afterID != "" {
		start = "(" + afterID
	}
	ids, err := m.rdb.ZRangeArgs(ctx, redis.ZRangeArgs{Key: k.cohortIndex(), Start: start, Stop: "+", ByLex: true, Count: int64(limit)}).Result()
	if err != nil {
		return nil, unavailable(err)
	}
	pipe := m.rdb.Pipeline()
	views := make([]*redis.StringCmd, len(ids))
	outcomes := make([]*redis.StringSliceCmd, len(ids))
	for i, id := range ids {
		views[i] = pipe.HGet(ctx, k.cohort(id), "view")
		outcomes[i] = pipe.HVals(ctx, k.outcomes(id))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, unavailable(err)
	}
	out := make([]projections.CohortListing, 0, len(ids))
	for i := range ids {
		var v projections.CohortView
		raw, err := views[i].Result()
		if err != nil || json.Unmarshal([]byte(raw), &v) != nil {
			continue
		}
		l := projections.ListingOf(v)
		for _, o := range outcomes[i].Val() {
			l.Outcomes.AddPacked(o)
		}
		out = append(out, l)
	}
	return out, nil
}
