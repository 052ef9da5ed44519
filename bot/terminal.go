package bot

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os/user"
	"strconv"
	"strings"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// RunTerminal holds the resident conversation in a terminal, without
// Telegram (`civicdesk chat`): the same engine, rendered as text. Buttons
// are numbered; type the number to press one. "/loc LAT, LON" shares a
// location, "/photo NAME" sends a (pretend) photo, "/quit" ends. Issues
// are filed like any others, with channel "api" and no way to notify back.
func RunTerminal(ctx context.Context, svc *service.Service, in io.Reader, out io.Writer, lang string) error {
	name := "terminal"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	convs := &memConvs{}
	if err := convs.save(ctx, &conversation{ChatID: terminalChat, Lang: pickLang(lang)}, SystemClock{}.Now()); err != nil {
		return err
	}
	t := &terminal{
		engine: &Engine{svc: svc, convs: convs, dir: terminalDir{name: name}, clock: SystemClock{}, log: slog.Default(), channel: models.ChannelAPI},
		out:    out,
		lines:  bufio.NewScanner(in),
	}
	if err := t.send(ctx, Input{Kind: InCommand, Command: "start"}); err != nil {
		return err
	}
	for ctx.Err() == nil {
		line, ok := t.read("> ")
		if !ok {
			return t.lines.Err()
		}
		if line == "" {
			continue
		}
		if line == "/quit" || line == "/exit" {
			return nil
		}
		input, ok := t.parse(line)
		if !ok {
			continue
		}
		if err := t.send(ctx, input); err != nil {
			return err
		}
	}
	return ctx.Err()
}

const terminalChat = 1

type terminal struct {
	engine *Engine
	out    io.Writer
	lines  *bufio.Scanner
	// buttons are the ones shown last, numbered from 1.
	buttons []termButton
	photos  int
}

type termButton struct {
	text, data string
	location   bool
}

func (t *terminal) read(prompt string) (string, bool) {
	fmt.Fprint(t.out, prompt)
	if !t.lines.Scan() {
		return "", false
	}
	return strings.TrimSpace(t.lines.Text()), true
}

// parse turns a typed line into an input; false when there is nothing to send.
func (t *terminal) parse(line string) (Input, bool) {
	in := Input{ChatID: terminalChat, UserID: terminalChat}
	if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(t.buttons) {
		b := t.buttons[n-1]
		switch {
		case b.data != "":
			in.Kind, in.Data = InCallback, b.data
		case b.location:
			l, ok := t.read("lat, lon: ")
			if !ok {
				return in, false
			}
			return t.location(in, l)
		default:
			in.Kind, in.Text = InText, b.text
		}
		return in, true
	}
	if !strings.HasPrefix(line, "/") {
		in.Kind, in.Text = InText, line
		return in, true
	}
	cmd, args, _ := strings.Cut(line[1:], " ")
	switch cmd {
	case "loc", "location":
		return t.location(in, args)
	case "photo":
		t.photos++
		in.Kind, in.PhotoID = InPhoto, strings.TrimSpace(args)
		if in.PhotoID == "" {
			in.PhotoID = fmt.Sprintf("terminal-photo-%d", t.photos)
		}
		return in, true
	}
	in.Kind, in.Command, in.Text = InCommand, cmd, strings.TrimSpace(args)
	return in, true
}

func (t *terminal) location(in Input, s string) (Input, bool) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	if len(f) == 2 {
		lat, err1 := strconv.ParseFloat(f[0], 64)
		lon, err2 := strconv.ParseFloat(f[1], 64)
		if err1 == nil && err2 == nil {
			in.Kind, in.Lat, in.Lon = InLocation, lat, lon
			return in, true
		}
	}
	fmt.Fprintln(t.out, "  (type a location as: /loc 16.4637, 107.5609)")
	return in, false
}

// send runs an input and prints the replies with their buttons numbered.
func (t *terminal) send(ctx context.Context, in Input) error {
	out, err := t.engine.Handle(ctx, in)
	if err != nil {
		return err
	}
	if out.Toast != "" {
		fmt.Fprintf(t.out, "  (%s)\n", out.Toast)
	}
	t.buttons = nil
	for _, r := range out.Replies {
		fmt.Fprintf(t.out, "\n%s\n", r.Text)
		for _, row := range r.Inline {
			for _, b := range row {
				t.buttons = append(t.buttons, termButton{text: b.Text, data: b.Data})
				fmt.Fprintf(t.out, "  [%d] %s\n", len(t.buttons), b.Text)
			}
		}
		for _, row := range r.Keyboard {
			for _, b := range row {
				t.buttons = append(t.buttons, termButton{text: b.Text, location: b.RequestLocation})
				fmt.Fprintf(t.out, "  [%d] %s\n", len(t.buttons), b.Text)
			}
		}
	}
	fmt.Fprintln(t.out)
	return nil
}
