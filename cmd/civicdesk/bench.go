package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server"
	"github.com/civicdesk/civicdesk/server/open311"
	"github.com/civicdesk/civicdesk/server/web"
	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

const benchUsage = `Usage: civicdesk bench [flags]

Seeds a fresh database with realistic past issues through the bulk path,
then times each interactive operation (median and slowest of --reps runs)
and the same operation done raw on the same database, and prints start-up
time and resident memory. Without MONGODB_URI it runs on a new embedded
database in a temporary folder (removed afterwards); with MONGODB_URI it
uses a new database there (dropped afterwards).

Flags:
`

type benchConfig struct {
	issues   int
	reps     int
	rawReps  int
	seed     int64
	mongoURI string
	keep     string
}

func benchCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var bc benchConfig
	fs.IntVar(&bc.issues, "issues", 60000, "how many past issues to seed")
	fs.IntVar(&bc.reps, "reps", 20, "timed runs of each operation")
	fs.IntVar(&bc.rawReps, "raw-reps", 1, "timed runs of each raw operation (0 skips them; a raw list reads the whole collection on the embedded database)")
	fs.Int64Var(&bc.seed, "seed", 1, "random seed of the generated issues")
	fs.StringVar(&bc.mongoURI, "mongodb-uri", getenv("MONGODB_URI"), "MongoDB to run on instead of a new embedded database (env MONGODB_URI)")
	fs.StringVar(&bc.keep, "data-dir", "", "embedded database folder to keep; one that holds issues already is measured as it is, without seeding (default: a temporary folder, removed)")
	fs.Usage = func() {
		fmt.Fprint(stderr, benchUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if bc.issues < 1 || bc.reps < 1 || bc.rawReps < 0 {
		fmt.Fprintln(stderr, "civicdesk bench: --issues and --reps must be at least 1, --raw-reps at least 0")
		return errUsage
	}
	return runBench(ctx, bc, stdout)
}

// benchEnv is a seeded database and what the timed operations use.
type benchEnv struct {
	cfg     store.Config
	st      *store.Store
	svc     *service.Service
	raw     *store.Store // the plain MongoDB query path on the same database
	baseURL string
	now     time.Time
}

func runBench(ctx context.Context, bc benchConfig, out io.Writer) error {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	env := &benchEnv{now: time.Now()}
	env.cfg = store.Config{URI: bc.mongoURI, Logger: log, Database: "civicdesk"}
	where := "embedded database (FerretDB v1.24.2 on SQLite, with civicdesk's _id indexes and read model)"
	if bc.mongoURI == "" {
		dir := bc.keep
		if dir == "" {
			tmp, err := os.MkdirTemp("", "civicdesk-bench-*")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			dir = tmp
		}
		env.cfg.EmbeddedDir = dir
	} else {
		env.cfg.Database = fmt.Sprintf("civicdesk_bench_%d", time.Now().Unix())
		where = "MongoDB at MONGODB_URI, database " + env.cfg.Database
	}
	fmt.Fprintf(out, "civicdesk bench: %d issues on the %s; %d cores, %s\n", bc.issues, where, runtime.NumCPU(), runtime.Version())
	if err := env.open(ctx); err != nil {
		return err
	}
	defer func() {
		if bc.mongoURI != "" {
			_ = env.st.DropDatabase(context.WithoutCancel(ctx))
		}
		env.close(context.WithoutCancel(ctx))
	}()

	wards, categories := catalogueCodes(env.svc)
	have, err := env.st.CountIssues(ctx, models.IssueFilter{})
	if err != nil {
		return err
	}
	past := benchIssues(bc.issues, bc.seed, env.now, wards, categories)
	if have > 0 {
		fmt.Fprintf(out, "reusing the %d issues already in %s\n", have, bc.keep)
		past = nil
	}
	if err := seedIssues(ctx, env.svc, past, out); err != nil {
		return err
	}

	// Start to ready: stop, then open the same data again.
	env.close(ctx)
	start := time.Now()
	if err := env.open(ctx); err != nil {
		return err
	}
	startup := time.Since(start)
	fmt.Fprintf(out, "start to ready (database, indexes, read model check, catalogue, HTTP listener): %s\n\n", startup.Round(time.Millisecond))

	fmt.Fprintf(out, "%-46s %10s %11s %14s %16s\n", "operation", "median ms", "slowest ms", "raw median ms", "civicdesk / raw")
	err = env.measure(ctx, bc, func(r benchResult) {
		raw, ratio := "-", "-"
		if len(r.raw) > 0 {
			raw = msText(median(r.raw))
			ratio = fmt.Sprintf("%.4f", float64(median(r.ops))/float64(median(r.raw)))
		}
		fmt.Fprintf(out, "%-46s %10s %11s %14s %16s\n", r.name, msText(median(r.ops)), msText(slices.Max(r.ops)), raw, ratio)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nresident memory: %s\n", residentMemory())
	return nil
}

func (e *benchEnv) open(ctx context.Context) error {
	st, err := store.Open(ctx, e.cfg)
	if err != nil {
		return err
	}
	e.st = st
	e.svc = service.New(st, service.SystemClock{}, slog.New(slog.NewTextHandler(io.Discard, nil)), service.Config{})
	if err := e.svc.LoadCatalogue(ctx, catalogue.Default(), "built-in catalogue", false); err != nil {
		return err
	}
	rawURI := e.cfg.URI
	if st.Embedded() {
		rawURI = st.EmbeddedURI()
	}
	e.raw, err = store.Open(ctx, store.Config{URI: rawURI, Database: e.cfg.Database, SingleConnection: st.Embedded(), Logger: e.cfg.Logger,
		OperationTimeout: 15 * time.Minute})
	if err != nil {
		return err
	}
	return e.listen(ctx)
}

// listen serves the public HTTP routes the way serve does, for the
// operations a browser or an Open311 client times end to end.
func (e *benchEnv) listen(ctx context.Context) error {
	o311 := open311.New(e.svc, open311.Config{BaseURL: "http://localhost", Logger: e.cfg.Logger})
	srv := server.New(server.Config{Clock: e.svc, IPRate: server.RateLimit{PerMinute: 1 << 30, Burst: 1 << 30},
		Mounts: []server.Mount{
			{Prefix: open311.DefaultPath, Register: o311.Mount, Paths: o311.Paths(open311.DefaultPath)},
			{Prefix: "/", Register: func(r fiber.Router) { web.Mount(r) }},
		}}, e.svc, e.cfg.Logger)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := l.Addr().String()
	_ = l.Close()
	go func() { _ = srv.Listen(context.WithoutCancel(ctx), addr) }()
	e.baseURL = "http://" + addr
	for i := 0; i < 100; i++ {
		if resp, err := http.Get(e.baseURL + "/healthz"); err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("the benchmark's HTTP server did not start")
}

func (e *benchEnv) close(ctx context.Context) {
	if e.raw != nil {
		_ = e.raw.Close(ctx)
	}
	if e.st != nil {
		_ = e.st.Close(ctx)
	}
}

type benchResult struct {
	name     string
	ops, raw []time.Duration
}

func (e *benchEnv) measure(ctx context.Context, bc benchConfig, report func(benchResult)) error {
	resident := models.Principal{Kind: models.ActorResident, ResidentID: "tg:424242"}
	admin := models.Principal{Kind: models.ActorOfficial, User: &models.User{ID: "bench-admin", Username: "admin", Role: models.RoleAdmin}}
	official := models.Principal{Kind: models.ActorOfficial, User: &models.User{ID: "bench-official", Username: "official", Role: models.RoleOfficial, Department: "kim-long-infra"}}
	open := []models.Status{models.StatusNew, models.StatusRouted, models.StatusInProgress, models.StatusWaiting}
	newIssue := func(i int) service.NewIssue {
		return service.NewIssue{Title: fmt.Sprintf("Đèn đường hỏng ở kiệt %d Kim Long", i), Description: "Đèn tắt cả tuần, đường tối.",
			Category: "infrastructure", Ward: "kim-long", Channel: models.ChannelTelegram}
	}
	var filed []string
	queue := models.IssueFilter{Statuses: open, Sort: models.SortDeadline, Limit: models.DefaultPageSize}
	filtered := models.IssueFilter{Categories: []string{"land", "construction"}, Wards: []string{"kim-long"}, Sort: models.SortCreated, Desc: true, Limit: models.DefaultPageSize}
	search := models.IssueFilter{Text: "den duong", Sort: models.SortCreated, Desc: true, Limit: models.DefaultPageSize}
	from90 := e.now.AddDate(0, 0, -90)
	open311List := models.IssueFilter{CreatedFrom: &from90, Sort: models.SortCreated, Desc: true, Limit: 1000}
	portal := models.IssueFilter{Sort: models.SortCreated, Desc: true, Limit: 20}
	scoped := func(f models.IssueFilter) models.IssueFilter { f.ScopeDepartment = "kim-long-infra"; return f }

	type op struct {
		name string
		run  func(i int) error
		raw  func(i int) error
	}
	ops := []op{
		{"file an issue", func(i int) error {
			iss, err := e.svc.CreateIssue(ctx, resident, newIssue(i))
			if err == nil {
				filed = append(filed, iss.Code)
			}
			return err
		}, func(i int) error {
			return e.raw.RawInsert(ctx, "bench_raw", fmt.Sprintf("raw-%d-%d", time.Now().UnixNano(), i))
		}},
		{"take an issue (start)", e.action(ctx, official, &filed, service.ActStart), e.rawChange(ctx, &filed)},
		{"answer an issue", e.action(ctx, official, &filed, service.ActAnswer), e.rawChange(ctx, &filed)},
		{"resolve an issue", e.action(ctx, official, &filed, service.ActResolve), e.rawChange(ctx, &filed)},
		{"open an issue with its timeline", func(i int) error {
			_, err := e.svc.GetIssue(ctx, official, filed[i%len(filed)])
			return err
		}, func(i int) error { _, err := e.raw.GetIssue(ctx, filed[i%len(filed)]); return err }},
		{"department queue page", func(int) error { _, err := e.svc.ListIssues(ctx, official, queue); return err },
			func(int) error { _, err := e.raw.ListIssues(ctx, scoped(queue)); return err }},
		{"all-status filtered page", func(int) error { _, err := e.svc.ListIssues(ctx, admin, filtered); return err },
			func(int) error { _, err := e.raw.ListIssues(ctx, filtered); return err }},
		{"text search \"den duong\"", func(int) error { _, err := e.svc.ListIssues(ctx, admin, search); return err },
			func(int) error { _, err := e.raw.ListIssues(ctx, search); return err }},
		{"Open311 GET requests.json (90 days, HTTP)", func(int) error { return e.get("/open311/v2/requests.json") },
			func(int) error { _, err := e.raw.ListIssues(ctx, open311List); return err }},
		{"public portal home (issues + 2 figures, HTTP)", func(int) error {
			for _, p := range []string{"/api/v1/public/issues?sort=created&order=desc&limit=20", "/api/v1/public/stats?group_by=level", "/api/v1/public/stats?group_by=department,level"} {
				if err := e.get(p); err != nil {
					return err
				}
			}
			return nil
		}, func(int) error { _, err := e.raw.ListIssues(ctx, portal); return err }},
		{"figures (30 days, by department)", func(int) error {
			_, err := e.svc.Figures(ctx, service.StatsQuery{GroupBy: []string{"department"}})
			return err
		}, func(int) error {
			_, err := e.raw.StatsDays(ctx, e.now.AddDate(0, 0, -30).Format(time.DateOnly), e.now.Format(time.DateOnly))
			return err
		}},
	}
	for _, o := range ops {
		r := benchResult{name: o.name}
		for i := 0; i < bc.reps; i++ {
			t := time.Now()
			if err := o.run(i); err != nil {
				return fmt.Errorf("%s: %w", o.name, err)
			}
			r.ops = append(r.ops, time.Since(t))
		}
		for i := 0; i < bc.rawReps && o.raw != nil; i++ {
			t := time.Now()
			if err := o.raw(bc.reps + i); err != nil {
				return fmt.Errorf("%s (raw): %w", o.name, err)
			}
			r.raw = append(r.raw, time.Since(t))
		}
		report(r)
	}
	return nil
}

// action runs one action on the next filed issue, in turn.
func (e *benchEnv) action(ctx context.Context, p models.Principal, filed *[]string, typ service.ActionType) func(int) error {
	return func(i int) error {
		a := service.Action{Type: typ}
		if typ != service.ActStart {
			a.Message = "Cán bộ đã kiểm tra hiện trường và thay bóng đèn."
		}
		_, err := e.svc.Do(ctx, p, (*filed)[i%len(*filed)], a)
		return err
	}
}

// rawChange is a change done raw: read the issue by _id and write it back.
func (e *benchEnv) rawChange(ctx context.Context, filed *[]string) func(int) error {
	return func(i int) error {
		return e.raw.RawTouch(ctx, (*filed)[i%len(*filed)])
	}
}

func (e *benchEnv) get(path string) error {
	resp, err := http.Get(e.baseURL + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func msText(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64)
}

// residentMemory is the process's resident set size (Linux), or the Go
// runtime's own total where /proc is not there.
func residentMemory() string {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "VmRSS:") {
				return strings.TrimSpace(strings.TrimPrefix(line, "VmRSS:"))
			}
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return fmt.Sprintf("%d MB (Go runtime)", m.Sys>>20)
}
