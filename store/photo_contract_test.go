package store_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/store"
)

// The photo contract (#7): a photo and its thumbnail are stored, read by
// their issue and removed together in the same way on the embedded
// database's path and on the plain MongoDB path.
func TestPhotoContractBothPathsAgree(t *testing.T) {
	now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	for name, st := range map[string]*store.Store{"read model": testenv.Store(t), "plain MongoDB path": testenv.PlainStore(t)} {
		t.Run(name, func(t *testing.T) {
			photo := &models.PhotoData{ID: "ph1", IssueID: "KL-26-00001", ContentType: "image/png", Data: testenv.PNG(64), CreatedAt: now}
			if err := st.InsertPhoto(ctx, photo); err != nil {
				t.Fatal(err)
			}
			if _, err := st.GetPhotoThumb(ctx, "KL-26-00001", "ph1"); models.ErrorCodeOf(err) != models.ENotFound {
				t.Fatalf("a thumbnail before any was stored: %v", err)
			}
			// First a record that none could be made, then a thumbnail
			// in its place (two requests making it at once).
			if err := st.PutPhotoThumb(ctx, &models.PhotoThumb{PhotoID: "ph1", IssueID: "KL-26-00001", Unmade: "cannot decode", CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
			want := &models.PhotoThumb{PhotoID: "ph1", IssueID: "KL-26-00001", ContentType: "image/jpeg", Data: []byte("\xFF\xD8thumb"), Width: 320, Height: 240, CreatedAt: now}
			if err := st.PutPhotoThumb(ctx, want); err != nil {
				t.Fatal(err)
			}
			got, err := st.GetPhotoThumb(ctx, "KL-26-00001", "ph1")
			if err != nil {
				t.Fatal(err)
			}
			if got.Unmade != "" || !bytes.Equal(got.Data, want.Data) || got.Width != 320 || got.Height != 240 || got.ContentType != "image/jpeg" || !got.CreatedAt.Equal(now) {
				t.Errorf("thumbnail read back as %+v", got)
			}
			if _, err := st.GetPhotoThumb(ctx, "KL-26-00002", "ph1"); models.ErrorCodeOf(err) != models.ENotFound {
				t.Errorf("the thumbnail under another issue: %v", err)
			}
			if err := st.DeletePhoto(ctx, "ph1"); err != nil {
				t.Fatal(err)
			}
			if _, err := st.GetPhoto(ctx, "KL-26-00001", "ph1"); models.ErrorCodeOf(err) != models.ENotFound {
				t.Errorf("photo after DeletePhoto: %v", err)
			}
			if _, err := st.GetPhotoThumb(ctx, "KL-26-00001", "ph1"); models.ErrorCodeOf(err) != models.ENotFound {
				t.Errorf("thumbnail after DeletePhoto: %v", err)
			}
		})
	}
}
