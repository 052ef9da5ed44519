package bot

import (
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
)

// On the Perfume River, in the city but in none of its wards.
const riverLat, riverLon = 16.45, 107.56

// A river point is accepted for the city's river category and the issue
// goes to the city; the same point for a ward category asks for the ward;
// a point outside the city says what to do.
func TestRiverPointAcceptedForRiverCategory(t *testing.T) {
	h := newHarness(t)
	h.say(resident, "/report")
	h.press(resident, "c:river")
	h.say(resident, "Bờ sông Hương đoạn gần chùa Thiên Mụ bị sạt lở, đất trôi xuống sông")
	from := h.count(resident)
	h.deliver(telegramtest.Location(resident, resident, riverLat, riverLon))
	h.expect(resident, from, "Đã nhận vị trí (thuộc Huế")
	if hasButton(h.last(resident), "x:new") {
		h.press(resident, "x:new")
	}
	h.press(resident, "x:done")
	h.press(resident, "x:send")
	text := h.lastText(resident)
	i := strings.Index(text, "HUE-26-")
	if i < 0 {
		t.Fatalf("no city issue code: %s", text)
	}
	iss := h.issue(text[i : i+len("HUE-26-00001")])
	if iss.Category != "river" || iss.Routing.Department != "hue-agri-env" || iss.Location.WardCode != "" || iss.Location.Lat == nil || *iss.Location.Lat != riverLat {
		t.Fatalf("river issue: %+v %+v", iss.Location, iss.Routing)
	}

	// A ward category at the same point: choose the ward or type the address.
	h.say(resident2, "/report")
	h.press(resident2, "c:infrastructure")
	h.say(resident2, "Đèn chiếu sáng trên cầu tàu bến thuyền bị hỏng cả tuần")
	from = h.count(resident2)
	h.deliver(telegramtest.Location(resident2, resident2, riverLat, riverLon))
	h.expect(resident2, from, "không thuộc phường nào", "chọn phường hoặc gõ địa chỉ")

	// Outside the city.
	from = h.count(resident2)
	h.deliver(telegramtest.Location(resident2, resident2, 21.03, 105.85))
	got := h.textsSince(resident2, from)
	if !strings.Contains(got, "nằm ngoài Huế") || !strings.Contains(got, "gõ địa chỉ") || !strings.Contains(got, "chọn phường") {
		t.Errorf("outside the city: %s", got)
	}
}
