package geo

import "math"

// earthRadiusMeters is the mean Earth radius (IUGG). Haversine on a sphere
// is within about 0.5% of the ellipsoid, far below the precision of a phone
// location, and the "me too" radius is a rough 150 m anyway.
const earthRadiusMeters = 6371008.8

// DistanceMeters is the great-circle distance between two points, computed
// with the haversine formula, which stays accurate for the short distances
// compared here (unlike the spherical law of cosines).
func DistanceMeters(lat1, lon1, lat2, lon2 float64) float64 {
	phi1, phi2 := radians(lat1), radians(lat2)
	dPhi := radians(lat2 - lat1)
	dLambda := radians(lon2 - lon1)
	h := math.Sin(dPhi/2)*math.Sin(dPhi/2) + math.Cos(phi1)*math.Cos(phi2)*math.Sin(dLambda/2)*math.Sin(dLambda/2)
	// Rounding can push h a hair above 1 for antipodal points.
	h = math.Min(1, h)
	return 2 * earthRadiusMeters * math.Asin(math.Sqrt(h))
}

func radians(deg float64) float64 { return deg * math.Pi / 180 }
