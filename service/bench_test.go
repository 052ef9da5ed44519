package service_test

import (
	"fmt"
	"testing"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// Reading the figures must not get slower as issues pile up: it reads day
// counters and one gauges document, never the issues. Lists of open issues
// read the open-issues mirror, so they grow with the open issues only;
// lists over every status read every issue on the embedded database.
//
// Measured on the embedded database (2 cores, go1.26, FerretDB v1.24.2),
// with 90% of the issues resolved, as in a ward office:
//
//	BenchmarkFigures/issues=100            1.6 ms/op
//	BenchmarkFigures/issues=1000           1.5 ms/op
//	BenchmarkListIssues/open/issues=100    4.7 ms/op  (10 open)
//	BenchmarkListIssues/open/issues=1000    32 ms/op  (100 open)
//	BenchmarkListIssues/all/issues=100      47 ms/op
//	BenchmarkListIssues/all/issues=1000    409 ms/op
//	BenchmarkCreateIssue                   8.2 ms/op  (small database)
//
// Run with: go test ./service -run XXX -bench . -benchtime 20x
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

func BenchmarkListIssues(b *testing.B) {
	for _, n := range []int{100, 1000} {
		svc := seeded(b, n)
		for _, kind := range []string{"open", "all"} {
			f := models.IssueFilter{Sort: models.SortDeadline, Limit: 20}
			if kind == "open" {
				f.Statuses = openStatuses
			}
			b.Run(fmt.Sprintf("%s/issues=%d", kind, n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := svc.ListIssues(ctx, official("kim-long-infra"), f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
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
	for i := 0; i < n; i++ {
		iss, err := svc.CreateIssue(ctx, resident("tg:1"), service.NewIssue{Title: fmt.Sprintf("Phản ánh số %d", i), Description: "Nội dung",
			Category: "infrastructure", Lat: f64(kimLongLat), Lon: f64(kimLongLon)})
		if err != nil {
			b.Fatal(err)
		}
		if i%10 != 0 {
			if _, err := svc.Do(ctx, official("kim-long-infra"), iss.Code, service.Action{Type: service.ActResolve, Message: "Đã xử lý"}); err != nil {
				b.Fatal(err)
			}
		}
	}
	return svc
}
