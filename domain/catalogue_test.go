package domain_test

import (
	"slices"
	"testing"

	"github.com/latsar/ledger/domain"
)

// validCatalogue offers 3 kebijakan, 30 substansi_1 in agendas 1-3 (35 in 1-4)
// and 12 substansi_2: 50 trophies.
func validCatalogue() domain.Catalogue {
	return domain.Catalogue{
		domain.Kebijakan:  {0: 3},
		domain.Substansi1: {1: 10, 2: 10, 3: 10, 4: 5},
		domain.Substansi2: {1: 3, 2: 3, 3: 3, 4: 3},
	}
}

func TestCatalogueValidate(t *testing.T) {
	tests := []struct {
		name      string
		catalogue domain.Catalogue
		wantRule  string   // the error's rule (the first one added); "" not checked
		want      []string // fields the error must name (nil: valid)
	}{
		{name: "valid-catalogue", catalogue: validCatalogue()},
		{
			name: "exact-minimums-valid-R-TRO-2-4-5",
			catalogue: domain.Catalogue{
				domain.Kebijakan:  {0: 2},
				domain.Substansi1: {1: 23},
				domain.Substansi2: {3: 3},
			},
		},
		{name: "empty-refused", catalogue: domain.Catalogue{}, want: []string{"trophy_catalogue"}},
		{name: "nil-refused", catalogue: nil, want: []string{"trophy_catalogue"}},
		{
			name: "unknown-material-refused-R-TRO-8",
			catalogue: func() domain.Catalogue {
				c := validCatalogue()
				c["substansi_3"] = map[int]int{1: 5}
				return c
			}(),
			wantRule: "R-TRO-8",
			want:     []string{"trophy_catalogue.substansi_3"},
		},
		{
			name: "kebijakan-outside-agenda-0-refused-R-TRO-8",
			catalogue: func() domain.Catalogue {
				c := validCatalogue()
				c[domain.Kebijakan][1] = 2
				return c
			}(),
			wantRule: "R-TRO-8",
			want:     []string{"trophy_catalogue.kebijakan.1"},
		},
		{
			name: "substansi-1-in-agenda-0-refused-R-TRO-8",
			catalogue: func() domain.Catalogue {
				c := validCatalogue()
				c[domain.Substansi1][0] = 2
				return c
			}(),
			wantRule: "R-TRO-8",
			want:     []string{"trophy_catalogue.substansi_1.0"},
		},
		{
			name: "substansi-2-in-agenda-5-refused-R-TRO-8",
			catalogue: func() domain.Catalogue {
				c := validCatalogue()
				c[domain.Substansi2][5] = 2
				return c
			}(),
			wantRule: "R-TRO-8",
			want:     []string{"trophy_catalogue.substansi_2.5"},
		},
		{
			name: "negative-count-refused-R-TRO-8",
			catalogue: func() domain.Catalogue {
				c := validCatalogue()
				c[domain.Substansi1][4] = -1
				return c
			}(),
			wantRule: "R-TRO-8",
			want:     []string{"trophy_catalogue.substansi_1.4"},
		},
		{
			name: "fewer-than-2-kebijakan-refused-R-TRO-2",
			catalogue: func() domain.Catalogue {
				c := validCatalogue()
				c[domain.Kebijakan][0] = 1
				return c
			}(),
			wantRule: "R-TRO-2",
			want:     []string{"trophy_catalogue.kebijakan"},
		},
		{
			name: "no-kebijakan-refused-R-TRO-2",
			catalogue: func() domain.Catalogue {
				c := validCatalogue()
				delete(c, domain.Kebijakan)
				return c
			}(),
			wantRule: "R-TRO-2",
			want:     []string{"trophy_catalogue.kebijakan"},
		},
		{
			name: "substansi-2-only-in-agenda-4-refused-R-TRO-4",
			catalogue: func() domain.Catalogue {
				c := validCatalogue()
				c[domain.Substansi2] = map[int]int{1: 1, 2: 1, 4: 10}
				return c
			}(),
			wantRule: "R-TRO-4",
			want:     []string{"trophy_catalogue.substansi_2"},
		},
		{
			name: "fewer-than-28-offered-refused-R-TRO-5",
			catalogue: domain.Catalogue{
				domain.Kebijakan:  {0: 2},
				domain.Substansi1: {1: 22},
				domain.Substansi2: {1: 3},
			},
			wantRule: "R-TRO-5",
			want:     []string{"trophy_catalogue"},
		},
		{
			name: "every-broken-field-listed",
			catalogue: domain.Catalogue{
				domain.Kebijakan:  {0: 1, 2: 1},
				domain.Substansi1: {1: 5},
			},
			wantRule: "R-TRO-8",
			want: []string{
				"trophy_catalogue.kebijakan.2",
				"trophy_catalogue.kebijakan",
				"trophy_catalogue.substansi_2",
				"trophy_catalogue",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v domain.Invalid
			tt.catalogue.Validate("trophy_catalogue", &v)
			err := v.Err()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate: %v, want no error", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate accepted, want refusal under %s", tt.wantRule)
			}
			e, ok := domain.AsError(err)
			if !ok {
				t.Fatalf("error %T, want *domain.Error", err)
			}
			if got, want := e.Code, domain.CodeInvalid; got != want {
				t.Fatalf("code=%q, want %q", got, want)
			}
			if got, want := e.Rule, tt.wantRule; want != "" && got != want {
				t.Fatalf("rule=%q, want %q (error %v)", got, want, err)
			}
			var fields []string
			for _, f := range e.Fields {
				fields = append(fields, f.Field)
			}
			for _, w := range tt.want {
				if !slices.Contains(fields, w) {
					t.Fatalf("fields=%v, want %q among them", fields, w)
				}
			}
			if got, want := len(fields), len(tt.want); got != want {
				t.Fatalf("fields=%v, want %d fields", fields, want)
			}
		})
	}
}

func TestCatalogueOffered(t *testing.T) {
	c := validCatalogue()
	tests := []struct {
		name string
		got  int
		want int
	}{
		{name: "kebijakan-agenda-0", got: c.Offered(domain.Kebijakan, 0), want: 3},
		{name: "kebijakan-agenda-1-not-offered", got: c.Offered(domain.Kebijakan, 1), want: 0},
		{name: "unknown-material-not-offered", got: c.Offered("substansi_3", 1), want: 0},
		{name: "substansi-1-agendas-1-3", got: c.OfferedIn(domain.Substansi1, 1, 3), want: 30},
		{name: "substansi-1-agendas-1-4", got: c.OfferedIn(domain.Substansi1, 1, 4), want: 35},
		{name: "substansi-2-agendas-1-3", got: c.OfferedIn(domain.Substansi2, 1, 3), want: 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := tt.got, tt.want; got != want {
				t.Fatalf("offered=%d, want %d", got, want)
			}
		})
	}
}

func TestParseGolongan(t *testing.T) {
	tests := []struct {
		text   string
		want   domain.Golongan
		wantOK bool
	}{
		{text: "II", want: domain.GolonganII, wantOK: true},
		{text: "III", want: domain.GolonganIII, wantOK: true},
		{text: "III/a", want: domain.GolonganIII, wantOK: true},
		{text: "II/d", want: domain.GolonganII, wantOK: true},
		{text: "III/e", wantOK: false},
		{text: "IV", wantOK: false},
		{text: "I", wantOK: false},
		{text: "iii", wantOK: false},
		{text: "", wantOK: false},
	}
	for _, tt := range tests {
		t.Run("golongan-"+tt.text, func(t *testing.T) {
			got, ok := domain.ParseGolongan(tt.text)
			if ok != tt.wantOK {
				t.Fatalf("ParseGolongan(%q) ok=%v, want %v", tt.text, ok, tt.wantOK)
			}
			if got, want := got, tt.want; got != want {
				t.Fatalf("ParseGolongan(%q)=%q, want %q", tt.text, got, want)
			}
		})
	}
}
