package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress shows how far a long command is: a bar redrawn in place on a
// terminal, plain lines otherwise (logs, CI, pipes), nothing when quiet.
type progress struct {
	w        io.Writer
	bar      bool
	quiet    bool
	label    string
	total    int
	done     int
	start    time.Time
	lastDraw time.Time
	lastLine int // rows done at the last plain line
	now      func() time.Time
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func newProgress(w io.Writer, mode, label string, total int, now func() time.Time) *progress {
	p := &progress{w: w, label: label, total: total, now: now, start: now()}
	switch mode {
	case "bar":
		p.bar = true
	case "none":
		p.quiet = true
	case "auto":
		p.bar = isTerminal(w)
	}
	return p
}

// step records n more rows done.
func (p *progress) step(n int) {
	p.done += n
	if p.quiet {
		return
	}
	t := p.now()
	if p.bar {
		// Redraw at most ten times a second, and at the end.
		if t.Sub(p.lastDraw) >= 100*time.Millisecond || p.done == p.total {
			p.lastDraw = t
			// \x1b[K clears what a longer previous line left behind.
			fmt.Fprintf(p.w, "\r%s\x1b[K", p.barLine(t))
		}
		return
	}
	// A line every tenth of the way (at least every 100 rows is too chatty
	// for big files, at most every tenth too quiet for small ones).
	every := p.total / 10
	if every < 1 {
		every = 1
	}
	if p.done-p.lastLine >= every || p.done == p.total {
		p.lastLine = p.done
		fmt.Fprintln(p.w, p.plainLine(t))
	}
}

// finish ends the bar's line.
func (p *progress) finish() {
	if p.bar && !p.quiet {
		fmt.Fprintln(p.w)
	}
}

// rate is rows per second so far; left is the estimated time to the end.
func (p *progress) rate(t time.Time) (perSec float64, left time.Duration, known bool) {
	el := t.Sub(p.start).Seconds()
	if el <= 0 || p.done == 0 {
		return 0, 0, false
	}
	perSec = float64(p.done) / el
	left = time.Duration(float64(p.total-p.done) / perSec * float64(time.Second))
	return perSec, left.Round(time.Second), true
}

func (p *progress) percent() int {
	if p.total == 0 {
		return 100
	}
	return p.done * 100 / p.total
}

func (p *progress) barLine(t time.Time) string {
	const width = 30
	filled := width
	if p.total > 0 {
		filled = p.done * width / p.total
	}
	s := fmt.Sprintf("%s [%s%s] %d/%d %3d%%", p.label, strings.Repeat("=", filled), strings.Repeat(" ", width-filled), p.done, p.total, p.percent())
	if r, left, ok := p.rate(t); ok {
		s += fmt.Sprintf("  %.1f rows/s  %s left", r, left)
	}
	return s
}

func (p *progress) plainLine(t time.Time) string {
	s := fmt.Sprintf("%s: %d/%d rows (%d%%)", p.label, p.done, p.total, p.percent())
	if r, left, ok := p.rate(t); ok {
		s += fmt.Sprintf(", %.1f rows/s, %s left", r, left)
	}
	return s
}
