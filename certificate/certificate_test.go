package certificate_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latsar/ledger/certificate"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
)

func sample(kind string) participant.Document {
	final := domain.Score(8550)
	q := participant.Memuaskan
	d := participant.Document{
		Number: "STTP.DEMO-2024-III-01.2024.0001", Kind: kind, Title: participant.DocumentTitles[kind],
		Holder: participant.Holder{Name: "Siti Nurhaliza", NIP: "199901012024012001", Golongan: "III/a", Agency: "pemkab-blitar"},
		Cohort: participant.DocumentCohort{CohortID: "DEMO-2024-III-01", Name: "Angkatan III", StartsOn: "2024-06-03", EndsOn: "2024-08-02"},
		Issuer: participant.Issuer{InstitutionID: "bpsdm-jatim", Name: "BPSDM Provinsi Jawa Timur"},
		Programme: participant.Programme{Name: participant.ProgrammeName, Short: participant.ProgrammeShort,
			Basis: participant.ProgrammeBasis, Ruleset: domain.Ruleset},
		Outcome: participant.Lulus, Final: participant.Graded{Score: &final, Qualification: &q},
		MeetingRef: "BA-RAPAT-1", DecidedOn: "2024-08-02", IssuedOn: "2024-08-02", Place: "Surabaya",
		Signer: &cohort.Signer{Name: "Dr. Ahmad Santoso, M.Si.", NIP: "197001011995031001", Position: "Kepala BPSDM Provinsi Jawa Timur"},
	}
	if kind == participant.AwardPiagam {
		d.Number, d.Rank = "PIAGAM.DEMO-2024-III-01.2024.0002", 2
	}
	if kind == participant.AwardSuratKeterangan {
		d.Number, d.Outcome = "SUKET.DEMO-2024-III-01.2024.0001", participant.TidakLulus
	}
	return d
}

// pdfText extracts a PDF's text with pdftotext (Debian poppler-utils).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestRenderHoldsTheFields(t *testing.T) {
	const jws = "eyJhbGciOiJFZERTQSJ9.eyJudW1iZXIiOiJ4In0.c2lnbmF0dXJl"
	const url = "https://latsar.example.go.id/verify/STTP.DEMO-2024-III-01.2024.0001"
	for kind, want := range map[string][]string{
		participant.AwardSTTP: {"SURAT TANDA TAMAT PELATIHAN", "Nomor: STTP.DEMO-2024-III-01.2024.0001", "Siti Nurhaliza",
			"19990101 202401 2 001", "III/a", "pemkab-blitar", "Pelatihan Dasar Calon Pegawai Negeri Sipil", "Latsar CPNS",
			"Angkatan III", "3 Juni 2024", "2 Agustus 2024", "Peraturan Lembaga Administrasi Negara Nomor 1 Tahun 2021",
			"LULUS", "85,50", "MEMUASKAN", "Surabaya, 2 Agustus 2024", "Kepala BPSDM Provinsi Jawa Timur",
			"Dr. Ahmad Santoso, M.Si.", "NIP 19700101 199503 1 001", "BA-RAPAT-1", "BPSDM PROVINSI JAWA TIMUR", url},
		participant.AwardPiagam:          {"PIAGAM PENGHARGAAN", "PIAGAM.DEMO-2024-III-01.2024.0002", "Peserta Terbaik II", "Siti Nurhaliza"},
		participant.AwardSuratKeterangan: {"SURAT KETERANGAN", "SUKET.DEMO-2024-III-01.2024.0001", "TIDAK LULUS", "menerangkan bahwa"},
	} {
		t.Run(kind, func(t *testing.T) {
			pdf, err := certificate.Render(sample(kind), jws, certificate.Options{VerifyURL: url})
			if err != nil {
				t.Fatal(err)
			}
			if !certificate.IsPDF(pdf) {
				t.Fatalf("not a PDF: %q", pdf[:20])
			}
			if !bytes.Contains(pdf, []byte("/MediaBox [0 0 595.28 841.89]")) {
				t.Error("not an A4 page")
			}
			text := pdfText(t, pdf)
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("the PDF's text lacks %q:\n%s", w, text)
				}
			}
			got, err := certificate.JWSOf(pdf)
			if err != nil || got != jws {
				t.Fatalf("embedded JWS %q, %v; want %q", got, err, jws)
			}
			again, _ := certificate.Render(sample(kind), jws, certificate.Options{VerifyURL: url})
			if !bytes.Equal(again, pdf) {
				t.Error("the same document rendered twice differs")
			}
		})
	}
	revoked, err := certificate.Render(sample(participant.AwardSTTP), jws, certificate.Options{VerifyURL: url, Warning: "DOKUMEN INI TELAH DICABUT; digantikan oleh STTP.DEMO-2024-III-01.2024.0005"})
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, revoked); !strings.Contains(text, "DOKUMEN INI TELAH DICABUT; digantikan oleh STTP.DEMO-2024-III-01.2024.0005") {
		t.Errorf("a revoked document prints without saying so:\n%s", text)
	}
	if _, err := certificate.JWSOf([]byte("%PDF-1.4 nothing")); err == nil {
		t.Error("a PDF without a signature gave one")
	}
}
