package outreach

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// This file turns a reply into words the rules can be matched against: it
// cuts the text into tokens, notes how strongly each token is separated from
// the one before (a line break, a comma, a sentence end, a paragraph), and
// folds every word to one spelling so that "Löschen", "loeschen" and
// "loschen", or "usunięcie" and "usuniecie", compare equal. The rule tables
// are folded the same way when they are compiled.

// Break strengths: what separates a token from the one before it.
const (
	brkNone     = iota
	brkLine     // a single line break (mail clients wrap sentences)
	brkComma    // a comma, colon, dash or bracket: ends a negation's scope
	brkSentence // . ! ? ; …
	brkPara     // a blank line, or the end of the subject
)

// token is one word of a reply.
type token struct {
	w     string // folded: lower case, no diacritics, one spelling
	orig  string // as written
	brk   int    // the break before this token
	upper bool   // written in capitals (two letters or more)
	start int    // byte offset of the word in the text it was cut from
	end   int
}

// abbreviations end with a full stop that does not end a sentence
// ("Art. 21", "Dr. Weber", "чл. 17"); folded.
var abbreviations = map[string]bool{
	"art": true, "artt": true, "nr": true, "mr": true, "mrs": true, "ms": true, "dr": true, "prof": true,
	"hr": true, "fr": true, "bzw": true, "evtl": true, "ggf": true, "usw": true, "inkl": true, "ca": true,
	"vs": true, "etc": true, "incl": true, "resp": true, "ul": true, "pkt": true, "np": true, "itd": true,
	"itp": true, "tel": true, "ust": true, "str": true, "mme": true, "mlle": true, "cf": true, "chr": true,
	"чл": true, "ал": true, "гр": true, "ул": true, "т": true, "г": true, "тел": true,
}

// tokenize cuts s into folded words and the breaks between them.
func tokenize(s string) []token {
	var toks []token
	gapStart := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r) {
				break
			}
			j += n
		}
		t := token{orig: s[i:j], start: i, end: j}
		t.w = foldWord(t.orig)
		t.upper = isUpperWord(t.orig)
		var prev *token
		if len(toks) > 0 {
			prev = &toks[len(toks)-1]
		}
		t.brk = gapBreak(s[gapStart:i], prev, t)
		if prev != nil && mergesWithPrev(s[gapStart:i], prev.w, t.w) {
			prev.orig, prev.end = s[prev.start:j], j
			prev.w = foldWord(strings.ReplaceAll(prev.orig, "-", ""))
			gapStart, i = j, j
			continue
		}
		toks = append(toks, t)
		gapStart, i = j, j
	}
	return toks
}

// mergesWithPrev joins "e-mail" (and "е-мейл") into one word, so that
// "email", "e-mail" and "E-Mail-Adresse" are spelt alike.
func mergesWithPrev(gap, prev, cur string) bool {
	return gap == "-" && (prev == "e" || prev == "е" || prev == "и") &&
		(strings.HasPrefix(cur, "mail") || strings.HasPrefix(cur, "мейл") || strings.HasPrefix(cur, "meil"))
}

// gapBreak is the strength of the break that the characters gap, between
// prev and cur, make.
func gapBreak(gap string, prev *token, cur token) int {
	if prev == nil {
		return brkPara
	}
	b, newlines := brkNone, 0
	for k, r := range gap {
		switch r {
		case '\n':
			newlines++
			if newlines >= 2 {
				return brkPara
			}
			b = max(b, brkLine)
		case '!', '?', ';', '…':
			b = max(b, brkSentence)
		case '.':
			if !abbreviationStop(gap[k+1:], prev, cur) {
				b = max(b, brkSentence)
			}
		case ',', ':', '(', ')', '[', ']', '–', '—', '|', '•', '·':
			b = max(b, brkComma)
		case '-':
			if k > 0 && k+1 < len(gap) {
				b = max(b, brkComma) // " - " between words
			}
		}
		if !unicode.IsSpace(r) && r != '\n' {
			newlines = 0
		}
	}
	return b
}

// abbreviationStop reports whether a full stop after prev does not end a
// sentence: an abbreviation or initial ("Art.", "z.B.", "a.u.b."), or a
// number follows ("Art. 17").
func abbreviationStop(after string, prev *token, cur token) bool {
	if abbreviations[prev.w] || utf8.RuneCountInString(prev.w) == 1 {
		return true
	}
	if after == "" { // "a.u.b": no space after the stop
		return true
	}
	r, _ := utf8.DecodeRuneInString(cur.orig)
	return unicode.IsDigit(r) && strings.TrimSpace(after) == ""
}

// isUpperWord reports whether w is written in capitals and has two letters
// or more ("STOP", not "I").
func isUpperWord(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// foldWord lower-cases w, strips the diacritics of Latin letters (ß→ss,
// ł→l), writes German ae/oe/ue as a/o/u (so "loeschen" meets "löschen"),
// and in a word that mixes Cyrillic and Latin letters reads the Latin
// look-alikes as Cyrillic (a keyboard layout switched mid-word).
func foldWord(w string) string {
	var b strings.Builder
	cyr, lat := false, false
	for _, r := range strings.ToLower(w) {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyr = true
		case r < unicode.MaxASCII && unicode.IsLetter(r):
			lat = true
		}
		switch r {
		case 'ß':
			b.WriteString("ss")
			continue
		case 'ł':
			r = 'l'
		case 'đ':
			r = 'd'
		case 'ø':
			r = 'o'
		case 'æ':
			b.WriteString("ae")
			continue
		case 'œ':
			b.WriteString("oe")
			continue
		case 'ı':
			r = 'i'
		}
		if r >= 0xC0 && r <= 0x24F {
			if d := norm.NFD.String(string(r)); d != "" {
				if base, _ := utf8.DecodeRuneInString(d); base < utf8.RuneSelf {
					r = base
				}
			}
		}
		b.WriteRune(r)
	}
	s := b.String()
	if cyr && lat {
		return strings.Map(cyrillicLookalike, s)
	}
	if lat {
		s = umlautDigraphs.Replace(s)
	}
	return s
}

// umlautDigraphs folds the ASCII spelling of German umlauts.
var umlautDigraphs = strings.NewReplacer("ae", "a", "oe", "o", "ue", "u")

// cyrillicLookalike maps a Latin letter that looks like a Cyrillic one to it.
func cyrillicLookalike(r rune) rune {
	if c, ok := map[rune]rune{'a': 'а', 'c': 'с', 'e': 'е', 'o': 'о', 'p': 'р', 'x': 'х', 'y': 'у',
		'k': 'к', 'm': 'м', 't': 'т', 'h': 'н', 'b': 'в'}[r]; ok {
		return c
	}
	return r
}

// tokPat is one word of a rule phrase: a folded word, or a stem that any
// word starting with it matches (written "word*" in the tables).
type tokPat struct {
	w    string
	stem bool
}

// pattern is one compiled rule phrase.
type pattern struct {
	toks []tokPat
}

// compilePatterns folds and expands a table's phrases: "{a,b}" gives one
// phrase per alternative (an empty alternative makes a part optional), a
// trailing "*" on a word makes it a stem.
func compilePatterns(list []string) []pattern {
	var out []pattern
	for _, src := range list {
		for _, p := range expandBraces(src) {
			var toks []tokPat
			for _, piece := range strings.Fields(p) {
				stem := strings.HasSuffix(piece, "*")
				ws := tokenize(strings.TrimSuffix(piece, "*"))
				for k, t := range ws {
					toks = append(toks, tokPat{w: t.w, stem: stem && k == len(ws)-1})
				}
			}
			if len(toks) > 0 {
				out = append(out, pattern{toks: toks})
			}
		}
	}
	return out
}

// expandBraces expands the first "{a,b,…}" group of s, recursively.
func expandBraces(s string) []string {
	i := strings.IndexByte(s, '{')
	if i < 0 {
		return []string{s}
	}
	j := strings.IndexByte(s[i:], '}')
	if j < 0 {
		return []string{s}
	}
	var out []string
	for _, alt := range strings.Split(s[i+1:i+j], ",") {
		out = append(out, expandBraces(s[:i]+alt+s[i+j+1:])...)
	}
	return out
}

// matchAt reports whether p matches toks from i, and where the match ends
// (exclusive). A phrase may run over a comma or a line break, not over a
// sentence end; up to two words for which skip is true (politeness words:
// "Hören Sie bitte auf", "hou maar op") may stand inside it.
func (p pattern) matchAt(toks []token, i int, skip func(string) bool) (int, bool) {
	j, skipped := i, 0
	for k, tp := range p.toks {
		for {
			if j >= len(toks) || (k > 0 && toks[j].brk > brkComma) {
				return 0, false
			}
			if tp.matches(toks[j].w) {
				j++
				break
			}
			if k == 0 || skipped == 2 || !skip(toks[j].w) {
				return 0, false
			}
			j, skipped = j+1, skipped+1
		}
	}
	return j, true
}

// matches reports whether the folded word w is tp.
func (tp tokPat) matches(w string) bool {
	if tp.stem {
		return strings.HasPrefix(w, tp.w)
	}
	return w == tp.w
}

// nearly reports whether w is tp misspelt by one letter: for a stem, a
// start of w one letter longer or shorter counts too.
func (tp tokPat) nearly(w string) bool {
	if !tp.stem {
		return damerau1(w, tp.w)
	}
	r, n := []rune(w), utf8.RuneCountInString(tp.w)
	for _, l := range []int{n - 1, n, n + 1} {
		if l <= len(r) && damerau1(string(r[:l]), tp.w) {
			return true
		}
	}
	return false
}

// damerau1 reports whether a and b differ by at most one insertion,
// deletion, substitution or swap of two neighbouring letters.
func damerau1(a, b string) bool {
	x, y := []rune(a), []rune(b)
	if len(x) > len(y) {
		x, y = y, x
	}
	if len(y)-len(x) > 1 {
		return false
	}
	i := 0
	for i < len(x) && x[i] == y[i] {
		i++
	}
	if i == len(x) {
		return true
	}
	if len(x) == len(y) {
		if string(x[i+1:]) == string(y[i+1:]) {
			return true // substitution
		}
		return i+1 < len(x) && x[i] == y[i+1] && x[i+1] == y[i] && string(x[i+2:]) == string(y[i+2:])
	}
	return string(x[i:]) == string(y[i+1:]) // insertion
}
