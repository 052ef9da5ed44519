package geo

import (
	"math"

	"github.com/civicdesk/civicdesk/models"
)

// Contains reports whether the point (lat, lon) lies inside the geometry:
// inside the outer ring (the first ring) of some polygon and outside every
// hole (the rings after the first) of that polygon. A point exactly on an
// edge may go either way; wards share edges and the caller takes the first
// ward that matches, so that is harmless.
func Contains(g models.Geometry, lat, lon float64) bool {
	if math.IsNaN(lat) || math.IsNaN(lon) {
		return false
	}
	for _, polygon := range g.Polygons {
		if len(polygon) == 0 || !inRing(polygon[0], lon, lat) {
			continue
		}
		inHole := false
		for _, hole := range polygon[1:] {
			if inRing(hole, lon, lat) {
				inHole = true
				break
			}
		}
		if !inHole {
			return true
		}
	}
	return false
}

// inRing is the even-odd ray casting test: a horizontal ray from (x, y)
// towards +x crosses the ring's edges an odd number of times exactly when
// the point is inside. Points with fewer than two coordinates are skipped
// rather than panicking, since Contains may see unvalidated data.
func inRing(ring [][]float64, x, y float64) bool {
	inside := false
	n := len(ring)
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		a, b := ring[i], ring[j]
		if len(a) < 2 || len(b) < 2 {
			continue
		}
		xi, yi, xj, yj := a[0], a[1], b[0], b[1]
		// The half-open test (yi > y) != (yj > y) counts a vertex lying on
		// the ray once, not twice, and skips horizontal edges.
		if (yi > y) != (yj > y) {
			xCross := xi + (y-yi)*(xj-xi)/(yj-yi)
			if x < xCross {
				inside = !inside
			}
		}
	}
	return inside
}
