package api

import "github.com/labstack/echo/v4"

// developmentRoutes mounts the competency-development ledger (rules.md §9).
func (s *Server) developmentRoutes(v1 *echo.Group) {}
