package catalogue

import (
	"math"
	"strconv"

	"github.com/civicdesk/civicdesk/geo"
	"github.com/civicdesk/civicdesk/models"
)

// WardAt returns the ward whose boundary contains the point. Wards share
// borders; a point exactly on one goes to the ward listed first.
func WardAt(c *models.Catalogue, lat, lon float64) (models.Ward, error) {
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return models.Ward{}, models.InvalidE("location", "location.invalid", "lat", coord(lat), "lon", coord(lon))
	}
	for _, w := range c.Wards {
		if geo.Contains(w.Boundary, lat, lon) {
			return w, nil
		}
	}
	if InCity(c, lat, lon) {
		return models.Ward{}, models.InvalidE("location", "location.outside_wards", "lat", coord(lat), "lon", coord(lon), "city", c.City.NameEN)
	}
	return models.Ward{}, models.InvalidE("location", "location.outside_city", "lat", coord(lat), "lon", coord(lon), "city", c.City.NameEN)
}

// InCity reports whether the point is inside the city: inside its
// boundary when the catalogue has one, otherwise inside one of its wards.
func InCity(c *models.Catalogue, lat, lon float64) bool {
	if c.City.Boundary != nil && geo.Contains(*c.City.Boundary, lat, lon) {
		return true
	}
	for _, w := range c.Wards {
		if geo.Contains(w.Boundary, lat, lon) {
			return true
		}
	}
	return false
}

// OutsideWards reports whether err is WardAt's answer for a point inside
// the city but in none of its wards (on the river).
func OutsideWards(err error) bool {
	k, _ := models.ErrorKeyOf(err)
	return k == "location.outside_wards"
}

// coord prints a coordinate as given (21.03, not 21.030000).
func coord(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
