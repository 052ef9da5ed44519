// Package chat is what the conversation engine and its transports say to
// each other: the engine does not know Telegram; a transport turns what
// the person did into an Input and renders the Output. The Telegram bot
// and the terminal chat are two such transports over the same engine.
// Knowing neither Telegram nor the database, it lets what reads
// Telegram's updates (bot/tgupdate) be fuzzed without either (#10).
package chat

// InputKind says what the person did.
type InputKind int

// Kinds of input.
const (
	InText        InputKind = iota + 1
	InCommand               // "/name args"
	InCallback              // an inline button was pressed
	InLocation              // a shared location
	InPhoto                 // a photo (Text holds its caption)
	InUnsupported           // a sticker, voice message, file ...
	InEdited                // an edited message
	// InfoRequested is raised by the outbox sender, not by the person:
	// an official asked for more information about IssueID.
	InfoRequested
)

// Input is one thing a person did in a private chat.
type Input struct {
	Kind   InputKind
	ChatID int64
	UserID int64
	Name   string
	// AppLang is the language of the person's app (Telegram's
	// language_code): it picks the language of a person new to the bot.
	AppLang string
	// Text is the message text, a photo's caption, or a command's arguments.
	Text    string
	Command string
	// Data is the pressed button's data.
	Data         string
	Lat, Lon     float64
	PhotoID      string
	MediaGroupID string
	// PhotoErr says why a photo cannot be kept (not an image, too big);
	// the transport sets it after trying to download the photo.
	PhotoErr error
	// What names an unsupported kind of message, for the reply.
	What string
	// IssueID and IssueCode come with InfoRequested.
	IssueID, IssueCode string
}

// Button is an inline button; pressing it sends Data back.
type Button struct {
	Text string
	Data string
}

// KeyButton is a button of the keyboard that replaces the phone's keyboard.
type KeyButton struct {
	Text            string
	RequestLocation bool
}

// Reply is one message to the person.
type Reply struct {
	Text   string
	Inline [][]Button
	// Keyboard shows reply-keyboard buttons (only the location step does).
	Keyboard [][]KeyButton
	// RemoveKeyboard hides a reply keyboard shown earlier.
	RemoveKeyboard bool
}

// Output is everything the engine answers to one input.
type Output struct {
	Replies []Reply
	// Toast answers a pressed button (a short notice on the phone).
	Toast string
	Alert bool
}
