package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkOpenNewDatabase is what every first command pays before it does
// anything: creating a database file and bringing it to the current schema
// (SQLite only).
//
//	go test -run '^$' -bench OpenNewDatabase -benchtime 20x ./store
func BenchmarkOpenNewDatabase(b *testing.B) {
	if onPostgres() {
		b.Skip("SQLite only")
	}
	dir := b.TempDir()
	for i := 0; b.Loop(); i++ {
		s, err := Open(context.Background(), filepath.Join(dir, fmt.Sprintf("new%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
