package service

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/civicdesk/civicdesk/models"
)

// The catalogue's history (issue #8): every version saved through
// UpdateCatalogue is kept, so admins see who changed it when and can
// bring an older version back by saving it again.

func catalogueVersionID(v int64) string { return fmt.Sprintf("v%012d", v) }

// keepCatalogueVersion keeps a saved version; failing to keep it does
// not undo the change, it is logged.
func (s *Service) keepCatalogueVersion(ctx context.Context, c *models.Catalogue, v int64, by string) {
	raw, err := json.Marshal(c)
	if err == nil {
		err = s.store.PutCatalogueVersion(ctx, &models.CatalogueVersion{ID: catalogueVersionID(v), Version: v, UpdatedAt: s.now(), UpdatedBy: by, JSON: string(raw)})
	}
	if err != nil {
		s.log.ErrorContext(ctx, "cannot keep the catalogue version", "version", v, "err", err)
	}
}

// CatalogueHistory lists the kept versions, newest first, at most n.
func (s *Service) CatalogueHistory(ctx context.Context, p models.Principal, n int) ([]models.CatalogueVersion, error) {
	if p.Role() != models.RoleAdmin {
		return nil, errForbidden("only admins see the catalogue's history")
	}
	out := []models.CatalogueVersion{}
	// Versions are read by _id from the newest; a bounded number of reads.
	for v, reads := s.CatalogueVersion(), 0; v > 0 && len(out) < n && reads < 3*n; v, reads = v-1, reads+1 {
		cv, err := s.store.GetCatalogueVersion(ctx, catalogueVersionID(v))
		if models.ErrorCodeOf(err) == models.ENotFound {
			continue // saved before the history was kept, or from a file
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *cv)
	}
	return out, nil
}

// CatalogueAt returns a kept version of the catalogue.
func (s *Service) CatalogueAt(ctx context.Context, p models.Principal, v int64) (json.RawMessage, error) {
	if p.Role() != models.RoleAdmin {
		return nil, errForbidden("only admins see the catalogue's history")
	}
	cv, err := s.store.GetCatalogueVersion(ctx, catalogueVersionID(v))
	if models.ErrorCodeOf(err) == models.ENotFound {
		return nil, models.Errorf(models.ENotFound, "catalogue version %d is not kept", v)
	}
	if err != nil {
		return nil, err
	}
	return json.RawMessage(cv.JSON), nil
}
