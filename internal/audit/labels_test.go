package audit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/i18n"
)

// codeShape is how an action code looks: dotted lower-case words.
var codeShape = regexp.MustCompile(`^[a-z]+(\.[a-z_]+)+$`)

// usedCodes reads the code base and returns every action code and object
// type an audit.Change can carry. A code written as a literal is taken as
// it is; one passed through a variable is found among the string literals
// of the same shape in that file (what is not a catalogue key), and one
// built as "prefix." + event.Kind is completed with the file's Kind
// literals. An object type may be a package constant.
func usedCodes(t *testing.T) (actions, objects []string) {
	t.Helper()
	var files []*ast.File
	consts := map[string]map[string]string{} // package dir → constant → value
	root := filepath.Join("..", "..")
	dirOf := map[*ast.File]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files = append(files, f)
		dir := filepath.Dir(path)
		if consts[dir] == nil {
			consts[dir] = map[string]string{}
		}
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, spec := range g.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, name := range vs.Names {
						if i < len(vs.Values) {
							if l, ok := vs.Values[i].(*ast.BasicLit); ok && l.Kind == token.STRING {
								consts[dir][name.Name], _ = strconv.Unquote(l.Value)
							}
						}
					}
				}
			}
		}
		dirOf[f] = dir
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	acts, objs := map[string]bool{}, map[string]bool{}
	str := func(e ast.Expr) (string, bool) {
		if l, ok := e.(*ast.BasicLit); ok && l.Kind == token.STRING {
			s, err := strconv.Unquote(l.Value)
			return s, err == nil
		}
		return "", false
	}
	for _, f := range files {
		variable, kindsFrom := false, []string{}
		ast.Inspect(f, func(n ast.Node) bool {
			cl, ok := n.(*ast.CompositeLit)
			if !ok || !isChange(cl.Type) {
				return true
			}
			for _, el := range cl.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				switch kv.Key.(*ast.Ident).Name {
				case "Action":
					if s, ok := str(kv.Value); ok {
						acts[s] = true
					} else if b, ok := kv.Value.(*ast.BinaryExpr); ok {
						prefix, _ := str(b.X)
						kindsFrom = append(kindsFrom, prefix)
					} else {
						variable = true
					}
				case "ObjectType":
					if s, ok := str(kv.Value); ok {
						objs[s] = true
					} else if id, ok := kv.Value.(*ast.Ident); ok {
						if s, ok := consts[dirOf[f]][id.Name]; ok {
							objs[s] = true
						} else {
							t.Errorf("%s: an object type the scan cannot read: %s", fset.Position(id.Pos()), id.Name)
						}
					}
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, ok := str(n); variable && ok && codeShape.MatchString(s) && !i18n.Has(i18n.LT, s) {
					acts[s] = true
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Kind" {
					if s, ok := str(n.Value); ok {
						for _, prefix := range kindsFrom {
							acts[prefix+s] = true
						}
					}
				}
			}
			return true
		})
	}
	return keys(acts), keys(objs)
}

func isChange(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		return ok && id.Name == "audit" && x.Sel.Name == "Change"
	case *ast.Ident:
		return x.Name == "Change"
	}
	return false
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestEveryCodeHasLabel: the trail shows actions and object types
// in words in both languages; a code added anywhere without its label
// fails here, before anyone sees a bare code.
func TestEveryCodeHasLabel(t *testing.T) {
	actions, objects := usedCodes(t)
	if len(actions) < 40 || len(objects) < 10 {
		t.Fatalf("the scan found only %d actions and %d object types: %v %v", len(actions), len(objects), actions, objects)
	}
	for _, lang := range i18n.Supported {
		for _, a := range actions {
			if !i18n.Has(lang, "audit.action."+a) || audit.ActionLabel(lang, a) == a {
				t.Errorf("action %q has no %s label", a, lang)
			}
		}
		for _, o := range objects {
			if !i18n.Has(lang, "audit.object."+o) {
				t.Errorf("object type %q has no %s label", o, lang)
			}
		}
	}
}
