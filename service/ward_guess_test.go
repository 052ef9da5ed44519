package service_test

import (
	"testing"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/service"
)

func TestWardInAddress(t *testing.T) {
	cat := catalogue.Default()
	for addr, want := range map[string]string{
		"phường Kim Long":    "kim-long",
		"KIM LONG":           "kim-long",
		"12 kiet 5 kim long": "kim-long",
		"p.Phú Xuân":         "phu-xuan",
		"Thuận Hoá":          "thuan-hoa",
		"đường Kim Long, phường Phú Xuân": "phu-xuan", // the marked name wins
		"Kim Long và Phú Xuân":            "",         // two wards, neither marked: ask
		"Kimlong":                         "",         // whole words only
		"12 Lê Lợi":                       "",
		"":                                "",
	} {
		if got := service.WardInAddress(cat, addr); got != want {
			t.Errorf("WardInAddress(%q) = %q, want %q", addr, got, want)
		}
	}
}
