package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

const healthcheckAbout = `Asks a running civicdesk whether it is ready (GET /readyz: catalogue loaded,
database reachable) and exits 0 when it answers 200, 1 otherwise. It is the
Docker HEALTHCHECK of the distroless image, which has no shell or curl.
By default it asks the address in CIVICDESK_ADDR on the loopback interface.`

// healthcheck checks /readyz of a running server.
func healthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	addr := getenv("CIVICDESK_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "", "URL to check (default: http://127.0.0.1<port of CIVICDESK_ADDR>/readyz)")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	quiet := fs.Bool("quiet", false, "print nothing when healthy")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: civicdesk healthcheck [flags]\n\n%s\n\nFlags:\n\n", healthcheckAbout)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *timeout <= 0 {
		return fmt.Errorf("timeout %s: use a positive duration like 3s", *timeout)
	}
	target := *url
	if target == "" {
		u, err := readyURL(addr)
		if err != nil {
			return err
		}
		target = u
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("url %q: %v", target, err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("unhealthy: %s: %v", target, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("unhealthy: %s answered %d %s", target, res.StatusCode, strings.TrimSpace(string(body)))
	}
	if !*quiet {
		fmt.Fprintf(stdout, "healthy: %s\n", target)
	}
	return nil
}

// readyURL turns a listen address (":8080", "0.0.0.0:8080", "[::]:8080",
// "10.0.0.5:8080") into the /readyz URL to ask from the same machine.
func readyURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("CIVICDESK_ADDR %q is not host:port: %v", addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/readyz", nil
}
