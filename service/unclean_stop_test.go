package service_test

import (
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/service"
)

// On MongoDB, an instance killed between storing changes and counting
// them leaves the figures short and its lease stale; the next sweep of a
// live instance finds the lease and recounts, and the figures again equal
// a recount from the issues.
func TestSweepRecountsAfterAPeerDied(t *testing.T) {
	st := testenv.PlainStore(t)
	clk := testenv.NewClock(testenv.Monday9)
	svc := service.New(st, clk, nil, service.Config{})
	if err := svc.LoadCatalogue(ctx, catalogue.Default(), "default", false); err != nil {
		t.Fatal(err)
	}
	a := fileIssue(t, svc, "infrastructure")
	fileIssue(t, svc, "environment")
	do(t, svc, official("kim-long-infra"), a.Code, service.Action{Type: service.ActResolve, Message: "Đã sửa"})
	if _, err := svc.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	q := service.StatsQuery{From: testenv.Monday9.AddDate(0, 0, -1), To: clk.Now()}
	want, err := svc.RecountFigures(ctx, q)
	if err != nil {
		t.Fatal(err)
	}

	// The killed peer's lost counts, and the lease it left behind.
	if err := st.ResetStats(ctx); err != nil {
		t.Fatal(err)
	}
	if got := received(t, svc, q); got != 0 {
		t.Fatalf("the counters were not emptied (received %d)", got)
	}
	uri, _ := testenv.URI(t)
	client, err := mongo.Connect(options.Client().ApplyURI(uri).SetMaxPoolSize(1))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)
	seen := time.Now().UTC().Add(-time.Hour)
	if _, err := client.Database(st.DatabaseName()).Collection("instances").InsertOne(ctx,
		bson.M{"_id": "killed", "host": "ward-pc", "pid": 4242, "started_at": seen, "beat_at": seen}); err != nil {
		t.Fatal(err)
	}

	if _, err := svc.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if got := received(t, svc, q); got != 2 {
		t.Fatalf("after the sweep the figures say %d received, want 2", got)
	}
	got, err := svc.Figures(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || got[0].Resolved != want[0].Resolved || got[0].Received != want[0].Received {
		t.Fatalf("figures %+v, recount %+v", got, want)
	}
	// Once recounted, later sweeps leave the counters to the changes.
	rep, did, err := svc.RecountAfterUncleanStops(ctx)
	if err != nil || did {
		t.Fatalf("a second recount ran (%v, %+v)", err, rep)
	}
}

func received(t *testing.T, svc *service.Service, q service.StatsQuery) int64 {
	t.Helper()
	figs, err := svc.Figures(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, f := range figs {
		n += f.Received
	}
	return n
}
