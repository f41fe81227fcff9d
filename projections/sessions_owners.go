package projections

import "hash/maphash"

// sessionOwners tells which cohort scheduled each session without a
// pointer the collector follows: keyed by a hash of the session id, with
// the session's and the cohort's ids as texts (sessionTexts), so its map
// is not scanned. On the national year it was a map of 185,000 string
// pairs, a quarter of a collection's marking (docs/benchmarks.md,
// "Sessions without pointers"). The id found under a hash is compared
// with the one asked for; two ids under one hash (odds of about one in
// 10^9 on that year) go to a small map of strings. The caller holds the
// model's lock (written under its write lock, read under its read lock).
type sessionOwners struct {
	seed     maphash.Seed
	hash     func(maphash.Seed, string) uint64 // maphash.String; a test makes ids collide
	byHash   map[uint64]sessionOwner
	collided map[string]string
}

type sessionOwner struct{ session, cohort uint32 }

func newSessionOwners(size int) sessionOwners {
	return sessionOwners{seed: maphash.MakeSeed(), hash: maphash.String, byHash: make(map[uint64]sessionOwner, size)}
}

// set records that cohortID scheduled sessionID (a session scheduled
// again, by whichever cohort, is the last one's).
func (o *sessionOwners) set(t *sessionTexts, sessionID, cohortID string) {
	if _, ok := o.collided[sessionID]; ok {
		o.collided[sessionID] = cohortID
		return
	}
	h := o.hash(o.seed, sessionID)
	cur, ok := o.byHash[h]
	switch {
	case !ok:
		o.byHash[h] = sessionOwner{session: t.add(sessionID), cohort: t.share(cohortID)}
	case t.text(cur.session) == sessionID:
		cur.cohort = t.share(cohortID)
		o.byHash[h] = cur
	default:
		if o.collided == nil {
			o.collided = map[string]string{}
		}
		o.collided[sessionID] = cohortID
	}
}

// owner is the cohort that scheduled sessionID.
func (o *sessionOwners) owner(t *sessionTexts, sessionID string) (string, bool) {
	if cohortID, ok := o.collided[sessionID]; ok {
		return cohortID, true
	}
	if cur, ok := o.byHash[o.hash(o.seed, sessionID)]; ok && t.text(cur.session) == sessionID {
		return t.text(cur.cohort), true
	}
	return "", false
}

// text is the number of sessionID's text when the index holds it, so that
// a packed session shares it.
func (o *sessionOwners) text(t *sessionTexts, sessionID string) (uint32, bool) {
	cur, ok := o.byHash[o.hash(o.seed, sessionID)]
	if ok && t.text(cur.session) == sessionID {
		return cur.session, true
	}
	return 0, false
}

func (o *sessionOwners) len() int { return len(o.byHash) + len(o.collided) }

// each calls fn with every session and its cohort, in no order.
func (o *sessionOwners) each(t *sessionTexts, fn func(sessionID, cohortID string)) {
	for _, cur := range o.byHash {
		fn(t.text(cur.session), t.text(cur.cohort))
	}
	for sessionID, cohortID := range o.collided {
		fn(sessionID, cohortID)
	}
}
