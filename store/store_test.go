package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/store"
)

var ctx = context.Background()

func newIssue(id, code string, created time.Time) *models.Issue {
	return &models.Issue{ID: id, Code: code, Version: 1, Title: "t " + code, Category: "environment", Status: models.StatusRouted,
		CreatedAt: created, UpdatedAt: created, DueSort: created, SearchText: models.Fold("Đường hỏng " + code),
		Location: models.Location{WardCode: "kim-long"}, Routing: models.Routing{Department: "kim-long-infra", Level: models.LevelWard},
		EventCount: 1, Timeline: []models.Event{{Seq: 1, At: created, Type: models.EventCreated, Public: true}}}
}

// Two writers holding the same version race; exactly one may win, every
// time. On the embedded database this only holds because the store uses a
// single connection (FerretDB issue #3040).
func TestOptimisticRaceHasOneWinner(t *testing.T) {
	st := testenv.Store(t)
	for race := 0; race < 20; race++ {
		id := fmt.Sprintf("race%02d", race)
		if err := st.InsertIssue(ctx, newIssue(id, "KL-26-"+id, time.Now().UTC())); err != nil {
			t.Fatal(err)
		}
		var wins, conflicts atomic.Int32
		var wg sync.WaitGroup
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				head, err := st.GetIssueHead(ctx, id)
				if err != nil {
					t.Error(err)
					return
				}
				head.Version = 2
				head.Title = fmt.Sprintf("writer %d", w)
				head.EventCount = 2
				head.Timeline = []models.Event{{Seq: 2, Type: models.EventNote, Message: head.Title}}
				switch err := st.ReplaceIssue(ctx, head, 1); models.ErrorCodeOf(err) {
				case "":
					wins.Add(1)
				case models.EConflict:
					conflicts.Add(1)
				default:
					t.Error(err)
				}
			}(w)
		}
		wg.Wait()
		if wins.Load() != 1 || conflicts.Load() != 7 {
			t.Fatalf("race %d: %d winners and %d conflicts, want 1 and 7", race, wins.Load(), conflicts.Load())
		}
		got, err := st.GetIssue(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Timeline) != 2 || got.Timeline[1].Message != got.Title {
			t.Fatalf("race %d: the timeline does not match the winner: %q vs %+v", race, got.Title, got.Timeline)
		}
	}
}

func TestConcurrentIncrementsAreNotLost(t *testing.T) {
	st := testenv.Store(t)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				d := models.StatsDelta{Day: "2026-11-23", Cell: models.StatsCell{Department: "kim-long-infra", Ward: "kim-long", Level: models.LevelWard, Category: "environment"},
					Received: 1, ResponseBucket: -1, ResolutionBucket: 2, Open: 1}
				if err := st.ApplyStats(ctx, d); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	days, err := st.StatsDays(ctx, "2026-11-01", "2026-11-30")
	if err != nil || len(days) != 1 {
		t.Fatalf("days %v err %v", days, err)
	}
	for _, c := range days[0].Cells {
		if c.Received != 400 || c.ResolutionHist["b2"] != 400 {
			t.Fatalf("received %d, histogram %v: increments were lost", c.Received, c.ResolutionHist)
		}
	}
	g, _ := st.StatsGauges(ctx)
	for _, c := range g {
		if c.Open != 400 {
			t.Fatalf("open gauge %d, want 400", c.Open)
		}
	}
}

func TestPendingEventsSurviveAMissedFlush(t *testing.T) {
	st := testenv.Store(t)
	iss := newIssue("p1", "KL-26-00001", time.Now().UTC())
	if err := st.InsertIssue(ctx, iss); err != nil {
		t.Fatal(err)
	}
	// A second change whose events are only in the issue document (as if
	// the process died before copying them) must still show them.
	head, _ := st.GetIssueHead(ctx, "p1")
	head.Version, head.EventCount = 2, 2
	head.Timeline = []models.Event{{Seq: 2, Type: models.EventNote, Message: "pending"}}
	if err := st.ReplaceIssue(ctx, head, 1); err != nil {
		t.Fatal(err)
	}
	got, _ := st.GetIssue(ctx, "p1")
	if len(got.Timeline) != 2 || got.Timeline[1].Message != "pending" {
		t.Fatalf("timeline %+v", got.Timeline)
	}
}

func TestListPagesWithCursorAndSearchesWithoutDiacritics(t *testing.T) {
	st := testenv.Store(t)
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 25; i++ {
		// Two issues share each creation time, so the cursor must use the id too.
		if err := st.InsertIssue(ctx, newIssue(fmt.Sprintf("id%02d", i), fmt.Sprintf("KL-26-%05d", i), base.Add(time.Duration(i/2)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	f := models.IssueFilter{Limit: 7, Sort: models.SortCreated, Desc: true}
	pages := 0
	for {
		page, err := st.ListIssues(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, iss := range page.Issues {
			if seen[iss.ID] {
				t.Fatalf("issue %s on two pages", iss.ID)
			}
			seen[iss.ID] = true
		}
		if page.NextCursor == "" {
			break
		}
		f.Cursor = page.NextCursor
	}
	if len(seen) != 25 || pages != 4 {
		t.Fatalf("saw %d issues on %d pages, want 25 on 4", len(seen), pages)
	}
	page, err := st.ListIssues(ctx, models.IssueFilter{Text: "DUONG HONG kl-26-00003"})
	if err != nil || len(page.Issues) != 1 {
		t.Fatalf("search found %d (err %v)", len(page.Issues), err)
	}
	_, err = st.ListIssues(ctx, models.IssueFilter{Cursor: "not-a-cursor"})
	if models.ErrorCodeOf(err) != models.EInvalid {
		t.Fatalf("bad cursor: %v", err)
	}
	// Regular-expression characters in the search are literal.
	page, err = st.ListIssues(ctx, models.IssueFilter{Text: ".*"})
	if err != nil || len(page.Issues) != 0 {
		t.Fatalf("'.*' matched %d issues (err %v)", len(page.Issues), err)
	}
}

func TestSequenceIsAtomic(t *testing.T) {
	st := testenv.Store(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[int64]bool{}
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				n, err := st.NextSequence(ctx, "test")
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				got[n] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(got) != 400 || !got[1] || !got[400] {
		t.Fatalf("%d distinct numbers", len(got))
	}
}

func TestLockLease(t *testing.T) {
	st := testenv.Store(t)
	now := time.Now().UTC().Truncate(time.Millisecond)
	ok, err := st.TryLock(ctx, "sweeper", "a", now, now.Add(time.Minute))
	if err != nil || !ok {
		t.Fatalf("first lock: %v %v", ok, err)
	}
	if ok, _ := st.TryLock(ctx, "sweeper", "b", now, now.Add(time.Minute)); ok {
		t.Fatal("b took a lock a holds")
	}
	if ok, _ := st.TryLock(ctx, "sweeper", "a", now, now.Add(time.Minute)); !ok {
		t.Fatal("a could not renew its lock")
	}
	if ok, _ := st.TryLock(ctx, "sweeper", "b", now.Add(2*time.Minute), now.Add(3*time.Minute)); !ok {
		t.Fatal("b could not take an expired lock")
	}
}

func TestEmbeddedDataFolderHasOneOwner(t *testing.T) {
	dir := t.TempDir()
	first, err := store.StartEmbedded(ctx, store.EmbeddedConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.StartEmbedded(ctx, store.EmbeddedConfig{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "another civicdesk process") {
		t.Fatalf("second owner: %v", err)
	}
	first.Close()
	again, err := store.StartEmbedded(ctx, store.EmbeddedConfig{Dir: dir})
	if err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
	again.Close()
}

func TestOutboxSendsEachNotificationOnce(t *testing.T) {
	st := testenv.Store(t)
	now := time.Now().UTC().Truncate(time.Millisecond)
	n := &models.Notification{ID: "r:KL-26-00001:2:100", IssueID: "KL-26-00001", ChatID: 100, Kind: models.NotifyAnswered,
		Status: models.NotificationPending, NextAttemptAt: now, CreatedAt: now}
	if err := st.EnqueueNotification(ctx, n); err != nil {
		t.Fatal(err)
	}
	if err := st.EnqueueNotification(ctx, n); err != nil {
		t.Fatal(err)
	}
	due, _ := st.DueNotifications(ctx, now, 10)
	if len(due) != 1 {
		t.Fatalf("%d due, want 1", len(due))
	}
	ok, err := st.ClaimNotification(ctx, &due[0], now.Add(time.Minute))
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if ok, _ := st.ClaimNotification(ctx, &models.Notification{ID: n.ID, NextAttemptAt: now}, now.Add(time.Minute)); ok {
		t.Fatal("a second sender claimed the same notification")
	}
	if err := st.MarkNotificationSent(ctx, n.ID, now); err != nil {
		t.Fatal(err)
	}
	// Queuing it again after delivery changes nothing.
	if err := st.EnqueueNotification(ctx, n); err != nil {
		t.Fatal(err)
	}
	if due, _ := st.DueNotifications(ctx, now.Add(time.Hour), 10); len(due) != 0 {
		t.Fatalf("%d due after delivery", len(due))
	}
	got, err := st.GetNotification(ctx, n.ID)
	if err != nil || got.Status != models.NotificationSent || got.SentAt == nil {
		t.Fatalf("after delivery: %+v %v", got, err)
	}
	all, _ := st.ListNotifications(ctx, "KL-26-00001")
	if len(all) != 1 {
		t.Fatalf("%d notifications listed", len(all))
	}
}
