package server

// The words of the OpenAPI document that Go types cannot say: what each
// type and field means, examples, and which fields a request must send.
// Keys are "TypeName" and "TypeName.json_name"; the schema builder in
// openapi.go applies them, and a test checks that every request body and
// answer type has its descriptions.

// bodyRequired lists the fields a request body must have; answers'
// required fields are those always written (no omitempty).
var bodyRequired = map[string][]string{
	"loginBody":           {"username", "password"},
	"newIssueBody":        {"title", "description", "category"},
	"newUserBody":         {"username", "name", "role", "password"},
	"userPatchBody":       {},
	"newOrganisationBody": {"code", "name_vi"},
	"newAPIKeyBody":       {"name"},
}

// typeDocs describe whole types.
var typeDocs = map[string]string{}

// fieldDoc is a field's description, an example, and for a string enum
// values it may also take (such as "" for "all").
type fieldDoc struct {
	desc    string
	example any
	enum    []string
}

var fieldDocs = map[string]fieldDoc{
	"StatsCell.level": {desc: "level the figures are for; empty when they are not grouped by level", enum: []string{""}},
}

// withDoc adds a field's description, example and extra enum values.
func withDoc(sc map[string]any, key string) map[string]any {
	d, ok := fieldDocs[key]
	if !ok {
		return sc
	}
	if _, ref := sc["$ref"]; ref {
		// Siblings of $ref are ignored in OpenAPI 3.0; wrap it.
		sc = map[string]any{"allOf": []any{sc}}
	}
	if d.desc != "" {
		sc["description"] = d.desc
	}
	if d.example != nil {
		sc["example"] = d.example
	}
	if e, ok := sc["enum"].([]string); ok && d.enum != nil {
		sc["enum"] = append(append([]string{}, e...), d.enum...)
	}
	return sc
}
