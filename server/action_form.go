package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// readActionForm reads an answer or a resolution sent as
// multipart/form-data (issue #7): the fields as form values ("message",
// "version") and up to MaxPhotos "photos" files, the official's "after"
// pictures.
func readActionForm(c *fiber.Ctx, allowed map[string]bool) (actionBody, []service.PhotoUpload, error) {
	var b actionBody
	form, err := c.MultipartForm()
	if err != nil {
		return b, nil, invalidField("body", "is not a readable multipart/form-data body")
	}
	probs := models.Problems{}
	for name, v := range form.Value {
		if !allowed[name] {
			probs.Add(name, "is not used here; send message, version and photos")
			continue
		}
		val := strings.Join(v, "\n")
		switch name {
		case "message":
			b.Message = val
		case "version":
			n, err := strconv.ParseInt(strings.TrimSpace(val), 10, 64)
			if err != nil || n < 1 {
				probs.Add("version", "must be a positive whole number")
			}
			b.Version = n
		}
	}
	for name := range form.File {
		if name != "photos" {
			probs.Add(name, "unknown file field; send photos as \"photos\"")
		}
	}
	files := form.File["photos"]
	if len(files) > models.MaxPhotos {
		probs.Add("photos", "at most %d photos", models.MaxPhotos)
	}
	var photos []service.PhotoUpload
	for i, fh := range files {
		data, err := readPhoto(fh)
		if err != nil {
			probs.Add(fmt.Sprintf("photos[%d]", i), "%s", err.Error())
			continue
		}
		photos = append(photos, service.PhotoUpload{Data: data})
	}
	return b, photos, probs.Err("the request")
}
