// Package development keeps the competency-development ledger of one ASN
// (rules.md §9, seed 004: Peraturan Walikota Blitar 35/2023): each activity
// converted to JP by appendix B's table, capped where the table caps it, and
// the year's JP against R-JP-1's 20 JP and R-JP-2's 10/20/70 guide.
package development

import "strconv"

// Form is a form (bentuk dan jalur) of competency development, a row of 004's
// appendix B.
type Form string

const (
	Degree                Form = "degree"
	LeadershipTraining    Form = "leadership_training"
	ManagerialTraining    Form = "managerial_training"
	TechnicalTraining     Form = "technical_training"
	FunctionalTraining    Form = "functional_training"
	SocioculturalTraining Form = "sociocultural_training"
	Seminar               Form = "seminar"
	Workshop              Form = "workshop"
	Course                Form = "course"
	Penataran             Form = "penataran"
	Bintek                Form = "bintek"
	Sosialisasi           Form = "sosialisasi"
	Coaching              Form = "coaching"
	Mentoring             Form = "mentoring"
	ELearning             Form = "elearning"
	DistanceTraining      Form = "distance_training"
	Secondment            Form = "secondment"
	Outbound              Form = "outbound"
	Benchmarking          Form = "benchmarking"
	Exchange              Form = "exchange"
	SelfStudy             Form = "self_study"
	CommunityOfPractice   Form = "community_of_practice"
	Internship            Form = "internship"
)

// Scope is the column of the table: a national or an international activity.
type Scope string

const (
	National      Scope = "national"
	International Scope = "international"
)

// Unit is what an activity's quantity counts (column 6, Satuan).
type Unit string

const (
	Semesters  Unit = "semester"
	ProgramJP  Unit = "jp"
	Days       Unit = "day"
	Sessions   Unit = "session"
	Activities Unit = "activity"
)

// Category is the part of R-JP-2's guide proportion a form falls in
// (Pasal 22 ayat 3, Pasal 23).
type Category string

const (
	Classroom Category = "classroom" // 10%: klasikal training in class and self-study
	Guidance  Category = "guidance"  // 20%: non-klasikal guidance (coaching, mentoring)
	Workplace Category = "workplace" // 70%: non-klasikal, integrated or practised at the workplace
)

// GuidePercent is R-JP-2's guide share of each category.
var GuidePercent = map[Category]int{Classroom: 10, Guidance: 20, Workplace: 70}

// EvidenceKind is the proof of completion or participation (column 9, Bentuk).
type EvidenceKind string

const (
	Certificate EvidenceKind = "certificate" // sertifikat
	Diploma     EvidenceKind = "diploma"     // ijazah
	Letter      EvidenceKind = "letter"      // surat keterangan
)

// Period is what a cap counts over.
type Period string

const (
	PerDay   Period = "day"
	PerMonth Period = "month"
)

// Cap limits how much of the quantity counts: Limit (in hundredths of the
// unit) per day of started_on..ended_on, or per calendar month.
type Cap struct {
	Limit Amount
	Per   Period
}

// Column is one cell of columns 7 and 8: how a quantity becomes JP.
type Column struct {
	// JP per unit of the quantity that counts, as a fraction (20/2 for "2
	// activities = 20 JP", 6/5 for "+20%").
	Num, Den int64
	// Cap, when set, limits the quantity that counts before conversion.
	Cap *Cap
	// Seed is the cell's words in 004.
	Seed string
}

// Conversion is one row of 004's appendix B.
type Conversion struct {
	Form     Form
	Row      string // where the row is in appendix B
	Unit     Unit
	Category Category
	National Column
	// International is nil where the table has no international column
	// (degree, leadership training): an international activity is refused.
	International *Column
	Evidence      []EvidenceKind // column 9
}

// Column is the cell for scope, nil when the table has none.
func (c Conversion) Column(s Scope) *Column {
	if s == International {
		return c.International
	}
	return &c.National
}

func programme(seed string) Column { return Column{Num: 1, Den: 1, Seed: seed} }

func plus20(seed string) *Column { return &Column{Num: 6, Den: 5, Seed: seed} }

func per(jp int64, seed string) Column { return Column{Num: jp, Den: 1, Seed: seed} }

func perDayCapped(jp int64, seed string) Column {
	return Column{Num: 1, Den: 1, Cap: &Cap{Limit: Units(jp), Per: PerDay}, Seed: seed}
}

const (
	trainingJP     = "Sesuai JP program pelatihan"
	trainingPlus20 = "Ditambahkan 20 % dari JP program pelatihan"
)

var (
	certificate       = []EvidenceKind{Certificate}
	certificateLetter = []EvidenceKind{Certificate, Letter}
	letter            = []EvidenceKind{Letter}
)

// Table is 004's appendix B (rules.md R-JP-3), row by row. Categories follow
// Pasal 23: the klasikal rows (B1) and self-study are classroom, coaching and
// mentoring guidance, the other non-klasikal rows (B2) workplace; education
// (A) is classroom.
var Table = []Conversion{
	{Form: Degree, Row: "A", Unit: Semesters, Category: Classroom,
		National: per(20, "Satu Semester 20 JP"), Evidence: []EvidenceKind{Diploma}},
	{Form: LeadershipTraining, Row: "B1.1", Unit: ProgramJP, Category: Classroom,
		National: programme(trainingJP), Evidence: certificate},
	{Form: ManagerialTraining, Row: "B1.2", Unit: ProgramJP, Category: Classroom,
		National: programme(trainingJP), International: plus20(trainingPlus20), Evidence: certificate},
	{Form: TechnicalTraining, Row: "B1.3", Unit: ProgramJP, Category: Classroom,
		National: programme(trainingJP), International: plus20(trainingPlus20), Evidence: certificate},
	{Form: FunctionalTraining, Row: "B1.4", Unit: ProgramJP, Category: Classroom,
		National: programme(trainingJP), International: plus20(trainingPlus20), Evidence: certificate},
	{Form: SocioculturalTraining, Row: "B1.5", Unit: ProgramJP, Category: Classroom,
		National: programme(trainingJP), International: plus20(trainingPlus20), Evidence: certificate},
	{Form: Seminar, Row: "B1.6", Unit: Days, Category: Classroom,
		National: per(4, "Satu hari setara 4 JP"), International: ptr(per(6, "Satu hari setara 6 JP")), Evidence: certificate},
	{Form: Workshop, Row: "B1.7", Unit: Days, Category: Classroom,
		National: per(5, "Satu hari setara 5 JP"), International: ptr(per(7, "Satu hari setara 7 JP")), Evidence: certificate},
	{Form: Course, Row: "B1.8", Unit: ProgramJP, Category: Classroom,
		National: programme(trainingJP), International: plus20(trainingPlus20), Evidence: certificate},
	{Form: Penataran, Row: "B1.9", Unit: ProgramJP, Category: Classroom,
		National: programme(trainingJP), International: plus20(trainingPlus20), Evidence: certificate},
	{Form: Bintek, Row: "B1.10", Unit: ProgramJP, Category: Classroom,
		National: programme(trainingJP), International: plus20(trainingPlus20), Evidence: certificate},
	{Form: Sosialisasi, Row: "B1.11", Unit: Days, Category: Classroom,
		National: per(4, "Satu hari setara 4 JP"), International: ptr(per(6, "Satu hari setara 6 JP")), Evidence: certificateLetter},
	{Form: Coaching, Row: "B2.1", Unit: Sessions, Category: Guidance,
		National: Column{Num: 2, Den: 1, Cap: &Cap{Limit: Units(2), Per: PerMonth},
			Seed: "1 kali kegiatan coaching setara dengan 2 JP. Maksimal dihitung 2 kali dalam 1 bulan."},
		International: &Column{Num: 2, Den: 2, Cap: &Cap{Limit: Units(2), Per: PerMonth},
			Seed: "2 kali kegiatan coaching setara dengan 2 JP. Maksimal dihitung 2 kali dalam 1 bulan."},
		Evidence: certificateLetter},
	{Form: Mentoring, Row: "B2.2", Unit: Sessions, Category: Guidance,
		National: Column{Num: 2, Den: 1, Cap: &Cap{Limit: Units(2), Per: PerMonth},
			Seed: "1 kali kegiatan coaching setara dengan 2 JP. Maksimal dihitung 2 kali dalam 1 bulan."},
		International: &Column{Num: 2, Den: 2, Cap: &Cap{Limit: Units(2), Per: PerMonth},
			Seed: "2 kali kegiatan coaching setara dengan 2 JP. Maksimal dihitung 2 kali dalam 1 bulan."},
		Evidence: certificateLetter},
	{Form: ELearning, Row: "B2.3", Unit: ProgramJP, Category: Workplace,
		National:      perDayCapped(3, "Paling tinggi 1 hari 3 JP akses pembelajaran secara dalam jaringan"),
		International: ptr(perDayCapped(4, "Paling tinggi 1 hari 4 JP akses pembelajaran secara dalam jaringan")),
		Evidence:      certificate},
	{Form: DistanceTraining, Row: "B2.4", Unit: ProgramJP, Category: Workplace,
		National: programme(trainingJP), International: plus20(trainingPlus20), Evidence: certificate},
	{Form: Secondment, Row: "B2.5", Unit: Activities, Category: Workplace,
		National:      per(20, "1 kali kegiatan Detasering setara dengan 20 JP"),
		International: &Column{Num: 24, Den: 1, Seed: "Ditambahkan 20 % dari JP program detasering"},
		Evidence:      certificate},
	{Form: Outbound, Row: "B2.6", Unit: ProgramJP, Category: Workplace,
		National:      programme("Sesuai JP program pembelajaran alam terbuka (outbond)"),
		International: plus20("Ditambahkan 20% dari JP program pembelajaran alam terbuka (outbond)"),
		Evidence:      certificate},
	{Form: Benchmarking, Row: "B2.7", Unit: Activities, Category: Workplace,
		National:      per(10, "1 kali kegiatan patok banding setara 10 JP"),
		International: &Column{Num: 20, Den: 2, Seed: "2 kali kegiatan patok banding setara 20 JP"},
		Evidence:      certificateLetter},
	{Form: Exchange, Row: "B2.8", Unit: Activities, Category: Workplace,
		National:      per(20, "1 kali kegiatan pertukaran pegawai setara dengan 20 JP"),
		International: ptr(per(40, "1 kali kegiatan pertukaran pegawai setara dengan 40 JP")),
		Evidence:      certificateLetter},
	{Form: SelfStudy, Row: "B2.9", Unit: ProgramJP, Category: Classroom,
		National: perDayCapped(2, "Sesuai jam belajar mandiri, paling tinggi 2 JP sehari"),
		International: &Column{Num: 6, Den: 5, Cap: &Cap{Limit: Units(2), Per: PerDay},
			Seed: "Ditambahkan 20% dari JP program belajar mandiri (self development)"},
		Evidence: letter},
	{Form: CommunityOfPractice, Row: "B2.10", Unit: ProgramJP, Category: Workplace,
		National: perDayCapped(2, "Sesuai jam belajar, paling tinggi 2 JP sehari"),
		International: &Column{Num: 6, Den: 5, Cap: &Cap{Limit: Units(2), Per: PerDay},
			Seed: "Ditambahkan 20% dari JP program komunitas belajar (community of practices)"},
		Evidence: letter},
	{Form: Internship, Row: "B2.11", Unit: Activities, Category: Workplace,
		National:      per(20, "1 kali kegiatan magang/praktik kerja setara dengan 20 JP"),
		International: &Column{Num: 24, Den: 2, Seed: "2 kali kegiatan magang/praktik kerja setara dengan 24 JP"},
		Evidence:      certificateLetter},
}

func ptr(c Column) *Column { return &c }

var byForm = func() map[Form]Conversion {
	m := make(map[Form]Conversion, len(Table))
	for _, c := range Table {
		m[c.Form] = c
	}
	return m
}()

// ConversionOf is the row of form f.
func ConversionOf(f Form) (Conversion, bool) {
	c, ok := byForm[f]
	return c, ok
}

// FormNames lists the forms in the table's order, for messages.
func FormNames() string {
	out := ""
	for i, c := range Table {
		if i > 0 {
			out += ", "
		}
		out += string(c.Form)
	}
	return out
}

// describe says a cap in words for the record: "at most 3 JP a day".
func (c Cap) describe(u Unit) string {
	what := "JP"
	if u == Sessions {
		what = "sessions counted"
	}
	per := "a day"
	if c.Per == PerMonth {
		per = "a calendar month"
	}
	return "at most " + c.Limit.String() + " " + what + " " + per
}

func itoa(n int) string { return strconv.Itoa(n) }
