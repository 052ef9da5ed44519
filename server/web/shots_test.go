package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

// shotDir is the folder of this test run's screenshots:
// $CIVICDESK_SCREENSHOTS, or civicdesk-screenshots/<start time> under the
// system's temporary folder. It is kept after the run for people to look at.
var shotDir = sync.OnceValue(func() string {
	dir := os.Getenv("CIVICDESK_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "civicdesk-screenshots", time.Now().UTC().Format("20060102-150405"))
	}
	_ = os.MkdirAll(dir, 0o755)
	return dir
})

// screenshot saves the whole page as <test>-<name>-<lang>.png.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	shot, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	lang := eval[string](b, `document.documentElement.lang`)
	file := filepath.Join(shotDir(), strings.ReplaceAll(b.t.Name(), "/", "_")+"-"+name+"-"+lang+".png")
	if err := os.WriteFile(file, shot, 0o644); err != nil {
		b.t.Errorf("save the screenshot: %v", err)
		return
	}
	b.t.Logf("screenshot: %s", file)
}

// screenshotBoth saves the page in Vietnamese and in English, and leaves
// it in the language it was in.
func (b *browser) screenshotBoth(name string) {
	b.t.Helper()
	first := eval[string](b, `document.documentElement.lang`)
	b.screenshot(name)
	b.switchLang()
	b.screenshot(name)
	b.switchLang()
	if got := eval[string](b, `document.documentElement.lang`); got != first {
		b.t.Fatalf("the language did not switch back: %s", got)
	}
}

// switchLang presses the language button and waits for the page to follow.
func (b *browser) switchLang() {
	b.t.Helper()
	was := eval[string](b, `document.documentElement.lang`)
	b.do("switch language", chromedp.Click(chromedp.CSS("#lang-toggle")))
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.PollFunction[bool](`(was) => document.documentElement.lang !== was`, chromedp.WithPollingArgs(was))); err != nil {
		b.t.Fatalf("the language did not switch from %s: %v", was, err)
	}
}

// inView reports whether the element is wholly inside the viewport.
func (b *browser) inView(sel string) bool {
	b.t.Helper()
	return eval[bool](b, `(() => { const e = document.querySelector(`+jsString(sel)+`); if (!e || e.hidden) return false;
		const r = e.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; })()`)
}

// chromedpTimeout is the browser's context with the usual step timeout.
func chromedpTimeout(b *browser) (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, 20*time.Second)
}

// waitJS waits until a JavaScript predicate (a function) is true.
func (b *browser) waitJS(what, fn string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.PollFunction[bool](fn, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		b.t.Fatalf("waiting until %s: %v", what, err)
	}
}
