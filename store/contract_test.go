package store_test

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/store"
)

// The query contract: every list, count and deadline query gives the same
// answer on the embedded database's read model and on the plain MongoDB
// path (here run on FerretDB without the read model), and both agree with
// a filter written out in Go over the same issues. A query one path
// answers differently from the other fails here.

var (
	contractWards = []string{"kim-long", "huong-an", "phu-xuan"}
	contractCats  = []string{"infrastructure", "environment", "land", "construction", "urban-order", "river",
		"lighting", "drainage", "trees", "noise", "markets", "traffic"}
	contractDepts = []string{"kim-long-infra", "kim-long-econ", "huong-an-infra", "hue-construction", "hue-environment"}
	contractTexts = []string{"Đèn đường hỏng ở kiệt 12", "Rác thải ven sông Hương", "Xây dựng trái phép trên đất nông nghiệp",
		"Cây xanh đổ chắn đường", "Ngập nước sau mưa lớn", "Lấn chiếm vỉa hè buôn bán", "Tiếng ồn karaoke ban đêm"}
)

// contractIssues makes n varied issues, deterministically.
func contractIssues(n int, seed int64, base time.Time) []*models.Issue {
	r := rand.New(rand.NewSource(seed))
	out := make([]*models.Issue, n)
	for i := range out {
		created := base.Add(time.Duration(r.Intn(3*365*24)) * time.Hour).Add(time.Duration(r.Intn(1000)) * time.Millisecond)
		// Some issues share a creation time, so cursors must use the id.
		if i > 0 && r.Intn(8) == 0 {
			created = out[i-1].CreatedAt
		}
		st := models.AllStatuses[r.Intn(len(models.AllStatuses))]
		code := fmt.Sprintf("KL-%02d-%05d", created.Year()%100, seed*10000+int64(i))
		text := contractTexts[r.Intn(len(contractTexts))]
		iss := &models.Issue{
			ID: code, Code: code, Version: 1, Title: text, Description: "Mô tả " + code,
			Category: contractCats[r.Intn(len(contractCats))], Status: st,
			Location:  models.Location{WardCode: contractWards[r.Intn(len(contractWards))]},
			Routing:   models.Routing{Department: contractDepts[r.Intn(len(contractDepts))], Level: models.LevelWard},
			CreatedAt: created, UpdatedAt: created.Add(time.Duration(r.Intn(500)) * time.Hour),
			EventCount: 1, Timeline: []models.Event{{Seq: 1, At: created, Type: models.EventCreated, Public: true}},
		}
		iss.SearchText = models.Fold(iss.Title + " " + iss.Description + " " + iss.Code)
		if r.Intn(3) == 0 {
			iss.Routing.Level = models.LevelCity
		}
		if r.Intn(6) == 0 {
			iss.Routing.CoHandling = []string{contractDepts[r.Intn(len(contractDepts))]}
		}
		switch r.Intn(3) {
		case 0:
			iss.Reporter = models.Reporter{Kind: models.ReporterResident, ResidentID: fmt.Sprintf("tg:%d", r.Intn(20))}
		case 1:
			iss.Reporter = models.Reporter{Kind: models.ReporterOrganisation, OrganisationID: fmt.Sprintf("org%d", r.Intn(4))}
		}
		if st.Open() {
			due := created.Add(time.Duration(24+r.Intn(200)) * time.Hour)
			iss.SLA.ResolutionDue = &due
			iss.DueSort = due
			if r.Intn(4) == 0 {
				iss.SLA.ResolutionOverdue = true
			}
			if r.Intn(3) == 0 {
				rd := created.Add(8 * time.Hour)
				iss.SLA.ResponseDue = &rd
			}
		} else {
			iss.DueSort = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
			if r.Intn(10) == 0 {
				iss.SLA.ResponseOverdue = true
			}
		}
		out[i] = iss
	}
	return out
}

// matches is the contract's meaning of a filter, written out in Go.
func matches(iss *models.Issue, f models.IssueFilter) bool {
	in := func(v string, set []string) bool { return len(set) == 0 || slices.Contains(set, v) }
	var sts []string
	for _, s := range f.Statuses {
		sts = append(sts, string(s))
	}
	switch {
	case !in(string(iss.Status), sts), !in(iss.Category, f.Categories), !in(iss.Routing.Department, f.Departments),
		!in(iss.Location.WardCode, f.Wards), !in(iss.Code, f.Codes):
		return false
	case f.Level != "" && iss.Routing.Level != f.Level:
		return false
	case f.Overdue != nil && iss.SLA.Overdue() != *f.Overdue:
		return false
	case f.CreatedFrom != nil && iss.CreatedAt.Truncate(time.Millisecond).Before(*f.CreatedFrom):
		return false
	case f.CreatedTo != nil && !iss.CreatedAt.Truncate(time.Millisecond).Before(*f.CreatedTo):
		return false
	case f.Text != "" && !strings.Contains(iss.SearchText, models.Fold(f.Text)):
		return false
	case f.ResidentID != "" && iss.Reporter.ResidentID != f.ResidentID:
		return false
	case f.OrganisationID != "" && iss.Reporter.OrganisationID != f.OrganisationID:
		return false
	case f.ScopeDepartment != "" && iss.Routing.Department != f.ScopeDepartment && !slices.Contains(iss.Routing.CoHandling, f.ScopeDepartment):
		return false
	case f.ScopeWard != "" && iss.Location.WardCode != f.ScopeWard:
		return false
	}
	return true
}

func ptr[T any](v T) *T { return &v }

func contractFilters(base time.Time) map[string]models.IssueFilter {
	open := []models.Status{models.StatusNew, models.StatusRouted, models.StatusInProgress, models.StatusWaiting}
	from, to := base.AddDate(1, 0, 0), base.AddDate(1, 3, 0)
	return map[string]models.IssueFilter{
		"everything":           {},
		"open work queue":      {Statuses: open, ScopeDepartment: "kim-long-infra", Sort: models.SortDeadline},
		"resolved and closed":  {Statuses: []models.Status{models.StatusResolved, models.StatusClosed}},
		"department":           {Departments: []string{"hue-construction"}},
		"two departments":      {Departments: []string{"kim-long-infra", "kim-long-econ"}, Statuses: open},
		"ward":                 {Wards: []string{"huong-an"}},
		"supervisor scope":     {ScopeWard: "phu-xuan", Statuses: open},
		"city level":           {Level: models.LevelCity},
		"category":             {Categories: []string{"land", "construction"}},
		"organisation":         {OrganisationID: "org2"},
		"resident's /my":       {ResidentID: "tg:7", Sort: models.SortCreated, Desc: true},
		"overdue":              {Overdue: ptr(true)},
		"not overdue, open":    {Overdue: ptr(false), Statuses: open},
		"date window":          {CreatedFrom: &from, CreatedTo: &to},
		"open311 90 days":      {CreatedFrom: ptr(base.AddDate(2, 9, 0)), CreatedTo: ptr(base.AddDate(3, 0, 0)), Sort: models.SortCreated, Desc: true},
		"text without accents": {Text: "den duong"},
		"text with accents":    {Text: "Sông Hương"},
		"short text":           {Text: "ng"},
		"text and ward":        {Text: "rac thai", Wards: []string{"kim-long"}},
		"codes":                {Codes: []string{"KL-24-00003", "KL-25-00010", "KL-26-00042"}},
		"co-handling scope":    {ScopeDepartment: "hue-environment"},
		"updated order":        {Sort: models.SortUpdated, Desc: true, Statuses: open},
	}
}

// allPages reads every page of f, limit at a time.
func allPages(t *testing.T, st *store.Store, f models.IssueFilter, limit int) []string {
	t.Helper()
	f.Limit = limit
	var ids []string
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("paging does not end")
		}
		page, err := st.ListIssues(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, iss := range page.Issues {
			ids = append(ids, iss.ID)
		}
		if page.NextCursor == "" {
			return ids
		}
		f.Cursor = page.NextCursor
	}
}

// expected sorts the matching issues as the contract says: by the sort
// field (at BSON's millisecond precision), then by id.
func expected(issues []*models.Issue, f models.IssueFilter) []string {
	var hit []*models.Issue
	for _, iss := range issues {
		if matches(iss, f) {
			hit = append(hit, iss)
		}
	}
	key := func(iss *models.Issue) int64 {
		switch f.Sort {
		case models.SortUpdated:
			return iss.UpdatedAt.UnixMilli()
		case models.SortDeadline:
			return iss.DueSort.UnixMilli()
		}
		return iss.CreatedAt.UnixMilli()
	}
	slices.SortFunc(hit, func(a, b *models.Issue) int {
		c := cmp.Compare(key(a), key(b))
		if c == 0 {
			c = strings.Compare(a.ID, b.ID)
		}
		if f.Desc {
			return -c
		}
		return c
	})
	ids := make([]string, len(hit))
	for i, iss := range hit {
		ids[i] = iss.ID
	}
	return ids
}

func TestQueryContractBothPathsAgree(t *testing.T) {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	issues := contractIssues(160, 7, base)
	paths := map[string]*store.Store{"read model": testenv.Store(t), "plain MongoDB path": testenv.PlainStore(t)}
	for _, st := range paths {
		// Half through the bulk path, half one by one, as imports and
		// filings write them.
		if err := st.InsertIssues(ctx, cloneIssues(issues[:100])); err != nil {
			t.Fatal(err)
		}
		for _, iss := range cloneIssues(issues[100:]) {
			if err := st.InsertIssue(ctx, iss); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Every filter in one order (rotating through the six), and the whole
	// list in all six: the plain path reads the whole collection for each
	// page on FerretDB, so every pair would take minutes.
	orders := []struct {
		sort models.IssueSort
		desc bool
	}{{models.SortCreated, true}, {models.SortDeadline, false}, {models.SortUpdated, true},
		{models.SortCreated, false}, {models.SortDeadline, true}, {models.SortUpdated, false}}
	filters := contractFilters(base)
	names := slices.Sorted(maps.Keys(filters))
	type run struct {
		name string
		f    models.IssueFilter
	}
	var runs []run
	for i, name := range names {
		f := filters[name]
		if f.Sort == "" {
			o := orders[i%len(orders)]
			f.Sort, f.Desc = o.sort, o.desc
		}
		runs = append(runs, run{name, f})
	}
	for _, o := range orders {
		runs = append(runs, run{"everything", models.IssueFilter{Sort: o.sort, Desc: o.desc}})
	}
	// Text searches run twice on the read model: walking the list (the
	// budget covers these issues) and through the trigram index (a budget
	// of a few rows forces it).
	for _, budget := range []int{0, 7} {
		if budget > 0 {
			defer store.SetTextWalkBudget(budget)()
		}
		for _, r := range runs {
			if budget > 0 && r.f.Text == "" {
				continue
			}
			want := expected(issues, r.f)
			for path, st := range paths {
				got := allPages(t, st, r.f, 25)
				if !slices.Equal(got, want) {
					t.Errorf("%s, sort %s desc %v, %s (walk budget %d): %d issues %v…, want %d %v…", r.name, r.f.Sort, r.f.Desc, path, budget, len(got), head(got), len(want), head(want))
				}
				n, err := st.CountIssues(ctx, r.f)
				if err != nil || n != int64(len(want)) {
					t.Errorf("%s, %s: count %d (%v), want %d", r.name, path, n, err, len(want))
				}
			}
		}
	}
	// The text search finds the accented title from an unaccented query.
	if want := expected(issues, models.IssueFilter{Text: "den duong"}); len(want) == 0 {
		t.Fatal("the data set has no 'Đèn đường' issue to find")
	}
	// The sweeper's due list agrees too.
	now := base.AddDate(1, 6, 0)
	var dues [][]models.Deadline
	for _, st := range paths {
		d, err := st.DueDeadlines(ctx, now, 1000)
		if err != nil {
			t.Fatal(err)
		}
		dues = append(dues, d)
	}
	if len(dues[0]) == 0 || !slices.EqualFunc(dues[0], dues[1], func(a, b models.Deadline) bool { return a.IssueID == b.IssueID && a.NextDue.Equal(b.NextDue) }) {
		t.Fatalf("due deadlines differ or are empty: %d vs %d", len(dues[0]), len(dues[1]))
	}
	for _, d := range dues[0] {
		if d.NextDue.After(now) {
			t.Fatalf("deadline %v of %s is not due at %v", d.NextDue, d.IssueID, now)
		}
	}
}

// Paging goes on correctly while issues are filed and changed: a client
// that started on page one sees every issue that existed when it started
// exactly once, on both paths.
func TestQueryContractPagingWhileIssuesAreAdded(t *testing.T) {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	issues := contractIssues(60, 3, base)
	later := contractIssues(20, 4, base) // new codes, random times
	paths := map[string]*store.Store{"read model": testenv.Store(t), "plain MongoDB path": testenv.PlainStore(t)}
	for path, st := range paths {
		if err := st.InsertIssues(ctx, cloneIssues(issues)); err != nil {
			t.Fatal(err)
		}
		f := models.IssueFilter{Limit: 10, Sort: models.SortCreated, Desc: true}
		seen := map[string]int{}
		added := 0
		for {
			page, err := st.ListIssues(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, iss := range page.Issues {
				seen[iss.ID]++
			}
			// Between pages, others file new issues and change old ones.
			for i := 0; i < 4 && added < len(later); i++ {
				if err := st.InsertIssue(ctx, cloneIssues(later[added : added+1])[0]); err != nil {
					t.Fatal(err)
				}
				added++
			}
			if page.NextCursor == "" {
				break
			}
			f.Cursor = page.NextCursor
		}
		for _, iss := range issues {
			if seen[iss.ID] != 1 {
				t.Errorf("%s: %s seen %d times", path, iss.ID, seen[iss.ID])
			}
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("%s: %s seen %d times", path, id, n)
			}
		}
	}
}

// A change moves an issue between lists at once on both paths.
func TestQueryContractFollowsChanges(t *testing.T) {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	issues := contractIssues(30, 5, base)
	for path, st := range map[string]*store.Store{"read model": testenv.Store(t), "plain MongoDB path": testenv.PlainStore(t)} {
		if err := st.InsertIssues(ctx, cloneIssues(issues)); err != nil {
			t.Fatal(err)
		}
		head, err := st.GetIssueHead(ctx, issues[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		head.Version++
		head.Status = models.StatusInProgress
		head.Routing.Department = "hue-environment"
		head.Location.WardCode = "huong-an"
		head.Title = "Ổ gà rất sâu trên đường Kim Long"
		head.SearchText = models.Fold(head.Title)
		head.Timeline = nil
		if err := st.ReplaceIssue(ctx, head, head.Version-1); err != nil {
			t.Fatal(err)
		}
		f := models.IssueFilter{Departments: []string{"hue-environment"}, Statuses: []models.Status{models.StatusInProgress}, Text: "o ga", Wards: []string{"huong-an"}}
		page, err := st.ListIssues(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Issues) != 1 || page.Issues[0].ID != head.ID || page.Issues[0].Version != head.Version {
			t.Fatalf("%s: after the change the list has %+v", path, page.Issues)
		}
		// A stale writer loses and changes nothing in the lists.
		stale := *head
		stale.Version = head.Version + 1
		stale.Title = "stale"
		stale.SearchText = "stale"
		if err := st.ReplaceIssue(ctx, &stale, head.Version-1); models.ErrorCodeOf(err) != models.EConflict {
			t.Fatalf("%s: stale write: %v", path, err)
		}
		if n, _ := st.CountIssues(ctx, models.IssueFilter{Text: "stale"}); n != 0 {
			t.Fatalf("%s: a refused write reached the list", path)
		}
	}
}

func cloneIssues(in []*models.Issue) []*models.Issue {
	out := make([]*models.Issue, len(in))
	for i, iss := range in {
		c := *iss
		c.Timeline = slices.Clone(iss.Timeline)
		out[i] = &c
	}
	return out
}

func head(ids []string) []string {
	if len(ids) > 5 {
		return ids[:5]
	}
	return ids
}
