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
	return models.Ward{}, models.Invalidf("location", "the location (%s, %s) is outside every ward of %s", coord(lat), coord(lon), c.City.NameEN)
}

// coord prints a coordinate as given (21.03, not 21.030000).
func coord(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
