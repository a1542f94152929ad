package outreach

import (
	"regexp"
	"strings"
	"unicode"

	"legit/contacts"
)

// ReplyVerdict is what Classify made of a reply.
type ReplyVerdict struct {
	Class contacts.ReplyClass
	// Stop is contacts.ReplyOptOut or contacts.ReplyObjection when the reply
	// (whatever its class) also asks to stop outreach: an opt-out, an
	// objection, an erasure request, a withdrawal of the consent to email,
	// or an access request that says "and stop writing" all suppress at
	// once. It is ReplyObjection only for an objection (GDPR Art. 21(2)-(3):
	// after an objection to direct marketing the data may no longer be
	// processed for it); empty when nothing asks to stop.
	Stop contacts.ReplyClass
	// Unsure is set when Stop rests on a weak or mixed signal: a stop-ish
	// word near "email" or "list" without a full phrase, a negation whose
	// reach is unclear ("I don't mind if you stop emailing me"), the word
	// STOP inside a longer sentence, a misspelt opt-out, or a stop beside a
	// consent. Stop is set all the same, because legit errs towards
	// suppression: suppress at once, and show the reply to the rep to
	// confirm or undo. Unsure is never set without Stop.
	Unsure bool
	// Purpose is the consent's purpose, for contacts.ReplyConsent, and the
	// purpose of the consent withdrawn, for contacts.ReplyWithdrawal.
	Purpose contacts.ConsentPurpose
	// FailedRecipient is the address a bounce reports as undeliverable.
	FailedRecipient string
	// Lang is the language whose rule matched ("" for header-based verdicts).
	Lang string
	// Phrase is the reply's own words that decided the verdict (for an
	// Unsure stop, the words that triggered it), to show the rep why.
	Phrase string
}

// Classify decides what a reply asks for. It is pure: it reads only the reply.
// Bounces and automatic replies are recognised by their headers first; then
// the reply's own text (quoted history removed) and its subject are read
// against the rules of every language in replyRules: phrases, the notice's
// word STOP, and frames that combine word lists ("remove" + "my address" +
// "list"), each checked for negation ("no objection" is not an objection).
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
	x := analyse(stripSubjectPrefix(subject) + "\n\n" + own)
	return x.verdict(x.signals())
}

// verdict turns the reply's signals into one verdict. The class is the
// first that the reply holds of: erasure, access, withdrawal, objection or
// opt-out, out of office, consent. Stop is set by any stop signal whatever
// the class.
func (x *analysis) verdict(sigs []signal) ReplyVerdict {
	first := func(pred func(signal) bool) (signal, bool) {
		for _, weak := range []bool{false, true} {
			for _, s := range sigs {
				if pred(s) && s.weak == weak {
					return s, true
				}
			}
		}
		return signal{}, false
	}
	is := func(k wordClass) func(signal) bool { return func(s signal) bool { return s.kind == k } }
	stops := func(s signal) bool {
		return s.kind == cObjection || s.kind == cOptOut || s.kind == cErasure || (s.kind == cWithdrawal && !s.tracking)
	}
	v := ReplyVerdict{Class: contacts.ReplyOther}
	decide := func(c contacts.ReplyClass, s signal) {
		v.Class, v.Lang, v.Phrase = c, ruleLanguages[s.lang], x.words(s.from, s.to)
	}
	stopSig, stop := first(stops)
	if stop {
		v.Stop, v.Unsure = contacts.ReplyOptOut, stopSig.weak
		if obj, ok := first(is(cObjection)); ok && (!obj.weak || stopSig.weak) {
			v.Stop = contacts.ReplyObjection
			if stopSig.weak {
				stopSig = obj
			}
		}
	}
	consent, hasConsent := first(func(s signal) bool { return s.kind == cConsent || s.kind == cTracking })
	if stop && hasConsent {
		v.Unsure = true // a stop beside a consent: ask the rep
	}
	if s, ok := first(func(s signal) bool { return s.kind == cErasure && !s.weak }); ok {
		decide(contacts.ReplyErasure, s)
	} else if s, ok := first(is(cAccess)); ok {
		decide(contacts.ReplyAccess, s)
	} else if s, ok := first(is(cWithdrawal)); ok {
		decide(contacts.ReplyWithdrawal, s)
		v.Purpose = contacts.ConsentMarketing
		if s.tracking {
			v.Purpose = contacts.ConsentTracking
		}
	} else if stop {
		decide(v.Stop, stopSig)
	} else if s, ok := first(is(cOutOfOffice)); ok {
		decide(contacts.ReplyOutOfOffice, s)
	} else if hasConsent {
		decide(contacts.ReplyConsent, consent)
		v.Purpose = contacts.ConsentMarketing
		if _, ok := first(is(cTracking)); ok {
			v.Purpose = contacts.ConsentTracking
		}
	}
	return v
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

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
