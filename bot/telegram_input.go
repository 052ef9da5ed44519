package bot

import (
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// displayName is how a Telegram user is called in messages.
func displayName(u *tgbotapi.User) string {
	if u == nil {
		return ""
	}
	n := strings.TrimSpace(u.FirstName + " " + u.LastName)
	if n == "" {
		n = u.UserName
	}
	return n
}

// isCommand is m.IsCommand, but only when the command entity lies inside
// the text: the library's Command and CommandArguments slice the text by
// the entity's length and panic otherwise (found by FuzzWebhookUpdate: a
// message with a bot_command entity and no text).
func isCommand(m *tgbotapi.Message) bool {
	if !m.IsCommand() {
		return false
	}
	e := m.Entities[0]
	return e.Offset == 0 && e.Length >= 1 && e.Length <= len(m.Text)
}

// privateInput turns a private message into the engine's input.
func privateInput(m *tgbotapi.Message) Input {
	in := Input{ChatID: m.Chat.ID, UserID: m.From.ID, Name: displayName(m.From), AppLang: m.From.LanguageCode}
	switch {
	case isCommand(m):
		in.Kind, in.Command, in.Text = InCommand, m.Command(), m.CommandArguments()
	case m.Location != nil:
		in.Kind, in.Lat, in.Lon = InLocation, m.Location.Latitude, m.Location.Longitude
	case m.Venue != nil:
		in.Kind, in.Lat, in.Lon = InLocation, m.Venue.Location.Latitude, m.Venue.Location.Longitude
	case len(m.Photo) > 0:
		// Telegram sends each photo in several sizes, the largest last.
		in.Kind, in.PhotoID, in.Text, in.MediaGroupID = InPhoto, m.Photo[len(m.Photo)-1].FileID, m.Caption, m.MediaGroupID
	case m.Document != nil && strings.HasPrefix(m.Document.MimeType, "image/"):
		// A photo sent "as a file" keeps full quality; it is still a photo.
		in.Kind, in.PhotoID, in.Text, in.MediaGroupID = InPhoto, m.Document.FileID, m.Caption, m.MediaGroupID
	case m.Text != "":
		in.Kind, in.Text = InText, m.Text
	default:
		in.Kind, in.What = InUnsupported, unsupportedWhat(m)
	}
	return in
}

func unsupportedWhat(m *tgbotapi.Message) string {
	switch {
	case m.Sticker != nil:
		return "sticker"
	case m.Voice != nil:
		return "voice"
	case m.Audio != nil:
		return "audio"
	case m.VideoNote != nil:
		return "video_note"
	case m.Video != nil:
		return "video"
	case m.Animation != nil:
		return "animation"
	case m.Document != nil:
		return "document"
	case m.Contact != nil:
		return "contact"
	case m.Poll != nil:
		return "poll"
	case m.Dice != nil:
		return "dice"
	}
	return "other"
}
