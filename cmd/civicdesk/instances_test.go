package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/service"
)

// Two instances on one database: a catalogue stored through one is picked
// up by the other, which does not hold the sweeper's lease.
func TestEveryInstanceRefreshesTheCatalogue(t *testing.T) {
	svcA, st, clk := testenv.Service(t, nil)
	svcB := service.New(st, clk, quiet, service.Config{})
	if err := svcB.LoadCatalogue(context.Background(), svcA.Catalogue(), "test", false); err != nil {
		t.Fatal(err)
	}
	cat, v, err := st.GetCatalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cat.City.NameEN = "Huế City, changed elsewhere"
	if _, err := st.PutCatalogue(context.Background(), cat, v, "test", clk.Now()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { refreshCatalogueEvery(ctx, svcB, 10*time.Millisecond, quiet); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(20 * time.Second)
	for svcB.Catalogue().City.NameEN != cat.City.NameEN {
		if time.Now().After(deadline) {
			t.Fatal("the second instance never saw the new catalogue")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestTrustedProxiesAreChecked(t *testing.T) {
	var out bytes.Buffer
	code := run(context.Background(), []string{"serve", "--trusted-proxies", "172.28.0.10,caddy"}, noEnv, nil, &out, &out)
	if code == 0 || !strings.Contains(out.String(), `give CIDRs or addresses`) {
		t.Errorf("exit %d %q", code, out.String())
	}
	c, err := parseConfig("serve", []string{"--trusted-proxies", "172.28.0.10, 10.0.0.0/8"}, noEnv, &out)
	if err != nil || len(c.TrustedProxies) != 2 {
		t.Errorf("%v %+v", err, c)
	}
}
