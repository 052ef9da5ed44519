// Package bot is civicdesk's Telegram bot, a thin adapter over package
// service: it parses what people send, lets the service authorize and
// decide, and renders the result. Vietnamese is the default language,
// English on request (/lang); errors from the service become replies in
// one place (errorText).
//
// # Pieces
//
//   - The conversation engine (Engine, engine_*.go) is the resident's
//     side: reporting a problem step by step, "me too", /my, /status,
//     answering an official's question, rating, reopening, invites. It
//     knows nothing of Telegram: Input in, Output (replies with buttons)
//     out. The Telegram bot and the terminal chat (RunTerminal) are two
//     renderers of the same engine.
//   - Department groups (group.go, card.go) show each issue as a card
//     with action buttons, edited in place as the issue moves. Buttons
//     work only for officials whose Telegram account is linked; the
//     service decides what each may do. Actions that need a text ask for
//     it with a message the official replies to.
//   - The sender (sender.go) delivers the service's outbox: claim, send,
//     mark sent or reschedule, so two senders never send one entry both.
//
// # Delivery that loses nothing
//
// Conversations, the polling offset, handled update ids, cards and
// prompts live in the database (store/bot_*.go), so a restart continues
// where it stopped. An update is claimed in a processed-updates
// collection before it is handled and marked done after; a redelivered
// update is recognised and dropped, one whose handler died is retried
// after a delay. Polling advances the stored offset only past handled
// updates; the webhook answers 500 on failure so Telegram redelivers.
// One chat's updates are handled in order, different chats in parallel.
//
// Outgoing messages, direct replies and notifications alike, go through
// one rate limiter (about 1/s per private chat, 20/min per group, 30/s in
// all). A 429 waits its retry_after, 5xx, timeouts (CallTimeout) and
// network failures back off. A direct reply that still fails goes to the
// outbox as plain text.
//
// A chat's notifications go out in the order they were produced (by time,
// then issue and event): while one waits for a retry, nothing after it in
// that chat is sent. Each is sent exactly once when Telegram answers the
// send. When the answer is lost after Telegram took the message (a
// timeout or dropped connection after it), the bot cannot tell that from
// a send that never arrived, and the Bot API has no idempotency key: the
// retry sends it again, right after the first copy. So delivery is at
// least once, and exactly once unless an answer is lost that way; a card
// posted twice like this leaves the first copy unedited. faults_test.go
// proves this against a fake Telegram failing a third of the calls.
//
// # Decisions
//
//   - In groups the bot answers only replies to its own questions and
//     commands addressed to it (/status, /chatid); other messages,
//     stickers and edits are ignored, since answering them would spam the
//     office's chat. In private chats everything gets an answer: stickers,
//     voice messages, files and edits are told politely what the bot reads.
//   - An album arrives as one message per photo; it is answered once.
//   - The first "routed" notice of an issue filed through the bot is not
//     sent: the reply that gave the code already named the department.
//   - Cards carry no personal data of the reporter: a group may hold
//     people who are not officials.
//   - One bot process per token is assumed: Telegram allows one poller,
//     and per-chat ordering is kept within a process.
package bot
