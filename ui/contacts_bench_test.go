package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"legit/contacts"
	"legit/store"
)

// benchContact is synthetic contact i of a list: one source obtained in the
// last 60 days, a basis for every third.
func benchContact(i int) contacts.Contact {
	first := []string{"Anna", "Łukasz", "Jörg", "Marie", "Søren", "Ivan", "Zoë", "Pieter", "Agnieszka", "Weiß"}
	last := []string{"Müller", "Kowalski", "de Vries", "Dvořák", "Nowak", "Petrov", "Jansen", "Schmidt"}
	comp := []string{"Polderdata B.V.", "Acme GmbH", "Kraków Soft", "Nordlys AS", "Sofia Labs"}
	c := contacts.Contact{
		Name: fmt.Sprintf("%s %s %06d", first[i%len(first)], last[(i/len(first))%len(last)], i), Company: comp[i%len(comp)],
		Position: "Head of IT", Email: fmt.Sprintf("c%06d@example.com", i), Country: "NL", LegalForm: contacts.LegalPerson,
		Sources: []contacts.Source{{Kind: contacts.LinkedIn, Detail: "LinkedIn export", ObtainedBy: "Bench",
			ObtainedAt: testNow.AddDate(0, 0, -(i % 60))}},
	}
	if i%3 == 0 {
		c.Basis = contacts.Basis{Kind: contacts.LegitimateInterest, Author: "Bench",
			Assessment: contacts.Assessment{Purpose: "p", Necessity: "n", Balancing: "b"}}
	}
	return c
}

// fillBenchStore saves n synthetic contacts into st.
func fillBenchStore(tb testing.TB, st *store.Store, n int) {
	tb.Helper()
	for from := 0; from < n; from += 10_000 {
		err := st.InTx(context.Background(), func(tx *store.Tx) error {
			for i := from; i < min(n, from+10_000); i++ {
				if _, err := tx.AddContact(benchContact(i), "Bench"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// benchStoreWith opens a new store holding n synthetic contacts.
func benchStoreWith(tb testing.TB, n int) *store.Store {
	tb.Helper()
	st, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "legit.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	st.SetClock(func() time.Time { return testNow })
	fillBenchStore(tb, st, n)
	return st
}

// benchStore opens a cached database of n synthetic contacts (built once,
// kept in the temp folder), with its list columns worked out.
func benchStore(b *testing.B, n int) *store.Store {
	b.Helper()
	path := filepath.Join(os.TempDir(), "legit-bench-list-v1", fmt.Sprintf("contacts-%d.db", n))
	if _, err := os.Stat(path); err != nil {
		_ = os.MkdirAll(filepath.Dir(path), 0o700)
		tmp := path + ".building"
		_ = os.Remove(tmp)
		st, err := store.Open(context.Background(), tmp)
		if err != nil {
			b.Fatal(err)
		}
		st.SetClock(func() time.Time { return testNow })
		fillBenchStore(b, st, n)
		if _, err := st.CountList(context.Background(), listQuery(FilterAll, "", testNow, 30)); err != nil {
			b.Fatal(err)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		for _, sfx := range []string{"", "-wal", "-shm"} {
			_ = os.Rename(tmp+sfx, path+sfx)
		}
	}
	st, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	return st
}

// testList is a contact list 100x30 on st, read.
func testList(tb testing.TB, st *store.Store) *contactList {
	tb.Helper()
	sh := &shared{Deps: Deps{Store: st, Now: func() time.Time { return testNow }, DeadlineDays: 30}, st: newStyles(true), width: 100, height: 30}
	l := newContactList(sh)
	runList(l, l.init())
	_ = l.view()
	return l
}

// benchSizes are the table sizes the list benchmarks run at; LEGIT_BENCH_1M
// adds a million.
func benchSizes() []int {
	if os.Getenv("LEGIT_BENCH_1M") != "" {
		return []int{10_000, 100_000, 1_000_000}
	}
	return []int{10_000, 100_000}
}

// BenchmarkContactListFirstFrame: the list screen opens and draws its first
// frame with rows: the counts, a page of rows, the frame.
func BenchmarkContactListFirstFrame(b *testing.B) {
	for _, n := range benchSizes() {
		st := benchStore(b, n)
		b.Run(fmt.Sprintf("contacts=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = testList(b, st)
			}
		})
	}
}

// BenchmarkContactListKeystroke: one key typed into the filter, as the
// model handles it before typing pauses, and the frame.
func BenchmarkContactListKeystroke(b *testing.B) {
	for _, n := range benchSizes() {
		st := benchStore(b, n)
		b.Run(fmt.Sprintf("contacts=%d", n), func(b *testing.B) {
			l := testList(b, st)
			l.search.focus()
			keys := []tea.KeyPressMsg{{Code: 'm', Text: "m"}, {Code: tea.KeyBackspace}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				l.update(keys[i%2])
				_ = l.view()
				i++
			}
		})
	}
}

// BenchmarkContactListFilter: typing pauses and the list follows the text
// (one letter, then the next time none): the count and page queries, the
// frame.
func BenchmarkContactListFilter(b *testing.B) {
	for _, n := range benchSizes() {
		st := benchStore(b, n)
		for _, text := range []string{"m", "kowalski 0099"} {
			b.Run(fmt.Sprintf("contacts=%d/text=%s", n, text), func(b *testing.B) {
				l := testList(b, st)
				l.search.focus()
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					if i%2 == 0 {
						l.search.input.SetValue(text)
					} else {
						l.search.input.SetValue("")
					}
					_, cmd := l.update(filterDueMsg{typed: l.typed})
					runList(l, cmd)
					_ = l.view()
					i++
				}
			})
		}
	}
}

// BenchmarkContactListCursorMove: one row down (with the page read ahead
// when it is due) and the frame, through the whole list and back to the top.
func BenchmarkContactListCursorMove(b *testing.B) {
	for _, n := range benchSizes() {
		st := benchStore(b, n)
		b.Run(fmt.Sprintf("contacts=%d", n), func(b *testing.B) {
			l := testList(b, st)
			down, top := tea.KeyPressMsg{Code: 'j', Text: "j"}, tea.KeyPressMsg{Code: 'g', Text: "g"}
			b.ReportAllocs()
			for b.Loop() {
				k := down
				if l.cursor == n-1 {
					k = top
				}
				_, cmd := l.update(k)
				runList(l, cmd)
				_ = l.view()
			}
		})
	}
}

// BenchmarkContactsJSON: `legit contacts --json` without the process: every
// contact streamed as JSON (compare with sqlite3 -json of the list query,
// see the closing note of issue 18).
func BenchmarkContactsJSON(b *testing.B) {
	for _, n := range benchSizes() {
		st := benchStore(b, n)
		b.Run(fmt.Sprintf("contacts=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := StreamContacts(context.Background(), st, io.Discard, FilterAll, testNow, 30, true); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
