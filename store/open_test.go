package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"legit/contacts"
)

// openTemp opens a fresh database in a temp dir with a fixed clock.
func openTemp(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "legit.db"))
	if err != nil {
		t.Fatalf("Open() = %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	st.SetClock(func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) })
	return st
}

func TestOpenSettingsReadBack(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	for _, tc := range []struct{ pragma, want string }{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"busy_timeout", "5000"},
		{"secure_delete", "1"},
		{"page_size", "16384"},
	} {
		got, err := st.Pragma(ctx, tc.pragma)
		if err != nil {
			t.Fatalf("Pragma(%s) = %v", tc.pragma, err)
		}
		if got != tc.want {
			t.Errorf("PRAGMA %s = %q, want %q", tc.pragma, got, tc.want)
		}
	}
	if _, err := st.Pragma(ctx, "x; DROP TABLE contacts"); err == nil {
		t.Errorf("Pragma accepted an injected name")
	}
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	st := openTemp(t)
	fi, err := os.Stat(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("database mode = %o, want 600", mode)
	}
	di, err := os.Stat(filepath.Dir(st.Path()))
	if err != nil {
		t.Fatal(err)
	}
	if mode := di.Mode().Perm(); mode != 0o700 {
		t.Errorf("database folder mode = %o, want 700", mode)
	}
}

func TestMigrationsApplyInOrderOnce(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatalf("migrations() = %v", err)
	}
	if len(ms) == 0 || ms[0].version != 1 {
		t.Fatalf("migrations() = %d steps, want the first to be version 1", len(ms))
	}
	for i := 1; i < len(ms); i++ {
		if ms[i].version <= ms[i-1].version {
			t.Errorf("migration %s after %s: not in order", ms[i].name, ms[i-1].name)
		}
	}
	st := openTemp(t)
	ctx := context.Background()
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := ms[len(ms)-1].version; v != want {
		t.Errorf("SchemaVersion() = %d, want %d", v, want)
	}
	path := st.Path()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer again.Close()
	var n int
	if err := again.db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(ms) {
		t.Errorf("schema_migrations has %d rows after reopening, want %d", n, len(ms))
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	st := openTemp(t)
	if _, err := st.db.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, 'future', 'x')`); err != nil {
		t.Fatal(err)
	}
	path := st.Path()
	_ = st.Close()
	if s, err := Open(context.Background(), path); err == nil {
		_ = s.Close()
		t.Fatal("Open() of a database from a newer legit succeeded, want an error")
	}
}

func TestSuppressionKeyIsStable(t *testing.T) {
	st := openTemp(t)
	h1 := st.AddressHash("Anna@Example.com")
	if h1 != st.AddressHash("anna@example.com") {
		t.Errorf("AddressHash differs by case")
	}
	path := st.Path()
	_ = st.Close()
	again, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if h2 := again.AddressHash("anna@example.com"); h2 != h1 {
		t.Errorf("AddressHash changed across reopen: the suppression list would be lost")
	}
	other := openTemp(t)
	if other.AddressHash("anna@example.com") == h1 {
		t.Errorf("two databases share a suppression key")
	}
}

func sampleContact(email string) contacts.Contact {
	obtained := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	return contacts.Contact{
		Name: "Anna Müller", Email: email, Company: "Kraftwerk GmbH", Country: "DE", Language: "de",
		Sources: []contacts.Source{{Kind: contacts.LinkedIn, Detail: "LinkedIn export", ObtainedAt: obtained, ObtainedBy: "Robin"}},
		Basis: contacts.Basis{Kind: contacts.LegitimateInterest, Author: "Robin",
			Assessment: contacts.Assessment{Purpose: "p", Necessity: "n", Balancing: "b"}},
		Consents: []contacts.Consent{{Purpose: contacts.ConsentTracking, Evidence: "<m@x>", GrantedAt: obtained}},
	}
}

func TestAddContactRoundTrip(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	var saved contacts.Contact
	err := st.InTx(ctx, func(tx *Tx) error {
		var err error
		saved, err = tx.AddContact(sampleContact("anna@kraftwerk.example"), "Robin")
		return err
	})
	if err != nil {
		t.Fatalf("AddContact() = %v", err)
	}
	got, err := st.ContactByEmail(ctx, "ANNA@kraftwerk.example")
	if err != nil {
		t.Fatalf("ContactByEmail() = %v", err)
	}
	if got.ID != saved.ID || got.Ref == "" || got.Name != "Anna Müller" || got.Country != "DE" {
		t.Errorf("ContactByEmail() = %+v, want the saved contact", got)
	}
	if len(got.Sources) != 1 || got.Sources[0].Kind != contacts.LinkedIn || got.Sources[0].ObtainedBy != "Robin" {
		t.Errorf("sources = %+v, want one LinkedIn source by Robin", got.Sources)
	}
	if got.Basis.Kind != contacts.LegitimateInterest || got.Basis.Assessment.Necessity != "n" {
		t.Errorf("basis = %+v, want the legitimate-interest assessment", got.Basis)
	}
	if _, ok := got.ActiveConsent(contacts.ConsentTracking); !ok {
		t.Errorf("tracking consent lost: %+v", got.Consents)
	}
	list, err := st.ListContacts(ctx)
	if err != nil || len(list) != 1 || len(list[0].Sources) != 1 || list[0].Basis.Assessment.Purpose != "p" {
		t.Errorf("ListContacts() = %+v, %v; want the one contact with its details", list, err)
	}
	err = st.InTx(ctx, func(tx *Tx) error {
		_, err := tx.AddContact(sampleContact("Anna@kraftwerk.example"), "Robin")
		return err
	})
	if err == nil {
		t.Errorf("adding the same address twice succeeded, want ErrDuplicate")
	}
	if n, _ := st.CountContacts(ctx); n != 1 {
		t.Errorf("CountContacts() = %d after a refused duplicate, want 1", n)
	}
}

func TestOptedOutContactIsSuppressedAndLogged(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	c := sampleContact("ines@lisboa.example")
	c.Status = contacts.OptedOut
	if err := st.InTx(ctx, func(tx *Tx) error { _, err := tx.AddContact(c, "Robin"); return err }); err != nil {
		t.Fatal(err)
	}
	ok, err := st.IsSuppressed(ctx, "INES@lisboa.example")
	if err != nil || !ok {
		t.Errorf("IsSuppressed() = %v, %v; want true", ok, err)
	}
	var kinds []string
	rows, err := st.db.Query(`SELECT kind, details FROM events ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, d string
		if err := rows.Scan(&k, &d); err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, k)
		for _, pii := range []string{"ines", "Anna", "lisboa"} {
			if strings.Contains(d, pii) {
				t.Errorf("event %s details %s contain personal data %q", k, d, pii)
			}
		}
	}
	if len(kinds) != 2 || kinds[0] != "suppression" || kinds[1] != "contact_added" {
		t.Errorf("event kinds = %v, want [suppression contact_added]", kinds)
	}
}
