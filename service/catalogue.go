package service

import (
	"context"
	"strconv"
	"time"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/routing"
	"github.com/civicdesk/civicdesk/sla"
)

// catalogueState is an immutable snapshot: the catalogue, its working-time
// calendar and its stored version. It is swapped whole on every change.
type catalogueState struct {
	cat     *models.Catalogue
	cal     *sla.Calendar
	version int64
}

func newCatalogueState(c *models.Catalogue, version int64, name string) (*catalogueState, error) {
	if err := catalogue.Validate(c, name); err != nil {
		return nil, err
	}
	cal, err := sla.New(c.Calendar)
	if err != nil {
		return nil, models.Wrap(models.EInvalid, err, "%s: calendar: %v", name, err)
	}
	return &catalogueState{cat: c, cal: cal, version: version}, nil
}

func (s *Service) state() *catalogueState { return s.cat.Load() }

// Catalogue returns the current catalogue (nil before one is loaded).
// Callers must not modify it.
func (s *Service) Catalogue() *models.Catalogue {
	if st := s.state(); st != nil {
		return st.cat
	}
	return nil
}

// PublicCatalogue returns a copy of the catalogue without internal
// settings (the departments' Telegram chats), for anyone to read.
func (s *Service) PublicCatalogue() *models.Catalogue {
	cur := s.state().cat
	c := *cur
	c.Departments = make([]models.Department, len(cur.Departments))
	for i, d := range cur.Departments {
		d.TelegramChatID = 0
		c.Departments[i] = d
	}
	return &c
}

// CatalogueVersion returns the stored version of the current catalogue.
func (s *Service) CatalogueVersion() int64 { return s.state().version }

// Calendar returns the working-time calendar of the current catalogue.
func (s *Service) Calendar() *sla.Calendar { return s.state().cal }

// LoadCatalogue makes the catalogue current at start. When override is
// set (an operator passed a catalogue file) it replaces the stored one;
// otherwise the stored catalogue wins and fallback only seeds an empty
// database. name is used in error messages.
func (s *Service) LoadCatalogue(ctx context.Context, fallback *models.Catalogue, name string, override bool) error {
	stored, version, err := s.store.GetCatalogue(ctx)
	if err != nil && models.ErrorCodeOf(err) != models.ENotFound {
		return err
	}
	if stored != nil && !override {
		st, err := newCatalogueState(stored, version, "stored catalogue")
		if err != nil {
			return err
		}
		s.cat.Store(st)
		return nil
	}
	st, err := newCatalogueState(fallback, 0, name)
	if err != nil {
		return err
	}
	v, err := s.store.PutCatalogue(ctx, fallback, version, "file:"+name, s.now())
	if err != nil {
		return err
	}
	st.version = v
	s.cat.Store(st)
	return nil
}

// RefreshCatalogue picks up a catalogue changed by another process.
func (s *Service) RefreshCatalogue(ctx context.Context) error {
	stored, version, err := s.store.GetCatalogue(ctx)
	if err != nil {
		return err
	}
	if cur := s.state(); cur != nil && cur.version == version {
		return nil
	}
	st, err := newCatalogueState(stored, version, "stored catalogue")
	if err != nil {
		return err
	}
	s.cat.Store(st)
	return nil
}

// UpdateCatalogue replaces the catalogue (admins only) after the same
// validation as the catalogue file. expected is the version the admin
// edited; a concurrent edit is a conflict.
func (s *Service) UpdateCatalogue(ctx context.Context, p models.Principal, c *models.Catalogue, expected int64) (int64, error) {
	if p.Role() != models.RoleAdmin {
		return 0, forbidden("auth.admins_catalogue")
	}
	st, err := newCatalogueState(c, 0, "catalogue")
	if err != nil {
		return 0, err
	}
	v, err := s.store.PutCatalogue(ctx, c, expected, p.User.ID, s.now())
	if err != nil {
		return 0, err
	}
	st.version = v
	s.cat.Store(st)
	s.log.InfoContext(ctx, "catalogue updated", "version", v, "by", p.User.Username)
	s.keepCatalogueVersion(ctx, c, v, p.User.Username)
	return v, nil
}

// WhoHandlesQuery asks who handles a category at a place.
type WhoHandlesQuery struct {
	Category     string
	Ward         string
	Lat, Lon     *float64
	ReporterKind models.ReporterKind
}

// WhoHandlesAnswer says who would handle an issue filed now, and by when.
type WhoHandlesAnswer struct {
	Category      models.Category   `json:"category"`
	Ward          string            `json:"ward,omitempty"`
	Department    models.Department `json:"department"`
	Level         models.Level      `json:"level"`
	CoHandling    []string          `json:"co_handling,omitempty"`
	ExplainVI     string            `json:"explain_vi"`
	ExplainEN     string            `json:"explain_en"`
	ResponseDue   time.Time         `json:"response_due"`
	ResolutionDue time.Time         `json:"resolution_due"`
}

// WhoHandles answers the public question "who handles category X here, and
// by when" without filing anything.
func (s *Service) WhoHandles(ctx context.Context, q WhoHandlesQuery) (*WhoHandlesAnswer, error) {
	st := s.state()
	ward, err := s.resolveWard(st.cat, q.Ward, q.Lat, q.Lon)
	if err != nil {
		return nil, err
	}
	kind := q.ReporterKind
	if kind == "" {
		kind = models.ReporterResident
	}
	d, err := routing.Route(st.cat, routing.Input{Category: q.Category, Ward: ward, ReporterKind: kind})
	if err != nil {
		return nil, wardNeededHere(err, st.cat, q.Category, q.Lat, q.Lon)
	}
	cat, _ := st.cat.Category(q.Category)
	dept, _ := st.cat.Department(d.Department)
	now := s.now()
	return &WhoHandlesAnswer{
		Category: cat, Ward: ward, Department: dept, Level: d.Level, CoHandling: d.CoHandling,
		ExplainVI: d.ExplainVI, ExplainEN: d.ExplainEN,
		ResponseDue:   st.cal.Add(now, cat.ResponseTarget()),
		ResolutionDue: st.cal.Add(now, cat.ResolutionTarget()),
	}, nil
}

// resolveWard finds the ward from coordinates or a ward code. Coordinates
// win; if both are given they must agree.
func (s *Service) resolveWard(c *models.Catalogue, ward string, lat, lon *float64) (string, error) {
	if (lat == nil) != (lon == nil) {
		return "", models.InvalidE("location", "location.both_or_neither")
	}
	if lat != nil {
		w, err := catalogue.WardAt(c, *lat, *lon)
		if catalogue.OutsideWards(err) {
			// In the city but in no ward (the river): a chosen ward, or
			// none, which city-level categories accept (routing says so
			// for the others; see outsideWards).
			if ward != "" {
				if _, ok := c.Ward(ward); !ok {
					return "", models.InvalidE("ward", "ward.unknown", "code", ward)
				}
			}
			return ward, nil
		}
		if err != nil {
			return "", err
		}
		if ward != "" && ward != w.Code {
			return "", models.InvalidE("ward", "location.other_ward", "ward", w.Code, "chosen_ward", ward)
		}
		return w.Code, nil
	}
	if ward != "" {
		if _, ok := c.Ward(ward); !ok {
			return "", models.InvalidE("ward", "ward.unknown", "code", ward)
		}
	}
	return ward, nil
}

// wardNeededHere turns routing's "a ward is needed" for a point in the
// city but in no ward (the river) into the location's own message: a
// ward-level category needs the ward chosen or an address typed.
func wardNeededHere(err error, c *models.Catalogue, category string, lat, lon *float64) error {
	if k, _ := models.ErrorKeyOf(err); k != "ward.needed" || lat == nil || lon == nil {
		return err
	}
	return models.InvalidE("location", "location.ward_needed",
		"lat", strconv.FormatFloat(*lat, 'f', -1, 64), "lon", strconv.FormatFloat(*lon, 'f', -1, 64), "city", c.City.NameEN, "category", category)
}
