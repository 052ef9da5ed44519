package service

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/civicdesk/civicdesk/internal/photometa"
	"github.com/civicdesk/civicdesk/internal/thumb"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/routing"
)

// NewIssue is what a reporter submits.
type NewIssue struct {
	Title       string
	Description string
	Category    string
	Lat, Lon    *float64
	Address     string
	Ward        string
	Photos      []PhotoUpload
	Channel     models.Channel
	Contact     models.Contact
	// PeopleCount is how many people an organisation's concern speaks for.
	PeopleCount int

	// Crash-safe retries (#10). Reserve, when set, is called with the
	// issue's code once it is chosen and before anything is stored; an
	// error stops the filing. ReservedCode is the code an earlier attempt
	// of the same request reserved: if that issue exists, it is returned
	// as it is (the first attempt stored it before its answer was lost);
	// otherwise the filing is made under that code.
	Reserve      func(ctx context.Context, code string) error
	ReservedCode string
}

// PhotoUpload is a photo given with an issue or an answer: bytes (API,
// web, and Telegram photos the bot downloaded, which keep their file_id
// too) or only a Telegram file reference (a photo Telegram did not give
// yet; AttachPhotoData adds its bytes later).
type PhotoUpload struct {
	ContentType    string
	Data           []byte
	TelegramFileID string
}

// allowedPhotoTypes are the image types accepted, checked against the bytes.
var allowedPhotoTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true}

// CreateIssue files an issue: validates it, finds the ward, routes it,
// sets its deadlines and gives it a code. Who files decides the reporter
// kind: a resident, an organisation (with the number of people it speaks
// for) or an official on behalf of a resident.
func (s *Service) CreateIssue(ctx context.Context, p models.Principal, in NewIssue) (*models.Issue, error) {
	st := s.state()
	if in.ReservedCode != "" {
		// Checked first: the first attempt's answer must not depend on
		// anything that changed since (catalogue, clock).
		if prev, err := s.filedEarlier(ctx, in.ReservedCode); err != nil || prev != nil {
			return prev, err
		}
	}
	rep, err := reporterFor(p, in)
	if err != nil {
		return nil, err
	}
	probs := models.Problems{}
	title := models.CleanText(probs, "title", in.Title, models.MinTitleLen, models.MaxTitleLen)
	desc := models.CleanText(probs, "description", in.Description, 1, models.MaxDescriptionLen)
	addr := models.CleanText(probs, "address", in.Address, 0, models.MaxAddressLen)
	if _, ok := st.cat.Category(in.Category); !ok {
		if in.Category == "" {
			probs.Add("category", "is required")
		} else {
			probs.Add("category", "unknown category %q", in.Category)
		}
	}
	if in.Lat != nil && (math.IsNaN(*in.Lat) || *in.Lat < -90 || *in.Lat > 90) {
		probs.Add("lat", "latitude must be between -90 and 90")
	}
	if in.Lon != nil && (math.IsNaN(*in.Lon) || *in.Lon < -180 || *in.Lon > 180) {
		probs.Add("lon", "longitude must be between -180 and 180")
	}
	if len(in.Photos) > models.MaxPhotos {
		probs.Add("photos", "at most %d photos", models.MaxPhotos)
	}
	for i, ph := range in.Photos {
		if err := checkPhoto(ph); err != nil {
			probs.Add(fmt.Sprintf("photos[%d]", i), "%s", err.Error())
		}
	}
	if err := probs.Err("the issue"); err != nil {
		return nil, err
	}
	if in.Ward == "" && in.Lat == nil && in.Lon == nil {
		in.Ward = s.guessWard(ctx, st.cat, p, addr)
	}
	ward, err := s.resolveWard(st.cat, in.Ward, in.Lat, in.Lon)
	if err != nil {
		return nil, err
	}
	dec, err := routing.Route(st.cat, routing.Input{Category: in.Category, Ward: ward, ReporterKind: rep.Kind})
	if err != nil {
		return nil, wardNeededHere(err, st.cat, in.Category, in.Lat, in.Lon)
	}
	cat, _ := st.cat.Category(in.Category)
	now := s.now()
	iss := &models.Issue{
		Version:     1,
		Title:       title,
		Description: desc,
		Category:    in.Category,
		Location:    models.Location{Lat: in.Lat, Lon: in.Lon, Address: addr, WardCode: ward},
		Reporter:    rep,
		Status:      models.StatusRouted,
		Routing:     firstRouting(dec),
		CreatedAt:   now,
		UpdatedAt:   now,
		SearchText:  models.Fold(title + " " + desc),
	}
	startClocks(&iss.SLA, st, cat, now, true)
	setDueSort(iss)
	actor := p.Actor()
	addEvent(iss, now, models.EventCreated, actor, "", string(models.StatusNew), "", true)
	addEvent(iss, now, models.EventRouted, models.SystemActor, "", dec.Department, dec.ExplainVI, true)

	// The code is the issue's id: residents type it, and on the embedded
	// database only lookups by _id avoid reading the whole collection.
	code := in.ReservedCode
	if code == "" {
		if code, err = s.nextCode(ctx, st.cat, ward, now); err != nil {
			return nil, err
		}
		if in.Reserve != nil {
			if err := in.Reserve(ctx, code); err != nil {
				return nil, err
			}
		}
	}
	iss.ID, iss.Code = code, code
	photos, err := s.storePhotos(ctx, iss, in.Photos, now)
	if err != nil {
		return nil, err
	}
	iss.Photos = photos
	if err := s.store.InsertIssue(ctx, iss); err != nil {
		s.dropPhotos(ctx, photos)
		if in.ReservedCode != "" && models.ErrorCodeOf(err) == models.EConflict {
			// Another process finished the first attempt meanwhile.
			return s.store.GetIssue(ctx, code)
		}
		return nil, err
	}
	s.afterChange(ctx, nil, iss)
	return iss, nil
}

// filedEarlier returns the issue an earlier attempt of the same filing
// stored under its reserved code, or nil when that attempt stored nothing.
func (s *Service) filedEarlier(ctx context.Context, code string) (*models.Issue, error) {
	iss, err := s.store.GetIssue(ctx, normalizeCode(code))
	if models.ErrorCodeOf(err) == models.ENotFound {
		return nil, nil
	}
	return iss, err
}

// reporterFor derives the reporter from who is filing.
func reporterFor(p models.Principal, in NewIssue) (models.Reporter, error) {
	ch := in.Channel
	if ch == "" {
		ch = models.ChannelAPI
	}
	if !ch.Valid() {
		return models.Reporter{}, models.InvalidE("channel", "issue.unknown_channel", "channel", string(ch))
	}
	probs := models.Problems{}
	contact := in.Contact
	contact.Name = models.CleanText(probs, "contact.name", contact.Name, 0, 120)
	contact.Phone = models.CleanText(probs, "contact.phone", contact.Phone, 0, 30)
	contact.Email = models.CleanText(probs, "contact.email", contact.Email, 0, 200)
	if contact.Email != "" && !strings.Contains(contact.Email, "@") {
		probs.Add("contact.email", "is not an email address")
	}
	if contact.Lang != "" && contact.Lang != "vi" && contact.Lang != "en" {
		probs.Add("contact.lang", "must be vi or en")
	}
	if err := probs.Err("the contact"); err != nil {
		return models.Reporter{}, err
	}
	r := models.Reporter{Channel: ch, Contact: contact}
	switch {
	case p.OrganisationID != "":
		r.Kind = models.ReporterOrganisation
		r.OrganisationID = p.OrganisationID
		if in.PeopleCount < 1 || in.PeopleCount > models.MaxPeopleCount {
			return r, models.InvalidE("people_count", "issue.people_count", "max", strconv.Itoa(models.MaxPeopleCount))
		}
		r.PeopleCount = in.PeopleCount
	case p.User != nil:
		if p.User.Role == models.RoleMonitor {
			return r, forbidden("auth.monitors_no_filing")
		}
		r.Kind = models.ReporterOfficial
		r.OfficialID = p.User.ID
		if in.PeopleCount != 0 {
			return r, models.InvalidE("people_count", "issue.people_count_orgs_only")
		}
	case p.ResidentID != "":
		r.Kind = models.ReporterResident
		r.ResidentID = p.ResidentID
	case p.APIKeyID != "":
		// An Open311 client's key without an organisation files for residents.
		r.Kind = models.ReporterResident
	default:
		return r, models.E(models.EUnauthorized, "auth.sign_in_to_file")
	}
	return r, nil
}

func checkPhoto(ph PhotoUpload) error {
	if ph.TelegramFileID != "" && len(ph.Data) == 0 {
		return nil
	}
	if len(ph.Data) == 0 {
		return fmt.Errorf("is empty")
	}
	if len(ph.Data) > models.MaxPhotoBytes {
		return fmt.Errorf("is %d bytes; the limit is %d MB", len(ph.Data), models.MaxPhotoBytes>>20)
	}
	sniffed := sniffImage(ph.Data)
	if !allowedPhotoTypes[sniffed] {
		return fmt.Errorf("is not a JPEG, PNG or WebP image")
	}
	// Its metadata is stripped when stored: the structure must be readable.
	if _, err := photometa.Strip(ph.Data); err != nil {
		return err
	}
	// Its header must not declare more pixels than can be decoded for
	// its thumbnail (a decompression bomb).
	return thumb.CheckPixels(ph.Data, models.MaxPhotoPixels)
}

// sniffImage recognises the image types civicdesk accepts from their
// first bytes; the declared content type is not trusted.
func sniffImage(b []byte) string {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return "image/jpeg"
	case len(b) >= 8 && string(b[:8]) == "\x89PNG\r\n\x1a\n":
		return "image/png"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp"
	}
	return ""
}

// storePhotos saves uploaded bytes and returns the references for the issue.
func (s *Service) storePhotos(ctx context.Context, iss *models.Issue, ups []PhotoUpload, now time.Time) ([]models.Photo, error) {
	var out []models.Photo
	for _, up := range ups {
		ph := models.Photo{ID: newID(), AddedAt: now, TelegramFileID: up.TelegramFileID}
		if len(up.Data) > 0 {
			var err error
			if ph.ContentType, ph.Size, err = s.keepPhoto(ctx, iss.ID, ph.ID, up.Data, now); err != nil {
				s.dropPhotos(ctx, out)
				return nil, err
			}
		} else {
			ph.ContentType = "image/jpeg"
		}
		out = append(out, ph)
	}
	return out, nil
}

// dropPhotos removes photos stored for an issue that could not be saved,
// so nothing half-written stays behind.
func (s *Service) dropPhotos(ctx context.Context, photos []models.Photo) {
	for _, ph := range photos {
		if ph.Size == 0 {
			continue // kept in Telegram only
		}
		if err := s.store.DeletePhoto(context.WithoutCancel(ctx), ph.ID); err != nil {
			s.log.ErrorContext(ctx, "cannot remove photo of unsaved issue", "photo", ph.ID, "err", err)
		}
	}
}

// codeAlphabet: issue codes are prefix-YY-NNNNN, digits only after the
// prefix, and prefixes exclude I and O, so nothing can be misread.
func (s *Service) nextCode(ctx context.Context, c *models.Catalogue, ward string, now time.Time) (string, error) {
	prefix := c.City.Prefix
	if w, ok := c.Ward(ward); ok {
		prefix = w.Prefix
	}
	yy := now.In(s.Calendar().Location()).Year() % 100
	n, err := s.store.NextSequence(ctx, fmt.Sprintf("issue:%s:%02d", prefix, yy))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s-%02d-%05d", prefix, yy, n), nil
}

// addEvent appends an event to the issue's timeline.
func addEvent(iss *models.Issue, at time.Time, typ models.EventType, actor models.Actor, from, to, msg string, public bool) *models.Event {
	iss.EventCount++
	if public && msg != "" && (actor.Kind == models.ActorOfficial || actor.Kind == models.ActorSystem) {
		iss.StatusNote = msg
	}
	iss.Timeline = append(iss.Timeline, models.Event{
		Seq: iss.EventCount, At: at, Type: typ, Actor: actor, From: from, To: to, Message: msg, Public: public,
	})
	return &iss.Timeline[len(iss.Timeline)-1]
}

// firstRouting is a new issue's routing: the decision, with the department
// it was first sent to (the figures count it as received there).
func firstRouting(dec routing.Decision) models.Routing {
	return models.Routing{Department: dec.Department, Level: dec.Level, Ward: dec.Ward, CoHandling: dec.CoHandling,
		ExplainVI: dec.ExplainVI, ExplainEN: dec.ExplainEN, FirstDepartment: dec.Department}
}
