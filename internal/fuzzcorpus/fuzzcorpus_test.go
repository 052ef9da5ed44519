package fuzzcorpus

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	got, err := parse("go test fuzz v1\n[]byte(\"a\\x00\\xff\")\nstring(\"Đèn \\\"x\\\"\")\nstring(`raw`)\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []any{[]byte("a\x00\xff"), `Đèn "x"`, "raw"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for _, bad := range []string{"", "go test fuzz v2\n", "go test fuzz v1\nint(3)\n", "go test fuzz v1\n[]byte(\"x)\n"} {
		if _, err := parse(bad); err == nil {
			t.Errorf("%q was read", bad)
		}
	}
}
