package service

import (
	"github.com/civicdesk/civicdesk/models"
)

// WebVisitor is the principal of an anonymous visitor of the public web
// pages, known only by the random id their browser keeps. Reports and
// "me too" from the web go through the same rules as from Telegram; the
// id makes one visitor count once per issue, and the server's rate
// limits per address bound what a visitor inventing ids can do.
func WebVisitor(id string) (models.Principal, error) {
	if n := len(id); n < 16 || n > 64 {
		return models.Principal{}, models.Invalidf("X-Visitor-ID", "must be 16 to 64 letters, digits or dashes (the page makes one)")
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return models.Principal{}, models.Invalidf("X-Visitor-ID", "must be 16 to 64 letters, digits or dashes (the page makes one)")
		}
	}
	return models.Principal{Kind: models.ActorResident, ResidentID: "web:" + id}, nil
}
