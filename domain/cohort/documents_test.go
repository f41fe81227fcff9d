package cohort_test

import (
	"testing"

	"github.com/latsar/ledger/domain/cohort"
)

func TestDocumentNumbers(t *testing.T) {
	for _, tc := range []struct {
		kind, cohortID string
		year, seq      int
		want           string
	}{
		{"sttp", "DEMO-2024-III-01", 2024, 1, "STTP.DEMO-2024-III-01.2024.0001"},
		{"piagam_penghargaan", "A.B.2024", 2025, 3, "PIAGAM.A.B.2024.2025.0003"},
		{"surat_keterangan", "x:y_z", 2024, 12345, "SUKET.x:y_z.2024.12345"},
	} {
		n := cohort.DocumentNumber(tc.kind, tc.cohortID, tc.year, tc.seq)
		if n != tc.want {
			t.Errorf("number %s, want %s", n, tc.want)
		}
		kind, id, year, seq, ok := cohort.ParseDocumentNumber(n)
		if !ok || kind != tc.kind || id != tc.cohortID || year != tc.year || seq != tc.seq {
			t.Errorf("%s read back as %s %s %d %d %v", n, kind, id, year, seq, ok)
		}
	}
	for _, bad := range []string{"", "STTP", "STTP.A.2024", "XYZ.A.2024.0001", "STTP..2024.0001", "STTP.A.24.0001",
		"STTP.A.2024.1", "STTP.A.2024.0000", "STTP.A.2024.0001.pdf", "STTP.A B.2024.0001", "STTP.A.2024.00x1", "STTP.A/../B.2024.0001"} {
		if _, _, _, _, ok := cohort.ParseDocumentNumber(bad); ok {
			t.Errorf("%q read as a document number", bad)
		}
	}
}
