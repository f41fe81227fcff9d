package ledger_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/keys"
	"github.com/latsar/ledger/ledger"
)

// signedWorld is a world whose ledger signs documents with a key ring in
// keyDir, as the server's does.
func signedWorld(t *testing.T) (*world, string) {
	t.Helper()
	w := newWorld(t)
	dir := filepath.Join(t.TempDir(), "keys")
	w.ledger = docLedger(t, w, dir)
	return w, dir
}

// docLedger is a ledger over w's store and model signing with the current
// key of dir (as a server started on it would).
func docLedger(t *testing.T, w *world, dir string) *ledger.Ledger {
	t.Helper()
	ring, err := keys.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return ledger.New(ledger.Config{Store: w.store, Catalogue: ledger.Catalogue(), Model: w.model, Signer: ring.Signer(), Verifier: ring.Verifier()})
}

// docScored passes participant nip's MOOC (academic_mooc 77.00) and scores
// every other component v, attitude att.
func (w *world) docScored(nip string, v, att domain.Score) {
	w.t.Helper()
	w.passMOOC(nip)
	for _, c := range []struct {
		who  ledger.Principal
		comp participant.Component
		v    domain.Score
	}{
		{lmsA, participant.AttitudeInstitution, att}, {agency, participant.AttitudeAgency, att},
		{lmsA, participant.AcademicElearning, v}, {lmsA, participant.ActualizationDesign, v},
		{lmsA, participant.ActualizationImplementation, v}, {agency, participant.PKTBT, v},
	} {
		if _, err := w.ledger.RecordScore(context.Background(), c.who, nip, score(c.comp, c.v)); err != nil {
			w.t.Fatalf("score %s of %s: %v", c.comp, nip, err)
		}
	}
}

var headOfInstA = cohort.AppointSigner{
	InstitutionID: "inst-a", InstitutionName: "BPSDM Provinsi Jawa Timur", Name: "Dr. Ahmad Santoso, M.Si.",
	NIP: "197001011995031001", Position: "Kepala BPSDM Provinsi Jawa Timur", Place: "Surabaya",
}

// docCohort opens cohort D of inst-a with its signer appointed and six
// participants: 1 (finals highest), 2 and 3 (tied), 4 (lower), all lulus;
// 5 with attitude Kurang (tidak lulus, R-GRAD-3); 6 without scores
// (incomplete). It holds the meeting BA-D-1 and answers it.
func docCohort(t *testing.T, w *world) ledger.MeetingHeld {
	t.Helper()
	ctx := context.Background()
	if _, err := w.ledger.AppointSigner(ctx, admin, headOfInstA); err != nil {
		t.Fatal(err)
	}
	w.open(admin, "D", "inst-a")
	for i, s := range []struct{ v, att domain.Score }{{9500, 9500}, {9000, 9000}, {9000, 9000}, {8600, 8600}, {8500, 6000}} {
		w.docScored(w.enrolledIn("D", i+1), s.v, s.att)
	}
	w.enrolledIn("D", 6)
	held, err := w.ledger.HoldMeeting(ctx, lmsA, ledger.Meeting{CohortID: "D", MeetingRef: "BA-D-1", DecidedOn: "2024-08-02"})
	if err != nil {
		t.Fatal(err)
	}
	return held
}

// docsOf reads a participant's documents as p.
func docsOf(t *testing.T, w *world, p ledger.Principal, nip string) []ledger.DocumentView {
	t.Helper()
	docs, err := w.ledger.ParticipantDocuments(context.Background(), p, nip)
	if err != nil {
		t.Fatalf("documents of %s: %v", nip, err)
	}
	return docs
}

func docNumbers(docs []ledger.DocumentView) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Document.Number)
	}
	return out
}

func TestMeetingIssuesDocuments(t *testing.T) {
	w, _ := signedWorld(t)
	held := docCohort(t, w)

	// Ranks 1, 2, 2, 4: three Piagam (R-AWARD-1), an STTP for every lulus,
	// a Surat Keterangan for the tidak lulus, nothing for the incomplete.
	// Numbered in NIP order (2, 4, 1, 3, 5: see nipOf), a Piagam by rank.
	want := map[string][]string{
		nipOf(2): {"STTP.D.2024.0001", "PIAGAM.D.2024.0002"},
		nipOf(4): {"STTP.D.2024.0002"},
		nipOf(1): {"STTP.D.2024.0003", "PIAGAM.D.2024.0001"},
		nipOf(3): {"STTP.D.2024.0004", "PIAGAM.D.2024.0003"},
		nipOf(5): {"SUKET.D.2024.0001"},
		nipOf(6): nil,
	}
	for nip, numbers := range want {
		docs := docsOf(t, w, lmsA, nip)
		if got := docNumbers(docs); !slices.Equal(got, numbers) {
			t.Errorf("%s holds %v, want %v", nip, got, numbers)
		}
		for _, d := range docs {
			if !d.SignatureValid || !d.Valid() || d.Revocation != nil || !d.Decision.Holds || d.Decision.EvaluationChanged {
				t.Errorf("%s: %+v, want valid, signed, its decision holding", d.Document.Number, d)
			}
		}
	}
	ranks := map[string]int{}
	for _, nip := range []string{nipOf(1), nipOf(2), nipOf(3)} {
		d := docsOf(t, w, admin, nip)[1].Document
		ranks[nip] = d.Rank
	}
	if ranks[nipOf(1)] != 1 || ranks[nipOf(2)] != 2 || ranks[nipOf(3)] != 2 {
		t.Errorf("Piagam ranks %v, want 1, 2, 2", ranks)
	}

	// What an STTP says.
	d := docsOf(t, w, admin, nipOf(1))[0].Document
	if d.Kind != participant.AwardSTTP || d.Title != "Surat Tanda Tamat Pelatihan" || d.Holder.Name != "Peserta 1" ||
		string(d.Holder.NIP) != nipOf(1) || d.Holder.Golongan != "III" || d.Holder.Agency != "pemkab-blitar" ||
		d.Cohort.CohortID != "D" || d.Cohort.StartsOn == "" || d.Issuer.InstitutionID != "inst-a" || d.Issuer.Name != "BPSDM Provinsi Jawa Timur" ||
		d.Programme.Short != "Latsar CPNS" || d.Programme.Ruleset != domain.Ruleset || !strings.Contains(d.Programme.Basis, "Nomor 1 Tahun 2021") ||
		d.Outcome != participant.Lulus || d.Final.Score == nil || d.Final.Qualification == nil ||
		d.MeetingRef != "BA-D-1" || d.DecidedOn != "2024-08-02" || d.IssuedOn != "2024-08-02" || d.Place != "Surabaya" ||
		d.Signer == nil || d.Signer.Name != headOfInstA.Name || string(d.Signer.NIP) != headOfInstA.NIP {
		t.Errorf("STTP %+v", d)
	}
	if sk := docsOf(t, w, admin, nipOf(5))[0].Document; sk.Kind != participant.AwardSuratKeterangan || sk.Outcome != participant.TidakLulus || sk.Title != "Surat Keterangan" {
		t.Errorf("Surat Keterangan %+v", sk)
	}

	// All in the meeting's one append: the claim and the numbering on the
	// cohort, each decision followed by its documents.
	types := map[string]int{}
	for _, e := range held.Events() {
		types[e.Type]++
	}
	if types["GraduationMeetingHeld"] != 1 || types["DocumentsNumbered"] != 1 || types["GraduationDecided"] != 6 || types["DocumentIssued"] != 8 {
		t.Errorf("the meeting recorded %v", types)
	}
	var numbered cohort.DocumentsNumbered
	for _, rec := range w.stream(events.CohortPrefix + "D") {
		if rec.Type == "DocumentsNumbered" {
			_ = json.Unmarshal(rec.Data, &numbered)
		}
	}
	if len(numbered.Documents) != 8 || numbered.MeetingRef != "BA-D-1" || numbered.Year != 2024 {
		t.Errorf("the cohort numbered %+v", numbered)
	}

	// The same meeting again records nothing and changes no document.
	before := w.head()
	again, err := w.ledger.HoldMeeting(context.Background(), lmsA, ledger.Meeting{CohortID: "D", MeetingRef: "BA-D-1", DecidedOn: "2024-08-02"})
	if err != nil || !again.Repeated() || w.recorded(before) != 0 || len(again.Events()) != len(held.Events()) {
		t.Fatalf("the same meeting again: %v, repeated %v, %d recorded, %d events answered (first %d)", err, again.Repeated(), w.recorded(before), len(again.Events()), len(held.Events()))
	}
	if got := docNumbers(docsOf(t, w, admin, nipOf(1))); !slices.Equal(got, want[nipOf(1)]) {
		t.Fatalf("after the same meeting again %v", got)
	}
}

func TestDocumentReadsAndTenants(t *testing.T) {
	w, _ := signedWorld(t)
	docCohort(t, w)
	ctx := context.Background()
	number := "STTP.D.2024.0003" // participant 1's
	for _, tc := range []struct {
		name string
		who  ledger.Principal
		code domain.Code
	}{
		{"the institution reads", lmsA, ""},
		{"the home agency reads", agency, ""},
		{"an auditor reads", auditor, ""},
		{"a dashboard reads", dashboard, ""},
		{"another institution finds nothing", lmsB, domain.CodeNotFound},
		{"another agency finds nothing", agencyMalang, domain.CodeNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := w.ledger.Document(ctx, tc.who, number)
			wantCode(t, err, tc.code, "")
			if err == nil && (d.Document.Number != number || !d.Valid()) {
				t.Fatalf("%+v", d)
			}
			_, err = w.ledger.ParticipantDocuments(ctx, tc.who, nipOf(1))
			wantCode(t, err, tc.code, "")
		})
	}
	for _, n := range []string{"STTP.D.2024.0099", "STTP.NOPE.2024.0001", "nonsense", "STTP.D.2024.1", "STTP..2024.0001"} {
		_, err := w.ledger.Document(ctx, admin, n)
		wantCode(t, err, domain.CodeNotFound, "")
		if pub, err := w.ledger.VerifyPublic(ctx, n); err != nil || pub.Status != ledger.StatusUnknown || pub.HolderName != "" {
			t.Errorf("public %s: %+v %v, want unknown and nothing else", n, pub, err)
		}
	}

	// The public view: status, kind, holder's name, institution; the score
	// only once the institution allows it.
	pub, err := w.ledger.VerifyPublic(ctx, number)
	if err != nil || pub.Status != ledger.StatusValid || pub.Kind != participant.AwardSTTP || pub.HolderName != "Peserta 1" ||
		pub.Institution != "BPSDM Provinsi Jawa Timur" || pub.Final != nil {
		t.Fatalf("public %+v %v", pub, err)
	}
	allow := headOfInstA
	allow.PublicScores = true
	if _, err := w.ledger.AppointSigner(ctx, lmsA, allow); err != nil {
		t.Fatal(err)
	}
	if pub, _ := w.ledger.VerifyPublic(ctx, number); pub.Final == nil || pub.Final.Score == nil {
		t.Fatalf("public with scores allowed %+v", pub)
	}
}

func TestAppointSigner(t *testing.T) {
	w, _ := signedWorld(t)
	ctx := context.Background()
	bad := headOfInstA
	bad.NIP = "123"
	other := headOfInstA
	other.InstitutionID = "inst-b"
	for _, tc := range []struct {
		name    string
		who     ledger.Principal
		cmd     cohort.AppointSigner
		code    domain.Code
		written int
	}{
		{"an auditor may not", auditor, headOfInstA, domain.CodeForbidden, 0},
		{"another institution's lms finds nothing", lmsB, headOfInstA, domain.CodeNotFound, 0},
		{"a malformed NIP is refused", admin, bad, domain.CodeInvalid, 0},
		{"the institution appoints its head", lmsA, headOfInstA, "", 1},
		{"the same head again records nothing", admin, headOfInstA, "", 0},
		{"an admin appoints for any institution", admin, other, "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.head()
			_, err := w.ledger.AppointSigner(ctx, tc.who, tc.cmd)
			wantCode(t, err, tc.code, "")
			if got := w.recorded(before); got != tc.written {
				t.Fatalf("%d recorded, want %d", got, tc.written)
			}
		})
	}
	s, err := w.ledger.InstitutionSigner(ctx, lmsA, "inst-a")
	if err != nil || s.Name != headOfInstA.Name || s.Place != "Surabaya" {
		t.Fatalf("signer %+v %v", s, err)
	}
	_, err = w.ledger.InstitutionSigner(ctx, lmsB, "inst-a")
	wantCode(t, err, domain.CodeNotFound, "")
	_, err = w.ledger.InstitutionSigner(ctx, admin, "inst-none")
	wantCode(t, err, domain.CodeNotFound, "")
}

func TestRedecisionRevokesAndReissues(t *testing.T) {
	w, dir := signedWorld(t)
	docCohort(t, w)
	ctx := context.Background()

	// The key rotates between the meeting and the redecision: the
	// meeting's documents stay valid, the redecision's are signed anew.
	oldKid := docsOf(t, w, admin, nipOf(2))[0].KeyID
	if _, _, err := keys.Rotate(dir); err != nil {
		t.Fatal(err)
	}
	w.ledger = docLedger(t, w, dir)

	// Participant 2 (STTP 0001, Piagam 0002, rank 2): a score corrected after the
	// meeting; the decision stands, the document says its evaluation changed.
	var pktbt string
	for _, rec := range w.stream(events.ParticipantPrefix + nipOf(2)) {
		var s participant.ComponentScored
		if rec.Type == "ComponentScored" && json.Unmarshal(rec.Data, &s) == nil && s.Component == participant.PKTBT {
			pktbt = rec.ID
		}
	}
	if _, err := w.ledger.Correct(ctx, admin, ledger.Correct{NIP: nipOf(2), EventID: pktbt, Reason: "salah ketik", Replacement: replacing{score: score(participant.PKTBT, 9200)}}); err != nil {
		t.Fatal(err)
	}
	old := docsOf(t, w, admin, nipOf(2))
	if !old[0].Decision.Holds || !old[0].Decision.EvaluationChanged || !old[0].Valid() {
		t.Fatalf("after the correction: %+v", old[0])
	}
	decision := old[0].Document.MeetingRef
	var decisionID string
	for _, rec := range w.stream(events.ParticipantPrefix + nipOf(2)) {
		if rec.Type == "GraduationDecided" {
			decisionID = rec.ID
		}
	}
	filed, err := w.ledger.FileDispute(ctx, agency, ledger.FileDispute{NIP: nipOf(2), DecisionEventID: decisionID, Reason: "nilai PKTBT keliru"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.ledger.ResolveDispute(ctx, admin, filed.Dispute.DisputeID, ledger.Resolution{Outcome: participant.Upheld, Note: "berita acara menunjukkan 92"}); err != nil {
		t.Fatal(err)
	}
	if d := docsOf(t, w, admin, nipOf(2))[0]; d.Decision.Holds || d.Decision.Dispute == nil || !d.Valid() {
		t.Fatalf("an upheld dispute awaiting its redecision: %+v", d)
	}

	before := w.head()
	red, err := w.ledger.Redecide(ctx, admin, ledger.Redecide{NIP: nipOf(2), MeetingRef: "BA-D-SENGKETA", DecidedOn: "2024-09-02", DisputeID: filed.Dispute.DisputeID})
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	for _, e := range red.Events() {
		types[e.Type]++
	}
	if w.recorded(before) != 6 || types["GraduationDecided"] != 1 || types["DocumentRevoked"] != 2 || types["DocumentIssued"] != 2 || types["DocumentsNumbered"] != 1 {
		t.Fatalf("the redecision recorded %d events: %v", w.recorded(before), types)
	}

	docs := docsOf(t, w, admin, nipOf(2))
	if got := docNumbers(docs); !slices.Equal(got, []string{"STTP.D.2024.0001", "PIAGAM.D.2024.0002", "STTP.D.2024.0005", "PIAGAM.D.2024.0004"}) {
		t.Fatalf("documents %v", got)
	}
	for i, replacement := range []string{"STTP.D.2024.0005", "PIAGAM.D.2024.0004"} {
		r := docs[i].Revocation
		if r == nil || r.ReplacedBy != replacement || r.MeetingRef != "BA-D-SENGKETA" || r.DisputeID != filed.Dispute.DisputeID ||
			!strings.Contains(r.Reason, filed.Dispute.DisputeID) || r.RevokedOn != "2024-09-02" || docs[i].Valid() {
			t.Errorf("%s revoked %+v, valid %v", docs[i].Document.Number, r, docs[i].Valid())
		}
		if !docs[i].SignatureValid || docs[i].KeyID != oldKid {
			t.Errorf("%s: the old key's signature no longer holds after rotation (%s)", docs[i].Document.Number, docs[i].SignatureProblem)
		}
		if d := docs[i].Decision; d.Holds || d.SupersededBy != "BA-D-SENGKETA" || d.MeetingRef != decision {
			t.Errorf("%s: decision %+v, want superseded", docs[i].Document.Number, d)
		}
		n := docs[i+2]
		if !n.Valid() || n.Document.Replaces != docs[i].Document.Number || n.KeyID == oldKid || !n.Decision.Holds || n.Document.MeetingRef != "BA-D-SENGKETA" {
			t.Errorf("new document %+v", n)
		}
	}
	if docs[3].Document.Rank != 2 {
		t.Errorf("the new Piagam keeps rank %d, want 2", docs[3].Document.Rank)
	}
	if pub, _ := w.ledger.VerifyPublic(ctx, "STTP.D.2024.0001"); pub.Status != ledger.StatusRevoked {
		t.Errorf("public view of the revoked STTP: %+v", pub)
	}

	// The same redecision again records nothing.
	before = w.head()
	if again, err := w.ledger.Redecide(ctx, admin, ledger.Redecide{NIP: nipOf(2), MeetingRef: "BA-D-SENGKETA", DecidedOn: "2024-09-02", DisputeID: filed.Dispute.DisputeID}); err != nil || !again.Repeated() || w.recorded(before) != 0 {
		t.Fatalf("the same redecision again: %v, repeated %v", err, again.Repeated())
	}
}

func TestTamperedDocumentDoesNotHold(t *testing.T) {
	w, _ := signedWorld(t)
	docCohort(t, w)
	ctx := context.Background()
	// Someone who can write the log appends a document for participant 4
	// under an existing number's JWS with a better score.
	docs := docsOf(t, w, admin, nipOf(4))
	forged := participant.DocumentIssued{Document: docs[0].Document, JWS: docs[0].JWS, KeyID: docs[0].KeyID}
	forged.Number = "PIAGAM.D.2024.0009"
	forged.Kind, forged.Rank = participant.AwardPiagam, 1
	data, _ := json.Marshal(forged)
	if _, err := w.store.Append(ctx, events.ParticipantPrefix+nipOf(4), events.Any, []events.Proposed{{ID: "0190d7bc-e800-77d1-9453-451adc1938bb", Type: "DocumentIssued", Data: data}}); err != nil {
		t.Fatal(err)
	}
	docs = docsOf(t, w, admin, nipOf(4))
	if len(docs) != 2 || docs[1].SignatureValid || docs[1].Valid() || !strings.Contains(docs[1].SignatureProblem, "other content") {
		t.Fatalf("a forged document: %+v", docs[len(docs)-1])
	}
	// An unsigned ledger records documents it cannot vouch for, and says so.
	w2 := newWorld(t)
	w2.open(admin, "U", "inst-a")
	nip := w2.enrolledIn("U", 1)
	w2.docScored(nip, 9000, 9000)
	if _, err := w2.ledger.HoldMeeting(ctx, admin, ledger.Meeting{CohortID: "U", MeetingRef: "BA-U", DecidedOn: "2024-08-02"}); err != nil {
		t.Fatal(err)
	}
	if d := docsOf(t, w2, admin, nip); len(d) != 2 || d[0].Valid() || d[0].Document.Signer != nil || d[0].Document.Issuer.Name != "inst-a" {
		t.Fatalf("unsigned documents without an appointed signer: %+v", d)
	}
}

// TestRevokedWithoutReplacementThenRepeatMeeting: a redecision that defers
// revokes the documents and issues none; the repeat meeting then issues
// the STTP (and no Piagam: only the first meeting ranks).
func TestRevokedWithoutReplacementThenRepeatMeeting(t *testing.T) {
	w, _ := signedWorld(t)
	ctx := context.Background()
	w.open(admin, "R", "inst-a")
	nip := w.enrolledIn("R", 1)
	w.docScored(nip, 9000, 9000)
	if _, err := w.ledger.HoldMeeting(ctx, admin, ledger.Meeting{CohortID: "R", MeetingRef: "BA-R-1", DecidedOn: "2024-08-02"}); err != nil {
		t.Fatal(err)
	}
	if got := docNumbers(docsOf(t, w, admin, nip)); !slices.Equal(got, []string{"STTP.R.2024.0001", "PIAGAM.R.2024.0001"}) {
		t.Fatalf("after the meeting %v", got)
	}
	// The e-learning score was 55, not 90: corrected, disputed, redecided: ditunda.
	var elearning, decision string
	for _, rec := range w.stream(events.ParticipantPrefix + nip) {
		var s participant.ComponentScored
		if rec.Type == "ComponentScored" && json.Unmarshal(rec.Data, &s) == nil && s.Component == participant.AcademicElearning {
			elearning = rec.ID
		}
		if rec.Type == "GraduationDecided" {
			decision = rec.ID
		}
	}
	if _, err := w.ledger.Correct(ctx, admin, ledger.Correct{NIP: nip, EventID: elearning, Reason: "nilai tertukar", Replacement: replacing{score: score(participant.AcademicElearning, 5500)}}); err != nil {
		t.Fatal(err)
	}
	filed, err := w.ledger.FileDispute(ctx, auditor, ledger.FileDispute{NIP: nip, DecisionEventID: decision, Reason: "nilai e-learning keliru"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.ledger.ResolveDispute(ctx, admin, filed.Dispute.DisputeID, ledger.Resolution{Outcome: participant.Upheld, Note: "55"}); err != nil {
		t.Fatal(err)
	}
	red, err := w.ledger.Redecide(ctx, admin, ledger.Redecide{NIP: nip, MeetingRef: "BA-R-SENGKETA", DecidedOn: "2024-08-05", DisputeID: filed.Dispute.DisputeID})
	if err != nil || red.Decision.Outcome != participant.Ditunda {
		t.Fatalf("redecision %+v %v, want ditunda", red.Decision.Outcome, err)
	}
	docs := docsOf(t, w, admin, nip)
	if len(docs) != 2 {
		t.Fatalf("after a deferring redecision %v", docNumbers(docs))
	}
	for _, d := range docs {
		if d.Valid() || d.Revocation == nil || d.Revocation.ReplacedBy != "" || d.Decision.Holds {
			t.Errorf("%s: %+v, want revoked without replacement", d.Document.Number, d)
		}
	}
	for _, rec := range w.stream(events.CohortPrefix + "R") {
		if rec.Type == "DocumentsNumbered" && strings.Contains(string(rec.Data), "BA-R-SENGKETA") {
			t.Errorf("a redecision that issues nothing numbered %s", rec.Data)
		}
	}

	// The remedial, then the repeat meeting: lulus, an STTP, no Piagam.
	if _, err := w.ledger.TakeRemedial(ctx, lmsA, nip, ledger.Remedial{Component: participant.AcademicElearning, Score: 9000, TakenOn: "2024-08-06"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ledger.HoldMeeting(ctx, lmsA, ledger.Meeting{CohortID: "R", MeetingRef: "BA-R-ULANG", DecidedOn: "2024-08-07", Repeat: true}); err != nil {
		t.Fatal(err)
	}
	docs = docsOf(t, w, admin, nip)
	if got := docNumbers(docs); !slices.Equal(got, []string{"STTP.R.2024.0001", "PIAGAM.R.2024.0001", "STTP.R.2024.0002"}) {
		t.Fatalf("after the repeat meeting %v", got)
	}
	if n := docs[2]; !n.Valid() || n.Document.Replaces != "" || n.Document.MeetingRef != "BA-R-ULANG" || n.Document.Outcome != participant.Lulus {
		t.Fatalf("the repeat meeting's STTP %+v", n)
	}
}
