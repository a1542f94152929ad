package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLayout enforces the import rules of the layout with go list: data
// flows one way (ui → outreach → store → notice → contacts), each folder
// owns one thing, no terminal package below ui, SQL only in store.
func TestLayout(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}:{{join .Deps \" \"}}:{{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Skipf("go list is not available here: %v", err)
	}
	deps, direct := map[string][]string{}, map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), ":", 3)
		if len(f) == 3 && strings.HasPrefix(f[0], "legit") {
			deps[f[0]], direct[f[0]] = strings.Fields(f[1]), strings.Fields(f[2])
		}
	}
	ours := func(d string) bool { return d == "legit" || strings.HasPrefix(d, "legit/") }
	terminal := func(d string) bool {
		return strings.HasPrefix(d, "charm.land/") || strings.HasPrefix(d, "github.com/charmbracelet/") ||
			strings.HasPrefix(d, "github.com/spf13/cobra")
	}
	for pkg, ds := range deps {
		under := func(dir string) bool { return pkg == "legit/"+dir || strings.HasPrefix(pkg, "legit/"+dir+"/") }
		for _, d := range ds {
			switch {
			case under("contacts") && ours(d):
				t.Errorf("%s imports %s: contacts imports nothing of ours", pkg, d)
			case under("notice") && ours(d) && d != "legit/contacts":
				t.Errorf("%s imports %s: notice imports only contacts", pkg, d)
			case (under("contacts") || under("notice") || under("outreach") || under("store")) && terminal(d):
				t.Errorf("%s imports %s: no terminal package below ui", pkg, d)
			case (under("store") || under("outreach") || under("notice") || under("contacts")) && (d == "legit/ui" || strings.HasPrefix(d, "legit/ui/")):
				t.Errorf("%s imports %s: nothing below ui imports it", pkg, d)
			case under("store") && (d == "legit/outreach" || strings.HasPrefix(d, "legit/outreach/")):
				t.Errorf("%s imports %s: store holds no sending", pkg, d)
			}
		}
	}
	for pkg, ds := range direct {
		for _, d := range ds {
			if d == "database/sql" && pkg != "legit/store" && !strings.HasPrefix(pkg, "legit/store/") {
				t.Errorf("%s imports database/sql: SQL lives only in store", pkg)
			}
		}
	}
	if len(deps) < 6 {
		t.Fatalf("go list found only %d of our packages", len(deps))
	}
}

// TestUIHoldsNoConcreteStore enforces that the screens ask the database
// through their own small interfaces (ui.Store): no non-test file of
// package ui names or holds a *store.Store or a store.Tx. ui/cli, which
// opens the store, may. The files are type-checked (go/types, with the
// export data go list builds), so an alias or a value obtained without
// naming the type is caught too.
func TestUIHoldsNoConcreteStore(t *testing.T) {
	out, err := exec.Command("go", "list", "-export", "-deps", "-f",
		"{{.ImportPath}}\t{{.Export}}\t{{.Dir}}\t{{join .GoFiles \"\\t\"}}", "./ui").Output()
	if err != nil {
		t.Skipf("go list is not available here: %v", err)
	}
	exports := map[string]string{}
	var dir string
	var files []string
	for line := range strings.Lines(string(out)) {
		f := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
		if len(f) < 3 {
			continue
		}
		exports[f[0]] = f[1]
		if f[0] == "legit/ui" {
			dir, files = f[2], f[3:]
		}
	}
	if len(files) < 10 {
		t.Fatalf("go list found %d files in package ui", len(files))
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range files {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if exports[path] == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(exports[path])
	})
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	if _, err := (&types.Config{Importer: imp}).Check("legit/ui", fset, parsed, info); err != nil {
		t.Fatalf("type-check package ui: %v", err)
	}
	concrete := func(typ types.Type) string {
		if p, ok := typ.(*types.Pointer); ok {
			typ = p.Elem()
		}
		n, ok := types.Unalias(typ).(*types.Named)
		if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "legit/store" || (n.Obj().Name() != "Store" && n.Obj().Name() != "Tx") {
			return ""
		}
		return "store." + n.Obj().Name()
	}
	found := map[string]bool{}
	for id, obj := range info.Uses {
		if tn, ok := obj.(*types.TypeName); ok && concrete(tn.Type()) != "" {
			found[fmt.Sprintf("%s: names %s", fset.Position(id.Pos()), concrete(tn.Type()))] = true
		}
	}
	for e, tv := range info.Types {
		if c := concrete(tv.Type); c != "" && tv.IsValue() {
			found[fmt.Sprintf("%s: holds a %s", fset.Position(e.Pos()), c)] = true
		}
	}
	for _, f := range slices.Sorted(maps.Keys(found)) {
		t.Errorf("%s: the screens ask through their interfaces (ui.Store), never the concrete store or a transaction", f)
	}
}
