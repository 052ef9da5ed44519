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
var typeDocs = map[string]string{
	// The web desk and monitors (issue #8).
	"catalogueHistoryAnswer": "The catalogue's saved versions, newest first.",
	"CatalogueVersion":       "One saved version of the catalogue: who saved it and when.",
	"cannedBody":             "A department's canned replies, replacing the old list.",
	"CannedReplies":          "A department's canned replies, ready-made answers officials pick from.",
	"CannedReply":            "One canned reply: a title and the text it inserts.",
	"colleaguesAnswer":       "The officials of the caller's department, for assigning issues.",
	"Colleague":              "An official who can be assigned an issue.",
	"viewingAnswer":          "Who else has this issue open in the dashboard now (collision warning).",
	"Viewer":                 "An official who has the issue open, and since when.",
	"flagBody":               "A monitor's request for follow-up on an issue, with a comment.",
	"flagAnswerBody":         "The department's answer to a monitor's flag.",
	"flagsAnswer":            "The monitors' flags on one issue, open and answered.",
	"Flag":                   "A monitor's flag on an issue: the comment, who raised it, and the department's answer.",
	"openFlagsAnswer":        "The open flags the caller can see, with their count.",
	"FlagRef":                "An open flag: which issue, and for which department.",
	"publicConfig":           "What the public pages need to know: the Telegram bot's username and the limits.",
	"loginBody":              "An official's credentials.",
	"loginAnswer":            "A bearer token for Authorization: Bearer <token>, until expires_at.",
	"meAnswer":               "Who is calling: a user (kind official), or an organisation's or Open311 client's API key.",
	"newIssueBody":           "A new issue. Give a location as lat and lon (inside one of the city's wards), or a ward, or both; city-level categories need neither.",
	"contactBody":            "The resident an official files for. Private: never shown to the public, monitors or Open311.",
	"newUserBody":            "A new account.",
	"userPatchBody":          "Changes to an account; fields left out stay as they are.",
	"newOrganisationBody":    "A mass organisation (Fatherland Front, Women's Union, ...).",
	"newAPIKeyBody":          "A key for an organisation's system or an Open311 client.",
	"apiKeyAnswer":           "A new API key. The secret is in this first answer only; it is stored hashed.",
	"APIKey":                 "An API key, without its secret.",
	"apiKeysAnswer":          "Every API key, revoked ones included.",
	"Organisation":           "A mass organisation that files concerns on behalf of groups.",
	"organisationsAnswer":    "Every organisation.",
	"inviteAnswer":           "A one-time token and, when a Telegram bot is configured, its deep link.",
	"User":                   "An account of an official, supervisor, monitor or admin.",
	"usersAnswer":            "Every account.",
	"Issue":                  "A resident's or organisation's issue with its routing, deadlines and (on GET of one issue) its timeline.",
	"IssuePage":              "One page of issues; pass next_cursor as cursor for the next.",
	"Location":               "Where the problem is.",
	"Reporter":               "Who filed the issue. Contact is private (officials of the issue's department only).",
	"Contact":                "A resident's contact details; private.",
	"Routing":                "Who handles the issue and why, in both languages.",
	"Rejection":              "Why the issue was rejected.",
	"SLA":                    "The issue's deadlines in working time (Asia/Ho_Chi_Minh).",
	"Event":                  "One entry of an issue's timeline.",
	"Actor":                  "Who did something.",
	"ErrorBody":              "Every error: a code, a message for people, and per-field problems.",
	"healthAnswer":           "ok when the process (healthz) or the database (readyz) answers.",
	"WhoHandlesAnswer":       "Who would handle a category at a place, why, and by when.",
	"statsAnswer":            "Figures over a period, grouped as asked.",
	"Figures":                "Counts and rates of one group over the period.",
	"StatsCell":              "The group the figures are for; an empty member means all.",
	"catalogueAnswer":        "The catalogue and its version (also the ETag; send it as If-Match to replace it).",
	"Catalogue":              "Wards, categories, departments, routing rules, the working calendar and escalation settings.",
	"Calendar":               "Working time: time zone, working days, shifts and public holidays.",
	"Category":               "A kind of problem, with who handles it by default and its deadlines in working hours.",
	"City":                   "The city the wards belong to.",
	"Department":             "A ward or city department that handles issues.",
	"EscalationPolicy":       "What happens to deadlines on transfer and escalation, and whether overdue ward issues go to the city by themselves.",
	"Holiday":                "A public holiday (no working time).",
	"Rule":                   "A routing rule: which department handles a category (for a ward, a reporter kind), and why.",
	"Ward":                   "A ward with its boundary and issue code prefix.",
	"categoriesAnswer":       "The catalogue's categories and its version.",
	"departmentsAnswer":      "The catalogue's departments and its version.",
	"holidaysAnswer":         "The catalogue's holidays and its version.",
	"rulesAnswer":            "The catalogue's routing rules and its version.",
	"wardsAnswer":            "The catalogue's wards and its version.",
	"Photo":                  "A photo of the issue; GET .../photos/{id} returns its bytes, GET .../photos/{id}/thumb a small JPEG of it.",
}

// documentedFields are the types whose every field must have a
// description (a test checks): the request bodies, and what an integrator
// reads back.
var documentedFields = []string{"loginBody", "newIssueBody", "contactBody", "newUserBody", "userPatchBody", "newOrganisationBody",
	"newAPIKeyBody", "loginAnswer", "meAnswer", "apiKeyAnswer", "APIKey", "Organisation", "inviteAnswer", "Issue", "IssuePage",
	"Location", "Reporter", "Routing", "SLA", "StatsCell"}

// typeExamples are whole examples; kin-openapi checks them against their
// schemas when the tests load the document.
var typeExamples = map[string]any{
	"loginBody": map[string]any{"username": "nguyenvana", "password": "Str0ng-Passw0rd!"},
	"newIssueBody": map[string]any{"title": "Đèn đường hỏng ở kiệt 12", "description": "Đèn đường trước nhà số 5 không sáng đã một tuần.",
		"category": "infrastructure", "lat": 16.47, "lon": 107.53, "contact": map[string]any{"name": "Nguyễn Thị Lan", "phone": "0905123456"}},
	"contactBody": map[string]any{"name": "Nguyễn Thị Lan", "phone": "0905123456", "email": "lan@example.vn", "lang": "vi"},
	"newUserBody": map[string]any{"username": "tranthib", "name": "Trần Thị B", "role": "official", "department": "kim-long-infra",
		"password": "Str0ng-Passw0rd!"},
	"userPatchBody":       map[string]any{"role": "supervisor", "ward": "kim-long", "version": 3},
	"newOrganisationBody": map[string]any{"code": "women-union-kl", "name_vi": "Hội LHPN phường Kim Long", "name_en": "Kim Long Women's Union", "ward": "kim-long"},
	"newAPIKeyBody":       map[string]any{"name": "Women's Union reporting system", "organisation_id": "women-union-kl"},
	"apiKeyAnswer": map[string]any{"secret": "cdk_3q7VbQd0d5GkqJtQwq3n2S6g", "secret_shown_once": true,
		"key": map[string]any{"id": "6750c1f2a8e4b1d2c3f4a5b6", "prefix": "cdk_3q7Vbq", "name": "Women's Union reporting system",
			"organisation_id": "6750c1e9a8e4b1d2c3f4a5b0", "created_by": "6750c1a0a8e4b1d2c3f4a500", "created_at": "2026-11-23T09:00:00+07:00"}},
	"Organisation": map[string]any{"id": "6750c1e9a8e4b1d2c3f4a5b0", "code": "women-union-kl", "name_vi": "Hội LHPN phường Kim Long",
		"name_en": "Kim Long Women's Union", "ward": "kim-long", "created_at": "2026-11-23T09:00:00+07:00"},
	"inviteAnswer": map[string]any{"token": "jq7VbQd0d5GkqJtQwq3n2S6gA1b2c3d", "link": "https://t.me/civicdesk_hue_bot?start=jq7VbQd0d5GkqJtQwq3n2S6gA1b2c3d",
		"expires_at": "2026-11-30T09:00:00+07:00", "token_shown_once": true},
	"ErrorBody":    map[string]any{"error": map[string]any{"code": "invalid", "message": "title must be at least 5 characters", "fields": map[string]any{"title": "must be at least 5 characters"}}},
	"healthAnswer": map[string]any{"status": "ok"},
	"Location":     map[string]any{"lat": 16.47, "lon": 107.53, "address": "5 kiệt 12 Kim Long", "ward": "kim-long"},
	"Rejection":    map[string]any{"reason": "duplicate", "note": "Trùng với KL-26-00041"},
	"User":         exUser,
	"loginAnswer":  map[string]any{"token": "s3ssion-t0ken-example", "expires_at": "2026-11-23T21:00:00+07:00", "user": exUser},
	"meAnswer": map[string]any{"kind": "organisation", "organisation_id": "6750c1e9a8e4b1d2c3f4a5b0", "api_key_id": exID,
		"name": "Hội LHPN phường Kim Long"},
	"APIKey": map[string]any{"id": exID, "prefix": "cdk_3q7Vbq", "name": "Women's Union reporting system",
		"organisation_id": "6750c1e9a8e4b1d2c3f4a5b0", "created_by": "6750c1a0a8e4b1d2c3f4a500", "created_at": exTime},
	"Issue":     exIssue,
	"IssuePage": map[string]any{"issues": []any{exIssue}, "next_cursor": "eyJ0IjoiMjAyNi0xMS0yM1QwMjowMDowMFoifQ"},
	"Reporter":  exIssue["reporter"],
	"Routing":   exIssue["routing"],
	"SLA":       exIssue["sla"],
	"StatsCell": map[string]any{"department": exDept, "ward": exWard, "level": "ward", "category": ""},
}

var exUser = map[string]any{"id": "6750c1a0a8e4b1d2c3f4a501", "username": "tranthib", "name": "Trần Thị B", "role": "official",
	"department": exDept, "disabled": false, "created_at": exTime, "updated_at": exTime, "version": 1}

var exIssue = map[string]any{
	"id": exCode, "code": exCode, "version": 3, "title": "Đèn đường hỏng ở kiệt 12",
	"description": "Đèn đường trước nhà số 5 không sáng đã một tuần.", "category": "infrastructure",
	"location": map[string]any{"lat": 16.47, "lon": 107.53, "address": "5 kiệt 12 Kim Long", "ward": exWard},
	"reporter": map[string]any{"kind": "organisation", "channel": "open311", "organisation_id": "6750c1e9a8e4b1d2c3f4a5b0",
		"people_count": 30, "contact": map[string]any{}},
	"status": "in_progress",
	"routing": map[string]any{"department": exDept, "level": "ward", "ward": exWard, "first_department": exDept,
		"explain_vi": "Được xử lý bởi Phòng Kinh tế, Hạ tầng và Đô thị phường Kim Long vì phường sửa chữa đèn chiếu sáng.",
		"explain_en": "Handled by Kim Long Ward Office of Economy, Infrastructure and Urban Affairs because the ward repairs street lights."},
	"sla": map[string]any{"response_due": "2026-11-24T09:30:00+07:00", "resolution_due": "2026-11-30T11:30:00+07:00",
		"first_response_at": "2026-11-23T10:15:00+07:00", "response_overdue": false, "resolution_overdue": false},
	"created_at": exTime, "updated_at": "2026-11-23T10:15:00+07:00", "supporters": 2,
	"timeline": []any{map[string]any{"seq": 1, "at": exTime, "type": "created", "actor": map[string]any{"kind": "organisation",
		"name": "Hội LHPN phường Kim Long"}, "to": "new", "public": true}},
}

// fieldDoc is a field's description, an example, and for a string enum
// values it may also take (such as "" for "all").
type fieldDoc struct {
	desc    string
	example any
	enum    []string
}

const (
	exCode  = "KL-26-00042"
	exID    = "6750c1f2a8e4b1d2c3f4a5b6"
	exWard  = "kim-long"
	exDept  = "kim-long-infra"
	exTime  = "2026-11-23T09:00:00+07:00"
	orgDesc = "the organisation whose system uses the key: what it files are the organisation's concerns (with people_count), " +
		"and an Open311 request with only an address is placed in the organisation's ward. Absent: an Open311 client filing for residents."
)

var fieldDocs = map[string]fieldDoc{
	"newAPIKeyBody.kind":    {desc: "organisation (the default: organisation_id is required) or open311_client (a client that files for residents, with no organisation)"},
	"APIKey.kind":           {desc: "organisation or open311_client (see newAPIKeyBody.kind)"},
	"Issue.allowed_actions": {desc: "the actions the caller may take on the issue now (its role, its scope and the issue's status decide); the dashboard shows only these"},
	"StatsCell.level":       {desc: "level the figures are for; empty when they are not grouped by level", enum: []string{""}},
	"StatsCell.department":  {desc: "department code; empty: all", example: exDept},
	"StatsCell.ward":        {desc: "ward code; empty: all", example: exWard},
	"StatsCell.category":    {desc: "category code; empty: all", example: "infrastructure"},

	"loginBody.username":     {desc: "the account's username", example: "nguyenvana"},
	"loginBody.password":     {desc: "its password", example: "Str0ng-Passw0rd!"},
	"loginAnswer.token":      {desc: "send as Authorization: Bearer <token>"},
	"loginAnswer.expires_at": {desc: "when the token stops working (see --session-ttl)"},
	"loginAnswer.user":       {desc: "the signed-in account"},

	"meAnswer.kind":            {desc: "official for a user; organisation or resident (an Open311 client) for an API key"},
	"meAnswer.user":            {desc: "the account, when a user calls"},
	"meAnswer.organisation_id": {desc: "the API key's organisation, when it has one"},
	"meAnswer.api_key_id":      {desc: "the API key used, when one is"},
	"meAnswer.name":            {desc: "the user's or the organisation's name", example: "Hội LHPN phường Kim Long"},

	"newIssueBody.title":        {desc: "a short summary, 5 to 200 characters", example: "Đèn đường hỏng ở kiệt 12"},
	"newIssueBody.description":  {desc: "what is wrong, up to 4,000 characters; public", example: "Đèn đường trước nhà số 5 không sáng đã một tuần."},
	"newIssueBody.category":     {desc: "a category code (GET /api/v1/public/catalogue)", example: "infrastructure"},
	"newIssueBody.lat":          {desc: "latitude; with lon, must fall inside one of the city's wards", example: 16.47},
	"newIssueBody.lon":          {desc: "longitude", example: 107.53},
	"newIssueBody.address":      {desc: "the address as text, up to 300 characters; public", example: "5 kiệt 12 Kim Long"},
	"newIssueBody.ward":         {desc: "a ward code; needed for ward-level categories without lat and lon (an organisation's key falls back to its ward)", example: exWard},
	"newIssueBody.contact":      {desc: "the resident an official files for; private"},
	"newIssueBody.people_count": {desc: "organisation keys only, required for them: how many people the concern speaks for (1 to 1,000,000)", example: 30},

	"contactBody.name":  {desc: "the resident's name", example: "Nguyễn Thị Lan"},
	"contactBody.phone": {desc: "a phone number", example: "0905123456"},
	"contactBody.email": {desc: "an e-mail address", example: "lan@example.vn"},
	"contactBody.lang":  {desc: "vi or en: the language of messages to the resident", example: "vi"},

	"newUserBody.username":   {desc: "sign-in name, unique", example: "tranthib"},
	"newUserBody.name":       {desc: "the person's name", example: "Trần Thị B"},
	"newUserBody.role":       {desc: "official (acts on the issues of a department), supervisor (of a ward, or the city without ward), monitor (reads) or admin"},
	"newUserBody.department": {desc: "officials: their department's code", example: exDept},
	"newUserBody.ward":       {desc: "supervisors of a ward: its code; empty for the city", example: exWard},
	"newUserBody.password":   {desc: "at least 10 characters, not a common password", example: "Str0ng-Passw0rd!"},

	"userPatchBody.name":             {desc: "a new name"},
	"userPatchBody.role":             {desc: "a new role"},
	"userPatchBody.department":       {desc: "a new department code"},
	"userPatchBody.ward":             {desc: "a new ward code"},
	"userPatchBody.password":         {desc: "a new password"},
	"userPatchBody.disabled":         {desc: "true stops the account from signing in and ends its sessions"},
	"userPatchBody.telegram_user_id": {desc: "the Telegram account linked; 0 unlinks"},
	"userPatchBody.version":          {desc: "the version edited, like If-Match; a stale one answers 409", example: 3},

	"newOrganisationBody.code":    {desc: "a short code, lowercase letters, digits, - or _; used in place of the id when creating its key", example: "women-union-kl"},
	"newOrganisationBody.name_vi": {desc: "the name in Vietnamese", example: "Hội LHPN phường Kim Long"},
	"newOrganisationBody.name_en": {desc: "the name in English", example: "Kim Long Women's Union"},
	"newOrganisationBody.ward":    {desc: "the ward it works in, if one: its members' reports without a location go there", example: exWard},

	"newAPIKeyBody.name":            {desc: "what the key is for, to recognise it in the list", example: "Women's Union reporting system"},
	"newAPIKeyBody.organisation_id": {desc: "the organisation, by its code or its id; " + orgDesc, example: "women-union-kl"},

	"apiKeyAnswer.secret":            {desc: "the key, to send as X-API-Key (REST) or api_key (Open311); in the first answer only", example: "cdk_3q7VbQd0d5GkqJtQwq3n2S6g"},
	"apiKeyAnswer.key":               {desc: "the key's record"},
	"apiKeyAnswer.secret_shown_once": {desc: "always true: the secret is in the first answer only and is not kept; a replay with the same Idempotency-Key omits it, and a lost secret means revoking the key and creating another"},

	"APIKey.id":              {desc: "the key's id, for DELETE /api/v1/api-keys/{id}", example: exID},
	"APIKey.prefix":          {desc: "the secret's first characters, to recognise it", example: "cdk_3q7Vbq"},
	"APIKey.name":            {desc: "what the key is for"},
	"APIKey.organisation_id": {desc: "the id of " + orgDesc, example: "6750c1e9a8e4b1d2c3f4a5b0"},
	"APIKey.created_by":      {desc: "the admin who created it (user id)"},
	"APIKey.created_at":      {desc: "when it was created"},
	"APIKey.revoked_at":      {desc: "when it was revoked; absent while it works"},

	"Organisation.id":         {desc: "the organisation's id", example: "6750c1e9a8e4b1d2c3f4a5b0"},
	"Organisation.code":       {desc: "its code; API key creation takes it in place of the id", example: "women-union-kl"},
	"Organisation.name_vi":    {desc: "name in Vietnamese"},
	"Organisation.name_en":    {desc: "name in English"},
	"Organisation.ward":       {desc: "the ward it works in, if one", example: exWard},
	"Organisation.created_at": {desc: "when it was registered"},

	"inviteAnswer.token":            {desc: "the one-time token; in the first answer only"},
	"inviteAnswer.link":             {desc: "the Telegram deep link that redeems it, when a bot is configured"},
	"inviteAnswer.expires_at":       {desc: "when the token stops working"},
	"inviteAnswer.token_shown_once": {desc: "always true: the token is in the first answer only; a replay omits it"},

	"Issue.id":           {desc: "the issue's id; the same as its code", example: exCode},
	"Issue.code":         {desc: "the code residents quote: ward prefix, year, number", example: exCode},
	"Issue.version":      {desc: "increases on every change; also the ETag, for If-Match", example: 7},
	"Issue.title":        {desc: "short summary; public", example: "Đèn đường hỏng ở kiệt 12"},
	"Issue.description":  {desc: "what is wrong; public"},
	"Issue.category":     {desc: "category code", example: "infrastructure"},
	"Issue.location":     {desc: "where"},
	"Issue.photos":       {desc: "photos, the resident's and those added with answers"},
	"Issue.reporter":     {desc: "who filed it"},
	"Issue.status":       {desc: "new, routed, in_progress, waiting_for_resident (clock paused), resolved, closed or rejected"},
	"Issue.routing":      {desc: "who handles it and why"},
	"Issue.assignee_id":  {desc: "the official it is assigned to"},
	"Issue.sla":          {desc: "deadlines"},
	"Issue.created_at":   {desc: "when it was filed"},
	"Issue.updated_at":   {desc: "when it last changed"},
	"Issue.resolved_at":  {desc: "when it was resolved"},
	"Issue.closed_at":    {desc: "when it was closed"},
	"Issue.resolution":   {desc: "what was done; public"},
	"Issue.status_note":  {desc: "the latest public note on its status"},
	"Issue.rejection":    {desc: "why it was rejected"},
	"Issue.rating":       {desc: "the reporter's rating, 1 to 5"},
	"Issue.duplicate_of": {desc: "the code of the issue this one duplicates"},
	"Issue.supporters":   {desc: "how many others reported the same (\"me too\")"},
	"Issue.timeline":     {desc: "the events, oldest first; empty or null in lists"},
	"Issue.reopen_count": {desc: "how many times the reporter reopened it"},

	"IssuePage.issues":      {desc: "the issues of this page"},
	"IssuePage.next_cursor": {desc: "pass as cursor for the next page; empty on the last"},

	"Location.lat":     {desc: "latitude", example: 16.47},
	"Location.lon":     {desc: "longitude", example: 107.53},
	"Location.address": {desc: "the address as given"},
	"Location.ward":    {desc: "ward code; empty for a city-level issue without a place", example: exWard},

	"Reporter.kind":            {desc: "resident, organisation, official (filing for a resident) or imported"},
	"Reporter.channel":         {desc: "how it came: telegram, api, web, open311 or import"},
	"Reporter.resident_id":     {desc: "the resident (officials of the department only)"},
	"Reporter.official_id":     {desc: "the official who filed it for a resident"},
	"Reporter.organisation_id": {desc: "the organisation that filed it"},
	"Reporter.people_count":    {desc: "how many people an organisation's concern speaks for"},
	"Reporter.contact":         {desc: "private; empty in public views"},

	"Routing.department":       {desc: "the department handling it", example: exDept},
	"Routing.level":            {desc: "ward or city"},
	"Routing.ward":             {desc: "the ward, for ward-level issues", example: exWard},
	"Routing.co_handling":      {desc: "departments that help"},
	"Routing.explain_vi":       {desc: "why this department, in Vietnamese"},
	"Routing.explain_en":       {desc: "why this department, in English"},
	"Routing.escalated_from":   {desc: "the ward department it was escalated from"},
	"Routing.first_department": {desc: "the department it was first routed to"},

	"SLA.response_due":       {desc: "first-response deadline"},
	"SLA.resolution_due":     {desc: "resolution deadline (absent while the clock is paused)"},
	"SLA.first_response_at":  {desc: "when it was first answered"},
	"SLA.paused_at":          {desc: "when the clock stopped, waiting for the resident"},
	"SLA.response_overdue":   {desc: "the first response is late"},
	"SLA.resolution_overdue": {desc: "the resolution is late"},
	"SLA.resolved_on_time":   {desc: "for a resolved issue: whether on time"},

	"ErrorBody.error":   {desc: "what went wrong"},
	"ErrorBody.current": {desc: "on a conflict about an issue: the issue as it is now"},
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

// apiTags describe the document's sections; Open311's says what an
// integrator needs before the first request.
var apiTags = []any{
	map[string]any{"name": tagOps, "description": "Health, readiness, metrics and this document."},
	map[string]any{"name": tagAuth, "description": "Officials sign in for a bearer token; organisations' systems use an API key in X-API-Key instead."},
	map[string]any{"name": tagIssues, "description": "Filing, listing and reading issues."},
	map[string]any{"name": tagActions, "description": "Changing an issue; each action checks the caller's role and the issue's status and version."},
	map[string]any{"name": tagCatalogue, "description": "Wards, categories, departments, routing rules and the calendar."},
	map[string]any{"name": tagPublic, "description": "Transparency without sign-in; never any personal data."},
	map[string]any{"name": tagAdmin, "description": "Accounts, organisations, invites and API keys (admins). Bodies are JSON only (415 otherwise)."},
	map[string]any{"name": tagStats, "description": "Figures per department, ward, level and category."},
	map[string]any{"name": "open311", "description": "Open311 GeoReport v2 at /open311/v2: the format is the extension (.xml by default, .json); " +
		"errors, 429 included, are the spec's error list in that format. " +
		"jurisdiction_id is optional; another than the one in discovery answers 404. " +
		"Location: lat and long must fall inside one of the city's wards (civicdesk serves one city); without them, " +
		"the optional attribute[ward] places the request, else the ward named in address_string (diacritics optional), " +
		"else the ward of the key's organisation; a ward-level service with none of these is refused with an error that says so. " +
		"GET requests: the last 90 days, newest first, 1,000 a page; page and page_size (1 to 1,000) page on, with a Link rel=\"next\" header. " +
		"Limits: each key has its own allowance however it is sent (api_key in the query or form, or X-API-Key), 1,200 a minute in bursts of 200 by default; " +
		"requests without a key share their address's (300 a minute, bursts of 100); a 429 has Retry-After. " +
		"Getting a key: an admin registers the organisation (POST /api/v1/organisations) and creates its key " +
		"(POST /api/v1/api-keys with organisation_id set to the organisation's code); the secret is shown once."},
}
