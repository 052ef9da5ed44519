package i18n_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/i18n"
	"github.com/civicdesk/civicdesk/models"
)

// keyedCalls are the constructors that take an i18n key, with the
// position of the key among their arguments.
var keyedCalls = map[string]int{"E": 1, "InvalidE": 1, "forbidden": 0, "httpErr": 2}

// usedKeys reads the Go sources of the packages that build errors and
// returns every key they pass to a keyed constructor, with where. A key
// that is not a string literal fails the test: the catalogue must be
// checkable.
func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, dir := range []string{"models", "service", "routing", "catalogue", "store", "bot", "server", "sla", "geo"} {
		files, _ := filepath.Glob(filepath.Join("..", dir, "*.go"))
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(fset, path, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				name := ""
				switch fn := call.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					if x, ok := fn.X.(*ast.Ident); ok && x.Name == "models" {
						name = fn.Sel.Name
					}
				}
				i, ok := keyedCalls[name]
				if !ok || len(call.Args) <= i {
					return true
				}
				if _, isFunc := n.(*ast.FuncDecl); isFunc {
					return true
				}
				lit, ok := call.Args[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					pos := fset.Position(call.Pos())
					if name == "forbidden" && dir == "service" || name != "forbidden" {
						// The constructors themselves pass their key on.
						if !strings.HasSuffix(pos.Filename, filepath.Join("models", "errors.go")) && !strings.HasSuffix(pos.Filename, filepath.Join("service", "authz.go")) {
							t.Errorf("%s: %s takes its key as a string literal", pos, name)
						}
					}
					return true
				}
				key, _ := strconv.Unquote(lit.Value)
				out[key] = fset.Position(call.Pos()).String()
				return true
			})
		}
	}
	if len(out) < 50 {
		t.Fatalf("found only %d keys; is the scan broken?", len(out))
	}
	return out
}

// Every message key the service can return, and every key of the
// catalogue (the registry), has a Vietnamese text that is not the English
// one, with the same parameters.
func TestEveryKeyHasVietnamese(t *testing.T) {
	keys := map[string]string{}
	for _, k := range i18n.Keys() {
		keys[k] = "catalogue"
	}
	for k, where := range usedKeys(t) {
		keys[k] = where
	}
	for _, c := range []models.ErrorCode{models.EInvalid, models.ENotFound, models.EConflict, models.EForbidden, models.EUnauthorized, models.EUnavailable, models.EInternal} {
		keys["error."+string(c)] = "error code " + string(c)
	}
	for k, where := range keys {
		viText, okVI := i18n.Template("vi", k)
		enText, okEN := i18n.Template("en", k)
		switch {
		case !okEN:
			t.Errorf("%s (%s): no English text", k, where)
		case !okVI:
			t.Errorf("%s (%s): no Vietnamese text", k, where)
		case viText == enText && !strings.HasPrefix(k, "field.") && !strings.HasPrefix(k, "action."):
			t.Errorf("%s (%s): the Vietnamese text is the English one: %q", k, where, viText)
		case strings.TrimSpace(viText) == "":
			t.Errorf("%s (%s): empty Vietnamese text", k, where)
		case k != "invalid_fields" && !slices.Equal(i18n.Placeholders(viText), i18n.Placeholders(enText)):
			t.Errorf("%s: the languages take different parameters: %v and %v", k, i18n.Placeholders(viText), i18n.Placeholders(enText))
		}
	}
	// Field names and actions are words: those shown in Vietnamese differ.
	for _, k := range i18n.Keys() {
		if strings.HasPrefix(k, "field.") || strings.HasPrefix(k, "action.") {
			v, _ := i18n.Template("vi", k)
			e, _ := i18n.Template("en", k)
			if v == e {
				t.Errorf("%s: %q is not Vietnamese", k, v)
			}
		}
	}
}

// Every error code renders in both languages, and differently; an
// internal error never shows its cause.
func TestEveryErrorCodeRendersInBothLanguages(t *testing.T) {
	for _, c := range []models.ErrorCode{models.EInvalid, models.ENotFound, models.EConflict, models.EForbidden, models.EUnauthorized, models.EUnavailable, models.EInternal} {
		err := &models.Error{Code: c, Message: "secret english detail"}
		vi, en := models.ErrorText(err, "vi", nil), models.ErrorText(err, "en", nil)
		if vi == "" || en == "" || vi == en || strings.Contains(vi, "secret") {
			t.Errorf("%s: vi %q, en %q", c, vi, en)
		}
		if c == models.EInternal && strings.Contains(en, "secret") {
			t.Errorf("internal detail shown: %q", en)
		}
	}
}

// Catalogue codes in messages are shown by their names, in the language.
func TestDepartmentCodesRenderAsNames(t *testing.T) {
	cat := catalogue.Default()
	err := models.E(models.EForbidden, "issue.handled_by_other", "code", "KL-26-00008", "department", "hue-construction")
	if !strings.Contains(err.Message, "hue-construction") {
		t.Fatalf("English message without names keeps the code: %q", err.Message)
	}
	d, _ := cat.Department("hue-construction")
	vi, en := models.ErrorText(err, "vi", cat), models.ErrorText(err, "en", cat)
	if !strings.Contains(vi, d.NameVI) || strings.Contains(vi, "hue-construction") || !strings.Contains(vi, "KL-26-00008") {
		t.Errorf("vi: %q", vi)
	}
	if !strings.Contains(en, d.NameEN) || strings.Contains(en, "hue-construction") {
		t.Errorf("en: %q", en)
	}
	probs := models.Problems{}
	probs.Add("message", "must not be empty")
	vi = models.ErrorText(probs.Err("the request"), "vi", cat)
	if !strings.Contains(vi, "nội dung") || strings.Contains(vi, "must not") {
		t.Errorf("field problems in Vietnamese: %q", vi)
	}
	if en := models.ErrorText(probs.Err("the request"), "en", cat); !strings.Contains(en, "message: must not be empty") {
		t.Errorf("field problems in English: %q", en)
	}
	st := models.CheckTransition(models.StatusClosed, models.StatusResolved, "resolve")
	if vi := models.ErrorText(st, "vi", cat); !strings.Contains(vi, "giải quyết") || !strings.Contains(vi, "đã đóng") {
		t.Errorf("transition in Vietnamese: %q", vi)
	}
}
