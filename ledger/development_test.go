package ledger_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/development"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
)

// ASN of the development tests: two of pemkab-blitar (agency's), one of
// pemkot-malang (devOtherAgency's).
const (
	devASN      = "199001012015031001"
	devASN2     = "199202022016032002"
	devOtherASN = "198805052012011003"
)

var devOtherAgency = ledger.Principal{TokenID: "t-agency-malang", Role: access.Agency, Agency: "pemkot-malang"}

// devActivity is an activity of the ASN of nip, quantity in hundredths of the
// form's unit, with the evidence 004's column 9 asks of the form.
func devActivity(nip, id string, form development.Form, scope development.Scope, quantity int64, from, to domain.Date) development.RecordActivity {
	kind := development.Certificate
	if form == "self_study" || form == "community_of_practice" {
		kind = development.Letter
	}
	return development.RecordActivity{
		NIP: domain.NIP(nip), ActivityID: id, Form: form, Scope: scope, Quantity: development.Amount(quantity),
		StartedOn: from, EndedOn: to, Evidence: development.Evidence{Kind: kind, Number: "No. " + id, Issuer: "BKPSDM Kabupaten Blitar"},
	}
}

func devSeminar(nip, id string) development.RecordActivity {
	return devActivity(nip, id, "seminar", "national", 200, "2024-05-06", "2024-05-07")
}

// devWithAgency is a with the agency named.
func devWithAgency(a development.RecordActivity, agency string) development.RecordActivity {
	a.Agency = agency
	return a
}

func TestRecordDevelopmentActivity(t *testing.T) {
	w := newWorld(t)
	badNIP := devSeminar(devASN, "bad-nip")
	badNIP.NIP = "12345"
	for _, tc := range []struct {
		name    string
		who     ledger.Principal
		record  development.RecordActivity
		code    domain.Code
		rule    string
		written int // events recorded
	}{
		{"the home agency records its ASN's first activity and indexes them", agency, devSeminar(devASN, "seminar-1"), "", "", 2},
		{"the same activity again records nothing", agency, devSeminar(devASN, "seminar-1"), "", "", 0},
		{"the same activity id with other details", agency, devActivity(devASN, "seminar-1", "seminar", "national", 100, "2024-05-06", "2024-05-06"), domain.CodeConflict, "", 0},
		{"a later activity is not indexed again", agency, devActivity(devASN, "coach-1", "coaching", "national", 100, "2024-05-08", "2024-05-08"), "", "", 1},
		{"another agency's ASN is not found", devOtherAgency, devSeminar(devASN, "x-1"), domain.CodeNotFound, "", 0},
		{"an agency token may not name another agency", agency, devWithAgency(devSeminar(devASN2, "x-2"), "pemkot-malang"), domain.CodeForbidden, "", 0},
		{"an lms token may not record", lmsA, devSeminar(devASN, "x-3"), domain.CodeForbidden, "", 0},
		{"an auditor token may not record", auditor, devSeminar(devASN, "x-4"), domain.CodeForbidden, "", 0},
		{"admin names the agency on a first activity", admin, devSeminar(devASN2, "x-5"), domain.CodeInvalid, "", 0},
		{"admin may not move an ASN to another agency", admin, devWithAgency(devSeminar(devASN, "x-6"), "pemkot-malang"), domain.CodeConflict, "", 0},
		{"admin records a first activity with its agency", admin, devWithAgency(devSeminar(devASN2, "bench-1"), "pemkab-blitar"), "", "", 2},
		{"admin records a later activity without the agency", admin, devSeminar(devASN, "seminar-2"), "", "", 1},
		{"another agency records its own ASN", devOtherAgency, devSeminar(devOtherASN, "seminar-1"), "", "", 2},
		{"a bad NIP cites R-NIP-1", agency, badNIP, domain.CodeInvalid, "R-NIP-1", 0},
		{"a form the table lacks cites R-JP-3", agency, devActivity(devASN, "bad-1", "webinar", "national", 100, "2024-05-08", "2024-05-08"), domain.CodeInvalid, "R-JP-3", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := w.store.HeadPosition(context.Background())
			res, err := w.ledger.RecordDevelopmentActivity(context.Background(), tc.who, tc.record)
			wantCode(t, err, tc.code, tc.rule)
			after, _ := w.store.HeadPosition(context.Background())
			if got := int(after - before); got != tc.written {
				t.Fatalf("%d events recorded, want %d", got, tc.written)
			}
			if err == nil && (res.Activity.ActivityID != tc.record.ActivityID || res.Year.Year != res.Activity.Year) {
				t.Fatalf("answer %+v, want the activity and its year", res)
			}
		})
	}
	for stream, want := range map[string]int{"jp-agency-pemkab-blitar": 2, "jp-agency-pemkot-malang": 1, events.JPPrefix + devASN: 3} {
		if got := len(w.stream(stream)); got != want {
			t.Errorf("%s holds %d events, want %d", stream, got, want)
		}
	}
}

// TestDevelopmentYear is rules.md §10 example 11: seminar 2 days = 8 JP; 3
// coaching sessions in a month, 2 counted = 4 JP; e-learning 5 JP in a day →
// 3; self-study 3 JP in a day → 2. 17 JP, below R-JP-1's 20; a 30 JP
// international technical training (36 JP) meets it.
func TestDevelopmentYear(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	for _, step := range []struct {
		record development.RecordActivity
		jp     development.Amount
	}{
		{devSeminar(devASN, "ex11-seminar"), 800},
		{devActivity(devASN, "ex11-coaching", "coaching", "national", 300, "2024-05-08", "2024-05-29"), 400},
		{devActivity(devASN, "ex11-elearning", "elearning", "national", 500, "2024-05-13", "2024-05-13"), 300},
		{devActivity(devASN, "ex11-self-study", "self_study", "national", 300, "2024-05-14", "2024-05-14"), 200},
	} {
		res, err := w.ledger.RecordDevelopmentActivity(ctx, agency, step.record)
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Activity.JPCredited; got != step.jp {
			t.Fatalf("%s: %s JP credited, want %s", step.record.ActivityID, got, step.jp)
		}
	}
	y, err := w.ledger.DevelopmentYear(ctx, agency, devASN, 2024)
	if err != nil {
		t.Fatal(err)
	}
	if y.JPTotal != 1700 || y.Target != 2000 || y.Met || y.Gap != 300 || len(y.Activities) != 4 {
		t.Fatalf("2024: %s JP of %s, met=%v gap %s, %d activities; want 17 of 20, not met, gap 3, 4 activities",
			y.JPTotal, y.Target, y.Met, y.Gap, len(y.Activities))
	}
	res, err := w.ledger.RecordDevelopmentActivity(ctx, agency, devActivity(devASN, "ex11-training", "technical_training", "international", 3000, "2024-06-03", "2024-06-07"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Activity.JPCredited != 3600 || res.Year.JPTotal != 5300 || !res.Year.Met {
		t.Fatalf("training: %s JP credited, year %s met=%v; want 36, 53, met", res.Activity.JPCredited, res.Year.JPTotal, res.Year.Met)
	}
	for _, tc := range []struct {
		name string
		who  ledger.Principal
		nip  string
		code domain.Code
	}{
		{"the home agency reads its ASN", agency, devASN, ""},
		{"admin reads any ASN", admin, devASN, ""},
		{"auditor reads any ASN", auditor, devASN, ""},
		{"another agency's ASN is not found", devOtherAgency, devASN, domain.CodeNotFound},
		{"an lms token may not read", lmsA, devASN, domain.CodeForbidden},
		{"an ASN without a ledger is not found", admin, devASN2, domain.CodeNotFound},
		{"a bad NIP is not found", admin, "abc", domain.CodeNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.ledger.DevelopmentYear(ctx, tc.who, tc.nip, 2024)
			wantCode(t, err, tc.code, "")
		})
	}
}

func TestAgencyDevelopment(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	for _, r := range []struct {
		who    ledger.Principal
		record development.RecordActivity
	}{
		{agency, devSeminar(devASN2, "s-1")},
		{agency, devSeminar(devASN, "s-1")},
		{devOtherAgency, devSeminar(devOtherASN, "s-1")},
	} {
		if _, err := w.ledger.RecordDevelopmentActivity(ctx, r.who, r.record); err != nil {
			t.Fatal(err)
		}
	}
	first, err := w.ledger.AgencyDevelopment(ctx, agency, ledger.AgencyYear{Agency: "pemkab-blitar", Year: 2024, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.ASN) != 1 || first.ASN[0].NIP != devASN || first.ASN[0].JPTotal != 800 || !first.More {
		t.Fatalf("first page %+v, want %s with 8 JP, and more", first, devASN)
	}
	rest, err := w.ledger.AgencyDevelopment(ctx, agency, ledger.AgencyYear{Agency: "pemkab-blitar", Year: 2024, After: devASN, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rest.ASN) != 1 || rest.ASN[0].NIP != devASN2 || rest.More {
		t.Fatalf("second page %+v, want %s and no more", rest, devASN2)
	}
	for _, tc := range []struct {
		name string
		who  ledger.Principal
		q    ledger.AgencyYear
		code domain.Code
		asn  int
	}{
		{"the agency reads its own", agency, ledger.AgencyYear{Agency: "pemkab-blitar", Year: 2024, Limit: 50}, "", 2},
		{"another agency's list is not found", devOtherAgency, ledger.AgencyYear{Agency: "pemkab-blitar", Year: 2024, Limit: 50}, domain.CodeNotFound, 0},
		{"dashboard reads any agency", readsDashboard, ledger.AgencyYear{Agency: "pemkot-malang", Year: 2024, Limit: 50}, "", 1},
		{"an lms token may not read", lmsA, ledger.AgencyYear{Agency: "pemkab-blitar", Year: 2024, Limit: 50}, domain.CodeForbidden, 0},
		{"an agency without ASN lists none", admin, ledger.AgencyYear{Agency: "pemkab-kediri", Year: 2024, Limit: 50}, "", 0},
		{"a malformed agency is not found", admin, ledger.AgencyYear{Agency: "no such/agency", Year: 2024, Limit: 50}, domain.CodeNotFound, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := w.ledger.AgencyDevelopment(ctx, tc.who, tc.q)
			wantCode(t, err, tc.code, "")
			if len(res.ASN) != tc.asn {
				t.Fatalf("%d ASN listed, want %d", len(res.ASN), tc.asn)
			}
		})
	}
	_, err = w.ledger.AgencyDevelopment(ctx, admin, ledger.AgencyYear{Agency: "pemkab-blitar", Year: 2024, After: devOtherASN, Limit: 50})
	if !errors.Is(err, ledger.ErrNotListed) {
		t.Fatalf("a page after a NIP of another agency: err=%v, want ErrNotListed", err)
	}
}

// TestDevelopmentIndexRace records the first activities of many ASN of one
// agency at once, each twice: every ASN's ledger holds their activity once
// and the agency's index lists each ASN once.
func TestDevelopmentIndexRace(t *testing.T) {
	w := newWorld(t)
	const asn = 12
	var wg sync.WaitGroup
	errs := make(chan error, 2*asn)
	for i := range 2 * asn {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := w.ledger.RecordDevelopmentActivity(context.Background(), agency, devSeminar(nipOf(i%asn), "s-1"))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := len(w.stream("jp-agency-pemkab-blitar")); got != asn {
		t.Fatalf("the index lists %d entries, want %d", got, asn)
	}
	for i := range asn {
		if got := len(w.stream(events.JPPrefix + nipOf(i))); got != 1 {
			t.Fatalf("ASN %s holds %d events, want 1", nipOf(i), got)
		}
	}
}
