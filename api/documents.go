package api

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/certificate"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/keys"
	"github.com/latsar/ledger/ledger"
)

// Documents is what the documents need from main: the key that signs them
// and every key that did, and the public address the verification links
// (the QR codes) name.
type Documents struct {
	Signer   keys.Signer
	Verifier *keys.Verifier
	// PublicURL is the server's address as outsiders reach it
	// (https://latsar.example.go.id); empty: the request's own.
	PublicURL string
}

func (s *Server) documentRoutes(v1 group) {
	v1.GET("/participants/:nip/documents", s.listDocuments)
	v1.GET("/documents/:number", s.getDocument)
	v1.PUT("/institutions/:institution_id/signer", s.appointSigner)
	v1.GET("/institutions/:institution_id/signer", s.getSigner)
	s.echo.GET("/verify/:number", s.verifyPage)
}

// DocumentResponse is one document and whether it holds.
type DocumentResponse struct {
	Number string `json:"number" example:"STTP.DEMO-2024-III-01.2024.0001"`
	Kind   string `json:"kind" enums:"sttp,piagam_penghargaan,surat_keterangan"`
	// Content is what the document says: exactly the payload its JWS signs.
	Content participant.Document `json:"content"`
	// JWS is the compact JWS (EdDSA, Ed25519) over the content's JSON; kid
	// names its key in /.well-known/jwks.json.
	JWS   string `json:"jws"`
	KeyID string `json:"kid"`
	// Valid: the signature holds and the document is not revoked.
	Valid            bool   `json:"valid"`
	SignatureValid   bool   `json:"signature_valid"`
	SignatureProblem string `json:"signature_problem,omitempty"`
	Revoked          bool   `json:"revoked"`
	// Revocation says why, when, by which decision, and which document
	// replaced it (null while it is in force).
	Revocation *participant.DocumentRevoked `json:"revocation" extensions:"x-nullable"`
	// Decision is how the decision behind the document stands now.
	Decision  participant.DocumentDecision `json:"decision"`
	VerifyURL string                       `json:"verify_url" example:"https://latsar.example.go.id/verify/STTP.DEMO-2024-III-01.2024.0001"`
} // @name Document

// DocumentList is a participant's documents, revoked ones included.
type DocumentList struct {
	NIP       string             `json:"nip"`
	Documents []DocumentResponse `json:"documents"`
} // @name DocumentList

func (s *Server) documentResponse(c echo.Context, v ledger.DocumentView) DocumentResponse {
	return DocumentResponse{
		Number: v.Document.Number, Kind: v.Document.Kind, Content: v.Document, JWS: v.JWS, KeyID: v.KeyID,
		Valid: v.Valid(), SignatureValid: v.SignatureValid, SignatureProblem: v.SignatureProblem,
		Revoked: v.Revocation != nil, Revocation: v.Revocation, Decision: v.Decision,
		VerifyURL: s.verifyURL(c, v.Document.Number),
	}
}

// verifyURL is the public verification page of a document.
func (s *Server) verifyURL(c echo.Context, number string) string {
	base := strings.TrimRight(s.cfg.Documents.PublicURL, "/")
	if base == "" {
		base = c.Scheme() + "://" + c.Request().Host
	}
	return base + "/verify/" + url.PathEscape(number)
}

// listDocuments godoc
// @Summary      A participant's documents
// @Description  The documents the participant's decisions issued (R-AWARD-1): an STTP for lulus, a Piagam Penghargaan for ranks 1-3 with at least Memuaskan, a Surat Keterangan for tidak lulus, each with its number, its content, its compact JWS (EdDSA, Ed25519; keys at /.well-known/jwks.json), whether it holds and why not, and how the decision behind it stands. Revoked documents stay listed. Same readers and tenants as the standing; it reads the participant's own stream, so it includes the caller's last write.
// @ID           listDocuments
// @Tags         documents
// @Produce      json
// @Security     BearerAuth
// @Param        nip  path  string  true  "NIP (18 digits)"
// @Success      200  {object}  DocumentList
// @Failure      401,403,404  {object}  Problem
// @Router       /v1/participants/{nip}/documents [get]
func (s *Server) listDocuments(c echo.Context) error {
	docs, err := s.ledger.ParticipantDocuments(c.Request().Context(), principalOf(c), c.Param("nip"))
	if err != nil {
		return err
	}
	out := DocumentList{NIP: strings.ReplaceAll(c.Param("nip"), " ", ""), Documents: make([]DocumentResponse, 0, len(docs))}
	for _, d := range docs {
		out.Documents = append(out.Documents, s.documentResponse(c, d))
	}
	return c.JSON(http.StatusOK, out)
}

// getDocument godoc
// @Summary      One document by its number
// @Description  The document, whether its signature holds (against the published keys, over exactly the content recorded), whether it is revoked (why, by which decision, and its replacement), and whether the decision behind it still holds. Valid is a holding signature and no revocation. With Accept: application/pdf (or the path's .pdf suffix) the printable A4 document instead. Another tenant's document is 404, as an unknown number is. Numbers are {STTP|PIAGAM|SUKET}.{cohort_id}.{year}.{sequence} (docs/documents.md).
// @ID           getDocument
// @Tags         documents
// @Produce      json
// @Produce      application/pdf
// @Security     BearerAuth
// @Param        number  path  string  true  "Document number"
// @Success      200  {object}  DocumentResponse
// @Failure      401,403,404  {object}  Problem
// @Router       /v1/documents/{number} [get]
func (s *Server) getDocument(c echo.Context) error {
	number := c.Param("number")
	if n, ok := strings.CutSuffix(number, ".pdf"); ok {
		return s.documentPDF(c, n)
	}
	if accepts(c, "application/pdf") {
		return s.documentPDF(c, number)
	}
	d, err := s.ledger.Document(c.Request().Context(), principalOf(c), number)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.documentResponse(c, d))
}

// accepts tells whether the request's Accept names mediaType before JSON.
func accepts(c echo.Context, mediaType string) bool {
	accept := c.Request().Header.Get(echo.HeaderAccept)
	i := strings.Index(accept, mediaType)
	j := strings.Index(accept, "application/json")
	return i >= 0 && (j < 0 || i < j)
}

// getDocumentPDF godoc
// @Summary      One document as a printable PDF
// @Description  The document on an A4 page in Bahasa Indonesia, as Indonesian training certificates are laid out (title, number, name and NIP, programme, dates, qualification, place and date, signer's name and NIP), with a QR code to its public verification page (GET /verify/{number}). The PDF carries the document's JWS in its Keywords ("latsar-jws:<JWS>"), so `latsar verify-document file.pdf` checks it offline. Same readers and tenants as GET /v1/documents/{number}. A revoked document prints as it was issued with a red line across the top saying it was revoked (and by what), as its verification page does.
// @ID           getDocumentPDF
// @Tags         documents
// @Produce      application/pdf
// @Security     BearerAuth
// @Param        number  path  string  true  "Document number"
// @Success      200  {string}  string  "The PDF"
// @Failure      401,403,404  {object}  Problem
// @Router       /v1/documents/{number}.pdf [get]
func (s *Server) documentPDF(c echo.Context, number string) error {
	d, err := s.ledger.Document(c.Request().Context(), principalOf(c), number)
	if err != nil {
		return err
	}
	o := certificate.Options{VerifyURL: s.verifyURL(c, d.Document.Number)}
	switch r := d.Revocation; {
	case r != nil && r.ReplacedBy != "":
		o.Warning = "DOKUMEN INI TELAH DICABUT pada " + string(r.RevokedOn) + " dan digantikan oleh dokumen nomor " + r.ReplacedBy
	case r != nil:
		o.Warning = "DOKUMEN INI TELAH DICABUT pada " + string(r.RevokedOn)
	case !d.SignatureValid:
		o.Warning = "TANDA TANGAN ELEKTRONIK DOKUMEN INI TIDAK SAH"
	}
	pdf, err := certificate.Render(d.Document, d.JWS, o)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", `inline; filename="`+d.Document.Number+`.pdf"`)
	h.Set("Cache-Control", "private, no-cache")
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// SignerRequest is the body of PUT /v1/institutions/{institution_id}/signer.
type SignerRequest struct {
	// InstitutionName is how documents name the institution.
	InstitutionName string `json:"institution_name" example:"BPSDM Provinsi Jawa Timur"`
	// Name, NIP and Position are the head who signs (printed under the signature).
	Name     string `json:"name" example:"Dr. Ahmad Santoso, M.Si."`
	NIP      string `json:"nip" example:"197001011995031001"`
	Position string `json:"position" example:"Kepala BPSDM Provinsi Jawa Timur"`
	// Place is where documents are signed ("Surabaya, 2 Agustus 2024").
	Place string `json:"place" example:"Surabaya"`
	// PublicScores lets the public verification page show a valid
	// document's final score and qualification (default false).
	PublicScores bool `json:"public_scores"`
} // @name SignerRequest

// Signer is the signer in force for an institution's documents.
type Signer struct {
	InstitutionID   string `json:"institution_id"`
	InstitutionName string `json:"institution_name"`
	Name            string `json:"name"`
	NIP             string `json:"nip"`
	Position        string `json:"position"`
	Place           string `json:"place"`
	PublicScores    bool   `json:"public_scores"`
} // @name InstitutionSigner

// SignerResponse answers an appointment.
type SignerResponse struct {
	Events []EventRef `json:"events"`
	Signer Signer     `json:"signer"`
} // @name SignerResponse

func signerOf(e cohort.SignerAppointed) Signer {
	return Signer{InstitutionID: e.InstitutionID, InstitutionName: e.InstitutionName, Name: e.Name, NIP: string(e.NIP),
		Position: e.Position, Place: e.Place, PublicScores: e.PublicScores}
}

// appointSigner godoc
// @Summary      Appoint who signs an institution's documents
// @Description  Records InstitutionSignerAppointed on the institution's stream: the institution's name and head (name, NIP, position), the place of signing, and whether the public verification page may show scores. Documents issued afterwards name this signer (those issued before keep theirs). Admin, or the institution's lms token (another institution is 404). The same signer again records nothing (200).
// @ID           appointSigner
// @Tags         documents
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        institution_id   path    string         true   "Institution id"
// @Param        Idempotency-Key  header  string         false  "Idempotency key"
// @Param        body             body    SignerRequest  true   "The signer"
// @Success      200  {object}  SignerResponse
// @Success      201  {object}  SignerResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/institutions/{institution_id}/signer [put]
func (s *Server) appointSigner(c echo.Context) error {
	var req SignerRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	res, err := s.ledger.AppointSigner(c.Request().Context(), principalOf(c), cohort.AppointSigner{
		InstitutionID: c.Param("institution_id"), InstitutionName: req.InstitutionName, Name: req.Name, NIP: req.NIP,
		Position: req.Position, Place: req.Place, PublicScores: req.PublicScores,
	})
	if err != nil {
		return err
	}
	return written(c, SignerResponse{Events: refsOf(res.Appends...), Signer: signerOf(res.Signer)}, res.Written)
}

// getSigner godoc
// @Summary      Who signs an institution's documents
// @Description  The signer in force (404 until one is appointed). Admin, auditor, and the institution's lms token.
// @ID           getSigner
// @Tags         documents
// @Produce      json
// @Security     BearerAuth
// @Param        institution_id  path  string  true  "Institution id"
// @Success      200  {object}  Signer
// @Failure      401,403,404  {object}  Problem
// @Router       /v1/institutions/{institution_id}/signer [get]
func (s *Server) getSigner(c echo.Context) error {
	e, err := s.ledger.InstitutionSigner(c.Request().Context(), principalOf(c), c.Param("institution_id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, signerOf(e))
}
