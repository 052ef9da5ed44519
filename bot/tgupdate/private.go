package tgupdate

import (
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/bot/chat"
)

// DisplayName is how a Telegram user is called in messages.
func DisplayName(u *tgbotapi.User) string {
	if u == nil {
		return ""
	}
	n := strings.TrimSpace(u.FirstName + " " + u.LastName)
	if n == "" {
		n = u.UserName
	}
	return n
}

// privateInput turns a private message into the conversation's input.
func privateInput(m *tgbotapi.Message) chat.Input {
	in := chat.Input{ChatID: m.Chat.ID, UserID: m.From.ID, Name: DisplayName(m.From), AppLang: m.From.LanguageCode}
	// In a private chat every command is for this bot, named or not.
	cmd, isCommand := readCommand(m)
	switch {
	case isCommand:
		in.Kind, in.Command, in.Text = chat.InCommand, cmd.name, cmd.args
	case m.Location != nil:
		in.Kind, in.Lat, in.Lon = chat.InLocation, m.Location.Latitude, m.Location.Longitude
	case m.Venue != nil:
		in.Kind, in.Lat, in.Lon = chat.InLocation, m.Venue.Location.Latitude, m.Venue.Location.Longitude
	case len(m.Photo) > 0:
		// Telegram sends each photo in several sizes, the largest last.
		in.Kind, in.PhotoID, in.Text, in.MediaGroupID = chat.InPhoto, m.Photo[len(m.Photo)-1].FileID, m.Caption, m.MediaGroupID
	case m.Document != nil && strings.HasPrefix(m.Document.MimeType, "image/"):
		// A photo sent "as a file" keeps full quality; it is still a photo.
		in.Kind, in.PhotoID, in.Text, in.MediaGroupID = chat.InPhoto, m.Document.FileID, m.Caption, m.MediaGroupID
	case m.Text != "":
		in.Kind, in.Text = chat.InText, m.Text
	default:
		in.Kind, in.What = chat.InUnsupported, unsupportedWhat(m)
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
