// Package open311 serves civicdesk as an Open311 GeoReport v2 endpoint
// (http://wiki.open311.org/GeoReport_v2), so existing Open311 apps can
// list the catalogue, file issues and follow them without knowing
// civicdesk.
//
// Mapping:
//
//   - A service is a catalogue category; service_code is the category code.
//     service_name is the Vietnamese name, the English name and both hints
//     are in description, group is the category's default level ("ward" or
//     "city").
//   - Every service has one optional attribute, "ward" (singlevaluelist of
//     the catalogue's wards): ward-level categories cannot be routed
//     without a ward. A request with only an address_string gets the ward
//     its address names (diacritics optional), else the ward of the
//     organisation whose key files it; only when neither tells is it
//     refused, with an error that says how to place it.
//   - A service request is an issue; service_request_id is the issue code
//     (KL-26-00042). status is "open" for new, routed, in_progress and
//     waiting_for_resident, "closed" for resolved, closed and rejected.
//     status_notes carries what open/closed cannot: the resolution, the
//     reason for a rejection, or civicdesk's finer status in both languages.
//     service_notice is the routing explanation (who handles it and why).
//   - GET answers come from service.PublicIssue/VisibleIssues, which remove
//     personal data, so names, phones and e-mails given on POST never come
//     back out.
//
// Extensions and limits:
//
//   - media_url cannot be fetched (civicdesk makes no outbound requests, and
//     fetching client-given URLs would be a server-side request forgery
//     hole); it is kept as a line at the end of the description. A
//     multipart POST may instead carry up to five image files in "media"
//     fields, which become the photos.
//   - jurisdiction_id, when Config.JurisdictionID is set, must be that
//     one or absent; another answers 404. Discovery names it in an extra
//     jurisdiction_id element and lists the endpoint once per format.
//   - The api_key may also come in the X-API-Key header.
//   - device_id is ignored and account_id is only echoed back: civicdesk has
//     no Open311 accounts.
//   - GET requests returns at most Config.MaxRequests (1000, the spec's
//     figure) requests a page, newest first; page and page_size (at most
//     MaxRequests) page through the rest, and a Link rel="next" header
//     names the next page. Without dates it covers the last 90
//     days; with only start_date the 90 days after it, with only end_date
//     the 90 days before it; a range may span at most 90 days. end_date is
//     inclusive. service_request_id overrides every other filter.
//   - Organisation keys must say how many people they speak for; Open311
//     has no such field, so attribute[people_count] is read, defaulting
//     to 1.
package open311
