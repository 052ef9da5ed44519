package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// fillWard gives a ward's database a bit of everything: the admin, an
// organisation with an API key and an invite, issues with a photo and a
// changed timeline, an imported record, counters and sequences.
func fillWard(t *testing.T, dataDir, orgCode string, lat, lon float64) {
	t.Helper()
	ctx := context.Background()
	c, err := parseConfig("fill", []string{"--data-dir", dataDir}, noEnv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	st, svc, err := openCore(ctx, c, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	if _, _, err := svc.EnsureAdmin(ctx, "admin", "a long enough password 1"); err != nil {
		t.Fatal(err)
	}
	admin, err := st.GetUserByUsername(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	ap := models.Principal{Kind: models.ActorOfficial, User: admin}
	org, err := svc.CreateOrganisation(ctx, ap, service.NewOrganisation{Code: orgCode, NameVI: "Hội Liên hiệp Phụ nữ"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.CreateAPIKey(ctx, ap, "he thong hoi", org.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.CreateOrgInvite(ctx, ap, org.ID); err != nil {
		t.Fatal(err)
	}
	png := testenv.PNG(64)
	iss, err := svc.CreateIssue(ctx, models.Principal{Kind: models.ActorResident, ResidentID: "tg:42"}, service.NewIssue{
		Title: "Đèn đường hỏng ở kiệt 12", Description: "Đèn không sáng ba ngày nay.", Category: "infrastructure",
		Lat: &lat, Lon: &lon, Channel: models.ChannelTelegram, Photos: []service.PhotoUpload{{Data: png}},
		Contact: models.Contact{Name: "Nguyễn Văn A", Phone: "0905123456", TelegramChatID: 42, Lang: "vi"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []service.Action{{Type: service.ActStart}, {Type: service.ActAnswer, Message: "Đã báo điện lực."}, {Type: service.ActNote, Message: "Hẹn thứ hai."}} {
		if _, err := svc.Do(ctx, ap, iss.Code, a); err != nil {
			t.Fatalf("%s: %v", a.Type, err)
		}
	}
	if _, _, err := svc.ImportIssue(ctx, service.ImportRecord{Ref: "REF-" + iss.Code, CreatedAt: time.Date(2025, 5, 5, 8, 0, 0, 0, time.UTC),
		Category: "environment", Lat: &lat, Lon: &lon, Title: "Rác tồn đọng ở chợ", Description: "Không được thu gom.", Source: "x.csv", Line: 2}); err != nil {
		t.Fatal(err)
	}
}

func dump(t *testing.T, cfg store.Config) map[string]map[string]string {
	t.Helper()
	cfg.Logger = quiet
	st, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	d, err := st.Dump(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A ward on the embedded database copied to a second embedded database:
// every collection's documents are the same, byte for byte.
func TestCopyLosesNothing(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	fillWard(t, src, "hoi-phu-nu", 16.465, 107.540)
	var out, errOut syncBuffer
	if code := run(context.Background(), []string{"copy", "--data-dir", src, "--to-data-dir", dst, "--log-level", "warn"}, noEnv, nil, &out, &errOut); code != 0 {
		t.Fatalf("copy: exit %d\n%s\n%s", code, out.String(), errOut.String())
	}
	before := dump(t, store.Config{EmbeddedDir: src})
	after := dump(t, store.Config{EmbeddedDir: dst})
	// (Timeline events wait in their issue until a batch of them goes to
	// "events", so a few changes leave that collection empty.)
	for _, col := range []string{"issues", "photos", "users", "api_keys", "organisations", "invites",
		"sequences", "stats_days", "catalogue", "imports", "outbox"} {
		if len(before[col]) == 0 {
			t.Errorf("the test data has nothing in %s", col)
		}
	}
	// Each database keeps its own civicdesk_meta (its read model's epoch).
	delete(before, "civicdesk_meta")
	delete(after, "civicdesk_meta")
	if !reflect.DeepEqual(before, after) {
		for col, docs := range before {
			for id, doc := range docs {
				if after[col][id] != doc {
					t.Errorf("%s %s:\nsource %s\ntarget %s", col, id, doc, after[col][id])
				}
			}
			if len(after[col]) != len(docs) {
				t.Errorf("%s: %d documents in the source, %d in the target", col, len(docs), len(after[col]))
			}
		}
	}
	if !strings.Contains(out.String(), "issues") || !strings.Contains(out.String(), "copied ") {
		t.Errorf("copy output:\n%s", out.String())
	}
	// Not into a database that holds data, unless merging.
	out = syncBuffer{}
	if code := run(context.Background(), []string{"copy", "--data-dir", src, "--to-data-dir", dst, "--log-level", "warn"}, noEnv, nil, &out, &out); code != 1 || !strings.Contains(out.String(), "already holds data") {
		t.Errorf("copy into a full database: exit %d %q", code, out.String())
	}
	out = syncBuffer{}
	if code := run(context.Background(), []string{"copy", "--data-dir", src}, noEnv, nil, &out, &out); code == 0 || !strings.Contains(out.String(), "--to") {
		t.Errorf("copy without a target: exit %d %q", code, out.String())
	}
}

// Two wards merged into one city database: their issue codes carry their
// prefixes, so no issue, timeline or photo clashes; shared documents (the
// catalogue, the admin) keep the target's version.
func TestMergeTwoWards(t *testing.T) {
	kimLong, phuXuan, city := t.TempDir(), t.TempDir(), t.TempDir()
	fillWard(t, kimLong, "hoi-phu-nu-kim-long", 16.465, 107.540)
	fillWard(t, phuXuan, "hoi-phu-nu-phu-xuan", 16.475, 107.580)
	var out syncBuffer
	if code := run(context.Background(), []string{"copy", "--data-dir", kimLong, "--to-data-dir", city, "--log-level", "warn"}, noEnv, nil, &out, &out); code != 0 {
		t.Fatalf("copy Kim Long: %d\n%s", code, out.String())
	}
	out = syncBuffer{}
	if code := run(context.Background(), []string{"copy", "--merge", "--data-dir", phuXuan, "--to-data-dir", city, "--log-level", "warn"}, noEnv, nil, &out, &out); code != 0 {
		t.Fatalf("merge Phú Xuân: %d\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "stats rebuild") {
		t.Errorf("merge output does not say to rebuild the statistics:\n%s", out.String())
	}
	kl, px, merged := dump(t, store.Config{EmbeddedDir: kimLong}), dump(t, store.Config{EmbeddedDir: phuXuan}), dump(t, store.Config{EmbeddedDir: city})
	for _, col := range []string{"issues", "events", "photos", "imports", "organisations", "api_keys"} {
		if len(merged[col]) != len(kl[col])+len(px[col]) {
			t.Errorf("%s: %d + %d merged into %d", col, len(kl[col]), len(px[col]), len(merged[col]))
		}
	}
	var codes []string
	for id := range merged["issues"] {
		codes = append(codes, id)
	}
	kls, pxs := 0, 0
	for _, c := range codes {
		switch {
		case strings.Contains(c, `"KL-`):
			kls++
		case strings.Contains(c, `"PX-`):
			pxs++
		}
	}
	if kls != 2 || pxs != 2 {
		t.Errorf("merged issue codes %v: want two KL- and two PX-", codes)
	}
	if len(merged["catalogue"]) != 1 || !reflect.DeepEqual(merged["catalogue"], kl["catalogue"]) {
		t.Error("the target's catalogue was not kept")
	}
	// The merged database serves: statistics rebuilt from both wards' issues.
	out = syncBuffer{}
	if code := run(context.Background(), []string{"stats", "rebuild", "--data-dir", city, "--log-level", "warn"}, noEnv, nil, &out, &out); code != 0 {
		t.Fatalf("stats rebuild: %d %s", code, out.String())
	}
}

// With MONGODB_URI set (a real MongoDB replica set), the same copy from the
// embedded database into it, compared document by document.
func TestCopyToMongoDB(t *testing.T) {
	uri := os.Getenv("MONGODB_URI")
	if uri == "" {
		t.Skip("set MONGODB_URI to copy into a real MongoDB")
	}
	src := t.TempDir()
	fillWard(t, src, "hoi-phu-nu", 16.465, 107.540)
	db := fmt.Sprintf("copytest_%d", time.Now().UnixNano())
	var out syncBuffer
	if code := run(context.Background(), []string{"copy", "--data-dir", src, "--to", uri, "--to-database", db, "--log-level", "warn"}, noEnv, nil, &out, &out); code != 0 {
		t.Fatalf("copy: exit %d\n%s", code, out.String())
	}
	target, err := store.Open(context.Background(), store.Config{URI: uri, Database: db, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = target.DropDatabase(context.Background())
		_ = target.Close(context.Background())
	}()
	after, err := target.Dump(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	before := dump(t, store.Config{EmbeddedDir: src})
	delete(before, "civicdesk_meta")
	delete(after, "civicdesk_meta")
	if !reflect.DeepEqual(before, after) {
		t.Errorf("MongoDB copy differs from the embedded source:\n%v\n%v", before, after)
	}
}
