package development

import "github.com/latsar/ledger/domain"

// Evidence is an activity's proof and who issued it (004, columns 9 and 10).
type Evidence struct {
	Kind   EvidenceKind `json:"kind" example:"certificate"`
	Number string       `json:"number" maxLength:"100" example:"SERT/123/BKPSDM/2024"`
	Issuer string       `json:"issuer" maxLength:"200" example:"BKPSDM Kota Blitar"`
}

// CapApplied is a cap of the table that cut an activity's quantity: which
// rule, which cap, over which period, and how much of the quantity counted.
type CapApplied struct {
	Rule string `json:"rule" example:"R-JP-3"`
	// Cap says the cap in words: "at most 3 JP a day".
	Cap   string `json:"cap" example:"at most 3 JP a day"`
	Limit Amount `json:"limit" swaggertype:"number" example:"3"`
	Per   Period `json:"per" example:"day"`
	Unit  Unit   `json:"unit" enums:"jp,session" example:"jp"`
	// Period is the days or the month the cap was counted over:
	// "2024-03-04..2024-03-05" or "2024-03".
	Period    string `json:"period" example:"2024-03-04..2024-03-05"`
	Requested Amount `json:"requested" swaggertype:"number" example:"5"`
	Counted   Amount `json:"counted" swaggertype:"number" example:"3"`
}

// ActivityRecorded is one competency-development activity of an ASN with the
// JP it was credited (R-JP-3), the caps that cut it, and the ASN's agency.
type ActivityRecorded struct {
	NIP        domain.NIP  `json:"nip" example:"199001012015031001"`
	Agency     string      `json:"agency" example:"pemkot-blitar"`
	ActivityID string      `json:"activity_id" example:"elearning-2024-03-04"`
	Form       Form        `json:"form" example:"elearning"`
	Scope      Scope       `json:"scope" example:"national"`
	Quantity   Amount      `json:"quantity" swaggertype:"number" example:"5"`
	Unit       Unit        `json:"unit" example:"jp"`
	StartedOn  domain.Date `json:"started_on" swaggertype:"string" format:"date" example:"2024-03-04"`
	EndedOn    domain.Date `json:"ended_on" swaggertype:"string" format:"date" example:"2024-03-04"`
	Evidence   Evidence    `json:"evidence"`
	// Year is the calendar year the activity counts in: that of ended_on.
	Year     int      `json:"year" example:"2024"`
	Category Category `json:"category" example:"workplace"`
	// Counted is the part of the quantity that counted after the caps.
	Counted    Amount       `json:"counted" swaggertype:"number" example:"3"`
	JPCredited Amount       `json:"jp_credited" swaggertype:"number" example:"3"`
	Caps       []CapApplied `json:"caps"`
}

// ASNRegistered enters an ASN in their agency's index the first time the
// ASN's ledger records an activity, so an agency's ASN can be listed without
// reading the whole log.
type ASNRegistered struct {
	NIP             domain.NIP `json:"nip"`
	Agency          string     `json:"agency"`
	FirstActivityID string     `json:"first_activity_id"`
}

func (ActivityRecorded) EventType() string { return "DevelopmentActivityRecorded" }
func (ASNRegistered) EventType() string    { return "DevelopmentASNRegistered" }

// sameInputs tells whether two records were asked with the same inputs (the
// JP credited depends on what was recorded before, not on the inputs alone).
func (e ActivityRecorded) sameInputs(o ActivityRecorded) bool {
	return e.NIP == o.NIP && e.Agency == o.Agency && e.ActivityID == o.ActivityID &&
		e.Form == o.Form && e.Scope == o.Scope && e.Quantity == o.Quantity &&
		e.StartedOn == o.StartedOn && e.EndedOn == o.EndedOn && e.Evidence == o.Evidence
}
