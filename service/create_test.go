package service_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

func TestCreateIssueRoutesAndExplains(t *testing.T) {
	svc, st, _ := testenv.Service(t, nil)
	iss := fileIssue(t, svc, "infrastructure")

	if !regexp.MustCompile(`^KL-26-\d{5}$`).MatchString(iss.Code) {
		t.Errorf("code %q does not look like KL-26-00001", iss.Code)
	}
	if iss.Location.WardCode != "kim-long" {
		t.Errorf("ward = %q, want kim-long", iss.Location.WardCode)
	}
	if iss.Routing.Department != "kim-long-infra" || iss.Routing.Level != models.LevelWard {
		t.Errorf("routed to %s (%s), want kim-long-infra (ward)", iss.Routing.Department, iss.Routing.Level)
	}
	if !strings.Contains(iss.Routing.ExplainEN, "because") || iss.Routing.ExplainVI == "" {
		t.Errorf("explanation missing: %q / %q", iss.Routing.ExplainVI, iss.Routing.ExplainEN)
	}
	if iss.Status != models.StatusRouted || len(iss.Timeline) != 2 {
		t.Errorf("status %s with %d events, want routed with created+routed", iss.Status, len(iss.Timeline))
	}
	stored, err := st.GetIssue(ctx, iss.Code)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Reporter.Contact.Phone != "0905123456" {
		t.Errorf("contact not stored: %+v", stored.Reporter.Contact)
	}
	// Monday 09:00 + 8 working hours (infrastructure response): 2.5 h until
	// 11:30, 3.5 h from 13:30 to 17:00, then 2 h from Tuesday 07:30.
	want := testenv.Monday9.Add(24*time.Hour + 30*time.Minute)
	if !stored.SLA.ResponseDue.Equal(want) {
		t.Errorf("response due %v, want %v", stored.SLA.ResponseDue.In(testenv.HCM), want)
	}
}

func TestCreateIssueCityLevelAndOrganisation(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	iss, err := svc.CreateIssue(ctx, organisation("org-women"), service.NewIssue{
		Title: "Tranh chấp đất của hợp tác xã", Description: "Hợp tác xã lấn đất của 30 hộ dân.",
		Category: "land", Ward: "kim-long", PeopleCount: 30,
	})
	if err != nil {
		t.Fatal(err)
	}
	if iss.Routing.Department != "hue-agri-env" || iss.Routing.Level != models.LevelCity {
		t.Errorf("organisation land concern routed to %s/%s, want hue-agri-env/city", iss.Routing.Department, iss.Routing.Level)
	}
	if iss.Reporter.Kind != models.ReporterOrganisation || iss.Reporter.PeopleCount != 30 {
		t.Errorf("reporter %+v", iss.Reporter)
	}
	if len(iss.Routing.CoHandling) != 1 || iss.Routing.CoHandling[0] != "kim-long-committee" {
		t.Errorf("co-handling %v, want [kim-long-committee]", iss.Routing.CoHandling)
	}
}

func TestCreateIssueBadInputWritesNothing(t *testing.T) {
	svc, st, _ := testenv.Service(t, nil)
	good := service.NewIssue{Title: "Rác thải ùn ứ", Description: "Rác không được thu gom.", Category: "environment", Lat: f64(kimLongLat), Lon: f64(kimLongLon)}
	cases := []struct {
		name  string
		p     models.Principal
		edit  func(*service.NewIssue)
		code  models.ErrorCode
		field string
	}{
		{"empty title", resident("r1"), func(n *service.NewIssue) { n.Title = "  " }, models.EInvalid, "title"},
		{"title too long", resident("r1"), func(n *service.NewIssue) { n.Title = strings.Repeat("đ", models.MaxTitleLen+1) }, models.EInvalid, "title"},
		{"description too long", resident("r1"), func(n *service.NewIssue) { n.Description = strings.Repeat("x", models.MaxDescriptionLen+1) }, models.EInvalid, "description"},
		{"invalid utf8", resident("r1"), func(n *service.NewIssue) { n.Description = "ab\xff" }, models.EInvalid, "description"},
		{"unknown category", resident("r1"), func(n *service.NewIssue) { n.Category = "volcano" }, models.EInvalid, "category"},
		{"outside every ward", resident("r1"), func(n *service.NewIssue) { n.Lat, n.Lon = f64(21.03), f64(105.85) }, models.EInvalid, ""},
		{"only latitude", resident("r1"), func(n *service.NewIssue) { n.Lon = nil }, models.EInvalid, "location"},
		{"latitude out of range", resident("r1"), func(n *service.NewIssue) { n.Lat = f64(123) }, models.EInvalid, "lat"},
		{"unknown ward", resident("r1"), func(n *service.NewIssue) { n.Lat, n.Lon, n.Ward = nil, nil, "atlantis" }, models.EInvalid, "ward"},
		{"ward needed", resident("r1"), func(n *service.NewIssue) { n.Lat, n.Lon = nil, nil }, models.EInvalid, ""},
		{"not an image", resident("r1"), func(n *service.NewIssue) {
			n.Photos = []service.PhotoUpload{{ContentType: "image/jpeg", Data: []byte("<html>")}}
		}, models.EInvalid, "photos[0]"},
		{"too many photos", resident("r1"), func(n *service.NewIssue) { n.Photos = make([]service.PhotoUpload, 6) }, models.EInvalid, "photos"},
		{"organisation without people count", organisation("o1"), func(n *service.NewIssue) {}, models.EInvalid, "people_count"},
		{"monitor files", monitor(), func(n *service.NewIssue) {}, models.EForbidden, ""},
		{"nobody", models.Principal{}, func(n *service.NewIssue) {}, models.EUnauthorized, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := good
			tc.edit(&in)
			_, err := svc.CreateIssue(ctx, tc.p, in)
			wantCode(t, err, tc.code)
			if tc.field != "" {
				if _, ok := models.ErrorFieldsOf(err)[tc.field]; !ok {
					t.Errorf("error %v does not name field %q", err, tc.field)
				}
			}
			if models.ErrorMessageOf(err) == "" {
				t.Error("empty message")
			}
		})
	}
	n, err := st.CountIssues(ctx, models.IssueFilter{})
	if err != nil || n != 0 {
		t.Fatalf("bad input left %d issues behind (err %v)", n, err)
	}
}

func TestPhotosStoredAndSniffed(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	// The chunk layout of a PNG (IHDR, IDAT, IEND), CRCs not checked.
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00abcd" +
		"\x00\x00\x00\x02IDAT00abcd\x00\x00\x00\x00IEND\xaeB`\x82")
	iss, err := svc.CreateIssue(ctx, resident("r1"), service.NewIssue{Title: "Ổ gà trên đường", Description: "Ổ gà lớn.", Category: "infrastructure", Ward: "kim-long",
		Photos: []service.PhotoUpload{{ContentType: "application/octet-stream", Data: png}, {TelegramFileID: "AgACAgQ"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(iss.Photos) != 2 || iss.Photos[0].ContentType != "image/png" {
		t.Fatalf("photos %+v", iss.Photos)
	}
	ph, err := svc.Photo(ctx, iss.Code, iss.Photos[0].ID)
	if err != nil || string(ph.Data) != string(png) {
		t.Fatalf("photo read back %v %q", err, ph)
	}
}
