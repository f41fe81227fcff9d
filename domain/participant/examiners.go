package participant

import "github.com/latsar/ledger/domain"

// Examined tells whether c is scored at a seminar by examiners (R-STAFF-3).
func (c Component) Examined() bool {
	return c == ActualizationDesign || c == ActualizationImplementation
}

// CheckExaminerNamed is R-STAFF-3 on the score's own fields: only an
// actualisation score names an examiner. Whether the examiner is assigned to
// the participant's cohort is the cohort's to say.
func CheckExaminerNamed(e ComponentScored) error {
	if e.Examiner != "" && !e.Component.Examined() {
		return domain.Refuse("R-STAFF-3", "examiner", "only an actualization_design or actualization_implementation score names an examiner")
	}
	if e.Examiner != "" && !domain.ValidID(e.Examiner) {
		return domain.Refuse("R-STAFF-3", "examiner", "examiner is a staff_id")
	}
	return nil
}

// StaffNamed names the examiner of a score, if it names one.
func (e ComponentScored) StaffNamed() []domain.StaffRef {
	if e.Examiner == "" {
		return nil
	}
	return []domain.StaffRef{{StaffID: e.Examiner, As: "examiner"}}
}

// Warnings: an actualisation score without its examiner is recorded, not
// refused, so that clients sending a free-text assessor keep working
// (R-STAFF-3).
//
// An academic_elearning score after seminar R.A, the participant having
// no evaluation by then, is recorded too, flagged (R-PHASE-8).
func (e ComponentScored) Warnings() []domain.Warning {
	var ws []domain.Warning
	if e.Examiner == "" && e.Component.Examined() {
		ws = append(ws, domain.Warning{Rule: "R-STAFF-3", Message: string(e.Component) + " is recorded without its examiner (assessor " + e.Assessor + "); name an examiner assigned to the cohort"})
	}
	if e.AfterSeminar != "" {
		ws = append(ws, domain.Warning{Rule: "R-PHASE-8", Message: "the academic evaluation is taken before seminar R.A; this one is assessed after seminar " + e.AfterSeminar})
	}
	return ws
}
