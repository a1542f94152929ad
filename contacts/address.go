package contacts

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
)

// ErrNoAddress is returned by NormalizeAddress for an empty input.
var ErrNoAddress = errors.New("no email address")

// ErrBadAddress is returned by NormalizeAddress for text that is not one
// email address.
var ErrBadAddress = errors.New("not a valid email address")

// NormalizeAddress validates one email address and returns it in the form used
// as the contact's key: the bare address, domain lower-cased, surrounding space
// removed. The local part keeps its case (RFC 5321 lets servers tell cases
// apart) but matching treats it case-insensitively through MatchKey.
func NormalizeAddress(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ErrNoAddress
	}
	if strings.ContainsAny(s, "\r\n\t") {
		return "", fmt.Errorf("address %q: contains a line break or tab", Clean(s))
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
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return "", fmt.Errorf("address %q: domain %q is not a full domain name", Clean(s), domain)
	}
	return local + "@" + domain, nil
}

// MatchKey is the form two addresses are compared in: fully lower-cased.
// Duplicates and the suppression list are keyed on it.
func MatchKey(normalized string) string { return strings.ToLower(normalized) }
