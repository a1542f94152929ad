package store

import (
	"context"
	"path/filepath"
	"testing"

	"legit/contacts"
)

// BenchmarkImportLinkedIn30kInto is BenchmarkImportLinkedIn30k into a
// database that holds one contact already: the import keeps its indexes
// and looks its rows up in the database, where into an empty one it finds
// them in memory (importMemory).
//
//	go test -run '^$' -bench 'ImportLinkedIn30k' -benchtime 5x ./store
func BenchmarkImportLinkedIn30kInto(b *testing.B) {
	path := filepath.Join(b.TempDir(), "Connections.csv")
	writeLinkedIn(b, path, linkedIn30k, false)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s, rep := openImportStore(b)
		one := []contacts.ImportRow{{Line: 2, Name: "Held Before", Email: "held@before.example"}}
		if _, err := s.Import(ctx, batchFor(contacts.Parsed{Format: contacts.FormatCSV}, rep, contacts.Event), one, nil); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		importLinkedInFile(b, s, rep, path)
	}
}
