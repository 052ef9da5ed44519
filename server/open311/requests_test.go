package open311

import (
	"context"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

const (
	day      = 24 * time.Hour
	received = "Đã tiếp nhận và chuyển đơn vị xử lý / Received and sent to the department in charge"
)

func TestGetRequestByID(t *testing.T) {
	e := newEnv(t, Config{})
	id := e.create()
	var j []jsonRequest
	e.get("/requests/"+id+".json").json(t, 200, &j)
	var x xmlRequests
	e.get("/requests/"+id+".xml").xml(t, 200, &x)
	if len(j) != 1 || len(x.Requests) != 1 {
		t.Fatalf("want one request: %d json, %d xml", len(j), len(x.Requests))
	}
	iss, err := e.svc.GetIssue(context.Background(), testenv.Admin(), id)
	if err != nil {
		t.Fatal(err)
	}
	due := iss.SLA.ResolutionDue.In(testenv.HCM).Format(time.RFC3339)
	notice := iss.Routing.ExplainVI + " / " + iss.Routing.ExplainEN
	r := j[0]
	if r.ID != id || r.Status != "open" || r.ServiceCode != "environment" || deref(r.ServiceName) != "Môi trường, rác thải" ||
		deref(r.Description) != iss.Description || deref(r.AgencyResponsible) != "Phòng Kinh tế, Hạ tầng và Đô thị phường Kim Long" ||
		deref(r.ServiceNotice) != notice || deref(r.StatusNotes) != received ||
		r.RequestedDatetime != "2026-11-23T09:00:00+07:00" || deref(r.UpdatedDatetime) != "2026-11-23T09:00:00+07:00" ||
		deref(r.ExpectedDatetime) != due || *r.Lat != 16.47 || *r.Long != 107.54 {
		t.Fatalf("json request %+v", r)
	}
	// Fields civicdesk has no value for are null, as in the spec's example.
	if r.Address != nil || r.AddressID != nil || r.Zipcode != nil || r.MediaURL != nil {
		t.Fatalf("want nulls: %+v", r)
	}
	want := xmlRequest{ID: id, Status: "open", StatusNotes: received, ServiceName: "Môi trường, rác thải",
		ServiceCode: "environment", Description: iss.Description, AgencyResponsible: deref(r.AgencyResponsible),
		ServiceNotice: notice, RequestedDatetime: r.RequestedDatetime, UpdatedDatetime: r.RequestedDatetime,
		ExpectedDatetime: due, Lat: "16.47", Long: "107.54"}
	if x.Requests[0] != want {
		t.Fatalf("xml request\n got %+v\nwant %+v", x.Requests[0], want)
	}
	// Empty fields are still there in XML, as in the spec's example.
	for _, el := range []string{"<address></address>", "<address_id></address_id>", "<zipcode></zipcode>", "<media_url></media_url>"} {
		if !strings.Contains(string(e.get("/requests/"+id+".xml").body), el) {
			t.Fatalf("no %s", el)
		}
	}
	// Codes are accepted as people type them.
	var lower []jsonRequest
	e.get("/requests/"+strings.ToLower(id)+".json").json(t, 200, &lower)
	if len(lower) != 1 || lower[0].ID != id {
		t.Fatalf("lowercase id: %+v", lower)
	}
}

func TestGetRequestUnknown(t *testing.T) {
	e := newEnv(t, Config{})
	list := wantErrors(t, e.get("/requests/KL-26-09999.json"), 404, false)
	if !mentions(list, `service_request_id "KL-26-09999" not found`) {
		t.Fatalf("errors %+v", list)
	}
	wantErrors(t, e.get("/requests/KL-26-09999.xml"), 404, true)
}

// Names, phones, e-mails, account and device ids go in on POST and must
// never come out of any GET, in any format.
func TestNoPersonalDataInAnswers(t *testing.T) {
	e := newEnv(t, Config{})
	secrets := []string{"Nguyễn", "Thị Hoa", "0905123456", "hoa@example.vn", "acct-77", "dev-99"}
	id := e.create("first_name", "Nguyễn", "last_name", "Thị Hoa", "phone", "0905123456",
		"email", "hoa@example.vn", "account_id", "acct-77", "device_id", "dev-99")
	ctx := context.Background()
	iss, _ := e.svc.GetIssue(ctx, testenv.Admin(), id)
	if iss.Reporter.Contact.Phone != "0905123456" {
		t.Fatalf("contact not stored: %+v", iss.Reporter.Contact)
	}
	// A resident answering a question may write their phone number: that
	// message is public on the timeline but is not a status note.
	resident := models.Principal{Kind: models.ActorResident, ResidentID: "tg:42"}
	lat, lon := 16.47, 107.54
	other, err := e.svc.CreateIssue(ctx, resident, service.NewIssue{Title: "Cống bị tắc", Description: "Cống bị tắc, nước tràn ra đường.",
		Category: "infrastructure", Lat: &lat, Lon: &lon, Channel: models.ChannelTelegram})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Do(ctx, testenv.Admin(), other.Code, service.Action{Type: service.ActRequestInfo, Message: "Xin cho biết vị trí chính xác."}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Do(ctx, resident, other.Code, service.Action{Type: service.ActProvideInfo, Message: "Trước nhà số 5, gọi tôi 0905123456."}); err != nil {
		t.Fatal(err)
	}
	var j []jsonRequest
	e.get("/requests/"+other.Code+".json").json(t, 200, &j)
	if deref(j[0].StatusNotes) != "Đang xử lý / Being handled" {
		t.Fatalf("status_notes %q", deref(j[0].StatusNotes))
	}
	for _, path := range []string{"/requests/" + id + ".json", "/requests/" + id + ".xml", "/requests.json", "/requests.xml",
		"/requests.json?service_request_id=" + id, "/requests.xml?status=open"} {
		res := e.get(path)
		if res.status != 200 || !strings.Contains(string(res.body), id) {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
		for _, s := range secrets {
			if strings.Contains(string(res.body), s) {
				t.Fatalf("%s leaks %q: %s", path, s, res.body)
			}
		}
	}
}

func TestStatusNotes(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	id := e.create()
	// notes reads the request alone and in a list, which must agree: clients
	// compare status_notes between polls to detect updates.
	notes := func(ref string) (string, string) {
		t.Helper()
		var one, all []jsonRequest
		e.get("/requests/"+ref+".json").json(t, 200, &one)
		e.get("/requests.json?service_request_id="+ref).json(t, 200, &all)
		if len(one) != 1 || len(all) != 1 || !reflect.DeepEqual(one[0], all[0]) {
			t.Fatalf("alone and in a list:\n%+v\n%+v", one, all)
		}
		return one[0].Status, deref(one[0].StatusNotes)
	}
	do := func(ref string, a service.Action) {
		t.Helper()
		if _, err := e.svc.Do(ctx, testenv.Admin(), ref, a); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		action      service.Action
		status, say string
	}{
		{service.Action{Type: service.ActNote, Message: "Ghi chú nội bộ: chờ xe rác."}, "open", received},
		{service.Action{Type: service.ActAnswer, Message: "Đã cử cán bộ kiểm tra."}, "open", "Đang xử lý / Being handled"},
		{service.Action{Type: service.ActRequestInfo, Message: "Xin cho biết vị trí chính xác."}, "open",
			"Đang chờ người phản ánh bổ sung thông tin / Waiting for more information from the reporter"},
		{service.Action{Type: service.ActResolve, Message: "Đã thu gom xong."}, "closed", "Đã thu gom xong."},
		{service.Action{Type: service.ActClose}, "closed", "Đã thu gom xong."},
	}
	for _, s := range steps {
		do(id, s.action)
		if st, n := notes(id); st != s.status || n != s.say {
			t.Fatalf("after %s: %s %q, want %s %q", s.action.Type, st, n, s.status, s.say)
		}
	}

	// Rejected spam is no longer public at all (it advertises phone
	// numbers); other rejections stay, closed, with their reason.
	spam := e.create()
	do(spam, service.Action{Type: service.ActReject, Reason: models.RejectSpam, Message: "Quảng cáo."})
	wantErrors(t, e.get("/requests/"+spam+".json"), 404, false)
	var all []jsonRequest
	e.get("/requests.json?status=closed").json(t, 200, &all)
	for _, r := range all {
		if r.ID == spam {
			t.Fatalf("the list holds the rejected spam %s", spam)
		}
	}
	rejected := e.create()
	do(rejected, service.Action{Type: service.ActReject, Reason: models.RejectOutOfCompetence, Message: "Thuộc điện lực."})
	if st, n := notes(rejected); st != "closed" || n != "Không thuộc thẩm quyền / Out of competence: Thuộc điện lực." {
		t.Fatalf("rejected: %s %q", st, n)
	}
	var j []jsonRequest
	e.get("/requests/"+rejected+".json").json(t, 200, &j)
	if j[0].ExpectedDatetime != nil {
		t.Fatalf("a closed request has expected_datetime %q", deref(j[0].ExpectedDatetime))
	}

	open := e.create()
	dup := e.create()
	do(dup, service.Action{Type: service.ActDuplicate, DuplicateOf: open})
	if _, n := notes(dup); n != "Trùng với phản ánh "+open+" / Duplicate of "+open {
		t.Fatalf("duplicate: %q", n)
	}
}

// listing holds four requests at different ages and in different states.
type listing struct {
	*env
	old, land, env5, infra string // created 100, 10, 5 and 1 days ago
}

func newListing(t *testing.T) listing {
	e := newEnv(t, Config{})
	l := listing{env: e}
	at := func(d time.Duration) { e.clk.Set(testenv.Monday9.Add(-d)) }
	at(100 * day)
	l.old = e.create()
	at(10 * day)
	l.land = e.create("service_code", "land")
	at(9 * day)
	if _, err := e.svc.Do(context.Background(), testenv.Admin(), l.land, service.Action{Type: service.ActResolve, Message: "Đã cấp giấy."}); err != nil {
		t.Fatal(err)
	}
	at(5 * day)
	l.env5 = e.create("lat", phuXuan[0], "long", phuXuan[1])
	at(1 * day)
	l.infra = e.create("service_code", "infrastructure", "lat", thuanHoa[0], "long", thuanHoa[1])
	if _, err := e.svc.Do(context.Background(), testenv.Admin(), l.infra, service.Action{Type: service.ActReject, Reason: models.RejectOutOfCompetence}); err != nil {
		t.Fatal(err)
	}
	at(0)
	return l
}

// list runs GET requests in both formats, checks that they agree, and
// returns the ids.
func (l listing) list(t *testing.T, query string) []string {
	t.Helper()
	var j []jsonRequest
	l.get("/requests.json?"+query).json(t, 200, &j)
	var x xmlRequests
	l.get("/requests.xml?"+query).xml(t, 200, &x)
	got := ids(j)
	var xids []string
	for _, r := range x.Requests {
		xids = append(xids, r.ID)
	}
	if !slices.Equal(got, xids) {
		t.Fatalf("%s: json %v, xml %v", query, got, xids)
	}
	return got
}

func TestListFilters(t *testing.T) {
	l := newListing(t)
	local := func(d time.Duration) string { return testenv.Monday9.Add(-d).Format(time.RFC3339) }
	q := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v.Encode()
	}
	cases := []struct {
		name, query string
		want        []string
	}{
		{"default: last 90 days, newest first", "", []string{l.infra, l.env5, l.land}},
		{"service_code", q("service_code", "environment"), []string{l.env5}},
		{"service_code list", q("service_code", "environment,land"), []string{l.env5, l.land}},
		{"open", q("status", "open"), []string{l.env5}},
		{"closed", q("status", "closed"), []string{l.infra, l.land}},
		{"open and closed", q("status", "open,closed"), []string{l.infra, l.env5, l.land}},
		{"status and service_code", q("status", "closed", "service_code", "land"), []string{l.land}},
		{"date range", q("start_date", local(101*day), "end_date", local(20*day)), []string{l.old}},
		{"start only: the 90 days after it", q("start_date", local(101*day)), []string{l.old}},
		{"end only, inclusive", q("end_date", local(5*day)), []string{l.env5, l.land}},
		{"dates without time", q("start_date", "2026-11-13", "end_date", "2026-11-13"), []string{l.land}},
		{"ids ignore every other parameter", q("service_request_id", l.old+","+strings.ToLower(l.env5), "service_code", "land", "status", "closed", "end_date", local(50*day)), []string{l.env5, l.old}},
		{"unknown id", q("service_request_id", "KL-26-09999"), nil},
		// An unencoded "+" in the offset arrives as a space.
		{"unencoded plus", "start_date=" + local(11*day) + "&end_date=" + local(9*day), []string{l.land}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := l.list(t, c.query); !slices.Equal(got, c.want) {
				t.Fatalf("%s: got %v, want %v", c.query, got, c.want)
			}
		})
	}
}

func TestListEmptyIsArray(t *testing.T) {
	e := newEnv(t, Config{})
	res := e.get("/requests.json")
	if res.status != 200 || string(res.body) != "[]" {
		t.Fatalf("%d %s", res.status, res.body)
	}
	var x xmlRequests
	e.get("/requests.xml").xml(t, 200, &x)
	if len(x.Requests) != 0 {
		t.Fatalf("%+v", x)
	}
}

func TestListBadParameters(t *testing.T) {
	e := newEnv(t, Config{})
	cases := map[string]string{
		"status=pending":       "status:",
		"service_code=nope":    `service_code: unknown category "nope"`,
		"start_date=yesterday": "start_date:",
		"end_date=2026-13-01":  "end_date:",
		"start_date=2026-11-20T00:00:00Z&end_date=2026-11-10T00:00:00Z": "end_date: must be after start_date",
		"start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z": "more than 90 days",
	}
	for query, want := range cases {
		for _, xmlFormat := range []bool{false, true} {
			path := "/requests.json?"
			if xmlFormat {
				path = "/requests.xml?"
			}
			list := wantErrors(t, e.get(path+query), 400, xmlFormat)
			if !mentions(list, want) {
				t.Fatalf("%s: want %q in %+v", query, want, list)
			}
		}
	}
}

// Answers are capped and read page by page; the cap keeps the newest.
func TestListCapAcrossPages(t *testing.T) {
	e := newEnv(t, Config{MaxRequests: 5})
	e.api.pageSize = 2
	var all []string
	for i := range 7 {
		e.clk.Set(testenv.Monday9.Add(time.Duration(i) * time.Minute))
		all = append(all, e.create())
	}
	slices.Reverse(all)
	var j []jsonRequest
	e.get("/requests.json").json(t, 200, &j)
	if got := ids(j); !slices.Equal(got, all[:5]) {
		t.Fatalf("got %v, want %v", got, all[:5])
	}
	list := wantErrors(t, e.get("/requests.json?service_request_id=A,B,C,D,E,F"), 400, false)
	if !mentions(list, "at most 5") {
		t.Fatalf("errors %+v", list)
	}
}
