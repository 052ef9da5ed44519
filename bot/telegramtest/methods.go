package telegramtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// handle answers a method call; s.mu is held.
func (s *Server) handle(method string, p url.Values) (status int, result json.RawMessage, desc string) {
	ok := func(v any) (int, json.RawMessage, string) {
		b, _ := json.Marshal(v)
		return http.StatusOK, b, ""
	}
	bad := func(d string) (int, json.RawMessage, string) { return http.StatusBadRequest, nil, "Bad Request: " + d }
	switch method {
	case "getMe":
		return ok(s.Me)
	case "setWebhook", "deleteWebhook", "setMyCommands", "answerCallbackQuery", "deleteMessage":
		return ok(true)
	case "sendMessage", "sendPhoto":
		chat, err := strconv.ParseInt(p.Get("chat_id"), 10, 64)
		if err != nil || chat == 0 {
			return bad("chat not found")
		}
		if method == "sendMessage" && p.Get("text") == "" {
			return bad("message text is empty")
		}
		s.msgSeq[chat]++
		m := &Message{ChatID: chat, MessageID: s.msgSeq[chat], Text: p.Get("text"), Photo: p.Get("photo")}
		if method == "sendPhoto" {
			m.Text = p.Get("caption")
		}
		m.ReplyTo, _ = strconv.Atoi(p.Get("reply_to_message_id"))
		if mk := p.Get("reply_markup"); mk != "" && len(buttonsOf(mk)) > 0 {
			m.Markup = mk
		}
		if s.msgs[chat] == nil {
			s.msgs[chat] = map[int]*Message{}
		}
		s.msgs[chat][m.MessageID] = m
		return ok(s.wire(m))
	case "editMessageText":
		chat, _ := strconv.ParseInt(p.Get("chat_id"), 10, 64)
		id, _ := strconv.Atoi(p.Get("message_id"))
		m := s.msgs[chat][id]
		if m == nil {
			return bad("message to edit not found")
		}
		text, markup := p.Get("text"), p.Get("reply_markup")
		if len(buttonsOf(markup)) == 0 {
			markup = ""
		}
		if text == m.Text && markup == m.Markup {
			return bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
		}
		m.Text, m.Markup = text, markup
		m.Edits++
		return ok(s.wire(m))
	case "getFile":
		id := p.Get("file_id")
		data, found := s.fileData(id)
		if !found {
			return bad("invalid file_id")
		}
		return ok(tgbotapi.File{FileID: id, FileUniqueID: "u" + id, FileSize: len(data), FilePath: filePath(id)})
	}
	return http.StatusNotFound, nil, "Not Found: method not found"
}

// wire is a sent message as Telegram returns it.
func (s *Server) wire(m *Message) map[string]any {
	chatType := "private"
	if m.ChatID < 0 {
		chatType = "supergroup"
	}
	out := map[string]any{
		"message_id": m.MessageID,
		"date":       time.Now().Unix(),
		"from":       s.Me,
		"chat":       map[string]any{"id": m.ChatID, "type": chatType},
	}
	if m.Photo != "" {
		out["photo"] = []map[string]any{{"file_id": m.Photo, "file_unique_id": "u" + m.Photo, "width": 800, "height": 600}}
		if m.Text != "" {
			out["caption"] = m.Text
		}
	} else {
		out["text"] = m.Text
	}
	if m.Markup != "" {
		out["reply_markup"] = json.RawMessage(m.Markup)
	}
	return out
}

// getUpdates answers with the queued updates from offset on, waiting up to
// timeout seconds for one when there are none, like long polling does.
// Updates below the offset are confirmed and dropped.
func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, p url.Values) {
	offset, _ := strconv.Atoi(p.Get("offset"))
	limit, _ := strconv.Atoi(p.Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(p.Get("timeout"))
	deadline := time.Now().Add(time.Duration(timeout) * time.Second)
	s.mu.Lock()
	if offset > s.offset {
		s.offset = offset
	}
	// A planned fault either refuses the call, or loses the batch after
	// it was taken from the queue (the bot asks again with the same
	// offset and gets the same batch).
	fault, hold, retryAfter := s.planned("getUpdates", p), s.planHold(), s.planRetryAfter()
	if fault != "" && !fault.AfterAccept() {
		call := Call{Method: "getUpdates", Params: p, At: s.now(), Fault: fault}
		switch fault {
		case Fault429:
			call.Status = http.StatusTooManyRequests
		case Fault500:
			call.Status = http.StatusInternalServerError
		}
		s.calls = append(s.calls, call)
		s.mu.Unlock()
		s.refuse(w, r, fault, retryAfter, hold)
		return
	}
	s.mu.Unlock()
	for {
		s.mu.Lock()
		if f := s.takeFailure("getUpdates"); f != nil {
			s.calls = append(s.calls, Call{Method: "getUpdates", Params: p, Status: f.code, At: s.now()})
			s.mu.Unlock()
			writeErr(w, f.code, http.StatusText(f.code), f.retryAfter)
			return
		}
		if offset > 0 {
			kept := s.updates[:0]
			for _, u := range s.updates {
				if u.UpdateID >= offset {
					kept = append(kept, u)
				}
			}
			s.updates = kept
		}
		var batch []tgbotapi.Update
		for _, u := range s.updates {
			if len(batch) < limit {
				batch = append(batch, u)
			}
		}
		arrived := s.arrived
		if len(batch) > 0 || !time.Now().Before(deadline) {
			b, _ := json.Marshal(batch)
			if batch == nil {
				b = []byte("[]")
			}
			s.calls = append(s.calls, Call{Method: "getUpdates", Params: p, Status: http.StatusOK, Result: b, At: s.now(), Fault: fault})
			s.mu.Unlock()
			if fault != "" {
				loseAnswer(w, r, fault, hold)
				return
			}
			writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": json.RawMessage(b)})
			return
		}
		s.mu.Unlock()
		select {
		case <-arrived:
		case <-time.After(time.Until(deadline)):
		case <-r.Context().Done():
			return
		}
	}
}
