package main

import (
	"fmt"
	"time"
)

// demoScores are the component scores of a participant who passes.
var demoScores = map[string]float64{"attitude_institution": 85, "attitude_agency": 88, "academic_elearning": 82.5,
	"actualization_design": 84, "actualization_implementation": 86, "pktbt": 80}

// demoScoresWith is demoScores with some components changed.
func demoScoresWith(changes map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(demoScores))
	for k, v := range demoScores {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

// demoPerson is a participant of a demo cohort run through the programme:
// scores nil leaves every component unscored (incomplete, R-GRAD-4).
type demoPerson struct {
	name   string
	scores map[string]float64
}

// demoOutcomes are one participant for each outcome of the meeting.
var demoOutcomes = []demoPerson{
	{"Ahmad Fauzi", demoScores},
	{"Lina Marlina", demoScoresWith(map[string]float64{"academic_elearning": 45})},                          // ditunda (R-GRAD-2)
	{"Bayu Nugroho", demoScoresWith(map[string]float64{"attitude_institution": 40, "attitude_agency": 40})}, // tidak_lulus (R-GRAD-3)
	{"Wulan Sari", nil}, // incomplete (R-GRAD-4)
}

// demoCatalogue is the demo cohorts' trophy catalogue.
func demoCatalogue() map[string]any {
	return map[string]any{
		"kebijakan":   map[string]int{"0": 3},
		"substansi_1": map[string]int{"1": 10, "2": 10, "3": 10, "4": 10},
		"substansi_2": map[string]int{"1": 5, "2": 5, "3": 5, "4": 4},
	}
}

// learnProgramme runs a participant of a cohort laid out from 2024-06-03
// through it, each fact in its phase: 28 trophies meeting R-TRO-2..5 in the
// MOOC's order and the posttest during the MOOC; with scores, the klasikal
// check-in on its first day (2024-09-05) and the six components scored on
// its last (2024-09-12).
func learnProgramme(post post, nip string, scores map[string]float64) error {
	k := 0
	for _, c := range []struct {
		m    string
		a, n int
	}{{"kebijakan", 0, 2}, {"substansi_1", 1, 7}, {"substansi_2", 1, 2}, {"substansi_1", 2, 7}, {"substansi_2", 2, 2}, {"substansi_1", 3, 7}, {"substansi_2", 3, 1}} {
		for j := range c.n {
			k++
			if err := post("/v1/participants/"+nip+"/trophies", map[string]any{
				"activity_id": fmt.Sprintf("%s-%d-%d", c.m, c.a, j), "material": c.m, "agenda": c.a,
				"earned_at": time.Date(2024, 6, 4, 8, 0, 0, 0, time.UTC).Add(time.Duration(k) * 6 * time.Hour).Format(time.RFC3339),
			}); err != nil {
				return err
			}
		}
	}
	if err := post("/v1/participants/"+nip+"/posttests", map[string]any{
		"attempt_id": "posttest-1", "substansi_1_score": 90.01, "substansi_2_score": 90.01, "taken_at": "2024-06-21T10:00:00Z",
	}); err != nil {
		return err
	}
	if scores == nil {
		return nil
	}
	if err := post("/v1/participants/"+nip+"/checkin", map[string]any{"checked_in_at": "2024-09-05T07:30:00Z"}); err != nil {
		return err
	}
	for _, c := range []string{"attitude_institution", "attitude_agency", "academic_elearning", "actualization_design", "actualization_implementation", "pktbt"} {
		if err := post("/v1/participants/"+nip+"/scores", map[string]any{
			"component": c, "score": scores[c], "assessor": "Widyaiswara Ahmad", "assessed_at": "2024-09-12T10:00:00Z",
		}); err != nil {
			return err
		}
	}
	return nil
}

// loadProgrammeDemo opens a cohort with the perlan-1-2021-blended template
// (R-PHASE-1: its phases and ends_on laid out from 2024-06-03), brings four
// participants in by proposal, call-up and confirmation (R-CALL-1..3), runs
// them through the MOOC, klasikal check-in and the final evaluation, and
// holds the graduation meeting: one participant in each outcome (lulus,
// ditunda, tidak_lulus, incomplete).
func loadProgrammeDemo(d *demoAPI) error {
	post := d.post
	const id = "DEMO-2024-III-02"
	err := post("/v1/cohorts", map[string]any{
		"cohort_id": id, "name": "Latsar CPNS Golongan III Angkatan 2 (demo, blended template)",
		"institution_id": "bpsdm-demo", "golongan": []string{"III"}, "starts_on": "2024-06-03",
		"template": "perlan-1-2021-blended", "trophy_catalogue": demoCatalogue(),
	})
	if err != nil {
		return err
	}
	nips := make([]string, len(demoOutcomes))
	for i, p := range demoOutcomes {
		nips[i] = fmt.Sprintf("19960%d202024012%03d", 1+i, 101+i)
		if err := post("/v1/cohorts/"+id+"/proposals", map[string]any{
			"nip": nips[i], "name": p.name, "golongan": "III/a", "agency": "pemkab-blitar", "letter_number": "800/45/BKPSDM/2024",
		}); err != nil {
			return err
		}
	}
	if err := post("/v1/cohorts/"+id+"/callups", map[string]any{"nips": nips, "letter_number": "800/77/BPSDM-DEMO/2024", "called_on": "2024-05-27"}); err != nil {
		return err
	}
	for i, p := range demoOutcomes {
		if err := post("/v1/participants/"+nips[i]+"/confirmation", map[string]any{"cohort_id": id, "confirmed_at": "2024-05-29T09:00:00Z"}); err != nil {
			return err
		}
		if err := learnProgramme(post, nips[i], p.scores); err != nil {
			return err
		}
	}
	return post("/v1/cohorts/"+id+"/graduation", map[string]any{"decided_on": "2024-09-13", "meeting_ref": "BA-DEMO-02"})
}

// loadReleaseDemo shows the whole programme on one cohort: laid out by
// the template with the master schedule's sessions (R-PHASE-1, R-PHASE-21),
// its graduation day moved a week with the reason (R-PHASE-20), one
// participant in each outcome of the meeting and one who withdrew
// (R-MOVE-1), and the decided ones released to their agencies after the
// meeting (R-MOVE-3).
func loadReleaseDemo(d *demoAPI) error {
	post := d.post
	const id = "DEMO-2024-III-03"
	err := post("/v1/cohorts", map[string]any{
		"cohort_id": id, "name": "Latsar CPNS Golongan III Angkatan 3 (demo, jadwal induk lengkap)",
		"institution_id": "bpsdm-demo", "golongan": []string{"III"}, "starts_on": "2024-06-03",
		"template": "perlan-1-2021-blended", "default_sessions": true, "trophy_catalogue": demoCatalogue(),
	})
	if err != nil {
		return err
	}
	if err := post("/v1/cohorts/"+id+"/phases/graduation/move", map[string]any{
		"starts_on": "2024-09-20", "reason": "Rapat evaluasi akhir menunggu nilai PKTBT dari instansi asal peserta",
	}); err != nil {
		return err
	}
	people := append(append([]demoPerson{}, demoOutcomes...), demoPerson{name: "Rizky Ramadhan"})
	var nips []string // those who stay
	for i, p := range people {
		nip := fmt.Sprintf("19970%d10202401%d%03d", 1+i, 1+i%2, 201+i)
		if err := post("/v1/cohorts/"+id+"/participants", map[string]any{
			"nip": nip, "name": p.name, "golongan": "III/a", "agency": "pemkab-blitar",
		}); err != nil {
			return err
		}
		if i == len(people)-1 {
			if err := post("/v1/participants/"+nip+"/withdrawal", map[string]any{
				"reason": "Mengundurkan diri karena diterima di instansi lain", "letter_number": "800/96/BKPSDM/2024", "withdrawn_on": "2024-07-01",
			}); err != nil {
				return err
			}
			continue
		}
		nips = append(nips, nip)
		if err := learnProgramme(post, nip, p.scores); err != nil {
			return err
		}
	}
	if err := demoAttendance(d, id, nips); err != nil {
		return err
	}
	if err := post("/v1/cohorts/"+id+"/graduation", map[string]any{"decided_on": "2024-09-20", "meeting_ref": "BA-DEMO-03"}); err != nil {
		return err
	}
	return post("/v1/cohorts/"+id+"/release", map[string]any{"released_on": "2024-09-20"})
}

// demoAttendance takes attendance on the cohort's default sessions
// (R-ATT-1): everyone present, except the participant left incomplete
// (the last), absent from the first virtual class and the first klasikal
// day: 1 session of e-learning and 10 JP of klasikal, within R-ATT-2.
func demoAttendance(d *demoAPI, cohortID string, nips []string) error {
	if err := d.settle(cohortID); err != nil {
		return err
	}
	for _, key := range []string{"elearning-01", "elearning-10-coaching", "elearning-22-seminar", "klasikal-1", "klasikal-5"} {
		var records []map[string]any
		for i, nip := range nips {
			status := "present"
			if i == len(nips)-1 && (key == "elearning-01" || key == "klasikal-1") {
				status = "absent"
			}
			records = append(records, map[string]any{"nip": nip, "status": status})
		}
		if err := d.put("/v1/sessions/"+cohortID+":"+key+"/attendance", map[string]any{"records": records}); err != nil {
			return err
		}
	}
	return nil
}
