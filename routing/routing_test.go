package routing_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/routing"
)

// small is a hand-built catalogue that exercises rule scoring and the
// fallbacks; it is deliberately not fully valid (a tie between two rules,
// a category nobody handles in w3) to test what Route does then.
func small() *models.Catalogue {
	dept := func(code, ward string, cats ...string) models.Department {
		level := models.LevelWard
		if ward == "" {
			level = models.LevelCity
		}
		return models.Department{Code: code, NameVI: "Phòng " + code, NameEN: "Office " + code, Level: level, Ward: ward, Categories: cats}
	}
	rule := func(cat, ward string, kind models.ReporterKind, dept, reason string) models.Rule {
		return models.Rule{Category: cat, Ward: ward, ReporterKind: kind, Department: dept, ReasonVI: "lý do " + reason, ReasonEN: "reason " + reason + "."}
	}
	return &models.Catalogue{
		City: models.City{Code: "c", NameVI: "Thành Phố", NameEN: "Town City"},
		Wards: []models.Ward{
			{Code: "w1", NameVI: "Một", NameEN: "One"},
			{Code: "w2", NameVI: "Hai", NameEN: "Two Ward"},
			{Code: "w3", NameVI: "Ba", NameEN: "Three"},
		},
		Departments: []models.Department{
			dept("w1-a", "w1", "roads", "noise"),
			dept("w1-b", "w1", "roads", "noise"),
			dept("w2-a", "w2", "roads"),
			dept("w2-b", "w2", "noise"),
			dept("w3-a", "w3", "roads"),
			dept("city-x", "", "roads", "parks"),
			dept("city-y", "", "parks", "noise"),
		},
		Categories: []models.Category{
			{Code: "roads", NameVI: "Đường", NameEN: "Roads", DefaultLevel: models.LevelWard, HintVI: "Phường sửa đường", HintEN: "Wards mend roads"},
			{Code: "parks", NameVI: "Công viên", NameEN: "Parks", DefaultLevel: models.LevelCity, HintVI: "Thành phố lo công viên.", HintEN: "The city runs parks."},
			{Code: "noise", NameVI: "Tiếng ồn", NameEN: "Noise", DefaultLevel: models.LevelWard, HintVI: "Phường xử lý tiếng ồn.", HintEN: "Wards deal with noise."},
		},
		Rules: []models.Rule{
			rule("roads", "", "", "{ward}-a", "chung"),
			rule("roads", "", models.ReporterOrganisation, "city-x", "tổ chức"),
			rule("roads", "w1", "", "w1-b", "w1"),
			rule("roads", "w1", models.ReporterOrganisation, "city-x", "w1 tổ chức"),
			rule("roads", "w2", "", "w2-a", "w2 trước"),
			rule("roads", "w2", "", "city-x", "w2 sau"),
			{Category: "parks", Ward: "w2", Department: "city-y", CoHandling: []string{"{ward}-a", "city-y", "{ward}-a"}, ReasonVI: "công viên w2", ReasonEN: "parks w2"},
		},
	}
}

type want struct {
	dept    string
	level   models.Level
	ward    string
	co      []string
	vi, en  string // exact when they start with the verb, else pieces
	errCode models.ErrorCode
	errMsg  string
}

func check(t *testing.T, d routing.Decision, err error, w want) {
	t.Helper()
	if w.errCode != "" {
		if err == nil {
			t.Fatalf("no error; got %+v", d)
		}
		if got := models.ErrorCodeOf(err); got != w.errCode {
			t.Errorf("error code = %q, want %q (%v)", got, w.errCode, err)
		}
		if !strings.Contains(err.Error(), w.errMsg) {
			t.Errorf("error %q does not contain %q", err, w.errMsg)
		}
		return
	}
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if d.Department != w.dept || d.Level != w.level || d.Ward != w.ward {
		t.Errorf("got %s/%s/%s, want %s/%s/%s", d.Department, d.Level, d.Ward, w.dept, w.level, w.ward)
	}
	if !reflect.DeepEqual(d.CoHandling, w.co) {
		t.Errorf("co-handling = %q, want %q", d.CoHandling, w.co)
	}
	for _, pair := range [][2]string{{d.ExplainVI, w.vi}, {d.ExplainEN, w.en}} {
		got, wantText := pair[0], pair[1]
		if got == "" {
			t.Errorf("empty explanation")
		}
		if wantText != "" && !strings.Contains(got, wantText) {
			t.Errorf("explanation\n%q\ndoes not contain\n%q", got, wantText)
		}
	}
}

func TestRouteDefault(t *testing.T) {
	c := catalogue.Default()
	tests := []struct {
		name string
		in   routing.Input
		want want
	}{
		{"land in Kim Long", routing.Input{Category: "land", Ward: "kim-long", ReporterKind: models.ReporterResident}, want{
			dept: "kim-long-infra", level: models.LevelWard, ward: "kim-long",
			vi: "Được xử lý bởi Phòng Kinh tế, Hạ tầng và Đô thị phường Kim Long (cấp phường: Kim Long) vì sau cải cách năm 2025, phường giải quyết các việc đất đai của hộ gia đình, cá nhân, kể cả cấp giấy chứng nhận quyền sử dụng đất.",
			en: "Handled by Kim Long Ward Office of Economy, Infrastructure and Urban Affairs (ward level: Kim Long ward) because after the 2025 reform the ward handles land matters of households and individuals, including land-use certificates.",
		}},
		{"land raised by an organisation", routing.Input{Category: "land", Ward: "kim-long", ReporterKind: models.ReporterOrganisation}, want{
			dept: "hue-agri-env", level: models.LevelCity, ward: "kim-long", co: []string{"kim-long-committee"},
			vi: "Được xử lý bởi Sở Nông nghiệp và Môi trường thành phố Huế (cấp thành phố: Huế) vì đất của tổ chức",
			en: "(city level: Huế city) because land used by organisations",
		}},
		{"organisation land without a ward is a city matter", routing.Input{Category: "land", ReporterKind: models.ReporterOrganisation}, want{
			dept: "hue-agri-env", level: models.LevelCity, ward: "",
		}},
		{"construction in Kim Long: ward-specific rule", routing.Input{Category: "construction", Ward: "kim-long"}, want{
			dept: "kim-long-infra", level: models.LevelWard, ward: "kim-long", co: []string{"hue-culture-sports"},
			vi: "vì Kim Long có khu nhà vườn và di tích được bảo vệ, nên phường xử lý cùng Sở Văn hóa và Thể thao. Phối hợp xử lý: Sở Văn hóa và Thể thao thành phố Huế.",
			en: "Together with: Huế Department of Culture and Sports.",
		}},
		{"construction in Thuận Hóa: general rule", routing.Input{Category: "construction", Ward: "thuan-hoa"}, want{
			dept: "thuan-hoa-infra", level: models.LevelWard, ward: "thuan-hoa",
			en: "(ward level: Thuận Hóa ward) because the ward oversees building order",
		}},
		{"the ward rule beats the reporter-kind rule", routing.Input{Category: "construction", Ward: "phu-xuan", ReporterKind: models.ReporterOrganisation}, want{
			dept: "phu-xuan-infra", level: models.LevelWard, ward: "phu-xuan", co: []string{"hue-culture-sports"},
		}},
		{"heritage is a city category", routing.Input{Category: "heritage", Ward: "phu-xuan"}, want{
			dept: "hue-culture-sports", level: models.LevelCity, ward: "phu-xuan", co: []string{"phu-xuan-committee"},
			vi: "Được xử lý bởi Sở Văn hóa và Thể thao thành phố Huế (cấp thành phố: Huế) vì di tích Cố đô Huế do thành phố quản lý",
			en: "Handled by Huế Department of Culture and Sports (city level: Huế city) because the monuments",
		}},
		{"heritage without a location", routing.Input{Category: "heritage"}, want{
			dept: "hue-culture-sports", level: models.LevelCity, ward: "",
		}},
		{"security goes to the ward police", routing.Input{Category: "security", Ward: "thuan-hoa"}, want{
			dept: "thuan-hoa-police", level: models.LevelWard, ward: "thuan-hoa",
		}},
		{"other goes to the ward committee", routing.Input{Category: "other", Ward: "kim-long"}, want{
			dept: "kim-long-committee", level: models.LevelWard, ward: "kim-long",
		}},
		{"unknown category", routing.Input{Category: "parking", Ward: "kim-long"}, want{
			errCode: models.EInvalid, errMsg: `unknown category "parking"`,
		}},
		{"unknown ward", routing.Input{Category: "land", Ward: "hai-ba-trung"}, want{
			errCode: models.EInvalid, errMsg: `unknown ward "hai-ba-trung"`,
		}},
		{"missing ward for a ward category", routing.Input{Category: "land"}, want{
			errCode: models.EInvalid, errMsg: `a ward or location is needed to route category land, which wards handle`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := routing.Route(c, tt.in)
			check(t, d, err, tt.want)
		})
	}
}

func TestRouteScoring(t *testing.T) {
	c := small()
	org := models.ReporterOrganisation
	tests := []struct {
		name string
		in   routing.Input
		want want
	}{
		{"general rule expands {ward}", routing.Input{Category: "roads", Ward: "w3"}, want{dept: "w3-a", level: models.LevelWard, ward: "w3",
			vi: "Được xử lý bởi Phòng w3-a (cấp phường: Ba) vì lý do chung.",
			en: "Handled by Office w3-a (ward level: Three ward) because reason chung."}},
		{"reporter kind beats general", routing.Input{Category: "roads", Ward: "w3", ReporterKind: org}, want{dept: "city-x", level: models.LevelCity, ward: "w3",
			en: "Handled by Office city-x (city level: Town City) because reason tổ chức."}},
		{"ward beats general", routing.Input{Category: "roads", Ward: "w1"}, want{dept: "w1-b", level: models.LevelWard, ward: "w1"}},
		{"ward and kind beat ward alone", routing.Input{Category: "roads", Ward: "w1", ReporterKind: org}, want{dept: "city-x", level: models.LevelCity, ward: "w1", en: "because reason w1 tổ chức."}},
		{"ward beats kind", routing.Input{Category: "roads", Ward: "w2", ReporterKind: org}, want{dept: "w2-a", level: models.LevelWard, ward: "w2",
			en: "(ward level: Two Ward)"}},
		{"ties go to the first rule", routing.Input{Category: "roads", Ward: "w2"}, want{dept: "w2-a", level: models.LevelWard, ward: "w2", vi: "vì lý do w2 trước."}},
		{"other kinds do not match", routing.Input{Category: "roads", Ward: "w3", ReporterKind: models.ReporterOfficial}, want{dept: "w3-a", level: models.LevelWard, ward: "w3"}},
		{"co-handling expanded, deduplicated, without the main department", routing.Input{Category: "parks", Ward: "w2"}, want{dept: "city-y", level: models.LevelCity, ward: "w2", co: []string{"w2-a"},
			vi: "Phối hợp xử lý: Phòng w2-a.", en: "Together with: Office w2-a."}},
		{"city fallback uses the hint", routing.Input{Category: "parks"}, want{dept: "city-x", level: models.LevelCity, ward: "",
			vi: "Được xử lý bởi Phòng city-x (cấp thành phố: Thành Phố). Thành phố lo công viên.",
			en: "Handled by Office city-x (city level: Town City). The city runs parks."}},
		{"ward fallback takes the first department of the ward", routing.Input{Category: "noise", Ward: "w1"}, want{dept: "w1-a", level: models.LevelWard, ward: "w1",
			vi: "Được xử lý bởi Phòng w1-a (cấp phường: Một). Phường xử lý tiếng ồn."}},
		{"ward fallback stays in the ward", routing.Input{Category: "noise", Ward: "w2"}, want{dept: "w2-b", level: models.LevelWard, ward: "w2"}},
		{"an unmatched reporter kind uses the less specific rule", routing.Input{Category: "roads", Ward: "w1", ReporterKind: models.ReporterImported}, want{dept: "w1-b", level: models.LevelWard, ward: "w1"}},
		{"ward fallback without a ward", routing.Input{Category: "noise"}, want{errCode: models.EInvalid, errMsg: `a ward or location is needed to route category noise`}},
		{"placeholder rule without a ward", routing.Input{Category: "roads"}, want{errCode: models.EInvalid, errMsg: `a ward or location is needed to route category roads`}},
		{"nobody handles it in the ward", routing.Input{Category: "noise", Ward: "w3"}, want{errCode: models.EInternal, errMsg: `category "noise" is handled by nobody in ward "w3"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := routing.Route(c, tt.in)
			check(t, d, err, tt.want)
		})
	}
}

// TestRouteHintWithoutFullStop: a hint written without a full stop still
// ends the explanation as a sentence.
func TestRouteHintWithoutFullStop(t *testing.T) {
	c := small()
	c.Rules = nil
	d, err := routing.Route(c, routing.Input{Category: "roads", Ward: "w1"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(d.ExplainEN, "Wards mend roads.") || !strings.HasSuffix(d.ExplainVI, "Phường sửa đường.") {
		t.Fatalf("explanations %q / %q", d.ExplainVI, d.ExplainEN)
	}
}

// TestDefaultRoutesEverything: catalogue validation promises that every
// category routes in every ward for every reporter, to a department that
// handles it, and that every ward issue can be escalated. This checks the
// promise against the real routing code.
func TestDefaultRoutesEverything(t *testing.T) {
	c := catalogue.Default()
	kinds := []models.ReporterKind{"", models.ReporterResident, models.ReporterOrganisation, models.ReporterOfficial, models.ReporterImported}
	for _, cat := range c.Categories {
		for _, w := range c.Wards {
			for _, k := range kinds {
				d, err := routing.Route(c, routing.Input{Category: cat.Code, Ward: w.Code, ReporterKind: k})
				if err != nil {
					t.Errorf("Route(%s, %s, %q): %v", cat.Code, w.Code, k, err)
					continue
				}
				dept, _ := c.Department(d.Department)
				if !dept.Handles(cat.Code) || (dept.Level == models.LevelWard && dept.Ward != w.Code) {
					t.Errorf("Route(%s, %s, %q) = %s, which does not handle it here", cat.Code, w.Code, k, d.Department)
				}
				if dept.Level == models.LevelWard {
					if _, err := routing.Escalate(c, cat.Code, dept.Code); err != nil {
						t.Errorf("Escalate(%s, %s): %v", cat.Code, dept.Code, err)
					}
				}
			}
		}
		// Without a location only city categories route.
		_, err := routing.Route(c, routing.Input{Category: cat.Code})
		if (err == nil) != (cat.DefaultLevel == models.LevelCity) {
			t.Errorf("Route(%s) without a ward: error %v, default level %s", cat.Code, err, cat.DefaultLevel)
		}
	}
}

func TestEscalate(t *testing.T) {
	c := catalogue.Default()
	tests := []struct {
		name    string
		cat     string
		from    string
		want    want
		catalog *models.Catalogue
	}{
		{"infrastructure from the Kim Long office to the Department of Construction", "infrastructure", "kim-long-infra", want{
			dept: "hue-construction", level: models.LevelCity, ward: "kim-long",
			vi: "Được chuyển từ Phòng Kinh tế, Hạ tầng và Đô thị phường Kim Long lên Sở Xây dựng thành phố Huế (cấp thành phố: Huế), đơn vị cấp thành phố phụ trách lĩnh vực “Hạ tầng (đường, chiếu sáng, thoát nước)”.",
			en: "Escalated from Kim Long Ward Office of Economy, Infrastructure and Urban Affairs to Huế Department of Construction (city level: Huế city), the city department responsible for “Infrastructure (roads, street lighting, drainage)”.",
		}, nil},
		{"land follows the rule that names a city department", "land", "phu-xuan-infra", want{
			dept: "hue-agri-env", level: models.LevelCity, ward: "phu-xuan",
		}, nil},
		{"security goes to the city police", "security", "thuan-hoa-police", want{dept: "hue-police", level: models.LevelCity, ward: "thuan-hoa"}, nil},
		{"social welfare goes to Home Affairs", "social-welfare", "kim-long-social", want{dept: "hue-home-affairs", level: models.LevelCity, ward: "kim-long"}, nil},
		{"already at city level", "land", "hue-agri-env", want{errCode: models.EConflict, errMsg: "already at city level"}, nil},
		{"unknown department", "land", "kim-long-land", want{errCode: models.EInvalid, errMsg: `unknown department "kim-long-land"`}, nil},
		{"unknown category", "parking", "kim-long-infra", want{errCode: models.EInvalid, errMsg: `unknown category "parking"`}, nil},
		{"a ward rule for another ward is ignored", "roads", "w3-a", want{dept: "city-x", level: models.LevelCity, ward: "w3", en: "responsible for “Roads”"}, small()},
		{"no city department handles it", "noise", "w2-b", want{errCode: models.EInvalid, errMsg: `no city department handles category noise`}, func() *models.Catalogue {
			s := small()
			s.Departments[6].Categories = []string{"parks"}
			return s
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat := c
			if tt.catalog != nil {
				cat = tt.catalog
			}
			d, err := routing.Escalate(cat, tt.cat, tt.from)
			check(t, d, err, tt.want)
		})
	}
}

func TestTransfer(t *testing.T) {
	c := catalogue.Default()
	tests := []struct {
		name          string
		cat, to, ward string
		want          want
	}{
		{"to a city department", "land", "hue-agri-env", "kim-long", want{
			dept: "hue-agri-env", level: models.LevelCity, ward: "kim-long",
			vi: "Chuyển đến Sở Nông nghiệp và Môi trường thành phố Huế (cấp thành phố: Huế), đơn vị phụ trách lĩnh vực “Đất đai”.",
			en: "Transferred to Huế Department of Agriculture and Environment (city level: Huế city), which handles “Land”.",
		}},
		{"to the neighbouring ward moves the issue there", "land", "phu-xuan-infra", "kim-long", want{
			dept: "phu-xuan-infra", level: models.LevelWard, ward: "phu-xuan", en: "(ward level: Phú Xuân ward)",
		}},
		{"to a ward department without a ward", "security", "kim-long-police", "", want{dept: "kim-long-police", level: models.LevelWard, ward: "kim-long"}},
		{"to a department that does not handle the category", "land", "kim-long-police", "kim-long", want{
			errCode: models.EInvalid, errMsg: `kim-long-police does not handle category land`,
		}},
		{"to an unknown department", "land", "kim-long-land", "kim-long", want{errCode: models.EInvalid, errMsg: `unknown department "kim-long-land"`}},
		{"in an unknown ward", "land", "hue-agri-env", "hai-ba-trung", want{errCode: models.EInvalid, errMsg: `unknown ward "hai-ba-trung"`}},
		{"unknown category", "parking", "hue-agri-env", "kim-long", want{errCode: models.EInvalid, errMsg: `unknown category "parking"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := routing.Transfer(c, tt.cat, tt.to, tt.ward)
			check(t, d, err, tt.want)
		})
	}
}

func TestReturnToWard(t *testing.T) {
	c := catalogue.Default()
	tests := []struct {
		name      string
		catalog   *models.Catalogue
		cat, ward string
		want      want
	}{
		{"land back to the Kim Long office", c, "land", "kim-long", want{
			dept: "kim-long-infra", level: models.LevelWard, ward: "kim-long",
			vi: "Trả về Phòng Kinh tế, Hạ tầng và Đô thị phường Kim Long (cấp phường: Kim Long) để giải quyết tại phường.",
			en: "Returned to Kim Long Ward Office of Economy, Infrastructure and Urban Affairs (ward level: Kim Long ward) to be handled in the ward.",
		}},
		{"ward rule with co-handling", c, "construction", "phu-xuan", want{
			dept: "phu-xuan-infra", level: models.LevelWard, ward: "phu-xuan", co: []string{"hue-culture-sports"},
		}},
		{"security back to the ward police", c, "security", "thuan-hoa", want{dept: "thuan-hoa-police", level: models.LevelWard, ward: "thuan-hoa"}},
		{"no ward department handles heritage", c, "heritage", "kim-long", want{errCode: models.EInvalid, errMsg: `no department of kim-long handles category heritage`}},
		{"a ward is needed", c, "land", "", want{errCode: models.EInvalid, errMsg: "a ward is needed"}},
		{"unknown ward", c, "land", "hai-ba-trung", want{errCode: models.EInvalid, errMsg: `unknown ward "hai-ba-trung"`}},
		{"unknown category", c, "parking", "kim-long", want{errCode: models.EInvalid, errMsg: `unknown category "parking"`}},
		{"ward rule for a city department is skipped", func() *models.Catalogue {
			s := small()
			s.Rules = append(s.Rules, models.Rule{Category: "roads", Ward: "w3", Department: "city-x", ReasonVI: "x", ReasonEN: "x"})
			return s
		}(), "roads", "w3", want{dept: "w3-a", level: models.LevelWard, ward: "w3"}},
		{"reporter-kind rules are skipped", small(), "roads", "w1", want{dept: "w1-b", level: models.LevelWard, ward: "w1"}},
		{"fallback to the ward's department", small(), "noise", "w2", want{dept: "w2-b", level: models.LevelWard, ward: "w2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := routing.ReturnToWard(tt.catalog, tt.cat, tt.ward)
			check(t, d, err, tt.want)
		})
	}
}
