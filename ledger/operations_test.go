package ledger_test

import (
	"context"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
)

// The log, its verification and its checkpoints are the auditor's and the
// admin's; rebuilding the read model is the admin's alone.
func TestOperationsRoles(t *testing.T) {
	w := newWorld(t)
	nip := w.enrolled(1)
	ctx := context.Background()
	dashboard := ledger.Principal{TokenID: "t-dash", Role: access.Dashboard}
	for _, tc := range []struct {
		who            ledger.Principal
		reads, rebuild domain.Code
	}{
		{admin, "", ""},
		{auditor, "", domain.CodeForbidden},
		{lmsA, domain.CodeForbidden, domain.CodeForbidden},
		{agency, domain.CodeForbidden, domain.CodeForbidden},
		{dashboard, domain.CodeForbidden, domain.CodeForbidden},
	} {
		t.Run(string(tc.who.Role), func(t *testing.T) {
			recs, err := w.ledger.ReadLog(ctx, tc.who, 0, 10)
			wantCode(t, err, tc.reads, "")
			if err == nil && len(recs) == 0 {
				t.Error("the log reads empty")
			}
			_, err = w.ledger.VerifyStream(ctx, tc.who, events.ParticipantPrefix+nip)
			wantCode(t, err, tc.reads, "")
			_, err = w.ledger.VerifyLog(ctx, tc.who)
			wantCode(t, err, tc.reads, "")
			_, err = w.ledger.Checkpoints(tc.who)
			wantCode(t, err, tc.reads, "")
			wantCode(t, w.ledger.FollowLog(tc.who), tc.reads, "")
			wantCode(t, w.ledger.MayRebuild(tc.who), tc.rebuild, "")
		})
	}
}

func TestVerify(t *testing.T) {
	w := newWorld(t)
	nip := w.enrolled(1)
	ctx := context.Background()
	v, err := w.ledger.VerifyStream(ctx, auditor, events.ParticipantPrefix+nip)
	if err != nil || v.Break != nil || v.Events == 0 {
		t.Fatalf("verify the participant: %+v, %v; want every hash to hold", v, err)
	}
	_, err = w.ledger.VerifyStream(ctx, auditor, events.ParticipantPrefix+"199001012020011999")
	wantCode(t, err, domain.CodeNotFound, "")
	rep, err := w.ledger.VerifyLog(ctx, auditor)
	if err != nil || !rep.OK() || rep.Events != len(w.stream(events.ParticipantPrefix+nip))+len(w.stream(events.CohortPrefix+"A")) {
		t.Fatalf("verify the log: %+v, %v", rep, err)
	}
}
