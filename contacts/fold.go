package contacts

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold is s as the text filters compare it: lower case, Latin letters
// without their accents (Müller → muller, Łukasz → lukasz, Weiß → weiss,
// Ærø → aero), control characters dropped, every run of spaces one space. Other scripts (Cyrillic,
// Greek) are only lower-cased: their marks are letters of their own. It is
// pure, and Fold(Fold(s)) == Fold(s).
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' || '\t' <= c && c <= '\r' {
				space = true
				continue
			}
			if c < ' ' || c == 0x7f {
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Mn, r) {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteString(foldRune(r))
	}
	return b.String()
}

// SearchText is what the contact filters match against: the name, company,
// position and address, folded and separated by " · " so that no match runs
// across two fields.
func SearchText(name, company, position, email string) string {
	return Fold(name) + searchSep + Fold(company) + searchSep + Fold(position) + searchSep + Fold(email)
}

// searchSep separates the fields of SearchText; Fold never yields it.
const searchSep = "\x1f"

// foldRune is one non-ASCII rune folded.
func foldRune(r rune) string {
	if f, ok := latinLetters[r]; ok {
		return f
	}
	if r < 0x0250 { // Latin: drop the accents the rune decomposes into
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], r)
		if d := norm.NFD.Properties(buf[:n]).Decomposition(); d != nil {
			var out strings.Builder
			for _, x := range string(d) {
				if !unicode.Is(unicode.Mn, x) {
					out.WriteString(foldRune(x))
				}
			}
			return out.String()
		}
	}
	if r < utf8.RuneSelf {
		return strings.ToLower(string(r))
	}
	return string(unicode.ToLower(r))
}

// latinLetters are Latin letters that no accent removal reaches: they are
// letters of their own, written as the ASCII a reader would type for them.
var latinLetters = map[rune]string{
	'ß': "ss", 'ẞ': "ss",
	'Ł': "l", 'ł': "l",
	'Ø': "o", 'ø': "o",
	'Æ': "ae", 'æ': "ae",
	'Œ': "oe", 'œ': "oe",
	'Đ': "d", 'đ': "d",
	'Ð': "d", 'ð': "d",
	'Þ': "th", 'þ': "th",
	'Ħ': "h", 'ħ': "h",
	'ı': "i", 'İ': "i",
	'Ŀ': "l", 'ŀ': "l",
	'Ŧ': "t", 'ŧ': "t",
	'ĸ': "k",
	'Ŋ': "n", 'ŋ': "n",
}
