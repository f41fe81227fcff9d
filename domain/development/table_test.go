package development

import (
	"testing"
)

// TestConversionTable converts one activity of every row of 004's appendix B,
// national and international, on an empty ledger (R-JP-3).
func TestConversionTable(t *testing.T) {
	tests := []struct {
		form     Form
		scope    Scope
		quantity Amount
		from, to string
		want     Amount // JP credited
		category Category
	}{
		{Degree, National, Units(1), "2024-02-01", "2024-07-31", Units(20), Classroom},
		{Degree, National, Units(2), "2023-08-01", "2024-07-31", Units(40), Classroom},
		{LeadershipTraining, National, Units(30), "2024-03-04", "2024-03-08", Units(30), Classroom},
		{ManagerialTraining, National, Units(30), "2024-03-04", "2024-03-08", Units(30), Classroom},
		{ManagerialTraining, International, Units(30), "2024-03-04", "2024-03-08", Units(36), Classroom},
		{TechnicalTraining, National, Units(30), "2024-03-04", "2024-03-08", Units(30), Classroom},
		{TechnicalTraining, International, Units(30), "2024-03-04", "2024-03-08", Units(36), Classroom},
		{TechnicalTraining, International, Units(7), "2024-03-04", "2024-03-04", 840, Classroom},
		{FunctionalTraining, National, Units(24), "2024-03-04", "2024-03-06", Units(24), Classroom},
		{FunctionalTraining, International, Units(24), "2024-03-04", "2024-03-06", 2880, Classroom},
		{SocioculturalTraining, National, Units(12), "2024-03-04", "2024-03-05", Units(12), Classroom},
		{SocioculturalTraining, International, Units(12), "2024-03-04", "2024-03-05", 1440, Classroom},
		{Seminar, National, Units(1), "2024-03-04", "2024-03-04", Units(4), Classroom},
		{Seminar, National, Units(2), "2024-03-04", "2024-03-05", Units(8), Classroom},
		{Seminar, International, Units(1), "2024-03-04", "2024-03-04", Units(6), Classroom},
		{Seminar, International, Units(2), "2024-03-04", "2024-03-05", Units(12), Classroom},
		{Workshop, National, Units(1), "2024-03-04", "2024-03-04", Units(5), Classroom},
		{Workshop, International, Units(1), "2024-03-04", "2024-03-04", Units(7), Classroom},
		{Workshop, International, Units(3), "2024-03-04", "2024-03-06", Units(21), Classroom},
		{Course, National, Units(16), "2024-03-04", "2024-03-05", Units(16), Classroom},
		{Course, International, Units(16), "2024-03-04", "2024-03-05", 1920, Classroom},
		{Penataran, National, Units(10), "2024-03-04", "2024-03-05", Units(10), Classroom},
		{Penataran, International, Units(10), "2024-03-04", "2024-03-05", Units(12), Classroom},
		{Bintek, National, Units(8), "2024-03-04", "2024-03-04", Units(8), Classroom},
		{Bintek, International, Units(8), "2024-03-04", "2024-03-04", 960, Classroom},
		{Sosialisasi, National, Units(1), "2024-03-04", "2024-03-04", Units(4), Classroom},
		{Sosialisasi, International, Units(1), "2024-03-04", "2024-03-04", Units(6), Classroom},
		{Coaching, National, Units(1), "2024-03-04", "2024-03-04", Units(2), Guidance},
		{Coaching, National, Units(2), "2024-03-04", "2024-03-18", Units(4), Guidance},
		{Coaching, International, Units(2), "2024-03-04", "2024-03-18", Units(2), Guidance},
		{Coaching, International, Units(1), "2024-03-04", "2024-03-04", Units(1), Guidance},
		{Mentoring, National, Units(1), "2024-03-04", "2024-03-04", Units(2), Guidance},
		{Mentoring, National, Units(2), "2024-03-04", "2024-03-18", Units(4), Guidance},
		{Mentoring, International, Units(2), "2024-03-04", "2024-03-18", Units(2), Guidance},
		{ELearning, National, Units(3), "2024-03-04", "2024-03-04", Units(3), Workplace},
		{ELearning, National, 250, "2024-03-04", "2024-03-04", 250, Workplace},
		{ELearning, International, Units(4), "2024-03-04", "2024-03-04", Units(4), Workplace},
		{DistanceTraining, National, Units(40), "2024-03-04", "2024-03-22", Units(40), Workplace},
		{DistanceTraining, International, Units(40), "2024-03-04", "2024-03-22", Units(48), Workplace},
		{Secondment, National, Units(1), "2024-03-01", "2024-05-31", Units(20), Workplace},
		{Secondment, International, Units(1), "2024-03-01", "2024-05-31", Units(24), Workplace},
		{Outbound, National, Units(10), "2024-03-04", "2024-03-05", Units(10), Workplace},
		{Outbound, International, Units(10), "2024-03-04", "2024-03-05", Units(12), Workplace},
		{Benchmarking, National, Units(1), "2024-03-04", "2024-03-05", Units(10), Workplace},
		{Benchmarking, National, Units(2), "2024-03-04", "2024-03-08", Units(20), Workplace},
		{Benchmarking, International, Units(2), "2024-03-04", "2024-03-08", Units(20), Workplace},
		{Benchmarking, International, Units(1), "2024-03-04", "2024-03-05", Units(10), Workplace},
		{Exchange, National, Units(1), "2024-01-02", "2024-06-28", Units(20), Workplace},
		{Exchange, International, Units(1), "2024-01-02", "2024-06-28", Units(40), Workplace},
		{SelfStudy, National, Units(2), "2024-03-04", "2024-03-04", Units(2), Classroom},
		{SelfStudy, International, Units(2), "2024-03-04", "2024-03-04", 240, Classroom},
		{CommunityOfPractice, National, Units(2), "2024-03-04", "2024-03-04", Units(2), Workplace},
		{CommunityOfPractice, International, Units(2), "2024-03-04", "2024-03-04", 240, Workplace},
		{Internship, National, Units(1), "2024-03-04", "2024-04-26", Units(20), Workplace},
		{Internship, International, Units(2), "2024-03-04", "2024-06-28", Units(24), Workplace},
		{Internship, International, Units(1), "2024-03-04", "2024-04-26", Units(12), Workplace},
	}
	seen := map[Form]map[Scope]bool{}
	for _, tc := range tests {
		name := string(tc.form) + "-" + string(tc.scope) + "-" + tc.quantity.String() + "-" + tc.want.String() + "-JP"
		t.Run(name, func(t *testing.T) {
			_, e := record(t, Initial(), act(tc.form, tc.scope, tc.quantity, tc.from, tc.to))
			if got, want := e.JPCredited, tc.want; got != want {
				t.Fatalf("jp_credited=%s, want %s", got, want)
			}
			if len(e.Caps) != 0 {
				t.Fatalf("caps=%+v, want none", e.Caps)
			}
			if got, want := e.Category, tc.category; got != want {
				t.Fatalf("category=%s, want %s", got, want)
			}
			if got, want := e.Counted, tc.quantity; got != want {
				t.Fatalf("counted=%s, want %s", got, want)
			}
			if got, want := e.Year, 2024; got != want {
				t.Fatalf("year=%d, want %d", got, want)
			}
		})
		if seen[tc.form] == nil {
			seen[tc.form] = map[Scope]bool{}
		}
		seen[tc.form][tc.scope] = true
	}
	// Every row, and every column the table has, is exercised above.
	for _, row := range Table {
		if !seen[row.Form][National] {
			t.Errorf("row %s (%s): no national case", row.Row, row.Form)
		}
		if row.International != nil && !seen[row.Form][International] {
			t.Errorf("row %s (%s): no international case", row.Row, row.Form)
		}
	}
}

// TestNoInternationalColumn: 004 gives degree education and leadership
// training no international conversion, so an international one is refused.
func TestNoInternationalColumn(t *testing.T) {
	for _, f := range []Form{Degree, LeadershipTraining} {
		t.Run(string(f)+"-international-R-JP-3", func(t *testing.T) {
			e := refused(t, Initial(), act(f, International, Units(1), "2024-03-04", "2024-03-08"))
			if !names(e, "R-JP-3", "scope") {
				t.Fatalf("refusal %v does not name R-JP-3 and scope", e)
			}
		})
	}
	withInternational := 0
	for _, row := range Table {
		if row.International != nil {
			withInternational++
		}
	}
	if got, want := withInternational, len(Table)-2; got != want {
		t.Fatalf("%d rows with an international column, want %d", got, want)
	}
}

// TestTableShape: 23 forms (api.md), each once, with a unit, a category and
// the evidence column 9 names.
func TestTableShape(t *testing.T) {
	if got, want := len(Table), 23; got != want {
		t.Fatalf("%d rows, want %d", got, want)
	}
	for _, row := range Table {
		if c, ok := ConversionOf(row.Form); !ok || c.Row != row.Row {
			t.Errorf("%s: ConversionOf finds %+v", row.Form, c)
		}
		if row.Unit == "" || row.Category == "" || len(row.Evidence) == 0 || row.National.Den == 0 {
			t.Errorf("%s: incomplete row %+v", row.Form, row)
		}
		if i := row.International; i != nil && i.Den == 0 {
			t.Errorf("%s: international column without a rate", row.Form)
		}
	}
}

// TestInternationalNeverABlanket20: the international column is read row by
// row; a blanket +20% would give other values for these rows.
func TestInternationalNeverABlanket20(t *testing.T) {
	tests := []struct {
		form     Form
		quantity Amount
		from, to string
		national Amount
		intl     Amount
	}{
		{Seminar, Units(1), "2024-03-04", "2024-03-04", Units(4), Units(6)},              // not 4.8
		{Workshop, Units(1), "2024-03-04", "2024-03-04", Units(5), Units(7)},             // not 6
		{Sosialisasi, Units(1), "2024-03-04", "2024-03-04", Units(4), Units(6)},          // not 4.8
		{Coaching, Units(2), "2024-03-04", "2024-03-18", Units(4), Units(2)},             // 2 sessions = 2 JP
		{ELearning, Units(4), "2024-03-04", "2024-03-04", Units(3), Units(4)},            // cap 4, not 3.6
		{Benchmarking, Units(2), "2024-03-04", "2024-03-08", Units(20), Units(20)},       // 2 activities = 20 JP
		{Exchange, Units(1), "2024-01-02", "2024-06-28", Units(20), Units(40)},           // not 24
		{Internship, Units(2), "2024-03-04", "2024-06-28", Units(40), Units(24)},         // 2 activities = 24 JP
		{Secondment, Units(1), "2024-03-01", "2024-05-31", Units(20), Units(24)},         // 20 JP + 20%
		{TechnicalTraining, Units(30), "2024-03-04", "2024-03-08", Units(30), Units(36)}, // programme JP + 20%
	}
	for _, tc := range tests {
		t.Run(string(tc.form), func(t *testing.T) {
			_, n := record(t, Initial(), act(tc.form, National, tc.quantity, tc.from, tc.to))
			_, i := record(t, Initial(), act(tc.form, International, tc.quantity, tc.from, tc.to))
			if n.JPCredited != tc.national || i.JPCredited != tc.intl {
				t.Fatalf("national %s, international %s; want %s, %s", n.JPCredited, i.JPCredited, tc.national, tc.intl)
			}
		})
	}
}
