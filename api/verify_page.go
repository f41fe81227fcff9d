package api

import (
	"bytes"
	"html/template"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/ledger"
)

// verifyPage godoc
// @Summary      Public verification of a document (the QR code's page)
// @Description  A small HTML page in Bahasa Indonesia: whether the document holds (valid: sah; revoked: dicabut; unknown: tidak dikenal; invalid: recorded but its signature does not hold), its kind, the holder's name and the institution, and nothing more (the final score only where the institution's signer appointment allows it). Open, without a token; rate-limited per client address; not for search engines (X-Robots-Tag: noindex). An unknown number answers 404 with the same page. The status is also in the page's data-status attribute.
// @ID           verifyDocumentPage
// @Tags         documents
// @Produce      html
// @Param        number  path  string  true  "Document number"
// @Success      200  {string}  string  "The page"
// @Failure      404  {string}  string  "The page, saying the number is unknown"
// @Failure      429  {object}  Problem
// @Router       /verify/{number} [get]
func (s *Server) verifyPage(c echo.Context) error {
	d, err := s.ledger.VerifyPublic(c.Request().Context(), c.Param("number"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := verifyTemplate.Execute(&buf, pageOf(d)); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("Referrer-Policy", "no-referrer")
	status := http.StatusOK
	if d.Status == ledger.StatusUnknown {
		status = http.StatusNotFound
	}
	return c.HTMLBlob(status, buf.Bytes())
}

type verifyView struct {
	Number, Status, Label, Note, Title, Holder, Institution, Final string
}

func pageOf(d ledger.PublicDocument) verifyView {
	v := verifyView{Number: d.Number, Status: d.Status, Title: d.Title, Holder: d.HolderName, Institution: d.Institution}
	switch d.Status {
	case ledger.StatusValid:
		v.Label, v.Note = "SAH", "Dokumen ini tercatat dan tanda tangan elektroniknya sah."
	case ledger.StatusRevoked:
		v.Label, v.Note = "DICABUT", "Dokumen ini pernah diterbitkan, tetapi telah dicabut dan tidak berlaku lagi."
	case ledger.StatusInvalid:
		v.Label, v.Note = "TIDAK SAH", "Dokumen ini tercatat, tetapi tanda tangan elektroniknya tidak sah."
	default:
		v.Label, v.Note = "TIDAK DIKENAL", "Tidak ada dokumen dengan nomor ini."
	}
	if f := d.Final; f != nil && f.Score != nil {
		v.Final = strings.Replace(f.Score.String(), ".", ",", 1)
		if f.Qualification != nil {
			v.Final += " (" + qualificationLabel[*f.Qualification] + ")"
		}
	}
	return v
}

var qualificationLabel = map[participant.Qualification]string{
	participant.SangatMemuaskan: "Sangat Memuaskan", participant.Memuaskan: "Memuaskan",
	participant.CukupMemuaskan: "Cukup Memuaskan", participant.KurangMemuaskan: "Kurang Memuaskan",
	participant.TidakMemuaskan: "Tidak Memuaskan",
}

var verifyTemplate = template.Must(template.New("verify").Parse(`<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Verifikasi dokumen {{.Number}}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#222}
.status{font-size:1.6rem;font-weight:700;padding:.6rem 1rem;border-radius:.4rem}
.valid{background:#e3f6e5;color:#125c1b}.revoked,.invalid{background:#fde8e8;color:#8a1111}.unknown{background:#eee;color:#444}
dt{font-weight:600;margin-top:.6rem}dd{margin:0}
</style>
</head>
<body>
<main data-status="{{.Status}}">
<h1>Verifikasi dokumen</h1>
<p class="status {{.Status}}">{{.Label}}</p>
<p>{{.Note}}</p>
<dl>
<dt>Nomor</dt><dd>{{.Number}}</dd>
{{- if .Title}}
<dt>Jenis dokumen</dt><dd>{{.Title}}</dd>
<dt>Nama</dt><dd>{{.Holder}}</dd>
<dt>Lembaga pelatihan</dt><dd>{{.Institution}}</dd>
{{- end}}
{{- if .Final}}
<dt>Nilai akhir</dt><dd>{{.Final}}</dd>
{{- end}}
</dl>
</main>
</body>
</html>
`))
