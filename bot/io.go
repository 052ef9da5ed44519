package bot

import "github.com/civicdesk/civicdesk/bot/chat"

// The conversation's input and output are package chat's, which knows
// neither Telegram nor the database, so that bot/tgupdate can turn
// Telegram's updates into them and be fuzzed in seconds (#10).
type (
	InputKind = chat.InputKind
	Input     = chat.Input
	Button    = chat.Button
	KeyButton = chat.KeyButton
	Reply     = chat.Reply
	Output    = chat.Output
)

// Kinds of input.
const (
	InText        = chat.InText
	InCommand     = chat.InCommand
	InCallback    = chat.InCallback
	InLocation    = chat.InLocation
	InPhoto       = chat.InPhoto
	InUnsupported = chat.InUnsupported
	InEdited      = chat.InEdited
	// inInfoRequested is raised by the outbox sender, not by the person.
	inInfoRequested = chat.InfoRequested
)
