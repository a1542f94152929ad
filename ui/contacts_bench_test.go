package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"legit/contacts"
)

// benchContacts makes n synthetic contacts, ordered by name as the store
// lists them, each with one source obtained in the last 60 days.
func benchContacts(n int) []contacts.Contact {
	first := []string{"Anna", "Łukasz", "Jörg", "Marie", "Søren", "Ivan", "Zoë", "Pieter", "Agnieszka", "Weiß"}
	last := []string{"Müller", "Kowalski", "de Vries", "Dvořák", "Nowak", "Petrov", "Jansen", "Schmidt"}
	comp := []string{"Polderdata B.V.", "Acme GmbH", "Kraków Soft", "Nordlys AS", "Sofia Labs"}
	list := make([]contacts.Contact, n)
	for i := range list {
		name := fmt.Sprintf("%s %s %06d", first[i%len(first)], last[(i/len(first))%len(last)], i)
		list[i] = contacts.Contact{
			ID: int64(i + 1), Name: name, Company: comp[i%len(comp)], Position: "Head of IT",
			Email: fmt.Sprintf("c%06d@example.com", i), Country: "NL", LegalForm: contacts.LegalPerson,
			Relationship: contacts.Prospect, Status: contacts.Active,
			Sources: []contacts.Source{{Kind: contacts.SourceKind("linkedin"), ObtainedAt: testNow.AddDate(0, 0, -(i % 60))}},
		}
		if i%3 == 0 {
			list[i].Basis = contacts.Basis{Kind: contacts.LegitimateInterest}
		}
	}
	return list
}

// benchList is a contact list 100x30 with list loaded.
func benchList(b testing.TB, list []contacts.Contact) *contactList {
	b.Helper()
	sh := &shared{Deps: Deps{Now: func() time.Time { return testNow }, DeadlineDays: 30}, st: newStyles(true), width: 100, height: 30}
	l := newContactList(sh)
	l.update(contactsLoadedMsg{list: list})
	_ = l.view()
	return l
}

var benchSizes = []int{10_000, 100_000}

// BenchmarkContactListFirstFrame: the rows read from the store become the
// first frame (the store's read is not counted here).
func BenchmarkContactListFirstFrame(b *testing.B) {
	for _, n := range benchSizes {
		list := benchContacts(n)
		b.Run(fmt.Sprintf("contacts=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sh := &shared{Deps: Deps{Now: func() time.Time { return testNow }, DeadlineDays: 30}, st: newStyles(true), width: 100, height: 30}
				l := newContactList(sh)
				l.update(contactsLoadedMsg{list: list})
				_ = l.view()
			}
		})
	}
}

// BenchmarkContactListKeystroke: one key typed into the filter (a letter,
// then the next time a backspace), the list filtered once the typing
// pauses, and the frame drawn.
func BenchmarkContactListKeystroke(b *testing.B) {
	for _, n := range benchSizes {
		list := benchContacts(n)
		b.Run(fmt.Sprintf("contacts=%d", n), func(b *testing.B) {
			l := benchList(b, list)
			l.search.focus()
			keys := []tea.KeyPressMsg{{Code: 'm', Text: "m"}, {Code: tea.KeyBackspace}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				l.update(keys[i%2])
				l.update(filterDueMsg{typed: l.typed})
				_ = l.view()
				i++
			}
		})
	}
}

// BenchmarkContactListCursorMove: one row down (or back up) and the frame.
func BenchmarkContactListCursorMove(b *testing.B) {
	for _, n := range benchSizes {
		list := benchContacts(n)
		b.Run(fmt.Sprintf("contacts=%d", n), func(b *testing.B) {
			l := benchList(b, list)
			keys := []tea.KeyPressMsg{{Code: 'j', Text: "j"}, {Code: 'k', Text: "k"}}
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
