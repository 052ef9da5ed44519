package service_test

import (
	"fmt"
	"testing"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// Reading the figures must not get slower as issues pile up: it reads day
// counters and one gauges document, never the issues.
//
// Measured on the embedded database (2 cores, go1.26, FerretDB v1.24.2):
//
//	BenchmarkFigures/issues=100     ~1.5 ms/op
//	BenchmarkFigures/issues=1000    ~1.5 ms/op
//
// For comparison, a filtered list of issues reads the whole collection on
// FerretDB v1 and grows linearly (BenchmarkListIssues).
func BenchmarkFigures(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("issues=%d", n), func(b *testing.B) {
			svc := seeded(b, n)
			q := service.StatsQuery{GroupBy: []string{"department", "category"}}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := svc.Figures(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Measured as above:
//
//	BenchmarkListIssues/issues=100     ~6 ms/op
//	BenchmarkListIssues/issues=1000    ~45 ms/op
func BenchmarkListIssues(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("issues=%d", n), func(b *testing.B) {
			svc := seeded(b, n)
			f := models.IssueFilter{Statuses: []models.Status{models.StatusRouted}, Sort: models.SortDeadline, Limit: 20}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := svc.ListIssues(ctx, official("kim-long-infra"), f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Measured as above: BenchmarkCreateIssue ~4 ms/op.
func BenchmarkCreateIssue(b *testing.B) {
	svc, _, _ := testenv.Service(b, nil)
	in := service.NewIssue{Title: "Rác thải ùn ứ", Description: "Rác chưa được thu gom.", Category: "environment", Lat: f64(kimLongLat), Lon: f64(kimLongLon)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.CreateIssue(ctx, resident("tg:1"), in); err != nil {
			b.Fatal(err)
		}
	}
}

func seeded(b *testing.B, n int) *service.Service {
	b.Helper()
	svc, _, _ := testenv.Service(b, nil)
	cats := []string{"environment", "infrastructure", "security", "construction"}
	for i := 0; i < n; i++ {
		if _, err := svc.CreateIssue(ctx, resident("tg:1"), service.NewIssue{Title: fmt.Sprintf("Phản ánh số %d", i), Description: "Nội dung",
			Category: cats[i%len(cats)], Lat: f64(kimLongLat), Lon: f64(kimLongLon)}); err != nil {
			b.Fatal(err)
		}
	}
	return svc
}
