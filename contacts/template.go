package contacts

import (
	"strings"
	"unicode"
)

// The placeholders an assessment template holds where the contact it was
// written for had their own details. Applying the template to another
// contact fills them with that contact's details.
const (
	PlaceholderName      = "{name}"
	PlaceholderFirstName = "{first_name}"
	PlaceholderCompany   = "{company}"
	PlaceholderPosition  = "{position}"
)

// placeholders are the template's placeholders with c's values, longest
// value first so that a full name is replaced before the first name in it.
func placeholders(c Contact) [][2]string {
	pairs := [][2]string{
		{PlaceholderName, Clean(c.Name)},
		{PlaceholderCompany, Clean(c.Company)},
		{PlaceholderPosition, Clean(c.Position)},
		{PlaceholderFirstName, firstName(c.Name)},
	}
	return pairs
}

// firstName is the first word of a name, "" for a one-word name.
func firstName(name string) string {
	f := strings.Fields(Clean(name))
	if len(f) < 2 {
		return ""
	}
	return f[0]
}

// TemplateOf turns an assessment written for c into a template: every
// mention of c's name, first name, company and position becomes its
// placeholder, so that the template names nobody.
func TemplateOf(a Assessment, c Contact) Assessment {
	conv := func(s string) string {
		for _, p := range placeholders(c) {
			switch {
			case len([]rune(p[1])) < 2:
			case p[0] == PlaceholderPosition:
				// A position is often an ordinary word ("Operations"):
				// only the exact spelling counts.
				s = replaceWordExact(s, p[1], p[0])
			default:
				s = replaceWord(s, p[1], p[0])
			}
		}
		return s
	}
	return Assessment{Purpose: conv(a.Purpose), Necessity: conv(a.Necessity), Balancing: conv(a.Balancing)}
}

// FillTemplate fills a template's placeholders with c's details. A
// placeholder for a detail c lacks stays, and ValidateBasis names it.
func FillTemplate(a Assessment, c Contact) Assessment {
	fill := func(s string) string {
		for _, p := range placeholders(c) {
			if p[1] != "" {
				s = strings.ReplaceAll(s, p[0], p[1])
			}
		}
		return s
	}
	return Assessment{Purpose: fill(a.Purpose), Necessity: fill(a.Necessity), Balancing: fill(a.Balancing)}
}

// unfilled lists the placeholders left in text.
func unfilled(text string) []string {
	var out []string
	for _, p := range []string{PlaceholderName, PlaceholderFirstName, PlaceholderCompany, PlaceholderPosition} {
		if strings.Contains(text, p) {
			out = append(out, p)
		}
	}
	return out
}

// NamedIn says what of other a text names, as whole words: their full
// name, their company, or their first name (written with its capital, and
// at least four letters long so that short words do not match). It returns
// "" when the text does not name them. self is the contact the text is
// written for: what the two share (a company, a first name) does not count.
func NamedIn(text string, other, self Contact) string {
	if n := Clean(other.Name); len([]rune(n)) >= 4 && containsWord(strings.ToLower(text), strings.ToLower(n)) {
		return n
	}
	if co := Clean(other.Company); len([]rune(co)) >= 4 && !strings.EqualFold(co, Clean(self.Company)) &&
		containsWord(strings.ToLower(text), strings.ToLower(co)) {
		return co
	}
	if f := firstName(other.Name); len([]rune(f)) >= 4 && f != firstName(self.Name) && containsWord(text, f) {
		return f
	}
	return ""
}

// replaceWord replaces every whole-word, case-insensitive occurrence of
// word in s with repl.
func replaceWord(s, word, repl string) string {
	lower, lw := strings.ToLower(s), strings.ToLower(word)
	if len(lower) != len(s) {
		return s // a case change altered the length: leave the text as written
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		j := strings.Index(lower[i:], lw)
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		j += i
		if wordAt(lower, j, len(lw)) {
			b.WriteString(s[i:j] + repl)
		} else {
			b.WriteString(s[i : j+len(lw)])
		}
		i = j + len(lw)
	}
	return b.String()
}

// replaceWordExact replaces every whole-word occurrence of word, spelled
// exactly so, in s with repl.
func replaceWordExact(s, word, repl string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], word)
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		j += i
		b.WriteString(s[i:j])
		if wordAt(s, j, len(word)) {
			b.WriteString(repl)
		} else {
			b.WriteString(word)
		}
		i = j + len(word)
	}
	return b.String()
}

// containsWord reports whether word occurs in s as a whole word.
func containsWord(s, word string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], word)
		if j < 0 {
			return false
		}
		if wordAt(s, i+j, len(word)) {
			return true
		}
		i += j + 1
	}
}

// wordAt reports whether s[i:i+n] stands as a word: no letter or digit
// right before or after it.
func wordAt(s string, i, n int) bool {
	before, after := ' ', ' '
	if i > 0 {
		before = lastRune(s[:i])
	}
	if i+n < len(s) {
		after = []rune(s[i+n:])[0]
	}
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	return !isWord(before) && !isWord(after)
}

// lastRune is the last rune of s.
func lastRune(s string) rune {
	r := []rune(s)
	return r[len(r)-1]
}
