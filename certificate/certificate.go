// Package certificate prints a document of the ledger (STTP, Piagam
// Penghargaan, Surat Keterangan) as an A4 PDF in Bahasa Indonesia, laid out
// as Indonesian training certificates are, with a QR code to its public
// verification page, and carries the document's JWS inside the PDF so that
// the printed file verifies offline (`latsar verify-document`).
//
// The PDF is made with codeberg.org/go-pdf/fpdf and its QR code with
// github.com/boombuler/barcode (the QR encoder fpdf's own barcode support
// uses, so it adds no module), drawn as vector squares.
package certificate

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/boombuler/barcode/qr"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
)

// jwsMarker precedes the JWS in the PDF's Keywords.
const jwsMarker = "latsar-jws:"

// Options are what a print adds to the document.
type Options struct {
	// VerifyURL is what the QR code carries (the public verification page).
	VerifyURL string
	// Warning, when set, is printed across the top in red: a document
	// printed after its revocation must not look as if it held.
	Warning string
}

// Render lays out doc on one A4 page. jws is embedded in the document's
// information dictionary (Keywords "latsar-jws:<JWS>"). The same arguments
// always make the same bytes (the PDF's dates are the document's issue date).
func Render(doc participant.Document, jws string, o Options) ([]byte, error) {
	verifyURL := o.VerifyURL
	pdf := fpdf.New("P", "mm", "A4", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("") // UTF-8 to the core fonts' cp1252
	issued := doc.IssuedOn.Time()
	pdf.SetCreationDate(issued)
	pdf.SetModificationDate(issued)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(doc.Title+" "+doc.Number, true)
	pdf.SetSubject(participant.ProgrammeName, true)
	pdf.SetAuthor(doc.Issuer.Name, true)
	pdf.SetCreator("latsar ledger", false)
	pdf.SetLang("id-ID")
	if jws != "" {
		pdf.SetKeywords(jwsMarker+jws, false)
	}
	pdf.SetMargins(20, 18, 20)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddPage()
	w, _ := pdf.GetPageSize()
	inner := w - 40

	// The frame.
	pdf.SetLineWidth(0.8)
	pdf.Rect(10, 10, w-20, 277, "D")
	pdf.SetLineWidth(0.3)
	pdf.Rect(12, 12, w-24, 273, "D")

	if o.Warning != "" {
		pdf.SetXY(14, 13.5)
		pdf.SetTextColor(170, 0, 0)
		pdf.SetFont("Helvetica", "B", 9)
		pdf.MultiCell(w-28, 4, tr(o.Warning), "", "C", false)
		pdf.SetTextColor(0, 0, 0)
	}

	// The issuer and the title.
	pdf.SetXY(20, 22)
	pdf.SetFont("Times", "B", 13)
	pdf.CellFormat(inner, 7, tr(strings.ToUpper(doc.Issuer.Name)), "", 1, "C", false, 0, "")
	pdf.SetFont("Times", "", 11)
	pdf.CellFormat(inner, 6, tr(participant.ProgrammeName+" ("+participant.ProgrammeShort+")"), "", 1, "C", false, 0, "")
	y := pdf.GetY() + 2
	pdf.Line(20, y, w-20, y)
	pdf.SetY(y + 12)
	pdf.SetFont("Times", "B", 22)
	pdf.CellFormat(inner, 11, tr(strings.ToUpper(doc.Title)), "", 1, "C", false, 0, "")
	pdf.SetFont("Times", "", 12)
	pdf.CellFormat(inner, 7, tr("Nomor: "+doc.Number), "", 1, "C", false, 0, "")
	pdf.Ln(10)

	// The holder.
	pdf.SetFont("Times", "", 12)
	lead := "Diberikan kepada:"
	if doc.Kind == participant.AwardSuratKeterangan {
		lead = "Yang bertanda tangan di bawah ini menerangkan bahwa:"
	}
	pdf.CellFormat(inner, 7, tr(lead), "", 1, "L", false, 0, "")
	pdf.Ln(2)
	for _, row := range [][2]string{
		{"Nama", doc.Holder.Name},
		{"NIP", spacedNIP(doc.Holder.NIP)},
		{"Golongan", doc.Holder.Golongan},
		{"Instansi", doc.Holder.Agency},
	} {
		pdf.SetX(30)
		pdf.SetFont("Times", "", 12)
		pdf.CellFormat(35, 7, tr(row[0]), "", 0, "L", false, 0, "")
		pdf.CellFormat(5, 7, ":", "", 0, "L", false, 0, "")
		pdf.SetFont("Times", "B", 12)
		pdf.CellFormat(inner-50, 7, tr(row[1]), "", 1, "L", false, 0, "")
	}
	pdf.Ln(5)

	// What it attests.
	pdf.SetFont("Times", "", 12)
	pdf.MultiCell(inner, 6.5, tr(body(doc)), "", "J", false)
	pdf.Ln(3)
	pdf.MultiCell(inner, 6.5, tr("Berdasarkan keputusan rapat evaluasi kelulusan nomor "+doc.MeetingRef+
		" tanggal "+tanggal(doc.DecidedOn)+"."), "", "J", false)
	if doc.Replaces != "" {
		pdf.Ln(2)
		pdf.SetFont("Times", "I", 11)
		pdf.MultiCell(inner, 6, tr("Dokumen ini menggantikan dokumen nomor "+doc.Replaces+"."), "", "J", false)
	}

	// Place, date and signer, on the right.
	sx, sy := w/2+5.0, 196.0
	pdf.SetFont("Times", "", 12)
	place := doc.Place
	if place != "" {
		place += ", "
	}
	pdf.SetXY(sx, sy)
	pdf.CellFormat(w/2-25, 6.5, tr(place+tanggal(doc.IssuedOn)), "", 2, "L", false, 0, "")
	position := "Kepala " + doc.Issuer.Name
	name, nip := "", ""
	if s := doc.Signer; s != nil {
		position, name, nip = s.Position, s.Name, spacedNIP(s.NIP)
	}
	pdf.SetX(sx)
	pdf.MultiCell(w/2-25, 6.5, tr(position+","), "", "L", false)
	pdf.SetX(sx)
	pdf.SetFont("Times", "I", 9)
	pdf.CellFormat(w/2-25, 14, tr("Ditandatangani secara elektronik"), "", 2, "L", false, 0, "")
	pdf.SetX(sx)
	pdf.SetFont("Times", "BU", 12)
	pdf.CellFormat(w/2-25, 6.5, tr(name), "", 2, "L", false, 0, "")
	pdf.SetX(sx)
	pdf.SetFont("Times", "", 12)
	if nip != "" {
		pdf.CellFormat(w/2-25, 6.5, tr("NIP "+nip), "", 2, "L", false, 0, "")
	}

	// The QR code to the verification page, on the left.
	if verifyURL != "" {
		if err := drawQR(pdf, verifyURL, 24, 196, 38); err != nil {
			return nil, err
		}
		pdf.SetXY(20, 252)
		pdf.SetFont("Helvetica", "", 7.5)
		pdf.CellFormat(inner, 4, tr("Pindai kode QR atau buka alamat berikut untuk memeriksa keabsahan dokumen ini:"), "", 2, "L", false, 0, "")
		pdf.CellFormat(inner, 4, tr(verifyURL), "", 2, "L", false, 0, "")
	}

	// How to check it without us.
	pdf.SetXY(20, 266)
	pdf.SetFont("Helvetica", "", 7)
	pdf.MultiCell(inner, 3.5, tr("Dokumen ini ditandatangani secara elektronik (JWS, EdDSA/Ed25519) oleh sistem pencatatan Latsar "+
		doc.Issuer.Name+"; tanda tangan tersimpan di dalam berkas PDF ini. Kunci publik: /.well-known/jwks.json. "+
		"Periksa secara luring dengan: latsar verify-document --keys jwks.json berkas.pdf"), "", "C", false)

	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	return buf.Bytes(), nil
}

// body is the sentence a document of each kind says.
func body(d participant.Document) string {
	training := fmt.Sprintf("%s (%s) %s yang diselenggarakan oleh %s pada tanggal %s sampai dengan %s, berdasarkan %s",
		participant.ProgrammeName, participant.ProgrammeShort, d.Cohort.Name, d.Issuer.Name,
		tanggal(d.Cohort.StartsOn), tanggal(d.Cohort.EndsOn), participant.ProgrammeBasis)
	result := ""
	if d.Final.Score != nil {
		result = " dengan nilai akhir " + nilai(*d.Final.Score)
		if d.Final.Qualification != nil {
			result += " dan kualifikasi " + strings.ToUpper(kualifikasi(*d.Final.Qualification))
		}
	}
	switch d.Kind {
	case participant.AwardPiagam:
		return fmt.Sprintf("atas prestasinya sebagai Peserta Terbaik %s pada %s,%s.", romawi(d.Rank), training, result)
	case participant.AwardSuratKeterangan:
		return fmt.Sprintf("telah mengikuti %s, dan dinyatakan TIDAK LULUS%s.", training, result)
	default:
		return fmt.Sprintf("yang telah mengikuti %s, dan dinyatakan LULUS%s.", training, result)
	}
}

var bulan = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// tanggal writes a date as Indonesian documents do: 2 Agustus 2024.
func tanggal(d domain.Date) string {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return string(d)
	}
	return strconv.Itoa(t.Day()) + " " + bulan[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// nilai writes a score with a decimal comma: 85,50.
func nilai(s domain.Score) string { return strings.Replace(s.String(), ".", ",", 1) }

func kualifikasi(q participant.Qualification) string {
	return map[participant.Qualification]string{
		participant.SangatMemuaskan: "Sangat Memuaskan", participant.Memuaskan: "Memuaskan",
		participant.CukupMemuaskan: "Cukup Memuaskan", participant.KurangMemuaskan: "Kurang Memuaskan",
		participant.TidakMemuaskan: "Tidak Memuaskan",
	}[q]
}

func romawi(rank int) string {
	if rank >= 1 && rank <= 3 {
		return [...]string{"I", "II", "III"}[rank-1]
	}
	return strconv.Itoa(rank)
}

// spacedNIP writes a NIP in its groups: 19990101 202401 1 001.
func spacedNIP(n domain.NIP) string {
	s := string(n)
	if len(s) != 18 {
		return s
	}
	return s[:8] + " " + s[8:14] + " " + s[14:15] + " " + s[15:]
}

// drawQR draws text's QR code (error correction M) as squares, size mm wide.
func drawQR(pdf *fpdf.Fpdf, text string, x, y, size float64) error {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return fmt.Errorf("certificate: QR code: %w", err)
	}
	b := code.Bounds()
	n := b.Dx()
	module := size / float64(n)
	pdf.SetFillColor(0, 0, 0)
	for i := range n {
		for j := range b.Dy() {
			if r, _, _, _ := code.At(b.Min.X+i, b.Min.Y+j).RGBA(); r == 0 {
				pdf.Rect(x+float64(i)*module, y+float64(j)*module, module, module, "F")
			}
		}
	}
	return nil
}

var jwsPattern = regexp.MustCompile(regexp.QuoteMeta(jwsMarker) + `([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)`)

// ErrNoJWS is a PDF that carries no document JWS.
var ErrNoJWS = errors.New("the PDF carries no latsar document signature")

// JWSOf finds the JWS a PDF made by Render carries.
func JWSOf(pdf []byte) (string, error) {
	m := jwsPattern.FindSubmatch(pdf)
	if m == nil {
		return "", ErrNoJWS
	}
	return string(m[1]), nil
}

// IsPDF tells a PDF file from a JWS text.
func IsPDF(b []byte) bool { return bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("%PDF-")) }
