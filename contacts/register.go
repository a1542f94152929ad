package contacts

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// ParseRegister reads a public refusal register (the Bulgarian KZP register,
// the Austrian ECG list, the Portuguese Robinson list) as published: one
// address per line, or a CSV/TSV export with the address in any column. It
// returns the normalised addresses, each once, and the lines that hold text
// but no address it can use, with their line numbers. A first line without
// an address is taken as a heading.
func ParseRegister(data []byte) ([]string, []RowError) {
	var out []string
	var bad []RowError
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		found := false
		for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == '\t' || r == ' ' }) {
			f = strings.Trim(f, `"'<>`)
			if !strings.Contains(f, "@") {
				continue
			}
			if e, err := NormalizeAddress(f); err == nil {
				found = true
				if !seen[MatchKey(e)] {
					seen[MatchKey(e)] = true
					out = append(out, e)
				}
			}
		}
		if !found && line > 1 {
			bad = append(bad, RowError{Line: line, Reason: fmt.Sprintf("no usable address in %q", Clean(truncate(text, 60)))})
		}
	}
	if err := sc.Err(); err != nil {
		bad = append(bad, RowError{Line: line + 1, Reason: "the file could not be read on from here: " + err.Error()})
	}
	return out, bad
}

// truncate cuts s to n runes.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
