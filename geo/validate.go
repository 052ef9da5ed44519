package geo

import (
	"errors"
	"fmt"
	"math"

	"github.com/civicdesk/civicdesk/models"
)

// ValidateGeometry checks that a boundary can be used by Contains: at least
// one polygon, each with an outer ring, every ring closed (first point equals
// last) with at least four points (a triangle plus the closing point), and
// every point a finite longitude in [-180, 180] and latitude in [-90, 90].
// The message names the polygon, ring and point (counting from 1, for the
// admin who edits the file) and nothing else, so the caller can prefix it
// with the ward it belongs to.
func ValidateGeometry(g models.Geometry) error {
	if len(g.Polygons) == 0 {
		return errors.New("boundary has no polygon")
	}
	for pi, polygon := range g.Polygons {
		if len(polygon) == 0 {
			return fmt.Errorf("polygon %d has no ring", pi+1)
		}
		for ri, ring := range polygon {
			if err := validateRing(ring); err != nil {
				return fmt.Errorf("polygon %d ring %d: %w", pi+1, ri+1, err)
			}
		}
	}
	return nil
}

func validateRing(ring [][]float64) error {
	if len(ring) < 4 {
		return fmt.Errorf("has %d points, needs at least 4 (the first point repeated at the end)", len(ring))
	}
	for i, p := range ring {
		// GeoJSON allows a third value (altitude); it is ignored.
		if len(p) < 2 {
			return fmt.Errorf("point %d has %d coordinates, needs [longitude, latitude]", i+1, len(p))
		}
		lon, lat := p[0], p[1]
		if math.IsNaN(lon) || lon < -180 || lon > 180 {
			return fmt.Errorf("point %d: longitude %v is outside [-180, 180] (GeoJSON puts longitude first)", i+1, lon)
		}
		if math.IsNaN(lat) || lat < -90 || lat > 90 {
			return fmt.Errorf("point %d: latitude %v is outside [-90, 90]", i+1, lat)
		}
	}
	first, last := ring[0], ring[len(ring)-1]
	if first[0] != last[0] || first[1] != last[1] {
		return fmt.Errorf("is not closed: the last point [%v, %v] must equal the first [%v, %v]", last[0], last[1], first[0], first[1])
	}
	return nil
}
