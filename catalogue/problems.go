package catalogue

import (
	"fmt"
	"strings"

	"github.com/civicdesk/civicdesk/models"
)

// maxListed keeps the message readable when a file is badly broken (for
// example a wrong indentation that makes every entry fail).
const maxListed = 25

// problems collects what is wrong, in file order, each as "entry: problem".
type problems struct {
	list   []string
	fields map[string]string // first problem per entry, for forms
}

func (p *problems) add(entry, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if entry != "" {
		msg = entry + ": " + msg
	}
	p.list = append(p.list, msg)
	if p.fields == nil {
		p.fields = map[string]string{}
	}
	key := entry
	if key == "" {
		key = "catalogue" // a problem with the file as a whole
	}
	if _, ok := p.fields[key]; !ok {
		p.fields[key] = fmt.Sprintf(format, args...)
	}
}

func (p *problems) empty() bool { return len(p.list) == 0 }

// err returns nil or one EInvalid error naming the file.
func (p *problems) err(name string) error {
	if p.empty() {
		return nil
	}
	list := p.list
	more := ""
	if len(list) > maxListed {
		more = fmt.Sprintf("; and %d more problems", len(list)-maxListed)
		list = list[:maxListed]
	}
	return &models.Error{
		Code:    models.EInvalid,
		Message: fileName(name) + ": " + strings.Join(list, "; ") + more,
		Fields:  p.fields,
	}
}

// invalid is a single problem with the whole file (unreadable, not YAML).
func invalid(name string, cause error, format string, args ...any) error {
	return &models.Error{
		Code:    models.EInvalid,
		Message: fileName(name) + ": " + fmt.Sprintf(format, args...),
		Cause:   cause,
	}
}

func fileName(name string) string {
	if name == "" {
		return "catalogue"
	}
	return name
}

// The labels below name entries the way an editor finds them: the list, the
// position counted from 0 (as in JSON paths) and the code.

func codeLabel(list string, i int, code string) string {
	if code == "" {
		return fmt.Sprintf("%s[%d]", list, i)
	}
	return fmt.Sprintf("%s[%d] %q", list, i, code)
}

func ruleLabel(i int, category, ward string, kind models.ReporterKind) string {
	s := fmt.Sprintf("rules[%d] (category %q", i, category)
	if ward != "" {
		s += fmt.Sprintf(", ward %q", ward)
	}
	if kind != "" {
		s += fmt.Sprintf(", reporter_kind %q", kind)
	}
	return s + ")"
}
