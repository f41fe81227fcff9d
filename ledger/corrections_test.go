package ledger_test

import (
	"context"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
)

// More principals: another agency than the participants', and the dashboard.
var (
	agencyMalang = ledger.Principal{TokenID: "t-agency-malang", Role: access.Agency, Agency: "pemkot-malang"}
	dashboard    = ledger.Principal{TokenID: "t-dashboard", Role: access.Dashboard}
)

// recordAs appends e to the participant's stream as p would have recorded it
// through the use case of its own (the learning facts a correction names).
func (w *world) recordAs(p ledger.Principal, nip string, e domain.Event) events.Recorded {
	w.t.Helper()
	cat := w.ledger.Catalogue()
	name, data, err := cat.Encode(e)
	if err != nil {
		w.t.Fatal(err)
	}
	stream := events.ParticipantPrefix + nip
	md := events.Metadata{Actor: p.TokenID, Role: string(p.Role), Institution: p.Institution, Agency: p.Agency,
		Ruleset: domain.Ruleset, SchemaVersion: cat.Version(name)}
	res, err := w.store.Append(context.Background(), stream, events.Any,
		[]events.Proposed{{ID: events.EventID(stream, "", 0, time.Now()), Type: name, Data: data, Metadata: md}})
	if err != nil {
		w.t.Fatal(err)
	}
	return res.Last()
}

// enrolled opens cohort A of inst-a and enrols participant i of agency
// pemkab-blitar in it.
func (w *world) enrolled(i int) string {
	w.t.Helper()
	w.open(admin, "A", "inst-a")
	if _, err := w.ledger.Enrol(context.Background(), lmsA, enrolment("A", i)); err != nil {
		w.t.Fatal(err)
	}
	return nipOf(i)
}

func trophy(activity string, m domain.Material, agenda int) participant.TrophyEarned {
	return participant.TrophyEarned{ActivityID: activity, Material: m, Agenda: agenda, EarnedAt: time.Date(2024, 6, 5, 9, 30, 0, 0, time.UTC)}
}

func scored(c participant.Component, score string) participant.ComponentScored {
	s, err := domain.ParseScore(score)
	if err != nil {
		panic(err)
	}
	return participant.ComponentScored{Component: c, Score: s, Assessor: "Penguji", AssessedAt: time.Date(2024, 7, 30, 10, 0, 0, 0, time.UTC)}
}

// replacing is a replacement body as the edge would have bound it.
type replacing struct {
	trophy participant.EarnTrophy
	score  participant.Score
	err    error // what binding the body refused
}

func (r replacing) Trophy() (participant.EarnTrophy, error) { return r.trophy, r.err }
func (r replacing) Posttest() (participant.AttemptPosttest, error) {
	return participant.AttemptPosttest{}, r.err
}
func (r replacing) CheckIn() (participant.CheckIn, error) { return participant.CheckIn{}, r.err }
func (r replacing) AttendanceStatus() (string, error)     { return "", r.err }
func (r replacing) Score() (participant.Score, error)     { return r.score, r.err }
func (r replacing) Remedial() (participant.TakeRemedial, error) {
	return participant.TakeRemedial{}, r.err
}

// wantField checks err names field first (field "" checks nothing).
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		return
	}
	e, ok := domain.AsError(err)
	if !ok || len(e.Fields) == 0 || e.Fields[0].Field != field {
		t.Fatalf("err=%v, want it to name field %s", err, field)
	}
}

func TestCorrect(t *testing.T) {
	w := newWorld(t)
	nip := w.enrolled(1)
	byLMS := w.recordAs(lmsA, nip, trophy("t-1", domain.Substansi1, 1)).ID
	byAdmin := w.recordAs(admin, nip, trophy("t-2", domain.Kebijakan, 0)).ID
	elearning := w.recordAs(lmsA, nip, scored(participant.AcademicElearning, "82.5")).ID
	byAgency := w.recordAs(agency, nip, scored(participant.AttitudeAgency, "80")).ID
	correct := func(id, reason string, r ledger.ReplacementBody) ledger.Correct {
		return ledger.Correct{NIP: nip, EventID: id, Reason: reason, Replacement: r}
	}
	toSubstansi2 := replacing{trophy: participant.EarnTrophy{TrophyEarned: trophy("t-1", domain.Substansi2, 2)}}
	for _, tc := range []struct {
		name    string
		who     ledger.Principal
		correct ledger.Correct
		code    domain.Code
		rule    string
		field   string
		check   func(*testing.T, ledger.Corrected)
	}{
		{name: "an agency may not correct", who: agency, correct: correct(byAgency, "salah", nil), code: domain.CodeForbidden},
		{name: "an auditor may not correct", who: auditor, correct: correct(byLMS, "salah", nil), code: domain.CodeForbidden},
		{name: "another institution's participant is not found", who: lmsB, correct: correct(byLMS, "salah", nil), code: domain.CodeNotFound},
		{name: "an lms corrects only what its institution recorded", who: lmsA, correct: correct(byAdmin, "salah", nil), code: domain.CodeForbidden, field: "event_id"},
		{name: "an unknown event names event_id", who: lmsA, correct: correct("0190d7bc-e800-77d1-9453-451adc1938ba", "salah", nil), code: domain.CodeInvalid, field: "event_id"},
		{name: "a correction says why", who: lmsA, correct: correct(byLMS, " ", nil), code: domain.CodeInvalid, field: "reason"},
		{name: "a replacement obeys the catalogue", who: lmsA, code: domain.CodeInvalid, rule: "R-TRO-8", field: "replacement.agenda",
			correct: correct(byLMS, "salah", replacing{trophy: participant.EarnTrophy{TrophyEarned: trophy("t-1", domain.Kebijakan, 3)}})},
		{name: "a replacement's binding errors are named under replacement", who: lmsA, code: domain.CodeInvalid, field: "replacement.score",
			correct: correct(elearning, "salah", replacing{err: domain.Refuse("", "score", "score must be a number")})},
		{name: "an lms may not score the agency's component in a replacement", who: lmsA, code: domain.CodeForbidden, rule: "R-EVAL-1", field: "replacement.component",
			correct: correct(elearning, "salah", replacing{score: participant.Score{ComponentScored: scored(participant.PKTBT, "90")}})},
		{name: "an lms replaces its institution's trophy", who: lmsA, correct: correct(byLMS, "salah materi", toSubstansi2),
			check: func(t *testing.T, res ledger.Corrected) {
				evs := res.Events()
				if len(evs) != 1 || evs[0].Type != "EventCorrected" || res.Repeated() {
					t.Fatalf("events %+v, want one new EventCorrected", evs)
				}
				tr := res.Standing.MOOC.Trophies
				if tr.Total != 2 || tr.ByMaterial["substansi_1"] != 0 || tr.ByMaterial["substansi_2"] != 1 {
					t.Fatalf("trophies %+v, want t-1 counted as substansi_2", tr)
				}
				if res.Standing.Position != evs[0].Position {
					t.Fatalf("standing at position %d, want the correction's %d", res.Standing.Position, evs[0].Position)
				}
			}},
		{name: "the same correction again answers the first record", who: lmsA, correct: correct(byLMS, "salah materi", toSubstansi2),
			check: func(t *testing.T, res ledger.Corrected) {
				if !res.Repeated() {
					t.Fatalf("a new record %+v, want the first", res.Events())
				}
			}},
		{name: "another correction of a corrected event conflicts", who: admin, correct: correct(byLMS, "hapus", nil), code: domain.CodeConflict},
		{name: "an admin removes the agency's score", who: admin, correct: correct(byAgency, "dinilai ulang", nil),
			check: func(t *testing.T, res ledger.Corrected) {
				if res.Standing.Components.AttitudeAgency != nil {
					t.Fatalf("attitude_agency %v, want none", *res.Standing.Components.AttitudeAgency)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := w.ledger.Correct(context.Background(), tc.who, tc.correct)
			wantCode(t, err, tc.code, tc.rule)
			wantField(t, err, tc.field)
			if tc.check != nil {
				tc.check(t, res)
			}
		})
	}
	// The originals stay in the log.
	if n := len(w.stream(events.ParticipantPrefix + nip)); n != 7 {
		t.Fatalf("the stream holds %d events, want the enrolment, 4 facts and 2 corrections", n)
	}
}

// decided holds the graduation meeting of cohort A and answers the
// decision's event id.
func (w *world) decided(nip string) string {
	w.t.Helper()
	m, err := w.ledger.HoldMeeting(context.Background(), admin, ledger.Meeting{CohortID: "A", MeetingRef: "BA-A-1", DecidedOn: "2024-08-02"})
	if err != nil {
		w.t.Fatal(err)
	}
	for _, d := range m.Decisions {
		if string(d.NIP) == nip {
			return d.EventID
		}
	}
	w.t.Fatalf("the meeting did not decide %s", nip)
	return ""
}

func TestDisputes(t *testing.T) {
	w := newWorld(t)
	nip := w.enrolled(1)
	decision := w.decided(nip)
	aTrophy := w.recordAs(admin, nip, trophy("t-1", domain.Substansi1, 1)).ID
	dispute := func(id string) ledger.FileDispute {
		return ledger.FileDispute{NIP: nip, DecisionEventID: id, Reason: "nilai tidak sesuai berita acara"}
	}
	for _, tc := range []struct {
		name  string
		who   ledger.Principal
		cmd   ledger.FileDispute
		code  domain.Code
		rule  string
		field string
	}{
		{name: "an lms may not file", who: lmsA, cmd: dispute(decision), code: domain.CodeForbidden},
		{name: "a dashboard may not file", who: dashboard, cmd: dispute(decision), code: domain.CodeForbidden},
		{name: "another agency's participant is not found", who: agencyMalang, cmd: dispute(decision), code: domain.CodeNotFound},
		{name: "an unknown participant is not found", who: auditor, cmd: ledger.FileDispute{NIP: nipOf(2), DecisionEventID: decision, Reason: "x"}, code: domain.CodeNotFound},
		{name: "only a decision is disputed", who: auditor, cmd: dispute(aTrophy), code: domain.CodeInvalid, rule: "R-GRAD-4", field: "decision_event_id"},
		{name: "the home agency files", who: agency, cmd: dispute(decision)},
		{name: "one open dispute per decision", who: auditor, cmd: dispute(decision), code: domain.CodeConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := w.ledger.FileDispute(context.Background(), tc.who, tc.cmd)
			wantCode(t, err, tc.code, tc.rule)
			wantField(t, err, tc.field)
			if err == nil {
				if d := res.Dispute; d.DisputeID != nip+"-1" || d.FiledBy != tc.who.TokenID || d.Status != "open" || d.DecisionEventID != decision {
					t.Fatalf("dispute %+v, want %s-1 open, filed by %s", d, nip, tc.who.TokenID)
				}
			}
		})
	}
}

func TestResolutionAndRedecision(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	nip := w.enrolled(1)
	if _, err := w.ledger.Enrol(ctx, lmsA, enrolment("A", 2)); err != nil {
		t.Fatal(err)
	}
	decision := w.decided(nip)
	filed, err := w.ledger.FileDispute(ctx, agency, ledger.FileDispute{NIP: nip, DecisionEventID: decision, Reason: "berita acara"})
	if err != nil {
		t.Fatal(err)
	}
	id := filed.Dispute.DisputeID
	redecide := func(ref string) ledger.Redecide {
		return ledger.Redecide{NIP: nip, MeetingRef: ref, DecidedOn: "2024-09-02", DisputeID: id}
	}
	cohortEvents := len(w.stream(events.CohortPrefix + "A"))
	steps := []struct {
		name  string
		run   func() (ledger.Written, error)
		code  domain.Code
		rule  string
		field string
	}{
		{name: "a redecision needs an upheld dispute", code: domain.CodeInvalid, field: "dispute_id",
			run: func() (ledger.Written, error) {
				r, err := w.ledger.Redecide(ctx, admin, redecide("BA-SENGKETA-0"))
				return r.Written, err
			}},
		{name: "an lms may not resolve", code: domain.CodeForbidden,
			run: func() (ledger.Written, error) {
				r, err := w.ledger.ResolveDispute(ctx, lmsA, id, ledger.Resolution{Outcome: participant.Upheld, Note: "ya"})
				return r.Written, err
			}},
		{name: "an auditor may not resolve", code: domain.CodeForbidden,
			run: func() (ledger.Written, error) {
				r, err := w.ledger.ResolveDispute(ctx, auditor, id, ledger.Resolution{Outcome: participant.Upheld, Note: "ya"})
				return r.Written, err
			}},
		{name: "a dispute id that names no participant is not found", code: domain.CodeNotFound,
			run: func() (ledger.Written, error) {
				r, err := w.ledger.ResolveDispute(ctx, admin, "nothing", ledger.Resolution{Outcome: participant.Upheld, Note: "ya"})
				return r.Written, err
			}},
		{name: "an unknown dispute is not found", code: domain.CodeNotFound,
			run: func() (ledger.Written, error) {
				r, err := w.ledger.ResolveDispute(ctx, admin, nip+"-9", ledger.Resolution{Outcome: participant.Upheld, Note: "ya"})
				return r.Written, err
			}},
		{name: "the admin upholds",
			run: func() (ledger.Written, error) {
				r, err := w.ledger.ResolveDispute(ctx, admin, id, ledger.Resolution{Outcome: participant.Upheld, Note: "berita acara menunjukkan 82,5"})
				if err == nil && r.Dispute.Status != participant.Upheld {
					t.Errorf("dispute %+v, want upheld", r.Dispute)
				}
				return r.Written, err
			}},
		{name: "an lms may not redecide", code: domain.CodeForbidden,
			run: func() (ledger.Written, error) {
				r, err := w.ledger.Redecide(ctx, lmsA, redecide("BA-SENGKETA-1"))
				return r.Written, err
			}},
		{name: "an unknown participant is not found", code: domain.CodeNotFound,
			run: func() (ledger.Written, error) {
				cmd := redecide("BA-SENGKETA-1")
				cmd.NIP = nipOf(3)
				r, err := w.ledger.Redecide(ctx, admin, cmd)
				return r.Written, err
			}},
		{name: "another participant's dispute does not allow a redecision", code: domain.CodeInvalid, field: "dispute_id",
			run: func() (ledger.Written, error) {
				cmd := redecide("BA-SENGKETA-1")
				cmd.NIP = nipOf(2)
				r, err := w.ledger.Redecide(ctx, admin, cmd)
				return r.Written, err
			}},
		{name: "the admin redecides",
			run: func() (ledger.Written, error) {
				r, err := w.ledger.Redecide(ctx, admin, redecide("BA-SENGKETA-1"))
				if err == nil {
					d := r.Decision
					if !d.Redecision || d.DisputeID != id || d.MeetingRef != "BA-SENGKETA-1" || r.NIP != domain.NIP(nip) || r.EventID == "" || r.Repeated() {
						t.Errorf("redecision %+v, want a new redecision under BA-SENGKETA-1 citing %s", r, id)
					}
				}
				return r.Written, err
			}},
		{name: "the same redecision again answers the first record",
			run: func() (ledger.Written, error) {
				r, err := w.ledger.Redecide(ctx, admin, redecide("BA-SENGKETA-1"))
				if err == nil && (!r.Repeated() || r.EventID == "") {
					t.Errorf("redecision %+v, want the first record", r)
				}
				return r.Written, err
			}},
		{name: "a used dispute allows no second redecision", code: domain.CodeInvalid, field: "dispute_id",
			run: func() (ledger.Written, error) {
				r, err := w.ledger.Redecide(ctx, admin, redecide("BA-SENGKETA-2"))
				return r.Written, err
			}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			_, err := s.run()
			wantCode(t, err, s.code, s.rule)
			wantField(t, err, s.field)
		})
	}
	if n := len(w.stream(events.CohortPrefix + "A")); n != cohortEvents {
		t.Fatalf("the cohort's stream grew from %d to %d events: a redecision writes the participant's alone", cohortEvents, n)
	}
	// The domain's refusal cites no rule: rules.md has none for disputes.
	_, err = w.ledger.Redecide(ctx, admin, ledger.Redecide{NIP: nip, MeetingRef: "BA-SENGKETA-3", DecidedOn: "2024-09-03", DisputeID: nip + "-7"})
	if e, ok := domain.AsError(err); !ok || e.Rule != "" || e.Code != domain.CodeInvalid {
		t.Fatalf("err=%v, want the domain's refusal of dispute_id, citing no rule", err)
	}
}
