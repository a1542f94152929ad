package store

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// serverHash is what PostgreSQL's legit_event_hash (migration 0014) makes of
// the fields.
func serverHash(t testing.TB, s *Store, f [6]string) string {
	t.Helper()
	var h string
	if err := s.db.QueryRow(`SELECT legit_event_hash(?, ?, ?, ?, ?, ?)`, f[0], f[1], f[2], f[3], f[4], f[5]).Scan(&h); err != nil {
		t.Fatalf("legit_event_hash(%q) = %v", f, err)
	}
	return h
}

// hashFields are events' fields that Go's and PostgreSQL's JSON encoders
// write differently unless the server escapes as Go does.
var hashFields = [][6]string{
	{GenesisHash, "2026-11-23T12:00:00Z", "Robin Maes", "send", "c-0123456789abcdef", `{"first":"true","notice":"long"}`},
	{"x", "", "", "", "", "{}"},
	{"a\"b\\c", "tab\there", "new\nline\rreturn", "bell\a\b\f\v", "\x01\x1f\x7f", `{"note":"<b>&amp;</b>"}`},
	{"<script>", "a&b", "x>y", "line\u2028sep", "para\u2029sep", "\u00e9\u0301 Łukasz Weiß"},
	{"emoji 🙂", "𝄞 non-BMP", "日本語", "\ufffd", "/slash/", `{"k":"\u003c"}`},
	{"Müller", "O'Brien", "semi;colon", "comma,", "[brackets]", `{"a":"b","c":"d"}`},
}

// TestServerEventHashIsGos: the server's hash of an event is EventHash's,
// byte for byte, for the characters the two encoders treat differently.
func TestServerEventHashIsGos(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: the server chains the log there")
	}
	s := openTestStore(t)
	for _, f := range hashFields {
		if got, want := serverHash(t, s, f), EventHash(f[0], f[1], f[2], f[3], f[4], f[5]); got != want {
			t.Errorf("server hash of %q = %s, Go's = %s", f, got, want)
		}
	}
}

// FuzzEventHashServer: for any text an event can hold, the server hashes as
// Go does (PostgreSQL text holds valid UTF-8 without NUL).
func FuzzEventHashServer(f *testing.F) {
	for _, h := range hashFields {
		f.Add(h[0], h[1], h[2], h[3], h[4], h[5])
	}
	if !onPostgres() {
		f.Skip("PostgreSQL only: the server chains the log there")
	}
	s := openTestStore(f) // one schema for every input: one each would be far too slow
	f.Fuzz(func(t *testing.T, prev, at, rep, kind, ref, details string) {
		fields := [6]string{prev, at, rep, kind, ref, details}
		for _, v := range fields {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				t.Skip("not text PostgreSQL can hold")
			}
		}
		if got, want := serverHash(t, s, fields), EventHash(prev, at, rep, kind, ref, details); got != want {
			t.Errorf("server hash of %q = %s, Go's = %s", fields, got, want)
		}
	})
}

// TestMembersCannotForgeTheChain: whatever hashes or order a member's own
// INSERT claims, the server chains the event after the last one, and the
// log verifies; a member cannot choose an event's id.
func TestMembersCannotForgeTheChain(t *testing.T) {
	tm := newTeam(t, anna, lena)
	ctx := context.Background()
	tm.add(t, anna[1], prosp)
	raw := tm.as[anna[1]].db
	var id int64
	var prev, hash string
	if err := raw.QueryRow(`INSERT INTO events (at, rep, kind, contact_ref, details, prev_hash, hash)
		VALUES ('2026-11-23T12:00:00Z', 'Anna Rep', 'send', '', '{}', 'forged', 'forged') RETURNING id, prev_hash, hash`).Scan(&id, &prev, &hash); err != nil {
		t.Fatalf("Anna appends with forged hashes: %v", err)
	}
	if prev == "forged" || hash == "forged" || hash != EventHash(prev, "2026-11-23T12:00:00Z", "Anna Rep", "send", "", "{}") {
		t.Errorf("stored prev_hash %q, hash %q: want the server's chain", prev, hash)
	}
	if _, err := raw.Exec(`INSERT INTO events (id, at, rep, kind, details, prev_hash, hash) VALUES (999999, 'x', 'Anna Rep', 'send', '{}', 'x', 'x')`); err == nil {
		t.Error("Anna chose an event's id")
	}
	// Appends through legit by both members still make one chain.
	if _, err := tm.as[lena[1]].RecordOptOut(ctx, OptOut{Email: prosp, Reason: ReasonObjection, Via: "phone", Rep: "Lena Lead"}); err != nil {
		t.Fatalf("the lead records an objection: %v", err)
	}
	for _, s := range []*Store{tm.owner, tm.as[anna[1]]} {
		rep, err := s.VerifyChain(ctx)
		if err != nil || rep.Events < 4 {
			t.Errorf("VerifyChain() after a forged append = %+v, %v", rep, err)
		}
	}
}
