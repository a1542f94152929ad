package store

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkSuppressionCheck checks one address against a suppression list
// of 100,000 entries (a hit and a miss), on the engine under test: what
// every import row and every send asks.
// Run: go test -run '^$' -bench SuppressionCheck ./store
// (with LEGIT_TEST_POSTGRES set, the PostgreSQL pass follows SQLite's).
func BenchmarkSuppressionCheck(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	s := openTestStore(b)
	err := s.InTx(ctx, func(t *Tx) error {
		ins := `INSERT INTO suppressions (hash, reason, created_at) VALUES (?, 'opt_out', ?)`
		st, err := t.tx.PrepareContext(ctx, ins)
		if err != nil {
			return err
		}
		defer st.Close()
		h := s.addressHasher()
		for i := 0; i < n; i++ {
			if _, err := st.ExecContext(ctx, h(fmt.Sprintf("person%d@example.com", i)), timeText(s.now())); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name, email string
		want        bool
	}{{"hit", "person77777@example.com", true}, {"miss", "nobody@example.com", false}} {
		b.Run(fmt.Sprintf("%s/%s", engineName(), tc.name), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				got, err := s.IsSuppressed(ctx, tc.email)
				if err != nil || got != tc.want {
					b.Fatalf("IsSuppressed(%s) = %v, %v", tc.email, got, err)
				}
			}
		})
	}
}

// engineName names the engine under test in benchmark names.
func engineName() string {
	if onPostgres() {
		return "postgres"
	}
	return "sqlite"
}
