package store

import "testing"

func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"SELECT a FROM t WHERE x = ? AND y = ?", "SELECT a FROM t WHERE x = $1 AND y = $2"},
		{"UPDATE t SET a = ?2 WHERE id = ?1", "UPDATE t SET a = $2 WHERE id = $1"},
		{"SELECT '?', \"a?\" FROM t WHERE x = ?", "SELECT '?', \"a?\" FROM t WHERE x = $1"},
		{"SELECT 'it''s ?' WHERE x = ?", "SELECT 'it''s ?' WHERE x = $1"},
		{"-- is it ?\nSELECT ?", "-- is it ?\nSELECT $1"},
		{"SELECT 1", "SELECT 1"},
		{"SELECT 'open", "SELECT 'open"},
	} {
		if got := rebind(tc.in); got != tc.want {
			t.Errorf("rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzRebind(f *testing.F) {
	f.Add("SELECT ? FROM t WHERE a = ?2 -- x\n AND b = 'q?'")
	f.Fuzz(func(t *testing.T, q string) {
		out := rebind(q)
		if len(out) < len(q)-countQ(q) {
			t.Errorf("rebind lost text: %q → %q", q, out)
		}
	})
}

// countQ counts the question marks in q.
func countQ(q string) int {
	n := 0
	for i := range len(q) {
		if q[i] == '?' {
			n++
		}
	}
	return n
}
