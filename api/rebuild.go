package api

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
)

// Rebuilder rebuilds the read models from the whole log into fresh keys and
// switches over when caught up, reporting progress.
type Rebuilder func(ctx context.Context, progress func(done, position, head uint64)) (uint64, error)

// RebuildStatus is the state of the last rebuild.
type RebuildStatus struct {
	State      string     `json:"state" enums:"idle,running,done,failed"`
	Events     uint64     `json:"events"`
	Position   uint64     `json:"position"`
	Head       uint64     `json:"head"`
	StartedAt  *time.Time `json:"started_at,omitempty" format:"date-time"`
	FinishedAt *time.Time `json:"finished_at,omitempty" format:"date-time"`
	Error      string     `json:"error,omitempty"`
} // @name RebuildStatus

type rebuilds struct {
	mu     sync.Mutex
	status RebuildStatus
}

// startRebuild godoc
// @Summary      Rebuild the read models (admin)
// @Description  Starts a rebuild of the Redis read models from the whole log into fresh keys; readers switch over when it has caught up. Answers 202 at once; GET the same path for progress. The embedded (memory) read model is rebuilt at every start and answers 409.
// @ID           startRebuild
// @Tags         operations
// @Produce      json
// @Security     BearerAuth
// @Success      202  {object}  RebuildStatus
// @Failure      401,403,409  {object}  Problem
// @Router       /v1/admin/rebuild [post]
func (s *Server) startRebuild(c echo.Context) error {
	if err := s.ledger.MayRebuild(principalOf(c)); err != nil {
		return err
	}
	if s.cfg.Rebuild == nil {
		return domain.Conflict("", "the embedded read model lives in memory and is rebuilt from the log at every start; set LATSAR_REDIS_URL for rebuilds while serving")
	}
	r := &s.rebuilds
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.status.State == "running" {
		return domain.Conflict("", "a rebuild is running")
	}
	now := time.Now().UTC()
	r.status = RebuildStatus{State: "running", StartedAt: &now}
	go func() {
		n, err := s.cfg.Rebuild(context.Background(), func(done, position, head uint64) {
			r.mu.Lock()
			r.status.Events, r.status.Position, r.status.Head = done, position, head
			r.mu.Unlock()
		})
		r.mu.Lock()
		defer r.mu.Unlock()
		end := time.Now().UTC()
		r.status.FinishedAt, r.status.Events, r.status.State = &end, n, "done"
		if err != nil {
			r.status.State, r.status.Error = "failed", err.Error()
			s.cfg.Logger.Error("rebuild failed", "err", err)
		}
	}()
	return c.JSON(http.StatusAccepted, r.status)
}

// rebuildStatus godoc
// @Summary      Progress of the last rebuild (admin)
// @Description  The state of the last read-model rebuild started with POST /v1/admin/rebuild: running or done, events replayed, and any error. Admin tokens.
// @ID           rebuildStatus
// @Tags         operations
// @Produce      json
// @Security     BearerAuth
// @Success      200  {object}  RebuildStatus
// @Failure      401,403  {object}  Problem
// @Router       /v1/admin/rebuild [get]
func (s *Server) rebuildStatus(c echo.Context) error {
	if err := s.ledger.MayRebuild(principalOf(c)); err != nil {
		return err
	}
	s.rebuilds.mu.Lock()
	defer s.rebuilds.mu.Unlock()
	st := s.rebuilds.status
	if st.State == "" {
		st.State = "idle"
	}
	return c.JSON(http.StatusOK, st)
}
