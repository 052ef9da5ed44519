package open311

import (
	"regexp"
	"sort"
	"strings"
)

// Paths returns OpenAPI 3.0 path items for the routes, keyed by their full
// path under prefix ("/open311/v2/requests/{service_request_id}.{format}"),
// for the REST server's API document.
func (a *API) Paths(prefix string) map[string]any {
	prefix = strings.TrimRight(prefix, "/")
	out := map[string]any{}
	for _, rt := range a.routes() {
		p := prefix + routeParam.ReplaceAllString(rt.path, "{$1}")
		item, _ := out[p].(map[string]any)
		if item == nil {
			item = map[string]any{}
			out[p] = item
		}
		item[strings.ToLower(rt.method)] = rt.doc
	}
	return out
}

var routeParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

// Small builders keep the schemas below readable.

func str(desc string) map[string]any {
	return map[string]any{"type": "string", "description": desc}
}

func nullable(typ, desc string) map[string]any {
	return map[string]any{"type": typ, "nullable": true, "description": desc}
}

func array(items map[string]any) map[string]any {
	return map[string]any{"type": "array", "items": items}
}

// object is an object schema; every property is required, because the
// spec's documents always carry every element (empty ones as null).
func object(props map[string]any) map[string]any {
	req := make([]string, 0, len(props))
	for k := range props {
		req = append(req, k)
	}
	sort.Strings(req)
	return map[string]any{"type": "object", "properties": props, "required": req}
}

// optional is object without required properties, for forms.
func optional(props map[string]any) map[string]any {
	return map[string]any{"type": "object", "properties": props}
}

func pathParam(name, desc string, enum ...string) map[string]any {
	sc := map[string]any{"type": "string"}
	if enum != nil {
		sc["enum"] = enum
	}
	return map[string]any{"name": name, "in": "path", "required": true, "schema": sc, "description": desc}
}

func intParam(name, desc string) map[string]any {
	return map[string]any{"name": name, "in": "query", "schema": map[string]any{"type": "integer", "minimum": 1}, "description": desc}
}

func queryParam(name, desc string) map[string]any {
	return map[string]any{"name": name, "in": "query", "schema": map[string]any{"type": "string"}, "description": desc}
}

var formatParam = pathParam("format", "response format: xml (text/xml) or json", "xml", "json")

var jurisdictionParam = queryParam("jurisdiction_id", "optional; this endpoint serves one jurisdiction, named in discovery (e.g. hue.gov.vn); another answers 404")

// errorList is the spec's error answer: [{code, description}].
var errorList = array(object(map[string]any{
	"code":        map[string]any{"type": "integer", "description": "the HTTP status"},
	"description": str("what is wrong; for parameters, \"name: problem\""),
}))

// answer documents a 200 in both formats; XML has the same fields under
// the spec's root element, so it is described rather than modelled.
func answer(desc string, jsonSchema map[string]any, xmlRoot string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{
		"application/json": map[string]any{"schema": jsonSchema},
		"text/xml":         map[string]any{"schema": str("the same fields under <" + xmlRoot + ">")},
	}}
}

func operation(summary string, params []any, ok map[string]any, errs ...string) map[string]any {
	resps := map[string]any{"200": ok,
		"429": answer("too many requests: the Open311 error list, in the path's format; Retry-After says when to try again", errorList, "errors"),
		"500": answer("internal error (logged; the answer says nothing more)", errorList, "errors"),
	}
	for _, e := range errs {
		resps[e] = answer("Open311 error list", errorList, "errors")
	}
	return map[string]any{
		"tags": []string{"open311"}, "summary": summary, "parameters": params,
		"responses": resps, "security": []any{},
	}
}

var serviceSchema = object(map[string]any{
	"service_code": str("category code"), "service_name": str("Vietnamese name"),
	"description": str("who handles it, in Vietnamese, then the English name and hint"),
	"metadata":    map[string]any{"type": "boolean", "description": "true: GET services/{service_code} lists its attributes (the ward)"}, "type": str("always realtime"),
	"keywords": str("comma-separated"), "group": str("ward or city"),
})

var requestSchema = object(map[string]any{
	"service_request_id": str("issue code, e.g. KL-26-00042"),
	"status":             map[string]any{"type": "string", "enum": []string{"open", "closed"}},
	"status_notes":       nullable("string", "resolution, rejection reason or finer status"),
	"service_name":       nullable("string", "the category's Vietnamese name"), "service_code": str("category code"),
	"description":        nullable("string", "what the reporter wrote"),
	"agency_responsible": nullable("string", "department handling it"),
	"service_notice":     nullable("string", "who handles it and why"),
	"requested_datetime": str("W3C date-time, +07:00"),
	"updated_datetime":   nullable("string", "W3C date-time"),
	"expected_datetime":  nullable("string", "resolution deadline while open"),
	"address":            nullable("string", "the address as given"), "address_id": nullable("string", "always null"),
	"zipcode": nullable("string", "always null"),
	"lat":     nullable("number", "latitude"), "long": nullable("number", "longitude"),
	"media_url": nullable("string", "first photo"),
})

func discoveryDoc() map[string]any {
	d := object(map[string]any{
		"changeset": str("when the catalogue last changed"), "contact": str("who runs the endpoint"),
		"key_service":     str("how to get an api_key"),
		"jurisdiction_id": str("the one jurisdiction_id served (an extension; absent when any is accepted)"),
		"endpoints": array(object(map[string]any{
			"specification": str("http://wiki.open311.org/GeoReport_v2"), "url": str("the endpoint's base URL"),
			"changeset": str("when the catalogue last changed"), "type": str("production"),
			"formats": array(str("text/xml or application/json: one endpoint entry per format")),
		})),
	})
	d["required"] = []string{"changeset", "contact", "endpoints", "key_service"} // jurisdiction_id only when configured
	return operation("Open311 service discovery", []any{formatParam, jurisdictionParam}, answer("discovery document", d, "discovery"), "404")
}

func servicesDoc() map[string]any {
	return operation("Open311 service list: one service per category", []any{formatParam, jurisdictionParam},
		answer("services", array(serviceSchema), "services"), "400", "404")
}

func definitionDoc() map[string]any {
	attr := object(map[string]any{
		"variable": map[string]any{"type": "boolean", "description": "true: the client asks the user"}, "code": str("ward"),
		"datatype":             str("singlevaluelist"),
		"required":             map[string]any{"type": "boolean", "description": "false: without lat/long the ward comes from address_string or the key's organisation"},
		"datatype_description": nullable("string", "how the ward is found when it is not sent"),
		"order":                map[string]any{"type": "integer", "description": "1"}, "description": str("what to choose"),
		"values": array(object(map[string]any{"key": str("ward code, e.g. kim-long"), "name": str("ward name")})),
	})
	return operation("Open311 service definition: its attributes (the ward)",
		[]any{pathParam("service_code", "category code"), formatParam, jurisdictionParam},
		answer("service definition", object(map[string]any{"service_code": str("category code"), "attributes": array(attr)}), "service_definition"),
		"400", "404")
}

func requestsDoc() map[string]any {
	return operation("Open311 service requests, public view, newest first (at most 1000 a page)", []any{formatParam, jurisdictionParam,
		intParam("page", "page number, from 1 (default 1); a Link header with rel=\"next\" names the next page when there is one"),
		intParam("page_size", "requests a page, 1 to 1000 (default 1000, the spec's figure)"),
		queryParam("service_request_id", "comma-separated codes; overrides every other parameter"),
		queryParam("service_code", "comma-separated"),
		queryParam("start_date", "W3C date-time; with only start_date, the 90 days after it"),
		queryParam("end_date", "W3C date-time, inclusive; a range may span at most 90 days; none: the last 90 days"),
		queryParam("status", "open, closed or both, comma-separated"),
	}, answer("service requests", array(requestSchema), "service_requests"), "400", "404")
}

func requestDoc() map[string]any {
	return operation("One Open311 service request, public view, as a list of one",
		[]any{pathParam("service_request_id", "issue code"), formatParam, jurisdictionParam},
		answer("service requests", array(requestSchema), "service_requests"), "400", "404")
}

func postDoc() map[string]any {
	form := optional(map[string]any{
		"api_key":        str("required, here or in the X-API-Key header"),
		"service_code":   str("required"),
		"lat":            map[string]any{"type": "number", "description": "lat and long, or address_string, or address_id"},
		"long":           map[string]any{"type": "number"},
		"address_string": str("the address; without lat/long, a ward named in it places the request"), "address_id": str("kept as text"),
		"attribute[ward]":         str("ward code (see the service definition); optional: without lat/long it is read from address_string, else it is the organisation's ward"),
		"attribute[people_count]": map[string]any{"type": "integer", "description": "organisation keys: people the concern speaks for (1)"},
		"email":                   str("private"), "phone": str("private"), "first_name": str("private"), "last_name": str("private"),
		"device_id": str("ignored"), "account_id": str("echoed back"),
		"description":     str("the first line becomes the title"),
		"media_url":       str("not fetched; kept in the description"),
		"jurisdiction_id": str("optional; must be the one in discovery"),
	})
	multipart := optional(map[string]any{"media": array(map[string]any{"type": "string", "format": "binary",
		"description": "up to 5 JPEG, PNG or WebP photos"})})
	multipart["allOf"] = []any{form}
	op := operation("File an Open311 service request", []any{formatParam},
		answer("the new request", array(object(map[string]any{
			"service_request_id": str("the new issue's code, e.g. KL-26-00042"),
			"service_notice":     nullable("string", "who handles it and why, in both languages"),
			"account_id":         nullable("string", "the account_id sent, echoed"),
		})), "service_requests"), "400", "403", "404", "413")
	op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
		"application/x-www-form-urlencoded": map[string]any{"schema": form},
		"multipart/form-data":               map[string]any{"schema": multipart},
	}}
	return op
}
