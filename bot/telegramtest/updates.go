package telegramtest

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Builders of incoming updates, as Telegram sends them. Positive chat ids
// are private chats (the chat id is the user id), negative ones groups.
// Update ids are left 0: Server.AddUpdate (or the caller) sets them.

var msgIDs atomic.Int64

// sentPhotos are the file ids of photos built by Photo: Telegram serves
// them to the bot.
var sentPhotos sync.Map

// PhotoBytes is the JPEG Telegram serves for a photo built by Photo: a
// real 8×8 picture whose colour comes from the file id, so each photo's
// bytes differ. It has no metadata, so storing it keeps it byte for byte.
func PhotoBytes(fileID string) []byte {
	h := fnv.New32a()
	h.Write([]byte(fileID))
	v := h.Sum32()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	c := color.RGBA{R: uint8(v), G: uint8(v >> 8), B: uint8(v >> 16), A: 255}
	for y := 0; y < 8; y++ {
		for x := 0; x < 8; x++ {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	return buf.Bytes()
}

func nextMsgID() int { return int(msgIDs.Add(1)) + 100000 }

// User is the Telegram user with this id.
func User(id int64) *tgbotapi.User {
	return &tgbotapi.User{ID: id, FirstName: fmt.Sprintf("User%d", id), LanguageCode: "vi"}
}

func chat(id int64) *tgbotapi.Chat {
	if id < 0 {
		return &tgbotapi.Chat{ID: id, Type: "supergroup", Title: "Department group"}
	}
	return &tgbotapi.Chat{ID: id, Type: "private"}
}

func message(chatID, userID int64) *tgbotapi.Message {
	return &tgbotapi.Message{MessageID: nextMsgID(), From: User(userID), Chat: chat(chatID), Date: int(time.Now().Unix())}
}

// Text is a text message; a leading "/word" is marked as a bot command.
func Text(chatID, userID int64, text string) tgbotapi.Update {
	m := message(chatID, userID)
	m.Text = text
	if strings.HasPrefix(text, "/") {
		cmd, _, _ := strings.Cut(text, " ")
		m.Entities = []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: len([]rune(cmd))}}
	}
	return tgbotapi.Update{Message: m}
}

// Reply is a text message replying to message replyTo of the bot.
func Reply(chatID, userID int64, replyTo int, text string) tgbotapi.Update {
	u := Text(chatID, userID, text)
	u.Message.ReplyToMessage = &tgbotapi.Message{MessageID: replyTo, Chat: chat(chatID), From: &tgbotapi.User{ID: 123456, IsBot: true}}
	return u
}

// Photo is a photo message (in several sizes, as Telegram sends them);
// album photos share a media group id, and the album's caption comes with
// its first photo.
// Telegram keeps every photo a person sent, so the bot can download it:
// the photo's bytes are PhotoBytes(fileID) unless Server.AddFile says
// otherwise.
func Photo(chatID, userID int64, fileID, mediaGroupID, caption string) tgbotapi.Update {
	sentPhotos.Store(fileID, true)
	m := message(chatID, userID)
	m.Photo = []tgbotapi.PhotoSize{
		{FileID: fileID + "-small", FileUniqueID: "s" + fileID, Width: 90, Height: 60},
		{FileID: fileID, FileUniqueID: "u" + fileID, Width: 1280, Height: 960},
	}
	m.MediaGroupID, m.Caption = mediaGroupID, caption
	return tgbotapi.Update{Message: m}
}

// Location is a shared location.
func Location(chatID, userID int64, lat, lon float64) tgbotapi.Update {
	m := message(chatID, userID)
	m.Location = &tgbotapi.Location{Latitude: lat, Longitude: lon}
	return tgbotapi.Update{Message: m}
}

// Sticker is a sticker message.
func Sticker(chatID, userID int64) tgbotapi.Update {
	m := message(chatID, userID)
	m.Sticker = &tgbotapi.Sticker{FileID: "sticker", FileUniqueID: "usticker", Emoji: "👍"}
	return tgbotapi.Update{Message: m}
}

// Voice is a voice message.
func Voice(chatID, userID int64) tgbotapi.Update {
	m := message(chatID, userID)
	m.Voice = &tgbotapi.Voice{FileID: "voice", FileUniqueID: "uvoice", Duration: 3}
	return tgbotapi.Update{Message: m}
}

// Edited is an edited text message.
func Edited(chatID, userID int64, text string) tgbotapi.Update {
	m := message(chatID, userID)
	m.Text, m.EditDate = text, int(time.Now().Unix())
	return tgbotapi.Update{EditedMessage: m}
}

var queryIDs atomic.Int64

// Callback is a press on an inline button of the bot's message messageID.
func Callback(chatID, userID int64, messageID int, data string) tgbotapi.Update {
	return tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{
		ID:      fmt.Sprintf("q%d", queryIDs.Add(1)),
		From:    User(userID),
		Message: &tgbotapi.Message{MessageID: messageID, Chat: chat(chatID), From: &tgbotapi.User{ID: 123456, IsBot: true}},
		Data:    data,
	}}
}

// WithLanguage sets the sender's language_code (the language of their
// Telegram app) on an update built above, which all say "vi".
func WithLanguage(u tgbotapi.Update, code string) tgbotapi.Update {
	for _, m := range []*tgbotapi.Message{u.Message, u.EditedMessage} {
		if m != nil && m.From != nil {
			m.From.LanguageCode = code
		}
	}
	if u.CallbackQuery != nil && u.CallbackQuery.From != nil {
		u.CallbackQuery.From.LanguageCode = code
	}
	return u
}
