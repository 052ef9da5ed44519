package open311

import (
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// Specification is the discovery identifier of GeoReport v2.
const Specification = "http://wiki.open311.org/GeoReport_v2"

// DefaultPath is where the endpoint is expected to be mounted.
const DefaultPath = "/open311/v2"

// maxRequests is the spec's ceiling for one GET requests answer.
const maxRequests = 1000

// Config holds the endpoint's settings.
type Config struct {
	// BaseURL is where civicdesk is reachable from outside, without a
	// trailing slash, e.g. "https://phananh.hue.gov.vn". The discovery URL
	// and photo links are built from it.
	BaseURL string
	// Path is where the endpoint is mounted under BaseURL, DefaultPath when
	// empty. It is only used to tell clients the endpoint's URL.
	Path string
	// Contact and KeyService are shown in discovery: who runs the endpoint
	// and how a developer gets an api_key.
	Contact    string
	KeyService string
	// JurisdictionID, when set (e.g. "hue.gov.vn"), is the only
	// jurisdiction_id accepted: another answers 404, as the spec says.
	// Requests without one are accepted too (the spec makes it optional for
	// single-jurisdiction endpoints). Discovery shows it.
	JurisdictionID string
	// MaxRequests caps a GET requests answer (its page_size); 1000 (the
	// spec's figure) when zero or larger.
	MaxRequests int
	// Now tells the time for the default "last 90 days" window and for the
	// discovery changeset; time.Now when nil. Pass the service's clock in
	// tests.
	Now    func() time.Time
	Logger *slog.Logger
}

// API is the Open311 endpoint.
type API struct {
	svc *service.Service
	cfg Config
	log *slog.Logger
	// pageSize is how many issues are read per query while collecting a
	// GET requests answer; the service allows at most models.MaxPageSize.
	pageSize int

	// The catalogue has a version but no date, and discovery's changeset
	// is a date: remember when this process first saw each version.
	mu          sync.Mutex
	seenVersion int64
	seenAt      time.Time
}

// New creates the endpoint. The service's catalogue must be loaded.
func New(svc *service.Service, cfg Config) *API {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.Path == "" {
		cfg.Path = DefaultPath
	}
	if cfg.MaxRequests <= 0 || cfg.MaxRequests > maxRequests {
		cfg.MaxRequests = maxRequests
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Contact == "" {
		cfg.Contact = "civicdesk " + cfg.BaseURL
	}
	if cfg.KeyService == "" {
		cfg.KeyService = defaultKeyService(cfg.BaseURL)
	}
	return &API{svc: svc, cfg: cfg, log: cfg.Logger, pageSize: models.MaxPageSize,
		seenVersion: svc.CatalogueVersion(), seenAt: cfg.Now()}
}

// Mount creates the endpoint and registers its routes on r, which should be
// the group for DefaultPath.
func Mount(r fiber.Router, svc *service.Service, cfg Config) *API {
	a := New(svc, cfg)
	a.Mount(r)
	return a
}

// Mount registers the routes on r, which should be the group for
// DefaultPath. The format is the extension: services.json,
// requests/KL-26-00042.xml.
func (a *API) Mount(r fiber.Router) {
	for _, rt := range a.routes() {
		r.Add(rt.method, rt.path, rt.handler)
	}
	r.All("/*", a.unknownPath)
}

// route is one endpoint. Mount registers it and Paths documents it from
// the same table, so the two cannot drift apart.
type route struct {
	method, path string
	handler      fiber.Handler
	doc          map[string]any
}

func (a *API) routes() []route {
	return []route{
		{fiber.MethodGet, "/discovery.:format", a.getDiscovery, discoveryDoc()},
		{fiber.MethodGet, "/services.:format", a.getServices, servicesDoc()},
		{fiber.MethodGet, "/services/:service_code.:format", a.getServiceDefinition, definitionDoc()},
		{fiber.MethodGet, "/requests.:format", a.getRequests, requestsDoc()},
		{fiber.MethodPost, "/requests.:format", a.postRequest, postDoc()},
		{fiber.MethodGet, "/requests/:service_request_id.:format", a.getRequest, requestDoc()},
	}
}

// changeset is when the current catalogue was first seen by this process.
func (a *API) changeset() time.Time {
	v := a.svc.CatalogueVersion()
	a.mu.Lock()
	defer a.mu.Unlock()
	if v != a.seenVersion {
		a.seenVersion, a.seenAt = v, a.cfg.Now()
	}
	return a.seenAt
}

// timestamp formats a time the way the spec wants it: W3C with an offset,
// here Vietnam's, so clients show local times.
func (a *API) timestamp(t time.Time) string {
	return t.In(a.svc.Calendar().Location()).Format(time.RFC3339)
}

// defaultKeyService tells a developer how to get a key, in both
// languages: the administrator does it in two calls, in one place.
func defaultKeyService(base string) string {
	return "Liên hệ quản trị viên civicdesk để được cấp api_key: quản trị viên đăng ký tổ chức của bạn (POST /api/v1/organisations) " +
		"và tạo khóa (POST /api/v1/api-keys, chỉ hiện một lần). Gửi khóa trong tham số api_key hoặc header X-API-Key. / " +
		"Ask the civicdesk administrator for an api_key: they register your organisation (POST /api/v1/organisations) and create a key " +
		"(POST /api/v1/api-keys with your organisation's code; the key is shown once). Send it as the api_key parameter or the X-API-Key header. " +
		"Details: " + base + "/api/openapi.json (tag open311) and the README's Open311 section."
}

// checkJurisdiction refuses a jurisdiction_id this endpoint does not
// serve: the spec answers 404, the jurisdiction is not found here.
func (a *API) checkJurisdiction(id string) error {
	if id == "" || a.cfg.JurisdictionID == "" || id == a.cfg.JurisdictionID {
		return nil
	}
	return models.Errorf(models.ENotFound, "jurisdiction_id %q is not served here; this endpoint serves %q", id, a.cfg.JurisdictionID)
}
