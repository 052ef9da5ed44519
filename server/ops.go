package server

import (
	"crypto/subtle"
	"net"
	"strings"

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

// metricsHandler serves Prometheus metrics to whoever holds the metrics
// token or, with no token configured, to loopback clients only (#10):
// the figures per department and the request rates are not for everyone.
func (s *Server) metricsHandler() fiber.Handler {
	h := adaptor.HTTPHandler(promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}))
	want := []byte(s.cfg.MetricsToken)
	return func(c *fiber.Ctx) error {
		if len(want) == 0 {
			if ip := net.ParseIP(c.IP()); ip == nil || !ip.IsLoopback() {
				return errForbidden("/metrics answers only this machine; set CIVICDESK_METRICS_TOKEN to scrape it from elsewhere")
			}
			return h(c)
		}
		scheme, got, _ := strings.Cut(strings.TrimSpace(c.Get(fiber.HeaderAuthorization)), " ")
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), want) != 1 {
			return models.Errorf(models.EUnauthorized, "/metrics needs Authorization: Bearer <the metrics token>")
		}
		return h(c)
	}
}

func errForbidden(msg string) error { return models.Errorf(models.EForbidden, "%s", msg) }
