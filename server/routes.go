package server

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

const (
	tagOps       = "operations"
	tagAuth      = "auth"
	tagIssues    = "issues"
	tagActions   = "issue actions"
	tagCatalogue = "catalogue"
	tagPublic    = "public"
	tagAdmin     = "administration"
	tagStats     = "statistics"
)

// thumbDesc documents the thumbnail routes (#7).
const thumbDesc = "A JPEG of at most 320 pixels on its longer side, upright (the photo's EXIF orientation applied), " +
	"for lists and pages; the photo's own URL (without /thumb) is the full photo. " +
	"A photo whose pixels cannot be decoded has no thumbnail: its full photo is served here instead, with its own type. " +
	"Photos stored before thumbnails existed get theirs at their first request. Cached like the photo."

var ifMatchHeader = param{Name: "If-Match", Desc: `version the change is based on, as in the ETag ("7" or 7)`}

// register adds every route of the API; the same table documents them.
func (s *Server) register() {
	const v1 = "/api/v1"
	ok, created, none := http.StatusOK, http.StatusCreated, http.StatusNoContent

	// Operations.
	s.add(&route{Method: "GET", Path: "/healthz", Tag: tagOps, Summary: "The process is alive", Status: ok, Resp: healthAnswer{}, Handler: s.healthz})
	s.add(&route{Method: "GET", Path: "/readyz", Tag: tagOps, Summary: "The service can serve (database reachable)", Status: ok, Resp: healthAnswer{}, Errors: []int{503}, Handler: s.readyz})
	s.add(&route{Method: "GET", Path: "/metrics", Tag: tagOps, Summary: "Prometheus metrics",
		Desc:   "Needs Authorization: Bearer <CIVICDESK_METRICS_TOKEN> when a metrics token is set; without one, answers only clients on this machine (loopback).",
		Status: ok, RespType: "text/plain", Errors: []int{401, 403}, Handler: s.metricsHandler()})
	s.add(&route{Method: "GET", Path: "/api/openapi.json", Tag: tagOps, Summary: "This OpenAPI document", Status: ok, RespType: "application/json", Handler: s.openAPI})

	// Signing in.
	s.add(&route{Method: "POST", Path: v1 + "/auth/login", Tag: tagAuth, Summary: "Sign in; returns a bearer token",
		Desc: "Attempts are limited per address. Idempotency-Key is not honoured: a retry simply signs in again.",
		Body: loginBody{}, Status: ok, Resp: loginAnswer{}, Errors: []int{401}, Extra: []fiber.Handler{s.loginRateLimit}, Handler: s.login})
	s.add(&route{Method: "POST", Path: v1 + "/auth/logout", Access: signedIn, Tag: tagAuth, Summary: "Revoke the bearer token used", Status: none, Handler: s.logout})
	s.add(&route{Method: "GET", Path: v1 + "/auth/me", Access: signedIn, Tag: tagAuth, Summary: "Who is calling", Status: ok, Resp: meAnswer{}, Handler: s.me})

	// Issues.
	s.add(&route{Method: "POST", Path: v1 + "/issues", Access: signedIn, Tag: tagIssues, Summary: "File an issue",
		Desc: "Officials file on behalf of residents (contact); organisations (API key) file concerns with people_count. " +
			"As multipart/form-data: a \"data\" part with the JSON body (or the fields one by one, contact fields as contact.name ...) " +
			"and up to 5 \"photos\" files (JPEG, PNG or WebP, 5 MB and 50 megapixels each).",
		Body: newIssueBody{}, Multipart: true, Status: created, Resp: models.Issue{}, Errors: []int{403, 409, 413}, Idempotent: true, Handler: s.createIssue})
	s.add(&route{Method: "GET", Path: v1 + "/issues", Access: signedIn, Tag: tagIssues, Summary: "List the issues the caller may see",
		Query: issueListQuery, Status: ok, Resp: models.IssuePage{}, Errors: []int{403}, Handler: s.listIssues})
	s.add(&route{Method: "GET", Path: v1 + "/issues/:ref", Access: signedIn, Tag: tagIssues, Summary: "An issue with its timeline (ref: code or id); ETag is its version",
		Status: ok, Resp: models.Issue{}, Errors: []int{403, 404}, Handler: s.getIssue})
	s.add(&route{Method: "GET", Path: v1 + "/issues/:ref/photos/:photo", Access: signedIn, Tag: tagIssues, Summary: "A photo of an issue",
		Status: ok, RespType: "image/*", Errors: []int{403, 404}, Handler: s.issuePhoto})
	s.add(&route{Method: "GET", Path: v1 + "/issues/:ref/photos/:photo/thumb", Access: signedIn, Tag: tagIssues, Summary: "A photo's thumbnail",
		Desc: thumbDesc, Status: ok, RespType: "image/*", Errors: []int{403, 404}, Handler: s.issuePhotoThumb})
	for _, ar := range actionRoutes {
		s.add(&route{Method: "POST", Path: v1 + "/issues/:ref/" + ar.Path, Access: signedIn, Tag: tagActions, Summary: ar.Summary,
			Desc: "Optimistic concurrency: send the version seen as If-Match (or \"version\" in the body). " +
				"A stale version, or a change the issue's status does not allow, answers 409 with the issue as it is now under \"current\".",
			Headers: []param{ifMatchHeader}, Body: actionDoc(ar), BodyOptional: true, Multipart: photoActions[ar.Path], Status: ok, Resp: models.Issue{}, Errors: []int{403, 404, 409},
			Idempotent: true, Handler: s.action(ar)})
	}

	// Catalogue.
	s.add(&route{Method: "GET", Path: v1 + "/catalogue", Access: signedIn, Tag: tagCatalogue, Summary: "The whole catalogue with its version (also the ETag)",
		Status: ok, Resp: catalogueAnswer{}, Handler: s.getCatalogue})
	s.add(&route{Method: "PUT", Path: v1 + "/catalogue", Access: signedIn, Tag: tagCatalogue, Summary: "Replace the catalogue (admins)",
		Desc:    "The body is the whole catalogue as JSON, validated like the catalogue file; If-Match (required) names the version edited.",
		Headers: []param{ifMatchHeader}, Body: models.Catalogue{}, Status: ok, Resp: catalogueAnswer{}, Errors: []int{403, 409}, Handler: s.putCatalogue})
	s.add(&route{Method: "GET", Path: v1 + "/catalogue/history", Access: signedIn, Tag: tagCatalogue, Summary: "The kept versions of the catalogue, newest first (admins)",
		Status: ok, Resp: catalogueHistoryAnswer{}, Errors: []int{403}, Handler: s.catalogueHistory})
	s.add(&route{Method: "GET", Path: v1 + "/catalogue/versions/:version", Access: signedIn, Tag: tagCatalogue, Summary: "A kept version of the catalogue (admins)",
		Status: ok, Resp: models.Catalogue{}, Errors: []int{403, 404}, Handler: s.catalogueVersion})
	for _, p := range catalogueParts {
		s.add(&route{Method: "GET", Path: v1 + "/catalogue/" + p.Name, Access: signedIn, Tag: tagCatalogue, Summary: "The catalogue's " + p.Name,
			Status: ok, Resp: p.Doc, Handler: s.cataloguePart(p.Name, p.Get)})
	}

	// Public transparency: no personal data, no sign-in.
	s.add(&route{Method: "GET", Path: v1 + "/public/who-handles", Tag: tagPublic, Summary: "Who would handle a category here, and by when",
		Query: []param{{Name: "category", Desc: "category code", Required: true}, {Name: "ward", Desc: "ward code"},
			{Name: "lat", Type: "number", Desc: "latitude"}, {Name: "lon", Type: "number", Desc: "longitude"}},
		Status: ok, Resp: service.WhoHandlesAnswer{}, Handler: s.whoHandles})
	s.add(&route{Method: "GET", Path: v1 + "/public/issues", Tag: tagPublic, Summary: "Issues, public view",
		Query: issueListQuery, Status: ok, Resp: models.IssuePage{}, Handler: s.publicIssues})
	s.add(&route{Method: "GET", Path: v1 + "/public/issues/:ref", Tag: tagPublic, Summary: "An issue, public view",
		Status: ok, Resp: models.Issue{}, Errors: []int{404}, Handler: s.publicIssue})
	s.add(&route{Method: "GET", Path: v1 + "/public/issues/:ref/photos/:photo", Tag: tagPublic, Summary: "A photo of an issue (photos are public, like Open311 media_url)",
		Status: ok, RespType: "image/*", Errors: []int{404}, Handler: s.publicIssuePhoto})
	s.add(&route{Method: "GET", Path: v1 + "/public/issues/:ref/photos/:photo/thumb", Tag: tagPublic, Summary: "A photo's thumbnail, public wherever the photo is",
		Desc: thumbDesc, Status: ok, RespType: "image/*", Errors: []int{404}, Handler: s.publicIssuePhotoThumb})
	s.add(&route{Method: "GET", Path: v1 + "/public/catalogue", Tag: tagPublic, Summary: "The catalogue without internal settings (departments' chats)",
		Status: ok, Resp: catalogueAnswer{}, Handler: s.publicCatalogue})
	s.add(&route{Method: "GET", Path: v1 + "/public/stats", Tag: tagPublic, Summary: "Figures, as JSON or CSV",
		Query: statsQuery, Status: ok, Resp: statsAnswer{}, RespType: "text/csv", Handler: s.stats})
	s.registerPublicWeb(v1)
	s.registerDesk(v1)
	s.registerFlags(v1)

	// Administration; the service allows admins only (GET /users/:id and
	// telegram-link also the user themself; GET /organisations anyone
	// signed in).
	s.add(&route{Method: "GET", Path: v1 + "/users", Access: signedIn, Tag: tagAdmin, Summary: "List accounts", Status: ok, Resp: usersAnswer{}, Errors: []int{403}, Handler: s.listUsers})
	s.add(&route{Method: "POST", Path: v1 + "/users", Access: signedIn, Tag: tagAdmin, Summary: "Create an account",
		Body: newUserBody{}, Status: created, Resp: models.User{}, Errors: []int{403, 409}, Idempotent: true, Handler: s.createUser})
	s.add(&route{Method: "GET", Path: v1 + "/users/:id", Access: signedIn, Tag: tagAdmin, Summary: "An account", Status: ok, Resp: models.User{}, Errors: []int{403, 404}, Handler: s.getUser})
	s.add(&route{Method: "PATCH", Path: v1 + "/users/:id", Access: signedIn, Tag: tagAdmin, Summary: "Change an account (absent fields stay)",
		Headers: []param{ifMatchHeader}, Body: userPatchBody{}, Status: ok, Resp: models.User{}, Errors: []int{403, 404, 409}, Handler: s.patchUser})
	s.add(&route{Method: "POST", Path: v1 + "/users/:id/telegram-link", Access: signedIn, Tag: tagAdmin, Summary: "A one-time link for the official to link Telegram",
		Status: created, Resp: inviteAnswer{}, Errors: []int{403, 404}, Idempotent: true, Secret: true, Handler: s.telegramLink})
	s.add(&route{Method: "GET", Path: v1 + "/organisations", Access: signedIn, Tag: tagAdmin, Summary: "List mass organisations", Status: ok, Resp: organisationsAnswer{}, Handler: s.listOrganisations})
	s.add(&route{Method: "POST", Path: v1 + "/organisations", Access: signedIn, Tag: tagAdmin, Summary: "Register a mass organisation",
		Body: newOrganisationBody{}, Status: created, Resp: models.Organisation{}, Errors: []int{403, 409}, Idempotent: true, Handler: s.createOrganisation})
	s.add(&route{Method: "POST", Path: v1 + "/organisations/:id/invites", Access: signedIn, Tag: tagAdmin, Summary: "A one-time link for joining the organisation from Telegram",
		Status: created, Resp: inviteAnswer{}, Errors: []int{403, 404}, Idempotent: true, Secret: true, Handler: s.orgInvite})
	s.add(&route{Method: "GET", Path: v1 + "/api-keys", Access: signedIn, Tag: tagAdmin, Summary: "List API keys (never their secrets)", Status: ok, Resp: apiKeysAnswer{}, Errors: []int{403}, Handler: s.listAPIKeys})
	s.add(&route{Method: "POST", Path: v1 + "/api-keys", Access: signedIn, Tag: tagAdmin, Summary: "Create an API key; the secret is shown once",
		Desc: "A key is of one of two kinds. kind \"organisation\" (the default) needs organisation_id: the key files concerns for that mass organisation " +
			"(with people_count) and sees its issues. kind \"open311_client\" has no organisation: it is for an Open311 client (a city app, a partner site) " +
			"that files issues for residents, who give their contact in each request; it sees only what the public sees.",
		Body: newAPIKeyBody{}, Status: created, Resp: apiKeyAnswer{}, Errors: []int{403}, Idempotent: true, Secret: true, Handler: s.createAPIKey})
	s.add(&route{Method: "DELETE", Path: v1 + "/api-keys/:id", Access: signedIn, Tag: tagAdmin, Summary: "Revoke an API key", Status: none, Errors: []int{403, 404}, Handler: s.revokeAPIKey})

	// Statistics.
	s.add(&route{Method: "GET", Path: v1 + "/stats", Access: signedIn, Tag: tagStats, Summary: "Figures, as JSON or CSV (format=csv or Accept: text/csv)",
		Query: statsQuery, Status: ok, Resp: statsAnswer{}, RespType: "text/csv", Handler: s.stats})
}
