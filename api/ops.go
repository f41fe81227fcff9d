package api

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// Health is the answer of /healthz.
type Health struct {
	Status string `json:"status" example:"ok"`
} // @name Health

// Readiness is the answer of /readyz.
type Readiness struct {
	Status string                `json:"status" example:"ready" enums:"ready,unavailable,lagging,rebuilding"`
	Stores map[string]StoreState `json:"stores"`
	// Projections maps each projector to its lag behind the log.
	Projections map[string]ProjectionLag `json:"projections"`
} // @name Readiness

// StoreState is one backing store's readiness.
type StoreState struct {
	Status string `json:"status" example:"up"`
	Error  string `json:"error,omitempty"`
} // @name StoreState

// ProjectionLag is how far a projector trails the log.
type ProjectionLag struct {
	Position  uint64 `json:"position"`
	Head      uint64 `json:"head"`
	LagEvents uint64 `json:"lag_events"`
	// LagSeconds is how long the oldest event not yet applied has waited.
	LagSeconds float64 `json:"lag_seconds"`
} // @name ProjectionLag

// pinger is a read model with a backing store of its own (Redis).
type pinger interface {
	Ping(ctx context.Context) error
}

// healthz godoc
// @Summary  Liveness
// @Description  Answers 200 while the process serves requests; it checks nothing behind it (see /readyz). Open: no token.
// @ID       healthz
// @Tags     operations
// @Produce  json
// @Success  200  {object}  Health
// @Router   /healthz [get]
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, Health{Status: "ok"})
}

// readyz godoc
// @Summary  Readiness: each backing store and the projection lag
// @Description  200 when the event store and read models answer and projections are caught up; 503 with the same report when one is unavailable, lagging or rebuilding. Open: no token.
// @ID       readyz
// @Tags     operations
// @Produce  json
// @Success  200  {object}  Readiness
// @Failure  503  {object}  Readiness
// @Router   /readyz [get]
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	r := Readiness{Status: "ready", Stores: map[string]StoreState{}, Projections: map[string]ProjectionLag{}}
	status := http.StatusOK
	head, err := s.cfg.Store.HeadPosition(ctx)
	if err == nil {
		err = s.cfg.Store.Ping(ctx)
	}
	if err != nil {
		r.Status, status = "unavailable", http.StatusServiceUnavailable
		r.Stores["events"] = StoreState{Status: "down", Error: "the event store does not answer"}
	} else {
		r.Stores["events"] = StoreState{Status: "up"}
	}
	name := "memory"
	if pm, ok := s.cfg.Model.(pinger); ok {
		name = "redis"
		if err := pm.Ping(ctx); err != nil {
			r.Status, status = "unavailable", http.StatusServiceUnavailable
			r.Stores["redis"] = StoreState{Status: "down", Error: "the read model store does not answer"}
		} else {
			r.Stores["redis"] = StoreState{Status: "up"}
		}
		r.Projections["tokens"] = s.lagOf(ctx, s.cfg.Tokens.Position(), head)
	}
	r.Projections[name] = s.lagOf(ctx, s.cfg.Model.Position(), head)
	// Readers of a model far behind the log, or being rebuilt, would be
	// told stale things (or, without the ledger's guard, that objects the
	// log holds do not exist): send them elsewhere until it catches up.
	for _, lag := range r.Projections {
		if lag.LagSeconds > s.cfg.ReadyMaxLag.Seconds() && status == http.StatusOK {
			r.Status, status = "lagging", http.StatusServiceUnavailable
		}
	}
	s.rebuilds.mu.Lock()
	rebuilding := s.rebuilds.status.State == "running"
	s.rebuilds.mu.Unlock()
	if rebuilding && status == http.StatusOK {
		r.Status, status = "rebuilding", http.StatusServiceUnavailable
	}
	return c.JSON(status, r)
}

func (s *Server) lagOf(ctx context.Context, pos, head uint64) ProjectionLag {
	lag := ProjectionLag{Position: pos, Head: head}
	if head > pos {
		lag.LagEvents = head - pos
		if next, err := s.cfg.Store.ReadAll(ctx, pos, 1); err == nil && len(next) == 1 {
			lag.LagSeconds = time.Since(next[0].RecordedAt).Seconds()
		}
	}
	return lag
}
