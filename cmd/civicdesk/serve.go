package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/bot"
	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server"
	"github.com/civicdesk/civicdesk/server/open311"
	"github.com/civicdesk/civicdesk/server/web"
	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

// openCore opens the database and the service with the catalogue loaded.
func openCore(ctx context.Context, c *config, log *slog.Logger) (*store.Store, *service.Service, error) {
	if c.MongoURI == "" {
		log.Info("no MONGODB_URI: starting the embedded database", "dir", c.DataDir, "addr", c.EmbeddedAddr)
	}
	st, err := store.Open(ctx, store.Config{URI: c.MongoURI, Database: c.Database, EmbeddedDir: c.DataDir, EmbeddedAddr: c.EmbeddedAddr, Logger: log})
	if err != nil {
		return nil, nil, err
	}
	if st.Embedded() && c.EmbeddedAddr != "" {
		log.Info("embedded database reachable for MongoDB tools", "uri", st.EmbeddedURI())
	}
	svc := service.New(st, service.SystemClock{}, log, service.Config{SessionTTL: c.SessionTTL})
	cat, name, override := catalogue.Default(), "built-in catalogue", false
	if c.CatalogueFile != "" {
		if cat, err = catalogue.Load(c.CatalogueFile); err != nil {
			_ = st.Close(context.WithoutCancel(ctx))
			return nil, nil, fmt.Errorf("%s", models.ErrorMessageOf(err))
		}
		name, override = c.CatalogueFile, true
	}
	if err := svc.LoadCatalogue(ctx, cat, name, override); err != nil {
		_ = st.Close(context.WithoutCancel(ctx))
		return nil, nil, fmt.Errorf("catalogue: %s", models.ErrorMessageOf(err))
	}
	return st, svc, nil
}

// errStartInterrupted is returned when a signal arrives before serve is
// ready: nothing was served, and the exit status is not 0 (issue #10).
var errStartInterrupted = errors.New("asked to stop during start-up; civicdesk stopped before it served anything")

// startErr is what serve returns when a start-up step failed: the
// interruption when the context ended (the step's own error is then only
// a consequence of it), the step's error otherwise.
func startErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return errStartInterrupted
	}
	return err
}

func serve(ctx context.Context, c *config, log *slog.Logger, stdout io.Writer) error {
	// Every start-up step runs under ctx and is followed by a check of it,
	// so a signal at any moment stops the start-up; the HTTP server only
	// listens (and /readyz only answers) once every step has succeeded.
	st, svc, err := openCore(ctx, c, log)
	if err != nil {
		return startErr(ctx, err)
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := st.Close(closeCtx); err != nil {
			log.Warn("closing the database", "err", err)
		}
	}()
	if ctx.Err() != nil {
		return errStartInterrupted
	}
	// The last process may have died (kill -9, power cut) between storing
	// an issue and counting it: recount before serving.
	if _, _, err := svc.RecountAfterUncleanStops(ctx); err != nil || ctx.Err() != nil {
		return startErr(ctx, fmt.Errorf("recount the figures after an unclean stop: %s", models.ErrorMessageOf(err)))
	}
	if pw, created, err := svc.EnsureAdmin(ctx, c.AdminUser, c.AdminPassword); err != nil {
		return startErr(ctx, fmt.Errorf("create the first admin: %s", models.ErrorMessageOf(err)))
	} else if created && pw != "" {
		// Printed once on the terminal, never written to the log.
		fmt.Fprintf(stdout, "\nFirst start: admin account %q created with password:\n\n    %s\n\nNote it now; it is not shown again.\n\n", c.AdminUser, pw)
	} else if created {
		log.Info("admin account created from configuration", "username", c.AdminUser)
	}

	var tg *bot.Bot
	if c.TelegramToken == "" {
		log.Info("Telegram bot is off: set TELEGRAM_BOT_TOKEN to turn it on")
	} else {
		tg, err = bot.New(bot.Config{Token: c.TelegramToken, APIEndpoint: c.TelegramAPIURL, WebhookURL: c.TelegramWebhookURL,
			WebhookSecret: c.TelegramWebhookSecret, BotUsername: c.TelegramBotUsername}, svc, st, log)
		if err != nil {
			return err
		}
	}

	o311 := open311.New(svc, open311.Config{BaseURL: c.PublicURL, JurisdictionID: c.Open311Jurisdiction, Logger: log})
	mounts := []server.Mount{
		{Prefix: open311.DefaultPath, Register: o311.Mount, Paths: o311.Paths(open311.DefaultPath), Fail: o311.Fail},
		{Prefix: "/", Register: func(r fiber.Router) { web.Mount(r) }, Unlimited: web.Unlimited},
	}
	if tg != nil && c.TelegramWebhookURL != "" {
		mounts = append(mounts, server.Mount{Prefix: "/telegram", Register: func(r fiber.Router) { r.Post("/webhook", tg.WebhookHandler()) }})
	}
	if ctx.Err() != nil {
		return errStartInterrupted
	}
	srv := server.New(server.Config{Clock: svc, CORSOrigins: splitList(c.CORSOrigins), TelegramBot: c.TelegramBotUsername, Idempotency: st, Mounts: mounts,
		KeyRate: c.KeyLimit, IPRate: c.AnonLimit, LoginRate: c.LoginLimit, TrustedProxies: c.TrustedProxies,
		MetricsToken: c.MetricsToken, HSTS: hsts(c.PublicURL)}, svc, log)

	// The listener is opened before anything runs, so a busy address is a
	// start-up error, not a process that runs without serving.
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("http server: %w", err)
	}
	if ctx.Err() != nil {
		ln.Close()
		return errStartInterrupted
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	wg.Add(1)
	go func() {
		defer wg.Done()
		svc.RunSweeper(runCtx, c.SweepInterval)
	}()
	// The sweeper refreshes the catalogue only in the instance holding its
	// lease; every instance must see an admin's change made through another.
	wg.Add(1)
	go func() {
		defer wg.Done()
		refreshCatalogueEvery(runCtx, svc, c.SweepInterval, log)
	}()
	if tg != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := tg.Run(runCtx); err != nil && !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("telegram bot: %w", err)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		log.Info("civicdesk is listening", "addr", c.Addr, "public_url", c.PublicURL)
		if err := srv.Serve(runCtx, ln); err != nil {
			errs <- fmt.Errorf("http server: %w", err)
		}
	}()
	var runErr error
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case runErr = <-errs:
	}
	cancel()
	wg.Wait()
	return runErr
}

// refreshCatalogueEvery picks up, every interval, a catalogue another
// instance stored (one read by _id).
func refreshCatalogueEvery(ctx context.Context, svc *service.Service, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := svc.RefreshCatalogue(ctx); err != nil && ctx.Err() == nil {
			log.WarnContext(ctx, "cannot refresh the catalogue", "err", err)
		}
	}
}

func rebuildStats(ctx context.Context, c *config, log *slog.Logger, stdout io.Writer) error {
	st, svc, err := openCore(ctx, c, log)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	if err := svc.RebuildStats(ctx); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "statistics rebuilt from the issues")
	return nil
}

func chat(ctx context.Context, c *config, log *slog.Logger, stdin io.Reader, stdout io.Writer) error {
	st, svc, err := openCore(ctx, c, log)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	return bot.RunTerminal(ctx, svc, stdin, stdout, "vi")
}
