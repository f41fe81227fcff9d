package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Me is who a bearer token stands for: what a client (the dashboard) needs
// to know which reads its role and tenant allow, without trying them.
type Me struct {
	TokenID       string `json:"token_id"`
	Role          string `json:"role" enums:"admin,lms,agency,auditor,dashboard"`
	InstitutionID string `json:"institution_id,omitempty"`
	Agency        string `json:"agency,omitempty"`
} // @name Me

// getMe godoc
// @Summary      Who the bearer token stands for
// @Description  The token's id, role and binding (institution for lms, agency for agency tokens). Any valid token.
// @ID           getMe
// @Tags         tokens
// @Produce      json
// @Security     BearerAuth
// @Success      200  {object}  Me
// @Failure      401  {object}  Problem
// @Router       /v1/me [get]
func (s *Server) getMe(c echo.Context) error {
	p := principalOf(c)
	return c.JSON(http.StatusOK, Me{TokenID: p.TokenID, Role: string(p.Role), InstitutionID: p.Institution, Agency: p.Agency})
}
