package outreach

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/emersion/go-message/mail"

	"legit/contacts"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testFooter is a small deterministic stand-in for notice.Render.
func testFooter(c contacts.Contact, long, tracking bool) (string, error) {
	if !long {
		return "Privacy: https://northwind.example/privacy · reply \"unsubscribe\" to opt out", nil
	}
	return fmt.Sprintf("You may object to direct marketing at any time: reply \"unsubscribe\".\n\nNorthwind Analytics B.V. holds your business contact details (source: %s). Tracking: %v.", c.FirstSource().Kind, tracking), nil
}

func testBuilder() Builder {
	return Builder{From: Identity{Name: "Robin Maes", Email: "robin.maes@northwind.example"}, Footer: testFooter,
		PixelURL: "https://t.northwind.example/o.gif", NewID: func() string { return "fixed-1@northwind.example" }}
}

func requireGoldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "testdata", "messages", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden %s: %v (go test ./outreach -run Golden -update creates it)", path, err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from its golden file\n--- want\n%s\n--- got\n%s", name, want, got)
	}
}

func TestBuildGolden(t *testing.T) {
	in := passingInput()
	in.Contact.Name = "Anna Müller"
	in.Draft.Subject = "Routenplanung für Polderdata"
	tracked := in
	tracked.Draft.Tracking, tracked.OrgTracking = true, true
	tracked.Contact.Consents = []contacts.Consent{{Purpose: contacts.ConsentTracking, GrantedAt: testNow}}
	informed := in
	informed.Contact.InformedAt = &testNow
	tests := []struct {
		name string
		in   Input
		html bool
	}{
		{"plain_long_notice.eml", in, false},
		{"plain_short_notice.eml", informed, false},
		{"tracked_with_consent.eml", tracked, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Check(tt.in, testNow)
			b, err := testBuilder().Build(tt.in.Contact, tt.in.Draft, v, testNow, "")
			if err != nil {
				t.Fatal(err)
			}
			requireGoldenFile(t, tt.name, b.Raw)
			mr, err := mail.CreateReader(bytes.NewReader(b.Raw))
			if err != nil {
				t.Fatal(err)
			}
			to, _ := mr.Header.AddressList("To")
			if len(to) != 1 || to[0].Address != tt.in.Contact.Email {
				t.Errorf("To = %v, want exactly %s", to, tt.in.Contact.Email)
			}
			for _, k := range []string{"Cc", "Bcc", "List-Unsubscribe-Post"} {
				if mr.Header.Has(k) {
					t.Errorf("header %s is set", k)
				}
			}
			if got := mr.Header.Get("List-Unsubscribe"); got != "<mailto:robin.maes@northwind.example?subject=unsubscribe>" {
				t.Errorf("List-Unsubscribe = %q", got)
			}
			if id, _ := mr.Header.MessageID(); id != "fixed-1@northwind.example" {
				t.Errorf("Message-ID = %q", id)
			}
			var types []string
			var text string
			for {
				p, err := mr.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				ct, _, _ := p.Header.(*mail.InlineHeader).ContentType()
				types = append(types, ct)
				body, _ := io.ReadAll(p.Body)
				if ct == "text/plain" {
					text = string(body)
				}
				if ct == "text/html" && !strings.Contains(string(body), "https://t.northwind.example/o.gif?m=") {
					t.Errorf("html part has no pixel: %s", body)
				}
			}
			if hasHTML := strings.Contains(strings.Join(types, ","), "text/html"); hasHTML != tt.html {
				t.Errorf("parts = %v, want html %v", types, tt.html)
			}
			wantFooter, _ := testFooter(tt.in.Contact, v.LongNotice, v.Tracking)
			if !strings.Contains(strings.ReplaceAll(text, "\r\n", "\n"), wantFooter) {
				t.Errorf("text part lacks the footer:\n%s", text)
			}
		})
	}
}

func TestBuildRejectsHeaderInjection(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Input, *Builder)
		want   string
	}{
		{"subject CRLF", func(in *Input, _ *Builder) { in.Draft.Subject = "Hello\r\nBcc: victim@evil.example" }, "Subject contains a line break"},
		{"subject LF", func(in *Input, _ *Builder) { in.Draft.Subject = "Hello\nBcc: x" }, "Subject contains a line break"},
		{"subject escape", func(in *Input, _ *Builder) { in.Draft.Subject = "Hi \x1b[31m" }, "Subject contains a control character"},
		{"to name", func(in *Input, _ *Builder) { in.Contact.Name = "Anna\r\nBcc: x@evil.example" }, "To name contains a line break"},
		{"to address", func(in *Input, _ *Builder) { in.Contact.Email = "a@b.example\r\nBcc: x@evil.example" }, "To address contains a line break"},
		{"from name", func(_ *Input, b *Builder) { b.From.Name = "Robin\nX" }, "From name contains a line break"},
		{"encoded word", func(in *Input, _ *Builder) { in.Draft.Subject = "=?utf-8?q?Hi=0D=0ABcc:_x?=" }, "Subject contains an encoded word"},
		{"bad address", func(in *Input, _ *Builder) { in.Contact.Email = "not an address" }, "not valid"},
		{"footer fails", func(_ *Input, b *Builder) {
			b.Footer = func(contacts.Contact, bool, bool) (string, error) { return "", fmt.Errorf("no notice text in xx") }
		}, "render the notice footer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, b := passingInput(), testBuilder()
			tt.change(&in, &b)
			_, err := b.Build(in.Contact, in.Draft, Verdict{LongNotice: true}, testNow, "")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Build() = %v, want error containing %q", err, tt.want)
			}
		})
	}
}

// TestBuildDisplayNamesReadBack builds messages whose From and To names need
// quoting or encoding, and reads the names back with go-message.
func TestBuildDisplayNamesReadBack(t *testing.T) {
	names := []string{
		`Jürgen \ Grüß`,                  // backslash in an encoded word: net/mail leaves it bare
		`Anna "the boss" de Vries`,       // quotes in a quoted-string
		`de Vries, Anna (Polderdata)`,    // specials
		`O'Brien \ Smith`,                // ASCII backslash
		`Zofia Łódź; "Wisła" <x@y>`,      // non-ASCII with specials
		"Иван Георгиев",                  // only non-ASCII letters
		`=?x Jürgen?`,                    // "=?" without "?=" is plain text
		strings.Repeat("Grüß Gott ", 12), // long enough to take several encoded words
		strings.Repeat("y", 1200),        // an ASCII word longer than a header line
		"Jürgen " + strings.Repeat("\\", 200),
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			in, b := passingInput(), testBuilder()
			in.Contact.Name, b.From.Name = name, name
			built, err := b.Build(in.Contact, in.Draft, Verdict{LongNotice: true}, testNow, "")
			if err != nil {
				t.Fatal(err)
			}
			mr, err := mail.CreateReader(bytes.NewReader(built.Raw))
			if err != nil {
				t.Fatalf("built message does not parse: %v\n%s", err, built.Raw)
			}
			defer mr.Close()
			for _, k := range []string{"From", "To"} {
				l, err := mr.Header.AddressList(k)
				if err != nil || len(l) != 1 {
					t.Fatalf("%s = %v (%v), want one address\n%s", k, l, err, built.Raw)
				}
				if strings.Join(strings.Fields(l[0].Name), " ") != strings.Join(strings.Fields(name), " ") {
					t.Errorf("%s name reads back %q, want %q\n%s", k, l[0].Name, name, built.Raw)
				}
			}
		})
	}
}

// TestBuildSubjectReadsBack: go-message breaks a header word longer than a
// line by inserting a space, so a long word must go out encoded.
func TestBuildSubjectReadsBack(t *testing.T) {
	for _, subject := range []string{
		"Route planning at Polderdata",
		"Your depot plan: https://northwind.example/" + strings.Repeat("a", 120),
		strings.Repeat("x", 1200),
		strings.Repeat("Routenplanung für Sie ", 20),
		strings.Repeat("ü", 600),
	} {
		t.Run(subject[:min(len(subject), 20)], func(t *testing.T) {
			in := passingInput()
			in.Draft.Subject = subject
			built, err := testBuilder().Build(in.Contact, in.Draft, Verdict{LongNotice: true}, testNow, "")
			if err != nil {
				t.Fatal(err)
			}
			mr, err := mail.CreateReader(bytes.NewReader(built.Raw))
			if err != nil {
				t.Fatal(err)
			}
			defer mr.Close()
			got, err := mr.Header.Subject()
			if err != nil || strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(subject), " ") {
				t.Errorf("subject reads back %q (%v), want %q", got, err, subject)
			}
			for _, l := range strings.Split(string(built.Raw), "\r\n") {
				if len(l) > 998 { // RFC 5322 §2.1.1
					t.Errorf("header line of %d characters: %.60s…", len(l), l)
				}
			}
		})
	}
}

func TestBuildRefusesAddressesOverRFC5321Limits(t *testing.T) {
	for _, addr := range []string{strings.Repeat("j", 65) + "@polder.example", "a@" + strings.Repeat("d", 250) + ".example"} {
		in := passingInput()
		in.Contact.Email = addr
		if _, err := testBuilder().Build(in.Contact, in.Draft, Verdict{LongNotice: true}, testNow, ""); err == nil || !strings.Contains(err.Error(), "longer than mail servers accept") {
			t.Errorf("Build() to a %d-character address = %v, want a refusal", len(addr), err)
		}
	}
}

// TestBuildRefusesInvisibleDirectionAndLineControls: bidi controls would
// reorder what the recipient sees (U+202E shows "gnp.exe" as "exe.png") and
// U+2028/U+2029 break lines in some mail programs.
func TestBuildRefusesInvisibleDirectionAndLineControls(t *testing.T) {
	for _, r := range []rune{'\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069',
		'\u200E', '\u200F', '\u061C', '\u2028', '\u2029'} {
		t.Run(fmt.Sprintf("%U", r), func(t *testing.T) {
			in := passingInput()
			in.Draft.Subject = "Invoice " + string(r) + "fdp.exe"
			_, err := testBuilder().Build(in.Contact, in.Draft, Verdict{LongNotice: true}, testNow, "")
			if err == nil || !strings.Contains(err.Error(), "Subject contains") {
				t.Errorf("Build() with %U in the subject = %v, want a refusal naming the Subject", r, err)
			}
		})
	}
}

func TestFooterCannotBeEditedAway(t *testing.T) {
	in := passingInput()
	in.Draft.Body = "Hello Anna,\n\n-- \n(I removed the footer)"
	b, err := testBuilder().Build(in.Contact, in.Draft, Verdict{LongNotice: true}, testNow, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(b.Text, "Tracking: false.\n") || !strings.Contains(b.Text, "You may object to direct marketing") {
		t.Errorf("text does not end with the footer:\n%s", b.Text)
	}
	// No "-- " line anywhere: clients fold away what follows a signature
	// delimiter, and the notice must be seen.
	for _, l := range strings.Split(b.Text, "\n") {
		if l == "-- " {
			t.Errorf("the message holds a signature delimiter, which hides the notice below it:\n%s", b.Text)
		}
	}
}

// FuzzBuildHeaders feeds arbitrary subjects, names and addresses to the
// builder: it either refuses, or builds a message with exactly one To and
// no Cc or Bcc, whose subject reads back unchanged.
func FuzzBuildHeaders(f *testing.F) {
	f.Add("Hello", "Anna Müller", "anna@polder.example")
	f.Add("Hello\r\nBcc: victim@evil.example", "Anna", "anna@polder.example")
	f.Add("Routenplanung für Sie", "Anna\nBcc: x@evil.example", "a@b.example")
	f.Add("x", "y", "a@b.example\r\nBcc: victim@evil.example")
	f.Add("=?utf-8?q?Hi=0D=0ABcc:_x?=", "\"Quoted\" <name>", "anna+tag@polder.example")
	f.Add("Hallo", `Jürgen \ Grüß`, "j@m.example")
	f.Add("Invoice \u202efdp.exe", "Anna", "a@b.example")
	f.Fuzz(func(t *testing.T, subject, name, addr string) {
		in := passingInput()
		in.Contact.Name, in.Contact.Email, in.Draft.Subject = name, addr, subject
		b, err := testBuilder().Build(in.Contact, in.Draft, Verdict{LongNotice: true}, testNow, "")
		if err != nil {
			return
		}
		mr, err := mail.CreateReader(bytes.NewReader(b.Raw))
		if err != nil {
			t.Fatalf("built message does not parse: %v\n%s", err, b.Raw)
		}
		defer mr.Close()
		to, err := mr.Header.AddressList("To")
		if err != nil || len(to) != 1 {
			t.Fatalf("To = %v (%v), want exactly one\n%s", to, err, b.Raw)
		}
		if to[0].Address != addr {
			t.Fatalf("To address reads back %q, want %q\n%s", to[0].Address, addr, b.Raw)
		}
		for _, k := range []string{"Cc", "Bcc"} {
			if mr.Header.Has(k) {
				t.Fatalf("header %s appeared\n%s", k, b.Raw)
			}
		}
		// Folding may change runs of spaces; the words must come back unchanged.
		norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
		if norm(to[0].Name) != norm(name) && utf8.ValidString(name) {
			t.Errorf("To name reads back %q, want %q\n%s", to[0].Name, name, b.Raw)
		}
		for _, r := range subject {
			if contacts.Unsafe(r) {
				t.Fatalf("subject with %U was built", r)
			}
		}
		if got, err := mr.Header.Subject(); err != nil || (norm(got) != norm(subject) && strings.ToValidUTF8(subject, "\uFFFD") == subject) {
			t.Errorf("subject reads back %q (%v), want %q", got, err, subject)
		}
	})
}
