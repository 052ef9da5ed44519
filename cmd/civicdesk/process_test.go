package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test start this binary as a real civicdesk process:
// with CIVICDESK_TEST_RUN_MAIN=1 it runs main (with os.Args after "--")
// instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("CIVICDESK_TEST_RUN_MAIN") == "1" {
		for i, a := range os.Args {
			if a == "--" {
				os.Args = append([]string{"civicdesk"}, os.Args[i+1:]...)
				break
			}
		}
		main()
		return
	}
	os.Exit(m.Run())
}

// process is civicdesk running in a child process.
type process struct {
	t     *testing.T
	cmd   *exec.Cmd
	lines chan string // its stderr, line by line
	log   *syncBuffer
	done  chan error
}

// startProcess runs `civicdesk args...` as a child process with env added.
func startProcess(t *testing.T, env map[string]string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "CIVICDESK_TEST_RUN_MAIN=1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{t: t, cmd: cmd, lines: make(chan string, 1000), log: &syncBuffer{}, done: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.log.Write([]byte(sc.Text() + "\n"))
			select {
			case p.lines <- sc.Text():
			default:
			}
		}
		close(p.lines)
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})
	return p
}

// waitLine waits for a stderr line containing s.
func (p *process) waitLine(s string) {
	p.t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case l, ok := <-p.lines:
			if !ok {
				p.t.Fatalf("process ended before logging %q:\n%s", s, p.log.String())
			}
			if strings.Contains(l, s) {
				return
			}
		case <-timeout:
			p.t.Fatalf("no %q in the log:\n%s", s, p.log.String())
		}
	}
}

// wait waits for the process to end and returns its exit status.
func (p *process) wait(within time.Duration) int {
	p.t.Helper()
	select {
	case err := <-p.done:
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			p.t.Fatal(err)
		}
		return 0
	case <-time.After(within):
		p.t.Fatalf("process still running %s after the signal:\n%s", within, p.log.String())
		return -1
	}
}

// A real SIGTERM during the start-up of a real process: it stops within
// the shutdown timeout, with a non-zero status and a clear message.
func TestSIGTERMDuringStartUpProcess(t *testing.T) {
	p := startProcess(t, map[string]string{"CIVICDESK_ADDR": freeAddr(t)}, "serve", "--data-dir", t.TempDir(), "--sweep-interval", "1h")
	p.waitLine("starting the embedded database")
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code := p.wait(30 * time.Second)
	out := p.log.String()
	if code == 0 || !strings.Contains(out, "asked to stop during start-up") {
		t.Fatalf("exit %d, log:\n%s", code, out)
	}
	if strings.Contains(out, "civicdesk is listening") {
		t.Fatalf("the process listened after SIGTERM:\n%s", out)
	}
}
