// Package trivial is the ceiling the ledger's HTTP figures are compared
// with, in one place so the in-process benchmarks (bench) and the
// out-of-process comparison (cmd/benchrun) measure the same handler: echo
// decoding the body a trophy POST carries and answering 201, and a GET
// answering a small JSON object.
package trivial

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"
)

// Server answers POST /trivial and GET /trivial/:nip.
func Server() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.POST("/trivial", func(c echo.Context) error {
		var req struct {
			ActivityID string `json:"activity_id"`
			Material   string `json:"material"`
			Agenda     *int   `json:"agenda"`
			EarnedAt   string `json:"earned_at"`
		}
		if err := json.NewDecoder(c.Request().Body).Decode(&req); err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, map[string]any{"activity_id": req.ActivityID})
	})
	e.GET("/trivial/:nip", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]any{"nip": c.Param("nip")})
	})
	return e
}
