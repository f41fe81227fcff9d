package cohort

import (
	"strings"

	"github.com/latsar/ledger/domain"
)

// SignerAppointed records who signs a training institution's documents (the
// STTP, the Piagam Penghargaan, the Surat Keterangan) from now on: the
// institution's head as the institution names them, where the documents
// are signed, and whether the public verification page may show a
// document's final score. Documents carry the signer in force when their
// decision is recorded; a later appointment changes only later documents.
type SignerAppointed struct {
	InstitutionID   string     `json:"institution_id"`
	InstitutionName string     `json:"institution_name"`
	Name            string     `json:"name"`
	NIP             domain.NIP `json:"nip"`
	Position        string     `json:"position"`
	Place           string     `json:"place"`
	PublicScores    bool       `json:"public_scores"`
}

func (SignerAppointed) EventType() string { return "InstitutionSignerAppointed" }

// Signer is the official who signs a document, as the document names them.
type Signer struct {
	Name     string     `json:"name" example:"Dr. Ahmad Santoso, M.Si."`
	NIP      domain.NIP `json:"nip" example:"197001011995031001"`
	Position string     `json:"position" example:"Kepala BPSDM Provinsi Jawa Timur"`
} // @name DocumentSigner

// InstitutionState is what an institution's stream says: its signer.
type InstitutionState struct {
	Signer *SignerAppointed
}

// Institution declares the events of a training institution's stream
// (institution-{id}).
var Institution = domain.NewAggregate("institution",
	domain.On(1, func(s InstitutionState, e SignerAppointed) InstitutionState { s.Signer = &e; return s }),
)

// EvolveInstitution folds one event into an institution's state.
func EvolveInstitution(s InstitutionState, e domain.Event) InstitutionState {
	return Institution.Evolve(s, e)
}

// DocumentSigner is the signer a document issued now names, nil while the
// institution has appointed none.
func (s InstitutionState) DocumentSigner() *Signer {
	if s.Signer == nil {
		return nil
	}
	return &Signer{Name: s.Signer.Name, NIP: s.Signer.NIP, Position: s.Signer.Position}
}

// AppointSigner is an appointment as a command carries it.
type AppointSigner struct {
	InstitutionID   string
	InstitutionName string
	Name            string
	NIP             string
	Position        string
	Place           string
	PublicScores    bool
}

// DecideSigner records the appointment, or nothing when it repeats the
// signer in force.
func DecideSigner(s InstitutionState, c AppointSigner) ([]domain.Event, error) {
	var v domain.Invalid
	if !domain.ValidID(c.InstitutionID) {
		v.Add("", "institution_id", "institution_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	for _, f := range []struct{ field, value string }{
		{"institution_name", c.InstitutionName}, {"name", c.Name}, {"position", c.Position}, {"place", c.Place},
	} {
		switch n := len(strings.TrimSpace(f.value)); {
		case n == 0:
			v.Add("", f.field, f.field+" is required (documents print it)")
		case n > 200:
			v.Add("", f.field, f.field+" is at most 200 characters")
		}
	}
	nip, err := domain.ParseNIP(c.NIP)
	if err != nil {
		if de, ok := domain.AsError(err); ok {
			v.Add(de.Rule, "nip", de.Message)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	e := SignerAppointed{
		InstitutionID: c.InstitutionID, InstitutionName: strings.TrimSpace(c.InstitutionName), Name: strings.TrimSpace(c.Name),
		NIP: nip, Position: strings.TrimSpace(c.Position), Place: strings.TrimSpace(c.Place), PublicScores: c.PublicScores,
	}
	if s.Signer != nil && *s.Signer == e {
		return nil, nil
	}
	return []domain.Event{e}, nil
}
