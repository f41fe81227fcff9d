package tests

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/latsar/ledger/certificate"
	"github.com/latsar/ledger/keys"
)

// Documents (issue 13) over HTTP. Helpers are prefixed doc.

var docSigner = map[string]any{
	"institution_name": "BPSDM Provinsi Jawa Timur", "name": "Dr. Ahmad Santoso, M.Si.", "nip": "197001011995031001",
	"position": "Kepala BPSDM Provinsi Jawa Timur", "place": "Surabaya",
}

// docCohort opens cohort id (bpsdm-jatim) with five participants whose
// finals are 95, 90, 90, 85 (ranks 1, 2, 2, 4) and 60 (tidak lulus), and
// holds its meeting; it answers the NIPs and the meeting's answer.
func docCohort(t *testing.T, e *env, id string) ([]string, response) {
	t.Helper()
	nips := e.openCohort(id, 5)
	scnParallel(len(nips), func(i int) { scnLearn(t, e, nips[i], scnUniform([]float64{95, 90, 90, 85, 60}[i])) })
	if t.Failed() {
		t.FailNow()
	}
	r := e.do(e.lms(), "POST", "/v1/cohorts/"+id+"/graduation", gradMeeting("2024-08-02", "BA-"+id))
	mustStatus(t, r, http.StatusCreated)
	return nips, r
}

// docList reads a participant's documents (number -> document).
func docList(t *testing.T, e *env, token, nip string) (numbers []string, docs map[string]map[string]any) {
	t.Helper()
	r := e.do(token, "GET", "/v1/participants/"+nip+"/documents", nil)
	mustStatus(t, r, http.StatusOK)
	docs = map[string]map[string]any{}
	for _, d := range r.json(t)["documents"].([]any) {
		m := d.(map[string]any)
		numbers = append(numbers, m["number"].(string))
		docs[m["number"].(string)] = m
	}
	return numbers, docs
}

// docJWKS fetches the published keys as an outsider does.
func docJWKS(t *testing.T, e *env) *keys.Verifier {
	t.Helper()
	r := e.do("", "GET", "/.well-known/jwks.json", nil)
	mustStatus(t, r, http.StatusOK)
	if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "max-age") {
		t.Errorf("JWKS Cache-Control %q, want it cacheable", cc)
	}
	v, err := keys.ParseJWKS(r.body)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// docPDFText is the text of a PDF (pdftotext, Debian poppler-utils).
func docPDFText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
	}
	path := filepath.Join(t.TempDir(), "d.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestDocumentsOverHTTP(t *testing.T) {
	e := start(t)
	lms, otherLMS, agency, otherAgency := e.lms(), e.otherLMS(), e.agency(), e.otherAgency()
	signer := "/v1/institutions/bpsdm-jatim/signer"
	badNIP := map[string]any{}
	for k, v := range docSigner {
		badNIP[k] = v
	}
	badNIP["nip"] = "12345"
	runCases(t, e, []apiCase{
		{name: "signer-unknown-404", token: admin, method: "GET", path: signer, want: 404},
		{name: "signer-dashboard-403", token: func(e *env) string { return e.dashboard() }, method: "PUT", path: signer, body: docSigner, want: 403},
		{name: "signer-other-lms-404", token: func(e *env) string { return otherLMS }, method: "PUT", path: signer, body: docSigner, want: 404},
		{name: "signer-bad-nip-422", token: func(e *env) string { return lms }, method: "PUT", path: signer, body: badNIP, want: 422, check: problem("R-NIP-1", "nip")},
		{name: "signer-unknown-field-422", token: func(e *env) string { return lms }, method: "PUT", path: signer, body: map[string]any{"name": "x", "title": "y"}, want: 422, check: problem("", "title")},
		{name: "signer-lms-201", token: func(e *env) string { return lms }, method: "PUT", path: signer, body: docSigner, want: 201, check: field("signer.place", "Surabaya")},
		{name: "signer-again-200", token: admin, method: "PUT", path: signer, body: docSigner, want: 200},
		{name: "signer-read-lms-200", token: func(e *env) string { return lms }, method: "GET", path: signer, want: 200, check: field("name", "Dr. Ahmad Santoso, M.Si.")},
		{name: "signer-read-other-lms-404", token: func(e *env) string { return otherLMS }, method: "GET", path: signer, want: 404},
	})

	nips, meeting := docCohort(t, e, "DOCS")
	types := map[string]int{}
	for _, ev := range meeting.json(t)["events"].([]any) {
		types[ev.(map[string]any)["type"].(string)]++
	}
	// 4 STTP, 3 Piagam (ranks 1, 2, 2), 1 Surat Keterangan, in the meeting's append.
	if types["DocumentIssued"] != 8 || types["DocumentsNumbered"] != 1 || types["GraduationDecided"] != 5 {
		t.Fatalf("the meeting recorded %v", types)
	}
	// Numbered in NIP order (participants 0, 2, 1, 3: see nip), a Piagam by rank.
	want := map[int][]string{
		0: {"STTP.DOCS.2024.0001", "PIAGAM.DOCS.2024.0001"},
		1: {"STTP.DOCS.2024.0003", "PIAGAM.DOCS.2024.0003"},
		2: {"STTP.DOCS.2024.0002", "PIAGAM.DOCS.2024.0002"},
		3: {"STTP.DOCS.2024.0004"},
		4: {"SUKET.DOCS.2024.0001"},
	}
	jwks := docJWKS(t, e)
	all := map[string]map[string]any{}
	for i, n := range nips {
		numbers, docs := docList(t, e, agency, n)
		if !slices.Equal(numbers, want[i]) {
			t.Errorf("participant %d holds %v, want %v", i, numbers, want[i])
		}
		for number, d := range docs {
			all[number] = d
			scnWant(t, number, d, map[string]any{"valid": true, "signature_valid": true, "revoked": false, "revocation": nil,
				"decision.holds": true, "content.holder.nip": n, "content.issuer.name": "BPSDM Provinsi Jawa Timur",
				"content.signer.name": "Dr. Ahmad Santoso, M.Si.", "content.place": "Surabaya", "content.meeting_ref": "BA-DOCS"})
			// An outsider verifies with the published keys alone, and the
			// JWS signs exactly the content answered.
			payload, kid, err := jwks.VerifyJWS(d["jws"].(string))
			if err != nil || kid != d["kid"] {
				t.Fatalf("%s does not verify with /.well-known/jwks.json: %v", number, err)
			}
			var signed any
			_ = json.Unmarshal(payload, &signed)
			if !reflect.DeepEqual(signed, d["content"]) {
				t.Errorf("%s: the JWS signs %s, the answer's content is %v", number, payload, d["content"])
			}
		}
	}
	ranks := []any{scnDig(all["PIAGAM.DOCS.2024.0001"], "content.rank"), scnDig(all["PIAGAM.DOCS.2024.0002"], "content.rank"), scnDig(all["PIAGAM.DOCS.2024.0003"], "content.rank")}
	if !reflect.DeepEqual(ranks, []any{1.0, 2.0, 2.0}) {
		t.Errorf("Piagam ranks %v, want 1, 2, 2", ranks)
	}

	// A tampered JWS, or one under a key nobody published, fails.
	jws := all["STTP.DOCS.2024.0004"]["jws"].(string)
	parts := strings.Split(jws, ".")
	body, _ := base64.RawURLEncoding.DecodeString(parts[1])
	forged := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(body), `"score":85`, `"score":95`, 1))) + "." + parts[2]
	if _, _, err := jwks.VerifyJWS(forged); err == nil {
		t.Error("a JWS whose score was raised verifies")
	}
	if _, _, err := keys.NewVerifier().VerifyJWS(jws); err == nil {
		t.Error("a JWS under a kid not in the key set verifies")
	}

	sttp := "/v1/documents/STTP.DOCS.2024.0001"
	runCases(t, e, []apiCase{
		{name: "document-lms-200", token: func(e *env) string { return lms }, method: "GET", path: sttp, want: 200, check: field("valid", true)},
		{name: "document-auditor-200", token: func(e *env) string { return e.auditor() }, method: "GET", path: sttp, want: 200},
		{name: "document-dashboard-200", token: func(e *env) string { return e.dashboard() }, method: "GET", path: sttp, want: 200},
		{name: "document-other-lms-404", token: func(e *env) string { return otherLMS }, method: "GET", path: sttp, want: 404, check: problem("", "")},
		{name: "document-other-agency-404", token: func(e *env) string { return otherAgency }, method: "GET", path: sttp, want: 404},
		{name: "document-pdf-other-lms-404", token: func(e *env) string { return otherLMS }, method: "GET", path: sttp + ".pdf", want: 404},
		{name: "document-no-token-401", token: nobody, method: "GET", path: sttp, want: 401},
		{name: "document-unknown-404", token: admin, method: "GET", path: "/v1/documents/STTP.DOCS.2024.0099", want: 404},
		{name: "document-malformed-404", token: admin, method: "GET", path: "/v1/documents/nonsense", want: 404},
		{name: "documents-other-lms-404", token: func(e *env) string { return otherLMS }, method: "GET", path: "/v1/participants/" + nips[0] + "/documents", want: 404},
		{name: "documents-other-agency-404", token: func(e *env) string { return otherAgency }, method: "GET", path: "/v1/participants/" + nips[0] + "/documents", want: 404},
		{name: "documents-unknown-404", token: admin, method: "GET", path: "/v1/participants/199001012020011999/documents", want: 404},
	})

	// The printable document: its text holds the fields, its JWS is inside.
	for _, how := range []struct{ path, accept string }{{sttp + ".pdf", ""}, {sttp, "application/pdf"}} {
		r := e.do(lms, "GET", how.path, nil, "Accept", how.accept)
		mustStatus(t, r, http.StatusOK)
		if ct := r.header.Get("Content-Type"); ct != "application/pdf" {
			t.Fatalf("%s: content-type %q", how.path, ct)
		}
		text := docPDFText(t, r.body)
		for _, w := range []string{"SURAT TANDA TAMAT PELATIHAN", "Nomor: STTP.DOCS.2024.0001", "Peserta 0", nips[0][:8] + " " + nips[0][8:14],
			"Pelatihan Dasar Calon Pegawai Negeri Sipil", "Latsar CPNS", "3 Juni 2024", "2 Agustus 2024", "Nomor 1 Tahun 2021",
			"LULUS", "95", "SANGAT MEMUASKAN", "Surabaya, 2 Agustus 2024", "Dr. Ahmad Santoso, M.Si.", "NIP 19700101 199503 1 001",
			"/verify/STTP.DOCS.2024.0001"} {
			if !strings.Contains(text, w) {
				t.Errorf("the PDF's text lacks %q:\n%s", w, text)
			}
		}
		if got, err := certificate.JWSOf(r.body); err != nil || got != all["STTP.DOCS.2024.0001"]["jws"] {
			t.Errorf("the PDF carries JWS %q (%v)", got, err)
		}
	}

	// The public page shows the status, the kind, the holder's name and the
	// institution, and nothing more.
	r := e.do("", "GET", "/verify/STTP.DOCS.2024.0004", nil)
	mustStatus(t, r, http.StatusOK)
	page := string(r.body)
	for _, w := range []string{`data-status="valid"`, "SAH", "Surat Tanda Tamat Pelatihan", "Peserta 3", "BPSDM Provinsi Jawa Timur"} {
		if !strings.Contains(page, w) {
			t.Errorf("the public page lacks %q:\n%s", w, page)
		}
	}
	for _, never := range []string{nips[3], nips[3][:8], "pemkab-blitar", "85", "MEMUASKAN", "emuaskan", "BA-DOCS", "DOCS.2024.0004\"", "jws", "Ahmad"} {
		if strings.Contains(strings.ReplaceAll(page, "STTP.DOCS.2024.0004", ""), never) {
			t.Errorf("the public page shows %q:\n%s", never, page)
		}
	}
	if r.header.Get("X-Robots-Tag") == "" || r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("public page headers %v", r.header)
	}
	r = e.do("", "GET", "/verify/STTP.DOCS.2024.0099", nil)
	mustStatus(t, r, http.StatusNotFound)
	if !strings.Contains(string(r.body), `data-status="unknown"`) || strings.Contains(string(r.body), "Peserta") {
		t.Errorf("the page of an unknown number:\n%s", r.body)
	}
	// With the institution's leave, the score too.
	allow := map[string]any{"public_scores": true}
	for k, v := range docSigner {
		allow[k] = v
	}
	mustStatus(t, e.do(lms, "PUT", signer, allow), http.StatusCreated)
	if r := e.do("", "GET", "/verify/STTP.DOCS.2024.0004", nil); !strings.Contains(string(r.body), "85,00 (Memuaskan)") {
		t.Errorf("the public page with scores allowed:\n%s", r.body)
	}

	// A dispute upheld and the redecision: the old documents are revoked
	// (why, and by what replaced), the new ones issued, in one append.
	var decisionID string
	for _, ev := range meeting.json(t)["events"].([]any) {
		m := ev.(map[string]any)
		if m["type"] == "GraduationDecided" && m["stream"] == "participant-"+nips[3] {
			decisionID = m["id"].(string)
		}
	}
	r = e.do(agency, "POST", "/v1/participants/"+nips[3]+"/disputes", map[string]any{"decision_event_id": decisionID, "reason": "nilai keliru"})
	mustStatus(t, r, http.StatusCreated)
	dispute := r.json(t)["dispute"].(map[string]any)["dispute_id"].(string)
	mustStatus(t, e.do(adminSecret, "POST", "/v1/disputes/"+dispute+"/resolution", map[string]any{"outcome": "upheld", "note": "berita acara"}), http.StatusCreated)
	if _, docs := docList(t, e, lms, nips[3]); docs["STTP.DOCS.2024.0004"]["valid"] != true || scnDig(docs["STTP.DOCS.2024.0004"], "decision.holds") != false {
		t.Errorf("an upheld dispute awaiting redecision: %v", docs["STTP.DOCS.2024.0004"])
	}
	r = e.do(adminSecret, "POST", "/v1/participants/"+nips[3]+"/redecision", map[string]any{"decided_on": "2024-09-02", "meeting_ref": "BA-DOCS-SENGKETA", "dispute_id": dispute})
	mustStatus(t, r, http.StatusCreated)
	types = map[string]int{}
	for _, ev := range r.json(t)["events"].([]any) {
		types[ev.(map[string]any)["type"].(string)]++
	}
	if types["GraduationDecided"] != 1 || types["DocumentRevoked"] != 1 || types["DocumentIssued"] != 1 || types["DocumentsNumbered"] != 1 {
		t.Errorf("the redecision recorded %v", types)
	}
	r = e.do(lms, "GET", "/v1/documents/STTP.DOCS.2024.0004", nil)
	mustStatus(t, r, http.StatusOK)
	scnWant(t, "the revoked STTP", r.json(t), map[string]any{"valid": false, "signature_valid": true, "revoked": true,
		"revocation.replaced_by": "STTP.DOCS.2024.0005", "revocation.meeting_ref": "BA-DOCS-SENGKETA", "revocation.dispute_id": dispute,
		"decision.holds": false, "decision.superseded_by": "BA-DOCS-SENGKETA"})
	if reason, _ := scnDig(r.json(t), "revocation.reason").(string); !strings.Contains(reason, dispute) {
		t.Errorf("revocation reason %q", reason)
	}
	r = e.do(lms, "GET", "/v1/documents/STTP.DOCS.2024.0005", nil)
	mustStatus(t, r, http.StatusOK)
	scnWant(t, "the new STTP", r.json(t), map[string]any{"valid": true, "content.replaces": "STTP.DOCS.2024.0004", "decision.holds": true})
	if r := e.do("", "GET", "/verify/STTP.DOCS.2024.0004", nil); !strings.Contains(string(r.body), `data-status="revoked"`) || !strings.Contains(string(r.body), "DICABUT") {
		t.Errorf("the public page of a revoked document:\n%s", r.body)
	}
	// Printed after its revocation, it says so.
	r = e.do(lms, "GET", "/v1/documents/STTP.DOCS.2024.0004.pdf", nil)
	mustStatus(t, r, http.StatusOK)
	if text := docPDFText(t, r.body); !strings.Contains(text, "DOKUMEN INI TELAH DICABUT pada 2024-09-02 dan digantikan oleh dokumen nomor STTP.DOCS.2024.0005") {
		t.Errorf("the revoked document prints:\n%s", text)
	}
}

func TestDocumentsSurviveKeyRotation(t *testing.T) {
	dir := t.TempDir()
	e := startIn(t, dir)
	e.lms()
	e.agency()
	nips, _ := docCohort(t, e, "ROT")
	_, before := docList(t, e, adminSecret, nips[0])
	oldKid := before["STTP.ROT.2024.0001"]["kid"]
	e.close()

	kid, previous, err := keys.Rotate(filepath.Join(dir, "keys"))
	if err != nil || previous != oldKid {
		t.Fatalf("rotate: %v (previous %s, documents signed by %v)", err, previous, oldKid)
	}
	e = startIn(t, dir)
	jwks := docJWKS(t, e)
	if len(jwks.JWKS().Keys) != 2 {
		t.Fatalf("after rotation /.well-known/jwks.json lists %d keys, want the old and the new", len(jwks.JWKS().Keys))
	}
	_, after := docList(t, e, adminSecret, nips[0])
	for number, d := range after {
		if d["valid"] != true || d["kid"] != oldKid {
			t.Errorf("%s after rotation: valid %v, kid %v", number, d["valid"], d["kid"])
		}
		if _, _, err := jwks.VerifyJWS(d["jws"].(string)); err != nil {
			t.Errorf("%s no longer verifies with the published keys: %v", number, err)
		}
	}
	// What is issued now is signed with the new key.
	var decisionID string
	for _, ev := range gradLog(t, e) {
		if ev["type"] == "GraduationDecided" && ev["stream"] == "participant-"+nips[4] {
			decisionID = ev["id"].(string)
		}
	}
	r := e.do(e.agency(), "POST", "/v1/participants/"+nips[4]+"/disputes", map[string]any{"decision_event_id": decisionID, "reason": "nilai keliru"})
	mustStatus(t, r, http.StatusCreated)
	dispute := r.json(t)["dispute"].(map[string]any)["dispute_id"].(string)
	mustStatus(t, e.do(adminSecret, "POST", "/v1/disputes/"+dispute+"/resolution", map[string]any{"outcome": "upheld", "note": "x"}), http.StatusCreated)
	mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+nips[4]+"/redecision", map[string]any{"decided_on": "2024-09-02", "meeting_ref": "BA-ROT-2", "dispute_id": dispute}), http.StatusCreated)
	_, docs := docList(t, e, adminSecret, nips[4])
	if d := docs["SUKET.ROT.2024.0002"]; d == nil || d["kid"] != kid || d["valid"] != true || docs["SUKET.ROT.2024.0001"]["valid"] != false {
		t.Fatalf("after the redecision: %v", docs)
	}
}
