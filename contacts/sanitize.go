package contacts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean removes everything from imported text that could act on a terminal or
// a mail header: escape sequences, control characters (C0, DEL, C1), line and
// paragraph separators and bidirectional overrides. Runs of white space become
// one space and the result is trimmed. Printable text of any script is kept.
func Clean(s string) string {
	if isClean(s) {
		return s // most text is: no copy
	}
	return clean(s)
}

// isClean reports whether Clean leaves s as it is: no character it drops,
// single spaces between words and none at either end.
func isClean(s string) bool {
	space := true // a space at the start is not kept either
	for _, r := range s {
		switch {
		case r == ' ':
			if space {
				return false
			}
			space = true
			continue
		case r < ' ' || r == 0x7f:
			return false
		case r >= utf8.RuneSelf && (unicode.IsSpace(r) || unicode.IsControl(r) || isBidiControl(r) || r == '\uFEFF' || r == utf8.RuneError):
			return false
		}
		space = false
	}
	return !space || s == ""
}

// clean is Clean for text that needs changing.
func clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range stripEscapes(s) {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r), isBidiControl(r), r == '\uFEFF', r == unicode.ReplacementChar:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// CleanMultiline is Clean for free text that may keep its line breaks (a note):
// each line is cleaned and lines are joined with "\n".
func CleanMultiline(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Clean(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// Unsafe reports whether r must not reach a terminal or a mail header as
// it is: a control character (C0 with ESC, DEL, C1), the line and paragraph
// separators U+2028 and U+2029, or a bidirectional control (U+202A to
// U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C), which reorders the text
// around it so that what is shown is not what is there.
func Unsafe(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || isBidiControl(r)
}

// isBidiControl reports the Unicode bidirectional formatting characters:
// embeddings and overrides, isolates, and the implicit marks.
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') || r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// stripEscapes drops ANSI escape sequences (CSI, OSC, DCS and two-byte ESC
// sequences) so that not even their printable tails survive.
func stripEscapes(s string) string {
	if !strings.ContainsAny(s, "\x1b\u009b\u009d\u0090") {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == 0x1b && i+1 < len(rs) && rs[i+1] == '[', r == 0x9b:
			if r == 0x1b {
				i++
			}
			// CSI: parameters and intermediates, then one final byte 0x40-0x7E.
			for i+1 < len(rs) {
				i++
				if rs[i] >= 0x40 && rs[i] <= 0x7e {
					break
				}
			}
		case r == 0x1b && i+1 < len(rs) && (rs[i+1] == ']' || rs[i+1] == 'P' || rs[i+1] == '_' || rs[i+1] == '^'), r == 0x9d, r == 0x90:
			if r == 0x1b {
				i++
			}
			// OSC/DCS/APC/PM: up to BEL or ST (ESC \).
			for i+1 < len(rs) {
				i++
				if rs[i] == 0x07 || rs[i] == 0x9c {
					break
				}
				if rs[i] == 0x1b && i+1 < len(rs) && rs[i+1] == '\\' {
					i++
					break
				}
			}
		case r == 0x1b:
			if i+1 < len(rs) {
				i++ // ESC plus one byte
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
