package outreach

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"legit/contacts"
)

// ReplyVerdict is what Classify made of a reply.
type ReplyVerdict struct {
	Class contacts.ReplyClass
	// Stop is contacts.ReplyOptOut or contacts.ReplyObjection when the reply (whatever its
	// class) also asks to stop outreach, so an erasure request that says
	// "and stop writing" suppresses at once; empty otherwise.
	Stop contacts.ReplyClass
	// Purpose is the consent's purpose (contacts.ReplyConsent only).
	Purpose contacts.ConsentPurpose
	// FailedRecipient is the address a bounce reports as undeliverable.
	FailedRecipient string
	// Lang is the language whose rule matched ("" for header-based verdicts).
	Lang string
	// Phrase is the rule phrase that matched, to show the rep why.
	Phrase string
}

// Classify decides what a reply asks for. It is pure: it reads only the reply.
// Bounces and automatic replies are recognised by their headers first; then
// the reply's own text (quoted history removed) is matched against the
// phrases of every language in replyRules.
func Classify(r Reply) ReplyVerdict { return classify(r, StripQuoted(r.Text)) }

// classify is Classify with the reply's own text already cut from its
// quoted history.
func classify(r Reply, own string) ReplyVerdict {
	if isBounce(r) {
		return ReplyVerdict{Class: contacts.ReplyBounce, FailedRecipient: failedRecipient(r)}
	}
	if r.AutoReply() {
		return ReplyVerdict{Class: contacts.ReplyOutOfOffice}
	}
	return classifyText(r.Subject, own)
}

// classifyText classifies a human reply by its subject and own text (quoted
// history already removed).
func classifyText(subject, own string) ReplyVerdict {
	text := normalizeText(stripSubjectPrefix(subject) + "\n" + own)
	v := ReplyVerdict{Class: contacts.ReplyOther}
	if lang, p, ok := match(text, func(rs ruleSet) []string { return rs.Objection }); ok {
		v.Stop, v.Lang, v.Phrase = contacts.ReplyObjection, lang, p
	} else if lang, p, ok := match(text, func(rs ruleSet) []string { return rs.OptOut }); ok {
		v.Stop, v.Lang, v.Phrase = contacts.ReplyOptOut, lang, p
	}
	if lang, p, ok := match(text, func(rs ruleSet) []string { return rs.Erasure }); ok {
		v.Class, v.Lang, v.Phrase = contacts.ReplyErasure, lang, p
		return v
	}
	if lang, p, ok := match(text, func(rs ruleSet) []string { return rs.Access }); ok {
		v.Class, v.Lang, v.Phrase = contacts.ReplyAccess, lang, p
		return v
	}
	if v.Stop != "" {
		v.Class = v.Stop
		return v
	}
	if lang, p, ok := match(text, func(rs ruleSet) []string { return rs.OutOfOffice }); ok {
		return ReplyVerdict{Class: contacts.ReplyOutOfOffice, Lang: lang, Phrase: p}
	}
	if lang, p, ok := match(text, func(rs ruleSet) []string { return rs.Consent }); ok {
		v = ReplyVerdict{Class: contacts.ReplyConsent, Purpose: contacts.ConsentMarketing, Lang: lang, Phrase: p}
		if _, _, ok := match(text, func(rs ruleSet) []string { return rs.Tracking }); ok {
			v.Purpose = contacts.ConsentTracking
		}
		return v
	}
	if lang, p, ok := match(text, func(rs ruleSet) []string { return rs.Tracking }); ok {
		return ReplyVerdict{Class: contacts.ReplyConsent, Purpose: contacts.ConsentTracking, Lang: lang, Phrase: p}
	}
	return v
}

// match finds the first phrase of any language, from pick, that starts a word
// in text.
func match(text string, pick func(ruleSet) []string) (lang, phrase string, ok bool) {
	for _, l := range ruleLanguages {
		for _, p := range pick(replyRules[l]) {
			if containsWordStart(text, p) {
				return l, p, true
			}
		}
	}
	return "", "", false
}

// containsWordStart reports whether p occurs in text where it starts a word.
func containsWordStart(text, p string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], p)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 {
			return true
		}
		if prev, _ := utf8.DecodeLastRuneInString(text[:at]); !isWordRune(prev) {
			return true
		}
		i = at + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// normalizeText lower-cases, unifies apostrophes and folds runs of white space.
func normalizeText(s string) string {
	s = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u00a0", " ").Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

// subjectPrefix is a reply or forward marker at the start of a subject.
var subjectPrefix = regexp.MustCompile(`(?i)^\s*((re|aw|antw|odp|fw|fwd|wg|tr|отг)\s*(\[\d+\])?\s*:\s*)+`)

func stripSubjectPrefix(s string) string { return subjectPrefix.ReplaceAllString(s, "") }

// quoteHeader is the line a mail client puts above quoted history, in the
// languages legit knows: "On … wrote:", "Am … schrieb …:", "Op … schreef …:",
// "W dniu … napisał(a):", "Le … a écrit :", "На … написа:".
var quoteHeader = regexp.MustCompile(`(?i)^\s*(on|am|op|w dniu|le|на)\s.*(wrote|schrieb|schreef|napisał|napisała|napisał\(a\)|a écrit|написа)(\s.*)?:\s*$`)

// originalMessage is Outlook's separator above a forwarded or quoted message.
var originalMessage = regexp.MustCompile(`(?i)^\s*-{2,}\s*(original message|ursprüngliche nachricht|oorspronkelijk bericht|message d'origine|wiadomość oryginalna|оригинално съобщение)\s*-{2,}\s*$`)

// outlookFrom is the first line of Outlook's header block above quoted history.
var outlookFrom = regexp.MustCompile(`(?i)^\s*\*?(from|von|van|de|od|от)\s?:\*?\s`)

// outlookField is one of the lines that follow it.
var outlookField = regexp.MustCompile(`(?i)^\s*\*?(sent|date|to|subject|gesendet|datum|an|betreff|verzonden|aan|onderwerp|envoyé|à|objet|wysłano|data|do|temat|изпратено|до|относно)\s?:`)

// StripQuoted returns the reply's own text: quoted lines ("> …") are dropped
// and everything from a quote header ("On … wrote:" and its translations),
// an Outlook "-----Original Message-----" line or "From:/Sent:" block, or a
// signature separator ("-- ") on is cut.
func StripQuoted(body string) string {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	var out []string
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, ">") {
			continue
		}
		// Cheap tests first: every marker has a colon or starts with dashes.
		if line == "-- " || strings.HasPrefix(trimmed, "________________________________") ||
			(strings.HasPrefix(trimmed, "--") && originalMessage.MatchString(line)) {
			break
		}
		if strings.HasSuffix(trimmed, ":") && quoteHeader.MatchString(line) {
			break
		}
		next := ""
		if i+1 < len(lines) {
			next = lines[i+1]
		}
		if !strings.HasSuffix(trimmed, ":") && strings.HasSuffix(strings.TrimSpace(next), ":") && quoteHeader.MatchString(line+" "+next) {
			break // "On …, Robin <r@x>" wrapped before "wrote:"
		}
		if strings.Contains(line, ":") && strings.Contains(next, ":") && outlookFrom.MatchString(line) && outlookField.MatchString(next) {
			break
		}
		out = append(out, line)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// isBounce recognises a delivery status notification: a multipart/report of
// report-type delivery-status, or a mail from the mailer daemon.
func isBounce(r Reply) bool {
	if r.ContentType == "multipart/report" && strings.EqualFold(r.ReportType, "delivery-status") {
		return true
	}
	if r.ContentType == "message/delivery-status" {
		return true
	}
	local, _, _ := strings.Cut(strings.ToLower(r.From), "@")
	return local == "mailer-daemon" || local == "postmaster" || (r.From == "" && len(r.FailedRecipients) > 0)
}

// addressInText finds mail addresses in free text.
var addressInText = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+`)

// failedRecipient is the address a bounce reports: the DSN's recipient field
// or X-Failed-Recipients, else the first address in the text that is not the
// daemon's own.
func failedRecipient(r Reply) string {
	for _, a := range r.FailedRecipients {
		if n, err := contacts.NormalizeAddress(a); err == nil {
			return n
		}
	}
	for _, a := range addressInText.FindAllString(r.Text, -1) {
		a = strings.TrimRight(a, ".-")
		if strings.EqualFold(a, r.From) {
			continue
		}
		local, _, _ := strings.Cut(strings.ToLower(a), "@")
		if local == "mailer-daemon" || local == "postmaster" {
			continue
		}
		if n, err := contacts.NormalizeAddress(a); err == nil {
			return n
		}
	}
	return ""
}
