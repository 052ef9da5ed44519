package bot

import (
	"context"
	"sync"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// conversation is where one private chat stands. It is stored after every
// input, so a restart of the bot continues where the person was.
type conversation struct {
	ChatID int64  `bson:"chat_id"`
	Lang   string `bson:"lang"`
	Step   step   `bson:"step"`
	Draft  draft  `bson:"draft"`
	// Info is set while the person answers an official's question.
	Info *infoReply `bson:"info,omitempty"`
	// LastAlbum is the media group acknowledged last: an album arrives as
	// one message per photo and is answered once.
	LastAlbum     string    `bson:"last_album,omitempty"`
	LastAlbumFull bool      `bson:"last_album_full,omitempty"`
	UpdatedAt     time.Time `bson:"updated_at"`
}

// draft is a report being written.
type draft struct {
	// ID makes filing idempotent: a retried "send" finds the issue the
	// first one created.
	ID string `bson:"id"`
	// OrgID is set when the person is a member of an organisation (and so
	// may file on its behalf); AsOrg when they chose to.
	OrgID       string    `bson:"org_id,omitempty"`
	OrgName     string    `bson:"org_name,omitempty"`
	AsOrg       bool      `bson:"as_org,omitempty"`
	Category    string    `bson:"category,omitempty"`
	Description string    `bson:"description,omitempty"`
	PeopleCount int       `bson:"people_count,omitempty"`
	Lat         *float64  `bson:"lat,omitempty"`
	Lon         *float64  `bson:"lon,omitempty"`
	Address     string    `bson:"address,omitempty"`
	Ward        string    `bson:"ward,omitempty"`
	Similar     []similar `bson:"similar,omitempty"`
	Photos      []string  `bson:"photos,omitempty"`
}

// similar is an open issue near the reported place ("me too").
type similar struct {
	IssueID  string  `bson:"issue_id"`
	Code     string  `bson:"code"`
	Title    string  `bson:"title"`
	Distance float64 `bson:"distance"`
}

// infoReply collects the person's answer to a request for information.
type infoReply struct {
	IssueID string   `bson:"issue_id"`
	Code    string   `bson:"code"`
	Photos  []string `bson:"photos,omitempty"`
	// Text is a caption that came with the photos.
	Text string `bson:"text,omitempty"`
	// Return is the step to go back to afterwards (a draft in progress).
	Return step `bson:"return,omitempty"`
}

// convStore keeps conversations.
type convStore interface {
	load(ctx context.Context, chatID int64) (*conversation, error)
	save(ctx context.Context, c *conversation, now time.Time) error
}

// dbConvs keeps conversations in the database.
type dbConvs struct{ st Store }

func (d dbConvs) load(ctx context.Context, chatID int64) (*conversation, error) {
	c := &conversation{}
	err := d.st.GetBotConversation(ctx, chatID, c)
	if models.ErrorCodeOf(err) == models.ENotFound {
		return &conversation{ChatID: chatID}, nil
	}
	if err != nil {
		return nil, err
	}
	c.ChatID = chatID
	return c, nil
}

func (d dbConvs) save(ctx context.Context, c *conversation, now time.Time) error {
	c.UpdatedAt = now.UTC().Truncate(time.Millisecond)
	return d.st.PutBotConversation(ctx, c.ChatID, c, now)
}

// memConvs keeps conversations in memory (the terminal chat).
type memConvs struct {
	mu sync.Mutex
	m  map[int64]conversation
}

func (m *memConvs) load(_ context.Context, chatID int64) (*conversation, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.m[chatID]
	if !ok {
		return &conversation{ChatID: chatID}, nil
	}
	return &c, nil
}

func (m *memConvs) save(_ context.Context, c *conversation, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[int64]conversation{}
	}
	c.UpdatedAt = now
	m.m[c.ChatID] = *c
	return nil
}
