package notice

import (
	"strings"

	"legit/contacts"
)

// NoticeOnly returns the subject and body of the notice-only email (the
// short personal email that carries only the long notice, sent to meet the
// deadline) in lang, the contact's language: greeting (by name when name is
// set), one paragraph saying what the email is for, and the closing signed
// by rep. org is the organisation's name (required by CheckController). The
// long notice footer goes below the body, as for any first email. All
// values are sanitised.
func NoticeOnly(lang, name, org, rep string) (subject, body string) {
	lang = Language(lang)
	name, org, rep = contacts.Clean(name), contacts.Clean(org), contacts.Clean(rep)
	greeting := T(lang, "only_greeting", nil)
	if name != "" {
		greeting = T(lang, "only_greeting_name", map[string]string{"name": name})
	}
	var b strings.Builder
	b.WriteString(greeting + "\n\n" + T(lang, "only_body", nil) + "\n\n" + T(lang, "only_closing", nil) + "\n")
	if rep != "" {
		b.WriteString(rep + "\n")
	}
	return T(lang, "only_subject", map[string]string{"org": org}), b.String()
}
