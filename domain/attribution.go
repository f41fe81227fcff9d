package domain

// StaffRef names a staff member an event is about, and as what: the
// examiner of a score, the coach of a review (docs/staff.md).
type StaffRef struct {
	StaffID string `json:"staff_id" example:"penguji-rina"`
	As      string `json:"as" example:"examiner"`
}

// Attributed is an event that names the staff members it is about; the
// audit trail shows them by name.
type Attributed interface {
	StaffNamed() []StaffRef
}

// Warning is what a write recorded without refusing it, but which a reader
// should see: a rule the write did not meet in full (docs/staff.md says
// which rules refuse and which only warn).
type Warning struct {
	Rule    string `json:"rule" example:"R-STAFF-3"`
	Message string `json:"message" example:"actualization_design is recorded without its examiner"`
}

// Warned is an event that may carry warnings: the write's answer and the
// audit trail show them.
type Warned interface {
	Warnings() []Warning
}
