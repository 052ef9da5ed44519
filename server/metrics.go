package server

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// metrics is the server's own Prometheus registry: HTTP traffic by route
// template (never by raw path, which would be unbounded), and the open and
// overdue issue counts from the statistics gauges (one small read per
// scrape, never a scan of the issues).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(svc *service.Service) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "civicdesk_http_requests_total",
			Help: "HTTP requests by method, route template and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "civicdesk_http_request_duration_seconds",
			Help:    "HTTP request latency by method and route template.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 15},
		}, []string{"method", "route"}),
	}
	m.reg.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&issueCollector{svc: svc})
	return m
}

// observe records one request. method and route must not point into a
// request buffer: the vectors keep them as labels.
func (m *metrics) observe(method, route string, status int, d time.Duration) {
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(method, route).Observe(d.Seconds())
}

var (
	openDesc = prometheus.NewDesc("civicdesk_issues_open",
		"Issues open now, by handling department and level.", []string{"department", "level"}, nil)
	overdueDesc = prometheus.NewDesc("civicdesk_issues_overdue",
		"Open issues past a deadline now, by handling department and level.", []string{"department", "level"}, nil)
	scrapeErrDesc = prometheus.NewDesc("civicdesk_issues_scrape_error",
		"1 when the issue gauges could not be read at this scrape.", nil, nil)
)

// issueCollector reads the statistics gauges at scrape time through
// service.Figures for today only: one day document and the gauges
// document.
type issueCollector struct{ svc *service.Service }

func (c *issueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- openDesc
	ch <- overdueDesc
	ch <- scrapeErrDesc
}

func (c *issueCollector) Collect(ch chan<- prometheus.Metric) {
	figs, err := c.read()
	failed := 0.0
	if err != nil {
		failed = 1
	}
	for _, f := range figs {
		ch <- prometheus.MustNewConstMetric(openDesc, prometheus.GaugeValue, float64(f.OpenNow), f.Group.Department, string(f.Group.Level))
		ch <- prometheus.MustNewConstMetric(overdueDesc, prometheus.GaugeValue, float64(f.OverdueNow), f.Group.Department, string(f.Group.Level))
	}
	ch <- prometheus.MustNewConstMetric(scrapeErrDesc, prometheus.GaugeValue, failed)
}

func (c *issueCollector) read() (figs []models.Figures, err error) {
	defer func() {
		if r := recover(); r != nil { // the catalogue is not loaded yet
			figs, err = nil, fmt.Errorf("issue gauges: %v", r)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	today := time.Now().In(c.svc.Calendar().Location())
	return c.svc.Figures(ctx, service.StatsQuery{From: today, To: today, GroupBy: []string{"department", "level"}})
}
