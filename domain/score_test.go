package domain_test

import (
	"encoding/json"
	"testing"

	"github.com/latsar/ledger/domain"
)

func TestParseScore(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    domain.Score
		wantErr bool
	}{
		{name: "one-decimal", text: "87.5", want: 8750},
		{name: "passing-grade-two-decimals", text: "70.01", want: 7001},
		{name: "top-of-range", text: "100", want: 10000},
		{name: "top-of-range-with-decimals", text: "100.00", want: 10000},
		{name: "zero", text: "0", want: 0},
		{name: "exponent-form", text: "1e2", want: 10000},
		{name: "trailing-zero-beyond-hundredths-is-exact", text: "70.010", want: 7001},
		{name: "three-decimals-refused", text: "70.015", wantErr: true},
		{name: "negative-refused", text: "-1", wantErr: true},
		{name: "negative-hundredth-refused", text: "-0.01", wantErr: true},
		{name: "above-100-refused", text: "100.01", wantErr: true},
		{name: "exponent-above-100-refused", text: "1e3", wantErr: true},
		{name: "not-a-number-refused", text: "abc", wantErr: true},
		{name: "empty-refused", text: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.ParseScore(tt.text)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseScore(%q)=%v, want an error", tt.text, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseScore(%q): %v", tt.text, err)
			}
			if got, want := got, tt.want; got != want {
				t.Fatalf("ParseScore(%q)=%d, want %d", tt.text, got, want)
			}
		})
	}
}

func TestScoreString(t *testing.T) {
	tests := []struct {
		name  string
		score domain.Score
		want  string
	}{
		{name: "passing-grade", score: 7001, want: "70.01"},
		{name: "half-shows-two-decimals", score: 6650, want: "66.50"},
		{name: "whole-shows-two-decimals", score: 9000, want: "90.00"},
		{name: "zero", score: 0, want: "0.00"},
		{name: "one-hundredth", score: 1, want: "0.01"},
		{name: "top", score: 10000, want: "100.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := tt.score.String(), tt.want; got != want {
				t.Fatalf("String()=%q, want %q", got, want)
			}
		})
	}
}

func TestScoreMarshalJSON(t *testing.T) {
	tests := []struct {
		name  string
		score domain.Score
		want  string
	}{
		{name: "two-decimals-kept", score: 7001, want: "70.01"},
		{name: "trailing-zero-dropped", score: 6650, want: "66.5"},
		{name: "whole-number-has-no-point", score: 9000, want: "90"},
		{name: "zero-is-0", score: 0, want: "0"},
		{name: "ten-keeps-its-zero", score: 1000, want: "10"},
		{name: "top-is-100", score: 10000, want: "100"},
		{name: "one-hundredth", score: 1, want: "0.01"},
		{name: "one-tenth", score: 10, want: "0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.score)
			if err != nil {
				t.Fatalf("Marshal(%d): %v", tt.score, err)
			}
			if got, want := string(b), tt.want; got != want {
				t.Fatalf("Marshal(%d)=%s, want %s", tt.score, got, want)
			}
			var back domain.Score
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("Unmarshal(%s): %v", b, err)
			}
			if got, want := back, tt.score; got != want {
				t.Fatalf("round trip=%d, want %d", got, want)
			}
		})
	}
}

func TestScoreUnmarshalJSON(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		want    domain.Score
		wantErr bool
	}{
		{name: "number-two-decimals", json: `70.01`, want: 7001},
		{name: "number-one-decimal", json: `66.5`, want: 6650},
		{name: "integer", json: `90`, want: 9000},
		{name: "exponent", json: `1e2`, want: 10000},
		{name: "string-refused", json: `"70.01"`, wantErr: true},
		{name: "null-refused", json: `null`, wantErr: true},
		{name: "true-refused", json: `true`, wantErr: true},
		{name: "false-refused", json: `false`, wantErr: true},
		{name: "array-refused", json: `[70]`, wantErr: true},
		{name: "object-refused", json: `{"v":70}`, wantErr: true},
		{name: "three-decimals-refused", json: `70.015`, wantErr: true},
		{name: "negative-refused", json: `-1`, wantErr: true},
		{name: "above-100-refused", json: `100.01`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s domain.Score
			err := json.Unmarshal([]byte(tt.json), &s)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Unmarshal(%s)=%d, want an error", tt.json, s)
				}
				// The method refuses on its own too, not only through encoding/json.
				if err := s.UnmarshalJSON([]byte(tt.json)); err == nil {
					t.Fatalf("UnmarshalJSON(%s) accepted, want an error", tt.json)
				}
				return
			}
			if err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.json, err)
			}
			if got, want := s, tt.want; got != want {
				t.Fatalf("Unmarshal(%s)=%d, want %d", tt.json, got, want)
			}
		})
	}
}

func TestScoreUnmarshalJSONInStruct(t *testing.T) {
	var body struct {
		S1 domain.Score `json:"substansi_1_score"`
	}
	tests := []struct {
		name    string
		json    string
		want    domain.Score
		wantErr bool
	}{
		{name: "field-number", json: `{"substansi_1_score": 87.5}`, want: 8750},
		{name: "field-string-refused", json: `{"substansi_1_score": "87.5"}`, wantErr: true},
		{name: "field-null-refused", json: `{"substansi_1_score": null}`, wantErr: true},
		{name: "field-bool-refused", json: `{"substansi_1_score": true}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body.S1 = 0
			err := json.Unmarshal([]byte(tt.json), &body)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Unmarshal(%s) gave %d, want an error", tt.json, body.S1)
				}
				return
			}
			if err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.json, err)
			}
			if got, want := body.S1, tt.want; got != want {
				t.Fatalf("score=%d, want %d", got, want)
			}
		})
	}
}

func TestDivHalfUp(t *testing.T) {
	tests := []struct {
		name     string
		num, den int64
		want     int64
	}{
		{name: "exact", num: 10, den: 5, want: 2},
		{name: "zero", num: 0, den: 7, want: 0},
		{name: "below-half-rounds-down", num: 1, den: 3, want: 0},
		{name: "exactly-half-rounds-up", num: 1, den: 2, want: 1},
		{name: "above-half-rounds-up", num: 2, den: 3, want: 1},
		{name: "x.5-rounds-up", num: 701050, den: 100, want: 7011},
		{name: "x.49-rounds-down", num: 701049, den: 100, want: 7010},
		{name: "x.51-rounds-up", num: 701051, den: 100, want: 7011},
		{name: "four-ninths-of-500-is-222", num: 2000, den: 9, want: 222},
		{name: "five-ninths-of-500-is-278", num: 2500, den: 9, want: 278},
		{name: "seven-thirds-rounds-down", num: 7, den: 3, want: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := domain.DivHalfUp(tt.num, tt.den), tt.want; got != want {
				t.Fatalf("DivHalfUp(%d, %d)=%d, want %d", tt.num, tt.den, got, want)
			}
		})
	}
}

func TestWeightedHalfUp(t *testing.T) {
	tests := []struct {
		name    string
		weights []int64
		scores  []domain.Score
		want    domain.Score
	}{
		{name: "posttest-70.105-rounds-up-to-70.11", weights: []int64{70, 30}, scores: []domain.Score{7015, 7000}, want: 7011},
		{name: "posttest-exact-66.00", weights: []int64{70, 30}, scores: []domain.Score{6000, 8000}, want: 6600},
		{name: "posttest-exact-66.50", weights: []int64{70, 30}, scores: []domain.Score{6500, 7000}, want: 6650},
		{name: "posttest-70.007-rounds-up-to-70.01", weights: []int64{70, 30}, scores: []domain.Score{7001, 7000}, want: 7001},
		{name: "posttest-70.003-rounds-down", weights: []int64{70, 30}, scores: []domain.Score{7000, 7001}, want: 7000},
		{name: "attitude-10-5-two-thirds-of-hundredth-rounds-up", weights: []int64{10, 5}, scores: []domain.Score{8501, 8500}, want: 8501},
		{name: "attitude-10-5-one-third-of-hundredth-rounds-down", weights: []int64{10, 5}, scores: []domain.Score{8500, 8501}, want: 8500},
		{name: "attitude-85-88-is-86", weights: []int64{10, 5}, scores: []domain.Score{8500, 8800}, want: 8600},
		{name: "single-weight-is-the-score", weights: []int64{15}, scores: []domain.Score{8000}, want: 8000},
		{name: "all-top-stays-top", weights: []int64{70, 30}, scores: []domain.Score{10000, 10000}, want: 10000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := domain.WeightedHalfUp(tt.weights, tt.scores), tt.want; got != want {
				t.Fatalf("WeightedHalfUp(%v, %v)=%v, want %v", tt.weights, tt.scores, got, want)
			}
		})
	}
}
