package domain_test

import (
	"testing"

	"github.com/latsar/ledger/domain"
)

func TestParseNIP(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    domain.NIP
		wantErr bool
	}{
		{name: "valid-R-NIP-1", text: "199901012024011001", want: "199901012024011001"},
		{name: "valid-female-R-NIP-1", text: "199901012024012001", want: "199901012024012001"},
		{name: "spaces-removed-R-NIP-1", text: "19791210 200604 1 008", want: "197912102006041008"},
		{name: "leap-day-birth-R-NIP-1", text: "200002292024011001", want: "200002292024011001"},
		{name: "too-short-refused-R-NIP-1", text: "19990101202401100", wantErr: true},
		{name: "too-long-refused-R-NIP-1", text: "1999010120240110011", wantErr: true},
		{name: "empty-refused-R-NIP-1", text: "", wantErr: true},
		{name: "only-spaces-refused-R-NIP-1", text: "   ", wantErr: true},
		{name: "letters-refused-R-NIP-1", text: "19990101202401100A", wantErr: true},
		{name: "dashes-refused-R-NIP-1", text: "19991210-200604-1-0", wantErr: true},
		{name: "tab-refused-R-NIP-1", text: "19791210\t200604 1 008", wantErr: true},
		{name: "birth-month-13-refused-R-NIP-1", text: "199913012024011001", wantErr: true},
		{name: "birth-feb-30-refused-R-NIP-1", text: "199902302024011001", wantErr: true},
		{name: "birth-feb-29-non-leap-refused-R-NIP-1", text: "199902292024011001", wantErr: true},
		{name: "birth-day-00-refused-R-NIP-1", text: "199901002024011001", wantErr: true},
		{name: "tmt-month-13-refused-R-NIP-1", text: "199901012024131001", wantErr: true},
		{name: "tmt-month-00-refused-R-NIP-1", text: "199901012024001001", wantErr: true},
		{name: "gender-3-refused-R-NIP-1", text: "199901012024013001", wantErr: true},
		{name: "gender-0-refused-R-NIP-1", text: "199901012024010001", wantErr: true},
		{name: "tmt-before-birth-refused-R-NIP-1", text: "199901011998121001", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.ParseNIP(tt.text)
			if !tt.wantErr {
				if err != nil {
					t.Fatalf("ParseNIP(%q): %v", tt.text, err)
				}
				if got != tt.want {
					t.Fatalf("ParseNIP(%q)=%q, want %q", tt.text, got, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseNIP(%q)=%q, want an error", tt.text, got)
			}
			e, ok := domain.AsError(err)
			if !ok {
				t.Fatalf("error %T %v, want *domain.Error", err, err)
			}
			if got, want := e.Code, domain.CodeInvalid; got != want {
				t.Fatalf("code=%q, want %q", got, want)
			}
			if got, want := e.Rule, "R-NIP-1"; got != want {
				t.Fatalf("rule=%q, want %q", got, want)
			}
			if got, want := len(e.Fields), 1; got != want {
				t.Fatalf("fields=%v, want %d field", e.Fields, want)
			}
			if got, want := e.Fields[0].Field, "nip"; got != want {
				t.Fatalf("field=%q, want %q", got, want)
			}
			if e.Fields[0].Message == "" {
				t.Fatalf("field error has no message")
			}
		})
	}
}
