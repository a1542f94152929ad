package main

import (
	"bufio"
	"bytes"
	"os/exec"
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
