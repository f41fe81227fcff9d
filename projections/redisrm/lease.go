package redisrm

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// LeaseTTL is how long a lease lives without renewal: a projector that dies
// is replaced within it.
const LeaseTTL = 6 * time.Second

var renewScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("PEXPIRE", KEYS[1], ARGV[2])
end
return 0`)

var releaseScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0`)

// Acquire takes the projector lease when nobody holds it.
func (m *Model) Acquire(ctx context.Context) (bool, error) {
	ok, err := m.rdb.SetNX(ctx, leaseKey, m.owner, LeaseTTL).Result()
	if err != nil {
		return false, unavailable(err)
	}
	return ok, nil
}

// Renew extends the lease; false when this process no longer holds it.
func (m *Model) Renew(ctx context.Context) (bool, error) {
	n, err := renewScript.Run(ctx, m.rdb, []string{leaseKey}, m.owner, LeaseTTL.Milliseconds()).Int()
	if err != nil {
		return false, unavailable(err)
	}
	return n == 1, nil
}

// Release gives the lease up, if this process holds it.
func (m *Model) Release(ctx context.Context) error {
	err := releaseScript.Run(ctx, m.rdb, []string{leaseKey}, m.owner).Err()
	if err != nil && !errors.Is(err, redis.Nil) {
		return unavailable(err)
	}
	return nil
}

// Holder is the owner of the lease, "" when free.
func (m *Model) Holder(ctx context.Context) (string, error) {
	h, err := m.rdb.Get(ctx, leaseKey).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", unavailable(err)
	}
	return h, nil
}

// Ping tells whether Redis answers, for readiness.
func (m *Model) Ping(ctx context.Context) error {
	if err := m.rdb.Ping(ctx).Err(); err != nil {
		return unavailable(err)
	}
	return nil
}
