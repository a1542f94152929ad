package contacts

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrNoAddress is returned by NormalizeAddress for an empty input.
var ErrNoAddress = errors.New("no email address")

// ErrBadAddress is returned by NormalizeAddress for text that is not one
// email address.
var ErrBadAddress = errors.New("not a valid email address")

// RFC 5321's size limits (§4.5.3.1): a local part of at most 64 octets, and
// at most 254 octets in all (a path is at most 256 with its angle brackets).
const (
	MaxLocalPart = 64
	MaxAddress   = 254
)

// NormalizeAddress validates one email address and returns it in the form used
// as the contact's key: the bare address, domain lower-cased, surrounding space
// removed. The local part keeps its case (RFC 5321 lets servers tell cases
// apart) but matching treats it case-insensitively through MatchKey.
//
// An address is never cleaned: one holding an escape sequence, a control,
// bidirectional or other invisible character is refused, since taking the
// character out ("evil\x1b[31m"@x.example becomes evil@x.example) would
// name another mailbox. Give it the raw text, not the output of Clean.
func NormalizeAddress(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ErrNoAddress
	}
	if strings.ContainsAny(s, "\r\n\t") {
		return "", fmt.Errorf("address %q: contains a line break or tab", Clean(s))
	}
	if r, ok := invisibleRune(s); ok {
		// %q shows the character as an escape (\x1b, \u202e), never as itself.
		return "", fmt.Errorf("address %q contains an invisible or control character (%U): it is refused rather than changed into another address; correct it at the source", s, r)
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		// net/mail's own words ("no angle-addr") help no rep: say what is wanted.
		return "", fmt.Errorf("address %q is %w: write it as name@company.example", Clean(s), ErrBadAddress)
	}
	if a.Name != "" || strings.ContainsAny(s, "<>") {
		return "", fmt.Errorf("address %q: give the bare address (name@example.com), not a name with it", Clean(s))
	}
	at := strings.LastIndexByte(a.Address, '@')
	if at <= 0 || at == len(a.Address)-1 {
		return "", fmt.Errorf("address %q: missing the part before or after @", Clean(s))
	}
	local, domain := a.Address[:at], strings.ToLower(a.Address[at+1:])
	if len(local) > MaxLocalPart || len(a.Address) > MaxAddress {
		return "", fmt.Errorf("address %q is longer than mail servers accept (%d characters before @, %d in all): check it", Clean(s), MaxLocalPart, MaxAddress)
	}
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return "", fmt.Errorf("address %q: domain %q is not a full domain name", Clean(s), domain)
	}
	out := local + "@" + domain
	if back, err := mail.ParseAddress(out); err != nil || back.Address != out {
		// A quoted local part ("john doe"@x.example) that still needs its
		// quotes: without them it is no address, and mail programs and
		// servers handle the quoted form badly.
		return "", fmt.Errorf("address %q: the part before @ needs quotes (it has spaces or special characters): ask for a plain address", s)
	}
	return out, nil
}

// invisibleRune finds the first rune of s that is not visible text: a
// control or bidirectional character (see Unsafe), any other format
// character (Unicode category Cf: zero-width space, byte order mark, soft
// hyphen) or a byte that is not UTF-8.
func invisibleRune(s string) (rune, bool) {
	for _, r := range s {
		if Unsafe(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return r, true
		}
	}
	return 0, false
}

// MatchKey is the form two addresses are compared in: fully lower-cased.
// Duplicates and the suppression list are keyed on it.
func MatchKey(normalized string) string { return strings.ToLower(normalized) }
