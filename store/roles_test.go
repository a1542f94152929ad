package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	neturl "net/url"
	"strings"
	"testing"

	"legit/contacts"
)

// team is a team database for one test: the owner's store, and one store
// per member connected as that member's own login role.
type team struct {
	owner *Store
	url   string
	as    map[string]*Store // by member email
	who   map[string]Member
}

// newTeam runs team init on a fresh schema and adds a member per role (the
// logins are unique to the test and dropped after it). It skips on SQLite.
func newTeam(t testing.TB, members ...[3]string) *team {
	t.Helper()
	if !onPostgres() {
		t.Skip("PostgreSQL only: roles and row-level security")
	}
	ctx := context.Background()
	url := testDSN(t)
	owner, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	tm := &team{owner: owner, url: url, as: map[string]*Store{}, who: map[string]Member{}}
	if _, err := owner.TeamInit(ctx); err != nil {
		t.Fatalf("TeamInit() = %v", err)
	}
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	suffix := hex.EncodeToString(b)
	var logins []string
	t.Cleanup(func() {
		for _, s := range tm.as {
			_ = s.Close()
		}
		for _, l := range logins {
			_, _ = owner.db.Exec(`DROP OWNED BY ` + ident(l))
			if _, err := owner.db.Exec(`DROP ROLE ` + ident(l)); err != nil {
				t.Errorf("drop test role %s: %v", l, err)
			}
		}
		_ = owner.Close()
	})
	for _, m := range members {
		login := "t" + suffix + "_" + LoginFor(m[1])
		logins = append(logins, login)
		mem, err := owner.AddMember(ctx, m[0], m[1], TeamRole(m[2]), login, "Owner")
		if err != nil {
			t.Fatalf("AddMember(%s) = %v", m[1], err)
		}
		tm.who[m[1]] = mem
		u, err := neturl.Parse(url)
		if err != nil {
			t.Fatal(err)
		}
		u.User = neturl.User(login)
		s, err := Open(ctx, u.String())
		if err != nil {
			t.Fatalf("open as %s: %v", login, err)
		}
		if _, err := s.ConnectRep(ctx, "", ""); err != nil {
			t.Fatalf("ConnectRep as %s: %v", login, err)
		}
		tm.as[m[1]] = s
	}
	return tm
}

// The members the role tests use.
var (
	anna  = [3]string{"Anna Rep", "anna@northwind.example", "rep"}
	sam   = [3]string{"Sam Peeters", "sam@northwind.example", "rep"}
	lena  = [3]string{"Lena Lead", "lena@northwind.example", "lead"}
	dora  = [3]string{"Dora DPO", "dora@northwind.example", "dpo"}
	prosp = "jan.prospect@unikat.example"
)

// add saves a prospect as the member with address by.
func (tm *team) add(t *testing.T, by, email string) contacts.Contact {
	t.Helper()
	s, name := tm.as[by], tm.who[by].Name
	var c contacts.Contact
	err := s.InTx(context.Background(), func(tx *Tx) error {
		var err error
		c, err = tx.AddContact(contacts.Contact{Name: "Jan Prospect", Email: email, Company: "Unikat", Country: "DE",
			Sources: []contacts.Source{{Kind: contacts.LinkedIn, Detail: "connections", ObtainedAt: rightsNow, ObtainedBy: name}}}, name)
		return err
	})
	if err != nil {
		t.Fatalf("AddContact as %s = %v", by, err)
	}
	return c
}

func TestTeamRepSeesOnlyOwnContacts(t *testing.T) {
	tm := newTeam(t, anna, sam, lena)
	ctx := context.Background()
	c := tm.add(t, sam[1], prosp)

	_, err := tm.as[anna[1]].ContactByEmail(ctx, prosp)
	var owned OwnedError
	if !errors.As(err, &owned) || err.Error() != "owned by Sam Peeters; ask your lead to share it" {
		t.Errorf("Anna opens Sam's contact: %v, want 'owned by Sam Peeters; ask your lead to share it'", err)
	}
	if list, err := tm.as[anna[1]].ListContacts(ctx); err != nil || len(list) != 0 {
		t.Errorf("Anna's list = %d contacts (%v), want none", len(list), err)
	}
	res, err := tm.as[anna[1]].db.Exec(`UPDATE contacts SET company = 'x' WHERE id = ?`, c.ID)
	if n, _ := rowsOf(res); err != nil || n != 0 {
		t.Errorf("Anna's UPDATE of Sam's contact changed %d rows (%v), want 0", n, err)
	}
	var sources int
	if err := tm.as[anna[1]].db.QueryRow(`SELECT COUNT(*) FROM sources`).Scan(&sources); err != nil || sources != 0 {
		t.Errorf("Anna sees %d sources (%v), want 0", sources, err)
	}
	if _, err := tm.as[sam[1]].ContactByEmail(ctx, prosp); err != nil {
		t.Errorf("Sam opens his own contact: %v", err)
	}
	lead := tm.as[lena[1]]
	if _, err := lead.ContactByEmail(ctx, prosp); err != nil {
		t.Errorf("the lead opens Sam's contact: %v", err)
	}
	res, err = lead.db.Exec(`UPDATE contacts SET company = 'Unikat Holding' WHERE id = ?`, c.ID)
	if n, _ := rowsOf(res); err != nil || n != 1 {
		t.Errorf("the lead's UPDATE changed %d rows (%v), want 1", n, err)
	}

	if err := lead.ShareContact(ctx, prosp, anna[1], "Lena Lead"); err != nil {
		t.Fatalf("ShareContact() = %v", err)
	}
	if got, err := tm.as[anna[1]].ContactByEmail(ctx, prosp); err != nil || got.Company != "Unikat Holding" {
		t.Errorf("Anna opens the shared contact: %+v, %v", got.Company, err)
	}
	if err := tm.as[sam[1]].ShareContact(ctx, prosp, anna[1], "Sam Peeters"); err == nil {
		t.Error("a rep shared a contact: only a lead may")
	}
}

// rowsOf is how many rows a statement changed (0 when it failed).
func rowsOf(res interface{ RowsAffected() (int64, error) }) (int64, error) {
	if res == nil {
		return 0, nil
	}
	return res.RowsAffected()
}

func TestTeamDPOErasesAcrossTheOrganisation(t *testing.T) {
	tm := newTeam(t, anna, sam, dora, lena)
	ctx := context.Background()
	c := tm.add(t, sam[1], prosp)
	if _, err := tm.as[anna[1]].Erase(ctx, c.ID, "Anna Rep", "asked"); err == nil {
		t.Error("Anna erased Sam's contact")
	}
	if err := tm.as[lena[1]].ShareContact(ctx, prosp, anna[1], "Lena Lead"); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.as[anna[1]].Erase(ctx, c.ID, "Anna Rep", "asked"); !errors.Is(err, ErrNotYours) || !strings.Contains(err.Error(), "Sam Peeters") {
		t.Errorf("Anna's erasure of Sam's contact shared with her = %v, want ErrNotYours naming Sam", err)
	}
	if _, err := tm.owner.Contact(ctx, c.ID); err != nil {
		t.Fatalf("after Anna's refused erasure the contact is %v", err)
	}
	if _, err := tm.as[anna[1]].db.Exec(`DELETE FROM contacts WHERE id = ?`, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.owner.Contact(ctx, c.ID); err != nil {
		t.Errorf("a rep's DELETE of a shared contact removed it (%v): only its owner, a lead or the DPO erase", err)
	}
	if _, err := tm.as[dora[1]].Erase(ctx, c.ID, "Dora DPO", "asked"); err != nil {
		t.Fatalf("the DPO's Erase() = %v", err)
	}
	if _, err := tm.owner.Contact(ctx, c.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("after the DPO's erasure the contact is %v, want ErrNotFound", err)
	}
	if chk, err := tm.as[sam[1]].CheckAddress(ctx, prosp); err != nil || !chk.Suppressed {
		t.Errorf("after erasure Sam's check = %+v, %v: want suppressed", chk, err)
	}
	// A lead erases a rep's contact too (issue 15: the DPO or a lead).
	other := tm.add(t, sam[1], "ola.other@unikat.example")
	if _, err := tm.as[lena[1]].Erase(ctx, other.ID, "Lena Lead", "asked"); err != nil {
		t.Fatalf("the lead's Erase() = %v", err)
	}
	if _, err := tm.owner.Contact(ctx, other.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("after the lead's erasure the contact is %v, want ErrNotFound", err)
	}
}

func TestTeamLogAndListAreOutOfReach(t *testing.T) {
	tm := newTeam(t, anna, lena, dora)
	ctx := context.Background()
	tm.add(t, anna[1], prosp)
	for _, m := range []string{anna[1], lena[1], dora[1]} {
		for _, q := range []string{
			`UPDATE events SET rep = 'someone'`,
			`DELETE FROM events`,
			`TRUNCATE events`,
			`DROP TRIGGER events_no_update ON events`,
			`DROP TRIGGER events_chain ON events`,
			`ALTER TABLE events DISABLE TRIGGER ALL`,
			`ALTER TABLE events DISABLE TRIGGER USER`,
			`ALTER TABLE events DISABLE TRIGGER events_chain`,
			`DROP FUNCTION legit_event_chain() CASCADE`,
			`CREATE OR REPLACE FUNCTION legit_event_hash(a text, b text, c text, d text, e text, f text)
				RETURNS text LANGUAGE sql AS $$ SELECT 'forged' $$`,
			`CREATE OR REPLACE FUNCTION legit_go_json(j json) RETURNS text LANGUAGE sql AS $$ SELECT '""' $$`,
			`CREATE TABLE mine (x int)`,
			`DROP POLICY contacts_read ON contacts`,
			`DELETE FROM suppressions`,
			`UPDATE suppressions SET reason = 'manual'`,
			`ALTER TABLE contacts DISABLE ROW LEVEL SECURITY`,
		} {
			if _, err := tm.as[m].db.Exec(q); err == nil {
				t.Errorf("%s could run %q", m, q)
			}
		}
	}
	if _, err := tm.as[anna[1]].db.Exec(`UPDATE organisation SET daily_cap = 400`); err == nil {
		t.Error("a rep changed the caps")
	}
	var key []byte
	if err := tm.as[lena[1]].db.QueryRow(`SELECT value FROM meta WHERE key = 'suppression_key'`).Scan(&key); err == nil {
		t.Error("the lead read the suppression key")
	}
	// A rep sees no entry of the list but their own contacts' own.
	if _, err := tm.owner.RecordOptOut(ctx, OptOut{Email: "stranger@elsewhere.example", Reason: ReasonOptOut, Via: "phone", Rep: "Owner"}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tm.as[anna[1]].db.QueryRow(`SELECT COUNT(*) FROM suppressions`).Scan(&n); err != nil || n != 0 {
		t.Errorf("Anna reads %d entries of the suppression list (%v), want 0", n, err)
	}
	// Appends by members keep one chain.
	if _, err := tm.as[lena[1]].RecordOptOut(ctx, OptOut{Email: prosp, Reason: ReasonObjection, Via: "phone", Rep: "Lena Lead"}); err != nil {
		t.Fatalf("the lead records an objection: %v", err)
	}
	if _, err := tm.as[anna[1]].db.Exec(`INSERT INTO events (at, rep, kind, details) VALUES ('x', 'Lena Lead', 'send', '{}')`); err == nil {
		t.Error("Anna appended an event under the lead's name")
	}
	// No member writes an event's id or links: the server chains each
	// append to the last event, whoever wrote it.
	for _, m := range []string{anna[1], lena[1], dora[1]} {
		db, name := tm.as[m].db, tm.who[m].Name
		for _, q := range []string{
			`INSERT INTO events (at, rep, kind, details, prev_hash, hash) VALUES ('x', ?, 'send', '{}', 'forged', 'forged')`,
			`INSERT INTO events (id, at, rep, kind, details) VALUES (1, 'x', ?, 'send', '{}')`,
		} {
			if _, err := db.Exec(q, name); err == nil || !strings.Contains(err.Error(), "permission denied") {
				t.Errorf("%s ran %q: %v, want permission denied", m, q, err)
			}
		}
		var lastID int64
		var last string
		if err := tm.owner.db.QueryRow(`SELECT id, hash FROM events ORDER BY id DESC LIMIT 1`).Scan(&lastID, &last); err != nil {
			t.Fatal(err)
		}
		var id int64
		var prev, hash string
		err := db.QueryRow(`INSERT INTO events (at, rep, kind, details) VALUES ('2025-03-01T09:00:00Z', ?, 'export', '{"by":"hand"}')
			RETURNING id, prev_hash, hash`, name).Scan(&id, &prev, &hash)
		if want := EventHash(last, "2025-03-01T09:00:00Z", name, "export", "", `{"by":"hand"}`); err != nil ||
			id != lastID+1 || prev != last || hash != want {
			t.Errorf("%s's own insert stored as id %d prev %s hash %s (%v); want id %d chained to %s with hash %s",
				m, id, prev, hash, err, lastID+1, last, want)
		}
	}
	for _, s := range []*Store{tm.owner, tm.as[anna[1]]} {
		rep, err := s.VerifyChain(ctx)
		if err != nil || rep.Events < 7 {
			t.Errorf("VerifyChain() after members appended = %+v, %v", rep, err)
		}
	}
}

func TestTeamSuppressionIsOneList(t *testing.T) {
	tm := newTeam(t, anna, sam, lena)
	ctx := context.Background()
	c := tm.add(t, sam[1], prosp)
	want := tm.owner.AddressHash(prosp)
	if got := tm.as[anna[1]].AddressHash(strings.ToUpper(prosp)); got != want {
		t.Errorf("the server's hash %q differs from the owner's %q", got, want)
	}
	chk, err := tm.as[anna[1]].CheckAddress(ctx, prosp)
	if err != nil || chk.Blocked() || chk.Owner != "Sam Peeters" {
		t.Errorf("Anna's check before = %+v, %v", chk, err)
	}
	// Anna hears the objection; she does not hold the contact.
	if _, err := tm.as[anna[1]].RecordOptOut(ctx, OptOut{Email: prosp, Reason: ReasonObjection, Via: "phone", Rep: "Anna Rep"}); err != nil {
		t.Fatalf("Anna records the objection: %v", err)
	}
	chk, err = tm.as[anna[1]].CheckAddress(ctx, prosp)
	if err != nil || !chk.Suppressed {
		t.Errorf("Anna's check after = %+v, %v", chk, err)
	}
	sam := tm.as[sam[1]]
	if err := sam.InTx(ctx, func(tx *Tx) error {
		sup, err := tx.IsSuppressed(prosp)
		if err == nil && !sup {
			err = errors.New("not suppressed")
		}
		return err
	}); err != nil {
		t.Errorf("Sam's send-time check: %v", err)
	}
	id, err := sam.SaveDraft(ctx, Message{ContactID: c.ID, RepID: tm.who[sam1].ID, Subject: "Hello", Body: "Hi Jan"})
	if err != nil {
		t.Fatal(err)
	}
	err = sam.MarkSending(ctx, Message{ID: id, ContactID: c.ID, MessageID: "m1@northwind.example", Raw: []byte("x"), Subject: "Hello", Body: "Hi Jan"})
	if err == nil || !strings.Contains(err.Error(), "suppression list") {
		t.Errorf("Sam's send after Anna's opt-out: %v, want refused by the suppression list", err)
	}
}

// sam1 is Sam's address.
var sam1 = sam[1]

func TestTeamDomainSuppressionByALead(t *testing.T) {
	tm := newTeam(t, anna, lena)
	ctx := context.Background()
	if err := tm.as[anna[1]].SuppressDomain(ctx, "unikat.example", "Anna Rep"); err == nil {
		t.Error("a rep suppressed a whole domain")
	}
	if err := tm.as[lena[1]].SuppressDomain(ctx, "@Unikat.example", "Lena Lead"); err != nil {
		t.Fatalf("the lead's SuppressDomain() = %v", err)
	}
	chk, err := tm.as[anna[1]].CheckAddress(ctx, "someone@unikat.example")
	if err != nil || !chk.Domain || chk.Suppressed {
		t.Errorf("check of an address at the domain = %+v, %v", chk, err)
	}
	if err := tm.as[anna[1]].InTx(ctx, func(tx *Tx) error {
		sup, err := tx.IsSuppressed("other@UNIKAT.example")
		if err == nil && !sup {
			err = errors.New("not suppressed")
		}
		return err
	}); err != nil {
		t.Errorf("IsSuppressed at the domain: %v", err)
	}
}

func TestTeamRemoveHandsContactsToALead(t *testing.T) {
	tm := newTeam(t, anna, sam, lena)
	ctx := context.Background()
	c := tm.add(t, sam[1], prosp)
	if _, err := tm.owner.RemoveMember(ctx, sam[1], anna[1], "Owner"); !errors.Is(err, ErrBadMember) {
		t.Errorf("handing contacts to a rep: %v, want ErrBadMember", err)
	}
	n, err := tm.owner.RemoveMember(ctx, sam[1], lena[1], "Owner")
	if err != nil || n != 1 {
		t.Fatalf("RemoveMember() = %d, %v", n, err)
	}
	ms, err := tm.owner.Members(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Email == sam[1] && m.Active {
			t.Errorf("Sam's login still active: %+v", m)
		}
	}
	var owner int64
	if err := tm.owner.db.QueryRow(`SELECT owner_id FROM contacts WHERE id = ?`, c.ID).Scan(&owner); err != nil || owner != tm.who[lena[1]].ID {
		t.Errorf("the contact's owner is %d (%v), want the lead %d", owner, err, tm.who[lena[1]].ID)
	}
}

func TestTeamInitOnSQLite(t *testing.T) {
	if onPostgres() {
		t.Skip("SQLite only: the refusal")
	}
	s := openTestStore(t)
	if _, err := s.TeamInit(context.Background()); !errors.Is(err, ErrNoTeam) {
		t.Errorf("TeamInit() on SQLite = %v, want ErrNoTeam", err)
	}
	if err := s.SuppressDomain(context.Background(), "unikat.example", "Robin"); err != nil {
		t.Fatal(err)
	}
	chk, err := s.CheckAddress(context.Background(), "jan@unikat.example")
	if err != nil || !chk.Domain {
		t.Errorf("CheckAddress() after a domain suppression = %+v, %v", chk, err)
	}
}
