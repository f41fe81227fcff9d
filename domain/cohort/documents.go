package cohort

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/latsar/ledger/domain"
)

// DocumentsNumbered records the numbers a decision's documents take on the
// cohort, which keeps the sequences: one per kind of document and year
// of issue. It is recorded in the same append as the decisions, so a
// number is never taken without its document nor given twice.
type DocumentsNumbered struct {
	MeetingRef string             `json:"meeting_ref"`
	Year       int                `json:"year"`
	Documents  []NumberedDocument `json:"documents"`
}

// NumberedDocument is one number: whose document, of which kind.
type NumberedDocument struct {
	Number   string     `json:"number"`
	Kind     string     `json:"kind"`
	NIP      domain.NIP `json:"nip"`
	Sequence int        `json:"sequence"`
}

func (DocumentsNumbered) EventType() string { return "DocumentsNumbered" }

// documentCodes are the kinds' codes in a document number.
var documentCodes = map[string]string{
	"sttp":               "STTP",
	"piagam_penghargaan": "PIAGAM",
	"surat_keterangan":   "SUKET",
}

// Numbered is a number the cohort gave, with the decision it was given for.
type Numbered struct {
	NumberedDocument
	MeetingRef string
}

func foldNumbered(s State, e DocumentsNumbered) State {
	if s.Numbers == nil {
		s.Numbers = make(map[string]Numbered)
		s.Sequences = make(map[string]int)
	}
	s.Numberings = append(s.Numberings, e)
	for _, d := range e.Documents {
		s.Numbers[d.Number] = Numbered{NumberedDocument: d, MeetingRef: e.MeetingRef}
		key := sequenceKey(e.Year, d.Kind)
		s.Sequences[key] = max(s.Sequences[key], d.Sequence)
	}
	return s
}

func sequenceKey(year int, kind string) string { return strconv.Itoa(year) + "/" + kind }

// DocumentNumber is the number of the seq-th document of kind issued by
// cohort cohortID in year:
//
//	{CODE}.{cohort_id}.{year}.{seq, at least 4 digits}   e.g. STTP.DEMO-2024-III-01.2024.0001
//
// CODE is STTP, PIAGAM or SUKET. The cohort names one institution, so the
// number is unique across institutions; the code and the last two fields
// hold no dot, so the cohort is read back from the number alone (a cohort id
// may hold dots), and a number always ends in a digit (".pdf" after it is
// never part of it). Only letters, digits and ".", "_", ":", "-" occur:
// the number goes into URL paths as it is.
func DocumentNumber(kind, cohortID string, year, seq int) string {
	return fmt.Sprintf("%s.%s.%d.%04d", documentCodes[kind], cohortID, year, seq)
}

// ParseDocumentNumber reads a number DocumentNumber wrote: the kind, the
// cohort, the year and the sequence.
func ParseDocumentNumber(number string) (kind, cohortID string, year, seq int, ok bool) {
	first := strings.IndexByte(number, '.')
	last := strings.LastIndexByte(number, '.')
	if first < 0 || last <= first {
		return "", "", 0, 0, false
	}
	yearAt := strings.LastIndexByte(number[:last], '.')
	if yearAt <= first {
		return "", "", 0, 0, false
	}
	for k, code := range documentCodes {
		if code == number[:first] {
			kind = k
		}
	}
	cohortID = number[first+1 : yearAt]
	year, err1 := strconv.Atoi(number[yearAt+1 : last])
	seq, err2 := strconv.Atoi(number[last+1:])
	if kind == "" || !domain.ValidID(cohortID) || err1 != nil || err2 != nil || year < 1000 || year > 9999 || seq < 1 ||
		DocumentNumber(kind, cohortID, year, seq) != number {
		return "", "", 0, 0, false
	}
	return kind, cohortID, year, seq, true
}

// WantedDocument is a document a decision entitles its participant to.
type WantedDocument struct {
	NIP  domain.NIP
	Kind string
}

// NumberDocuments numbers, in order, the documents decision meetingRef
// (decided on) entitles: one already numbered for the same decision,
// participant and kind keeps its number, so a retried meeting proposes the
// same events; the others take the next numbers of the cohort's sequence
// of their kind in on's year. The event is nil when nothing new is numbered.
func NumberDocuments(s State, meetingRef string, on domain.Date, wants []WantedDocument) ([]string, []domain.Event) {
	year := on.Time().Year()
	numbers := make([]string, len(wants))
	var fresh []NumberedDocument
	next := map[string]int{}
	for i, w := range wants {
		if n, ok := s.numberOf(meetingRef, w); ok {
			numbers[i] = n
			continue
		}
		key := sequenceKey(year, w.Kind)
		if _, ok := next[key]; !ok {
			next[key] = s.Sequences[key]
		}
		next[key]++
		d := NumberedDocument{Number: DocumentNumber(w.Kind, s.Opened.CohortID, year, next[key]), Kind: w.Kind, NIP: w.NIP, Sequence: next[key]}
		numbers[i] = d.Number
		fresh = append(fresh, d)
	}
	if len(fresh) == 0 {
		return numbers, s.numberedBefore(meetingRef, wants)
	}
	return numbers, []domain.Event{DocumentsNumbered{MeetingRef: meetingRef, Year: year, Documents: fresh}}
}

// numberedBefore is the recorded numbering of decision meetingRef for
// wants' participants: what a retried decision proposes again.
func (s State) numberedBefore(meetingRef string, wants []WantedDocument) []domain.Event {
	var out []domain.Event
	for _, e := range s.Numberings {
		if e.MeetingRef != meetingRef {
			continue
		}
		for _, w := range wants {
			if slices.ContainsFunc(e.Documents, func(d NumberedDocument) bool { return d.NIP == w.NIP }) {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// numberOf is the number given to w's document of decision meetingRef.
func (s State) numberOf(meetingRef string, w WantedDocument) (string, bool) {
	for number, n := range s.Numbers {
		if n.MeetingRef == meetingRef && n.NIP == w.NIP && n.Kind == w.Kind {
			return number, true
		}
	}
	return "", false
}

// NumberHolder is the participant whose document number is, if the cohort gave it.
func (s State) NumberHolder(number string) (domain.NIP, bool) {
	n, ok := s.Numbers[number]
	return n.NIP, ok
}
