package server

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/civicdesk/civicdesk/models"
)

type healthAnswer struct {
	Status string `json:"status"`
}

// healthz says the process is alive; it touches nothing else.
func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(healthAnswer{Status: "ok"})
}

// readyz says the service can serve: catalogue loaded, database reachable.
func (s *Server) readyz(c *fiber.Ctx) error {
	if err := s.svc.Ready(c.UserContext()); err != nil {
		if models.ErrorCodeOf(err) != models.EUnavailable {
			err = models.Wrap(models.EUnavailable, err, "not ready: the database is not reachable")
		}
		return err
	}
	return c.JSON(healthAnswer{Status: "ready"})
}

func (s *Server) metricsHandler() fiber.Handler {
	return adaptor.HTTPHandler(promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}))
}
