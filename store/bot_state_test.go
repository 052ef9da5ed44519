package store

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// openBotTestStore opens a fresh database on an embedded FerretDB (or on
// MONGODB_URI) with the bot's indexes.
func openBotTestStore(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := Config{URI: os.Getenv("MONGODB_URI"), Database: "bot_state_test", Logger: log}
	if cfg.URI == "" {
		e, err := StartEmbedded(ctx, EmbeddedConfig{Dir: t.TempDir(), Logger: log})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(e.Close)
		cfg.URI, cfg.SingleConnection = e.URI(), true
	}
	s, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = s.DropDatabase(context.Background())
		_ = s.client.Disconnect(context.Background())
	})
	if err := s.ensureBotIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBotState(t *testing.T) {
	s := openBotTestStore(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)

	t.Run("conversation", func(t *testing.T) {
		type state struct {
			Step  string   `bson:"step"`
			Items []string `bson:"items"`
		}
		var got state
		if err := s.GetBotConversation(ctx, 42, &got); models.ErrorCodeOf(err) != models.ENotFound {
			t.Fatalf("missing conversation: %v", err)
		}
		if err := s.PutBotConversation(ctx, 42, state{Step: "a", Items: []string{"x"}}, now); err != nil {
			t.Fatal(err)
		}
		if err := s.PutBotConversation(ctx, 42, state{Step: "b", Items: []string{"x", "y"}}, now); err != nil {
			t.Fatal(err)
		}
		if err := s.GetBotConversation(ctx, 42, &got); err != nil || got.Step != "b" || len(got.Items) != 2 {
			t.Fatalf("got %+v, %v", got, err)
		}
	})

	t.Run("offset only moves forward", func(t *testing.T) {
		if off, err := s.GetBotOffset(ctx); err != nil || off != 0 {
			t.Fatalf("initial offset %d, %v", off, err)
		}
		for _, o := range []int{10, 7, 12} {
			if err := s.SetBotOffset(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		if off, _ := s.GetBotOffset(ctx); off != 12 {
			t.Errorf("offset %d", off)
		}
	})

	t.Run("updates claimed once", func(t *testing.T) {
		stale := now.Add(-time.Minute)
		if st, n, err := s.ClaimBotUpdate(ctx, 5, now, stale); err != nil || st != BotUpdateClaimed || n != 1 {
			t.Fatalf("first claim: %s %d %v", st, n, err)
		}
		if st, _, _ := s.ClaimBotUpdate(ctx, 5, now, stale); st != BotUpdateBusy {
			t.Errorf("second claim while processing: %s", st)
		}
		// A claim left by a dead process is taken over once stale.
		later := now.Add(5 * time.Minute)
		if st, n, _ := s.ClaimBotUpdate(ctx, 5, later, later.Add(-time.Minute)); st != BotUpdateClaimed || n != 2 {
			t.Errorf("stale claim: %s %d", st, n)
		}
		if err := s.ReleaseBotUpdate(ctx, 5); err != nil {
			t.Fatal(err)
		}
		if st, n, _ := s.ClaimBotUpdate(ctx, 5, later, later.Add(-time.Minute)); st != BotUpdateClaimed || n != 3 {
			t.Errorf("released claim: %s %d", st, n)
		}
		if err := s.FinishBotUpdate(ctx, 5, later); err != nil {
			t.Fatal(err)
		}
		if st, _, _ := s.ClaimBotUpdate(ctx, 5, later.Add(time.Hour), later.Add(time.Hour)); st != BotUpdateDone {
			t.Errorf("claim of a handled update: %s", st)
		}
		if err := s.DeleteBotUpdatesBefore(ctx, later.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if st, _, _ := s.ClaimBotUpdate(ctx, 5, later, later); st != BotUpdateClaimed {
			t.Errorf("after pruning: %s", st)
		}
	})

	t.Run("cards and prompts", func(t *testing.T) {
		if _, err := s.GetBotCard(ctx, "iss1", -100); models.ErrorCodeOf(err) != models.ENotFound {
			t.Fatalf("missing card: %v", err)
		}
		for _, c := range []BotCard{{IssueID: "iss1", ChatID: -100, MessageID: 7, Department: "a"}, {IssueID: "iss1", ChatID: -200, MessageID: 3, Department: "b"}, {IssueID: "iss1", ChatID: -100, MessageID: 8, Department: "a"}} {
			if err := s.PutBotCard(ctx, &c); err != nil {
				t.Fatal(err)
			}
		}
		c, err := s.GetBotCard(ctx, "iss1", -100)
		if err != nil || c.MessageID != 8 {
			t.Fatalf("card %+v, %v", c, err)
		}
		if cs, _ := s.ListBotCards(ctx, "iss1"); len(cs) != 2 {
			t.Errorf("%d cards", len(cs))
		}
		p := &BotPrompt{ChatID: -100, MessageID: 9, IssueID: "iss1", Action: "answer", UserID: 1, CreatedAt: now}
		if err := s.PutBotPrompt(ctx, p); err != nil {
			t.Fatal(err)
		}
		if got, err := s.GetBotPrompt(ctx, -100, 9); err != nil || got.Action != "answer" {
			t.Fatalf("prompt %+v, %v", got, err)
		}
		if err := s.DeleteBotPromptsBefore(ctx, now.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetBotPrompt(ctx, -100, 9); models.ErrorCodeOf(err) != models.ENotFound {
			t.Errorf("pruned prompt: %v", err)
		}
	})
}
