package form

import "testing"

func TestShorten(t *testing.T) {
	if got := shorten("Đèn đường hỏng", 80); got != "Đèn đường hỏng" {
		t.Errorf("short: %q", got)
	}
	if got := shorten("Đèn đường hỏng lâu ngày", 12); got != "Đèn đường…" {
		t.Errorf("at a space: %q", got)
	}
	if got := shorten("Đènđườnghỏnglâungày", 8); got != "Đènđườn…" {
		t.Errorf("no space: %q", got)
	}
}
