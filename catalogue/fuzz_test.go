package catalogue

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/civicdesk/civicdesk/models"
)

// FuzzParse: any catalogue file gives a catalogue or an invalid error
// naming the problem, never a panic. A catalogue it gives survives what an
// admin does with it: GET /api/v1/catalogue shows it as JSON, and that
// JSON, PUT back unchanged, loads as the same catalogue.
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("default.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("city: {code: hue}\nwards: []\n"))
	f.Add([]byte(`{"city": {"code": "hue"}, "wards": [{"code": "a", "boundary": [[1, 2], [3]]}]}`))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, "fuzz.yaml")
		if err != nil {
			if code := models.ErrorCodeOf(err); code != models.EInvalid {
				t.Fatalf("error code %q (want invalid): %v", code, err)
			}
			if models.ErrorMessageOf(err) == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if c == nil {
			t.Fatal("no catalogue and no error")
		}
		shown, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("the catalogue cannot be shown as JSON: %v", err)
		}
		back, err := Parse(shown, "catalogue")
		if err != nil {
			t.Fatalf("the catalogue as shown cannot be loaded again: %v\n%s", err, shown)
		}
		if again, _ := json.Marshal(back); !bytes.Equal(again, shown) {
			t.Fatalf("the catalogue changed on its way back:\n%s\n%s", shown, again)
		}
	})
}
