package geo

import (
	"math"
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/models"
)

// square returns a closed ring [lon, lat] for the box [x0,x1]×[y0,y1].
func square(x0, y0, x1, y1 float64) [][]float64 {
	return [][]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func TestContains(t *testing.T) {
	// A 10×10 box with a 2×2 hole in the middle, plus a separate island.
	withHole := models.Geometry{Polygons: [][][][]float64{
		{square(0, 0, 10, 10), square(4, 4, 6, 6)},
		{square(20, 20, 21, 21)},
	}}
	// A concave "C" shape: the notch (x in 2..10, y in 3..7) is outside.
	concave := models.Geometry{Polygons: [][][][]float64{{{
		{0, 0}, {10, 0}, {10, 3}, {2, 3}, {2, 7}, {10, 7}, {10, 10}, {0, 10}, {0, 0},
	}}}}
	tests := []struct {
		name     string
		g        models.Geometry
		lat, lon float64
		want     bool
	}{
		{"inside outer ring", withHole, 1, 1, true},
		{"inside hole", withHole, 5, 5, false},
		{"between hole and edge", withHole, 5, 8, true},
		{"in second polygon", withHole, 20.5, 20.5, true},
		{"between polygons", withHole, 15, 15, false},
		{"left of everything", withHole, 5, -1, false},
		{"lat and lon are not swapped", withHole, 20.5, 5, false},
		{"ray through a vertex", concave, 3, 1, true},
		{"in the notch of a concave ring", concave, 5, 5, false},
		{"in the arm of a concave ring", concave, 8, 5, true},
		{"NaN", withHole, math.NaN(), 1, false},
		{"empty geometry", models.Geometry{}, 1, 1, false},
		{"polygon without rings", models.Geometry{Polygons: [][][][]float64{{}}}, 1, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Contains(tt.g, tt.lat, tt.lon); got != tt.want {
				t.Errorf("Contains(%v, %v) = %v, want %v", tt.lat, tt.lon, got, tt.want)
			}
		})
	}
}

func TestValidateGeometry(t *testing.T) {
	tests := []struct {
		name    string
		g       models.Geometry
		wantErr string // empty: valid
	}{
		{"valid", models.Geometry{Polygons: [][][][]float64{{square(107.5, 16.4, 107.6, 16.5)}}}, ""},
		{"valid with hole and altitude", models.Geometry{Polygons: [][][][]float64{{
			square(0, 0, 10, 10),
			{{4, 4, 3}, {6, 4, 3}, {6, 6, 3}, {4, 4, 3}},
		}}}, ""},
		{"no polygon", models.Geometry{}, "no polygon"},
		{"polygon without ring", models.Geometry{Polygons: [][][][]float64{{}}}, "polygon 1 has no ring"},
		{"too few points", models.Geometry{Polygons: [][][][]float64{{{{0, 0}, {1, 0}, {0, 0}}}}}, "polygon 1 ring 1: has 3 points"},
		{"not closed", models.Geometry{Polygons: [][][][]float64{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}}}, "is not closed"},
		{"longitude out of range", models.Geometry{Polygons: [][][][]float64{{square(179, 0, 181, 1)}}}, "longitude 181 is outside"},
		{"latitude out of range", models.Geometry{Polygons: [][][][]float64{{square(0, 89, 1, 91)}}}, "latitude 91 is outside"},
		{"NaN", models.Geometry{Polygons: [][][][]float64{{{{0, 0}, {math.NaN(), 0}, {1, 1}, {0, 0}}}}}, "point 2: longitude NaN"},
		{"point with one coordinate", models.Geometry{Polygons: [][][][]float64{{{{0, 0}, {1}, {1, 1}, {0, 0}}}}}, "point 2 has 1 coordinates"},
		{"bad hole in second polygon", models.Geometry{Polygons: [][][][]float64{
			{square(0, 0, 1, 1)},
			{square(2, 2, 3, 3), {{2, 2}, {3, 3}}},
		}}, "polygon 2 ring 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateGeometry(tt.g)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("no error, want one containing %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("error %q does not contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestDistanceMeters(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tolerance        float64
	}{
		{"same point", 16.4637, 107.5909, 16.4637, 107.5909, 0, 1e-9},
		// One degree of latitude is 111.2 km on the mean sphere.
		{"one degree of latitude", 0, 0, 1, 0, 111195, 1},
		{"one degree of longitude at the equator", 0, 0, 0, 1, 111195, 1},
		// At 60° a degree of longitude is half as long.
		{"one degree of longitude at 60N", 60, 0, 60, 1, 55596, 5},
		{"antipodes", 0, 0, 0, 180, math.Pi * 6371008.8, 1},
		// Thiên Mụ pagoda to Ngọ Môn gate in Huế, about 3.6 km.
		{"across Huế", 16.4537, 107.5446, 16.4671, 107.5786, 3880, 100},
		// Huế to Hà Nội: about 540 km as the crow flies.
		{"Huế to Hà Nội", 16.4637, 107.5909, 21.0285, 105.8542, 540000, 10000},
		{"150 m north", 16.4637, 107.5909, 16.4637 + 150/111195.0, 107.5909, 150, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DistanceMeters(tt.lat1, tt.lon1, tt.lat2, tt.lon2)
			if math.Abs(got-tt.want) > tt.tolerance {
				t.Errorf("DistanceMeters = %.2f, want %.2f ± %v", got, tt.want, tt.tolerance)
			}
			// Distance is symmetric.
			if back := DistanceMeters(tt.lat2, tt.lon2, tt.lat1, tt.lon1); math.Abs(back-got) > 1e-6 {
				t.Errorf("not symmetric: %v vs %v", got, back)
			}
		})
	}
}
