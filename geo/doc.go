// Package geo answers the few geometric questions civicdesk asks: which ward
// boundary contains a reported location, whether a boundary read from the
// catalogue is usable, and how far apart two reports are (for "me too").
//
// Coordinates follow GeoJSON: a point inside a geometry is [longitude,
// latitude], while the functions take (lat, lon) in the order people write
// them. Ward boundaries are a few kilometres across, so planar ray casting
// on degrees is accurate enough; no projection is needed.
package geo
