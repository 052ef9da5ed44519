// Package telegramtest is a fake Telegram Bot API server for tests. It
// speaks the real wire format — POST /bot<token>/<method> with form,
// multipart or JSON parameters, answers {"ok":true,"result":...} or
// {"ok":false,"error_code":...,"description":...,"parameters":...} — keeps
// the messages the bot sent (so edits behave as on Telegram), hands out
// injected updates through getUpdates, records every call, and can be told
// to fail calls: the next few of a method (FailNext), or about one in three
// by a seeded plan of 429s, 500s, timeouts and dropped connections
// (SetFaults), some of them after Telegram took the call.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Server is a fake Bot API.
type Server struct {
	Token string
	// Me is what getMe answers.
	Me tgbotapi.User

	srv *httptest.Server

	mu       sync.Mutex
	updates  []tgbotapi.Update
	nextID   int
	calls    []Call
	failures []failure
	msgs     map[int64]map[int]*Message
	msgSeq   map[int64]int
	files    map[string][]byte
	arrived  chan struct{} // closed and replaced when an update is added
	offset   int           // highest getUpdates offset asked for
	plan     *FaultPlan
	seen     map[string]int // identical calls so far, for the plan
	now      func() time.Time
}

// Message is a message the bot sent, as it stands after edits.
type Message struct {
	ChatID    int64
	MessageID int
	Text      string
	// Markup is the reply_markup JSON as sent ("" when none).
	Markup  string
	Photo   string
	ReplyTo int
	Edits   int
}

// Buttons returns the inline buttons of the message.
func (m Message) Buttons() []Button { return buttonsOf(m.Markup) }

// Button is an inline button.
type Button struct {
	Text string `json:"text"`
	Data string `json:"callback_data"`
}

// Call is one request the bot made.
type Call struct {
	Method string
	Params url.Values
	// Status is the HTTP status answered; OK reports 200.
	// Status is 0 when no answer was given (a timeout or a drop before
	// Telegram acted).
	Status int
	Result json.RawMessage
	At     time.Time
	// Fault is the planned fault the call met ("" for none). With an
	// after-accept fault the call took effect (Status is 200) but the bot
	// never got the answer.
	Fault Fault
}

// OK reports whether Telegram accepted the call (its answer may still have
// been lost: see Fault).
func (c Call) OK() bool { return c.Status == http.StatusOK }

// Get returns a parameter.
func (c Call) Get(key string) string { return c.Params.Get(key) }

// ChatID returns the chat_id parameter.
func (c Call) ChatID() int64 {
	id, _ := strconv.ParseInt(c.Params.Get("chat_id"), 10, 64)
	return id
}

// Buttons returns the inline buttons sent with the call.
func (c Call) Buttons() []Button { return buttonsOf(c.Params.Get("reply_markup")) }

func buttonsOf(markup string) []Button {
	var m struct {
		Inline [][]Button `json:"inline_keyboard"`
	}
	_ = json.Unmarshal([]byte(markup), &m)
	var out []Button
	for _, row := range m.Inline {
		out = append(out, row...)
	}
	return out
}

type failure struct {
	method     string
	left       int
	code       int
	retryAfter int
}

// TB is the part of testing.TB the fake needs. It is not testing.TB
// itself, so that civicdesk loadtest can link this package without the
// testing package.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// NewServer starts a fake Bot API; it stops when the test ends.
func NewServer(t TB) *Server {
	s := Start()
	t.Cleanup(s.Close)
	return s
}

// Start starts a fake Bot API outside a test (civicdesk loadtest points
// the bot at it); Close stops it. It keeps every call and message it got,
// so it is meant for runs of minutes, not for days.
func Start() *Server {
	s := &Server{
		Token:   "123456:TEST-token",
		Me:      tgbotapi.User{ID: 123456, IsBot: true, FirstName: "civicdesk", UserName: "civicdesk_test_bot"},
		nextID:  1000,
		msgs:    map[int64]map[int]*Message{},
		msgSeq:  map[int64]int{},
		files:   map[string][]byte{},
		arrived: make(chan struct{}),
		seen:    map[string]int{},
		now:     time.Now,
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Endpoint is the API URL pattern for bot.Config.APIEndpoint.
func (s *Server) Endpoint() string { return s.srv.URL + "/bot%s/%s" }

// URL is the server's base URL.
func (s *Server) URL() string { return s.srv.URL }

// AddUpdate queues an update for getUpdates, giving it the next update_id
// when it has none, and returns it.
func (s *Server) AddUpdate(u tgbotapi.Update) tgbotapi.Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.UpdateID == 0 {
		s.nextID++
		u.UpdateID = s.nextID
	}
	s.updates = append(s.updates, u)
	close(s.arrived)
	s.arrived = make(chan struct{})
	return u
}

// Redeliver queues an update again with its own update_id (Telegram does
// this when the bot did not confirm it).
func (s *Server) Redeliver(u tgbotapi.Update) { s.AddUpdate(u) }

// PendingUpdates is how many queued updates the bot has not confirmed.
func (s *Server) PendingUpdates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

// Offset is the highest offset the bot asked getUpdates for: every update
// below it is confirmed (the bot handled it).
func (s *Server) Offset() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.offset
}

// AddFile makes a file downloadable through getFile.
func (s *Server) AddFile(fileID string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[fileID] = data
}

// FailNext makes the next n calls of method ("" for any method except
// getUpdates) fail with code: 429 carries retry_after seconds.
func (s *Server) FailNext(method string, n, code, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, failure{method: method, left: n, code: code, retryAfter: retryAfter})
}

// Calls returns the calls of a method ("" for all), oldest first.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Sent returns the successful sendMessage calls to a chat.
func (s *Server) Sent(chatID int64) []Call {
	var out []Call
	for _, c := range s.Calls("sendMessage") {
		if c.OK() && c.ChatID() == chatID {
			out = append(out, c)
		}
	}
	return out
}

// Messages returns the messages the bot sent to a chat, as they stand now.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for id := 1; id <= s.msgSeq[chatID]; id++ {
		if m := s.msgs[chatID][id]; m != nil {
			out = append(out, *m)
		}
	}
	return out
}

// Message returns one message the bot sent, as it stands now.
func (s *Server) Message(chatID int64, messageID int) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.msgs[chatID][messageID]
	if m == nil {
		return Message{}, false
	}
	return *m, true
}

// WaitFor polls cond until it holds, failing the test after timeout. For
// waiting on the bot's own goroutines; never for asserting timing.
func WaitFor(t TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"+s.Token+"/"); ok {
		s.serveFile(w, r, rest)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 {
		writeErr(w, http.StatusNotFound, "Not Found", 0)
		return
	}
	if token != s.Token {
		writeErr(w, http.StatusUnauthorized, "Unauthorized", 0)
		return
	}
	params, err := readParams(r)
	if err != nil {
		writeErr(w, http.StatusBadRequest, "Bad Request: "+err.Error(), 0)
		return
	}
	if method == "getUpdates" {
		s.getUpdates(w, r, params)
		return
	}
	s.mu.Lock()
	call := Call{Method: method, Params: params, At: s.now()}
	if f := s.takeFailure(method); f != nil {
		call.Status = f.code
		s.calls = append(s.calls, call)
		s.mu.Unlock()
		desc := http.StatusText(f.code)
		if f.code == http.StatusTooManyRequests {
			desc = fmt.Sprintf("Too Many Requests: retry after %d", f.retryAfter)
		}
		writeErr(w, f.code, desc, f.retryAfter)
		return
	}
	fault, hold, retryAfter := s.planned(method, params), s.planHold(), s.planRetryAfter()
	if fault != "" && !fault.AfterAccept() {
		call.Fault = fault
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
	status, result, desc := s.handle(method, params)
	call.Status, call.Result, call.Fault = status, result, fault
	s.calls = append(s.calls, call)
	at := len(s.calls) - 1
	s.mu.Unlock()
	switch {
	case fault != "":
		loseAnswer(w, r, fault, hold)
	case status != http.StatusOK:
		writeErr(w, status, desc, 0)
	default:
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": result})
		if r.Context().Err() != nil {
			// The client hung up first (a slow machine): the answer is lost.
			s.mu.Lock()
			s.calls[at].Fault = FaultLate
			s.mu.Unlock()
		}
	}
}

func (s *Server) takeFailure(method string) *failure {
	for i := range s.failures {
		f := &s.failures[i]
		if f.left > 0 && (f.method == method || f.method == "" && method != "getUpdates") {
			f.left--
			return f
		}
	}
	return nil
}

// readParams reads parameters the ways the Bot API accepts them: URL
// query, urlencoded or multipart form, or a JSON object.
func readParams(r *http.Request) (url.Values, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		var m map[string]any
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			return nil, err
		}
		v := r.URL.Query()
		for k, x := range m {
			if s, ok := x.(string); ok {
				v.Set(k, s)
			} else {
				b, _ := json.Marshal(x)
				v.Set(k, string(b))
			}
		}
		return v, nil
	case "multipart/form-data":
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return nil, err
		}
		// An uploaded file (sendPhoto with bytes) is kept as the
		// parameter's value, so tests can compare what was sent.
		for name, files := range r.MultipartForm.File {
			for _, fh := range files {
				f, err := fh.Open()
				if err != nil {
					return nil, err
				}
				b, err := io.ReadAll(f)
				_ = f.Close()
				if err != nil {
					return nil, err
				}
				r.Form.Add(name, string(b))
			}
		}
		return r.Form, nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.Form, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, status int, desc string, retryAfter int) {
	body := map[string]any{"ok": false, "error_code": status, "description": desc}
	if retryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": retryAfter}
	}
	writeJSON(w, status, body)
}

// serveFile answers a download as Telegram's file server does: the bytes
// at https://api.telegram.org/file/bot<token>/<file_path>, where
// file_path comes from getFile; failures set with FailNext("file", ...)
// and planned faults of method "file" apply here.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, path string) {
	s.mu.Lock()
	call := Call{Method: "file", Params: url.Values{"path": {path}}, At: s.now()}
	if f := s.takeFailure("file"); f != nil {
		call.Status = f.code
		s.calls = append(s.calls, call)
		s.mu.Unlock()
		http.Error(w, http.StatusText(f.code), f.code)
		return
	}
	id, ok := strings.CutPrefix(path, "photos/")
	id, ok2 := strings.CutSuffix(id, ".jpg")
	data, found := s.fileData(id)
	if !ok || !ok2 || !found {
		s.mu.Unlock()
		http.NotFound(w, nil)
		return
	}
	fault, hold := s.planned("file", call.Params), s.planHold()
	call.Status, call.Fault = http.StatusOK, fault
	switch fault {
	case Fault500:
		call.Status = http.StatusInternalServerError
	case FaultTimeout, FaultDrop:
		call.Status = 0
	}
	s.calls = append(s.calls, call)
	s.mu.Unlock()
	switch fault {
	case "":
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		_, _ = w.Write(data)
	case Fault500:
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
	case FaultCut:
		cut(w, data)
	default:
		loseAnswer(w, r, fault, hold)
	}
}

// fileData is a file's bytes: added with AddFile, or a photo a person
// sent (Photo); s.mu is held.
func (s *Server) fileData(fileID string) ([]byte, bool) {
	if data, ok := s.files[fileID]; ok {
		return data, true
	}
	if _, ok := sentPhotos.Load(fileID); ok {
		return PhotoBytes(fileID), true
	}
	return nil, false
}

func filePath(fileID string) string { return "photos/" + fileID + ".jpg" }
