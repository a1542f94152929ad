package outreach

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// wordClass names a phrase table (the c… classes: a match is a signal on
// its own) or a word list of a ruleSet (the w… classes).
type wordClass int

const (
	cErasure wordClass = iota
	cAccess
	cObjection
	cOptOut
	cWeakOptOut
	cWithdrawal
	cOutOfOffice
	cConsent
	cTracking
	wNeg
	wPostNeg
	wFiller
	wContrast
	wCond
	wNotOnly
	wStop
	wPolite
	wSelf
	wMe
	wAddress
	wData
	wPersonal
	wList
	wStore
	wMail
	wContact
	wAgain
	wWish
	wRemove
	wDelete
	wHalt
	wRefuse
	wTrackWord
	wConsentWord
	wWithdraw
	wObject
	wMarketing
	wLaw
	wAccessWord
	wInterest
	wPerfect
	wNotTypo
	numClasses
)

// table is the list of rs that class c names.
func (rs *ruleSet) table(c wordClass) []string {
	return [...][]string{
		cErasure: rs.Erasure, cAccess: rs.Access, cObjection: rs.Objection, cOptOut: rs.OptOut,
		cWeakOptOut: rs.WeakOptOut, cWithdrawal: rs.Withdrawal, cOutOfOffice: rs.OutOfOffice,
		cConsent: rs.Consent, cTracking: rs.Tracking,
		wNeg: rs.Negators, wPostNeg: rs.PostNegators, wFiller: rs.Fillers, wContrast: rs.Contrast,
		wCond: rs.Conditional, wNotOnly: rs.NotOnly, wStop: rs.StopWords, wPolite: rs.Polite,
		wSelf: rs.Self, wMe: rs.Me, wAddress: rs.Address, wData: rs.Data, wPersonal: rs.Personal,
		wList: rs.List, wStore: rs.Store, wMail: rs.Mail, wContact: rs.Contact, wAgain: rs.Again,
		wWish: rs.Wish, wRemove: rs.Remove, wDelete: rs.Delete, wHalt: rs.Halt, wRefuse: rs.Refuse, wTrackWord: rs.TrackWords,
		wConsentWord: rs.ConsentWord, wWithdraw: rs.Withdraw, wObject: rs.Object, wMarketing: rs.Marketing,
		wLaw: rs.Law, wAccessWord: rs.AccessWord, wInterest: rs.Interest, wPerfect: rs.Perfect, wNotTypo: rs.NotTypos,
	}[c]
}

// ruleEntry is one compiled phrase or word of one language.
type ruleEntry struct {
	lang int // index in ruleLanguages
	cls  wordClass
	pat  pattern
}

// ruleIndex finds the entries a token may start: by the exact first word,
// or, for stems, by the stem's first rune.
type ruleIndex struct {
	exact map[string][]ruleEntry
	stems map[rune][]ruleEntry
	// typoTargets are one-word opt-out phrases long enough to recognise
	// misspelt ("unsubscibe").
	typoTargets []ruleEntry
	// polite are the one-word politeness words of every language, which
	// may stand inside a phrase.
	polite map[string]bool
}

// A misspelt word is read as an opt-out word only if it has minTypoLen
// letters or more and the opt-out word (or stem) minTypoStem.
const (
	minTypoLen  = 7
	minTypoStem = 6
)

var rules = compileRules()

func compileRules() *ruleIndex {
	ix := &ruleIndex{exact: map[string][]ruleEntry{}, stems: map[rune][]ruleEntry{}, polite: map[string]bool{}}
	for li, lang := range ruleLanguages {
		rs := replyRules[lang]
		for c := wordClass(0); c < numClasses; c++ {
			for _, p := range compilePatterns(rs.table(c)) {
				e := ruleEntry{lang: li, cls: c, pat: p}
				first := p.toks[0]
				if first.stem {
					r, _ := utf8.DecodeRuneInString(first.w)
					ix.stems[r] = append(ix.stems[r], e)
				} else {
					ix.exact[first.w] = append(ix.exact[first.w], e)
				}
				if c == wPolite && len(p.toks) == 1 && !first.stem {
					ix.polite[first.w] = true
				}
				if c == cOptOut && len(p.toks) == 1 && utf8.RuneCountInString(first.w) >= minTypoStem {
					ix.typoTargets = append(ix.typoTargets, e)
				}
			}
		}
	}
	return ix
}

// span is a match of one entry: tokens [from, to).
type span struct {
	from, to int
}

// analysis is a reply cut into tokens, with every rule match found.
type analysis struct {
	text               string
	toks               []token
	sent, clause       []int // index of the sentence and comma clause of each token
	sentStart, sentEnd []int // token range of each sentence
	cover              [][]uint64
	spans              [][numClasses][]span
	guess              int // index of the language the reply seems to be in
}

// analyse tokenizes text and matches every language's rules against it.
func analyse(text string) *analysis {
	x := &analysis{text: text, toks: tokenize(text)}
	n := len(x.toks)
	x.sent, x.clause = make([]int, n), make([]int, n)
	s, c := -1, -1
	for i, t := range x.toks {
		if i == 0 || t.brk >= brkSentence {
			s++
			x.sentStart = append(x.sentStart, i)
			if s > 0 {
				x.sentEnd = append(x.sentEnd, i)
			}
		}
		if i == 0 || t.brk >= brkComma {
			c++
		}
		x.sent[i], x.clause[i] = s, c
	}
	if n > 0 {
		x.sentEnd = append(x.sentEnd, n)
	}
	x.cover = make([][]uint64, len(ruleLanguages))
	x.spans = make([][numClasses][]span, len(ruleLanguages))
	for li := range ruleLanguages {
		x.cover[li] = make([]uint64, n)
	}
	for i, t := range x.toks {
		try := func(e ruleEntry) {
			if end, ok := e.pat.matchAt(x.toks, i, func(w string) bool { return rules.polite[w] }); ok {
				x.spans[e.lang][e.cls] = append(x.spans[e.lang][e.cls], span{i, end})
				for k := i; k < end; k++ {
					x.cover[e.lang][k] |= 1 << e.cls
				}
			}
		}
		for _, e := range rules.exact[t.w] {
			try(e)
		}
		r, _ := utf8.DecodeRuneInString(t.w)
		for _, e := range rules.stems[r] {
			try(e)
		}
	}
	x.guess = x.guessLanguage()
	return x
}

// has reports whether token i is covered by a word of class c in language li.
func (x *analysis) has(li, i int, c wordClass) bool {
	return i >= 0 && i < len(x.toks) && x.cover[li][i]&(1<<c) != 0
}

// hasAny reports whether any token in [from, to) has a word of one of cs.
func (x *analysis) hasAny(li, from, to int, cs []wordClass) bool {
	for i := from; i < to; i++ {
		for _, c := range cs {
			if x.has(li, i, c) {
				return true
			}
		}
	}
	return false
}

// guessLanguage picks the language with the most function words (negators,
// fillers, pronouns, polite words, conjunctions) in the reply.
func (x *analysis) guessLanguage() int {
	best, bestN := 0, -1
	for li := range ruleLanguages {
		n := 0
		for i := range x.toks {
			for _, c := range []wordClass{wNeg, wFiller, wSelf, wPolite, wContrast, wCond} {
				if x.has(li, i, c) {
					n++
					break
				}
			}
		}
		if n > bestN {
			best, bestN = li, n
		}
	}
	return best
}

// words is the reply's own text of tokens [from, to), on one line.
func (x *analysis) words(from, to int) string {
	if from >= to {
		return ""
	}
	s := strings.Join(strings.Fields(x.text[x.toks[from].start:x.toks[to-1].end]), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return s
}

// negScope is how a negator governs a signal.
type negScope int

const (
	negNone      negScope = iota
	negAdjacent           // "no objection", "don't stop": the signal is cancelled
	negAmbiguous          // a negator in reach but not next to it: the signal is kept, weak
)

// maxNegDistance is how many words (fillers not counted) may stand between
// a negator and what it may negate.
const maxNegDistance = 3

// negation reports whether a negator of language li governs tokens
// [from, to): before them in the same clause, or (for languages that put
// the negator late) after them.
//
// Both the rule's language and the language the reply seems to be in are
// asked, so "aucune objection" is negated although "objection" is also an
// English word; the stronger answer wins.
func (x *analysis) negation(li, from, to int) negScope {
	n := negNone
	for _, l := range []int{li, x.guess} {
		for _, got := range []negScope{x.negBefore(l, from), x.negAfter(l, to)} {
			if got == negAdjacent || (got == negAmbiguous && n == negNone) {
				n = got
			}
		}
	}
	return n
}

func (x *analysis) negBefore(li, from int) negScope {
	dist := 0
	for i := from - 1; i >= 0; i-- {
		if x.toks[i+1].brk >= brkComma || x.has(li, i, wContrast) {
			return negNone
		}
		if x.has(li, i, wNeg) && !x.has(li, i+1, wNotOnly) {
			if dist > maxNegDistance {
				return negNone
			}
			if dist > 0 || x.conditionalBefore(li, i) {
				return negAmbiguous
			}
			return negAdjacent
		}
		if !x.has(li, i, wFiller) {
			dist++
		}
		if dist > maxNegDistance {
			return negNone
		}
	}
	return negNone
}

// conditionalBefore reports whether an "if" stands before the negator at i
// in its clause ("if you don't stop …": not a cancellation).
func (x *analysis) conditionalBefore(li, i int) bool {
	for k := i - 1; k >= 0 && i-k <= 4; k-- {
		if x.toks[k+1].brk >= brkComma {
			return false
		}
		if x.has(li, k, wCond) {
			return true
		}
	}
	return false
}

func (x *analysis) negAfter(li, to int) negScope {
	dist := 0
	for i := to; i < len(x.toks); i++ {
		if x.toks[i].brk >= brkComma || x.has(li, i, wContrast) {
			return negNone
		}
		if x.has(li, i, wPostNeg) && !x.has(li, i+1, wNotOnly) {
			if dist == 0 {
				return negAdjacent
			}
			return negAmbiguous
		}
		if !x.has(li, i, wFiller) {
			dist++
		}
		if dist > maxNegDistance {
			return negNone
		}
	}
	return negNone
}

// signal is one thing the reply seems to ask for.
type signal struct {
	kind     wordClass // cErasure … cTracking
	weak     bool      // a hint, not a statement: a stop with Unsure set
	lang     int
	from, to int
	tracking bool // about the tracking consent (withdrawal, consent)
}

// priority orders the kinds when two signals share words: the earlier
// kind keeps them.
func (s signal) priority() int {
	switch s.kind {
	case cWithdrawal:
		return 0
	case cErasure:
		return 1
	case cAccess:
		return 2
	case cObjection, cOptOut, cWeakOptOut:
		return 3
	case cOutOfOffice:
		return 4
	}
	return 5
}

// signals finds every signal in the reply: phrases, the notice's STOP word,
// frames and misspelt opt-out words, each checked for negation.
func (x *analysis) signals() []signal {
	var out []signal
	for li := range ruleLanguages {
		out = append(out, x.phraseSignals(li)...)
		for _, f := range replyFrames {
			out = append(out, x.frameSignals(li, f)...)
		}
	}
	out = append(out, x.stopWordSignals()...)
	out = append(out, x.typoSignals()...)
	return x.resolve(out)
}

// phraseSignals are the matches of li's phrase tables, negation applied: a
// negated stop phrase is cancelled (or weak if the negator is not next to
// it, or the phrase holds a negation itself: a double negative); a negated
// consent is a refusal.
func (x *analysis) phraseSignals(li int) []signal {
	var out []signal
	for c := cErasure; c <= cTracking; c++ {
		for _, sp := range x.spans[li][c] {
			s := signal{kind: c, lang: li, from: sp.from, to: sp.to, weak: c == cWeakOptOut}
			if c == cWeakOptOut {
				s.kind = cOptOut
			}
			if c == cWithdrawal {
				end := x.sentEnd[x.sent[sp.from]]
				s.tracking = x.hasAny(li, x.sentStart[x.sent[sp.from]], end, []wordClass{wTrackWord})
				if s.tracking && x.alsoMail(li, sp.to, end) {
					out = append(out, signal{kind: cOptOut, lang: li, from: sp.to, to: end})
				}
			}
			if c == cAccess || c == cOutOfOffice {
				out = append(out, s)
				continue
			}
			neg := x.negation(li, sp.from, sp.to)
			if s, ok := x.applyNegation(s, neg, x.hasAny(li, sp.from, sp.to, []wordClass{wNeg})); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// applyNegation turns a signal and the negation around it into what it
// means: a stop signal negated next to it is gone, negated from further
// away (or doubly) is weak; a consent negated is a refusal: an opt-out, or
// a withdrawal of the tracking consent.
func (x *analysis) applyNegation(s signal, neg negScope, inner bool) (signal, bool) {
	if neg == negNone {
		return s, true
	}
	switch s.kind {
	case cConsent:
		s.kind, s.weak = cOptOut, neg == negAmbiguous
		return s, true
	case cTracking:
		s.kind, s.tracking, s.weak = cWithdrawal, true, neg == negAmbiguous
		return s, true
	}
	if inner || neg == negAmbiguous {
		s.weak = true
		return s, true
	}
	return s, false
}

// frameSignals finds f in every sentence of the reply, in language li.
func (x *analysis) frameSignals(li int, f frame) []signal {
	var out []signal
	for si := range x.sentStart {
		a, b := x.sentStart[si], x.sentEnd[si]
		if x.hasAny(li, a, b, f.Unless) {
			continue
		}
		cands := make([][]span, len(f.Slots))
		ok := true
		for k, slot := range f.Slots {
			for _, c := range slot {
				for _, sp := range x.spans[li][c] {
					if sp.from >= a && sp.to <= b {
						cands[k] = append(cands[k], sp)
					}
				}
			}
			if len(cands[k]) == 0 {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		from, to, found := x.bestFill(f, cands)
		if !found {
			continue
		}
		scopeA, scopeB := a, b
		if f.Clause {
			scopeA, scopeB = x.clauseRange(from)
		}
		if len(f.Need) > 0 && !x.hasAny(li, scopeA, scopeB, f.Need) {
			continue
		}
		s := signal{kind: f.Cue, lang: li, from: from, to: to, weak: f.Weak}
		if len(f.Strong) > 0 && b-a > 4 && !x.hasAny(li, a, b, f.Strong) {
			if f.Cue == cAccess || f.Cue == cTracking {
				continue
			}
			s.weak = true
			if f.Cue == cErasure {
				s.kind = cOptOut
			}
		}
		if f.Tracking && x.hasAny(li, a, b, []wordClass{wTrackWord}) {
			s.tracking = true
			if s.kind == cOptOut {
				s.kind = cWithdrawal
			}
		}
		if hasNegSlot(f) {
			if x.conditionalBefore(li, from) || x.conditionalBefore(x.guess, from) {
				s.weak = true // "if you don't …": a threat or a condition, not a request
			}
		} else {
			neg := x.negation(li, from, to)
			if neg == negNone && x.negInside(li, from, to, f) {
				neg = negAmbiguous
			}
			var keep bool
			if s, keep = x.applyNegation(s, neg, false); !keep {
				continue
			}
		}
		out = append(out, s)
		if s.kind == cWithdrawal && s.tracking && x.alsoMail(li, to, b) {
			out = append(out, signal{kind: cOptOut, lang: li, from: to, to: b})
		}
	}
	return out
}

// alsoMail reports whether, after a withdrawal of the tracking consent
// ending at from, the sentence (ending at end) goes on to withdraw the
// consent to mail too: "… to tracking and to your emails".
func (x *analysis) alsoMail(li, from, end int) bool {
	for i := from; i < end; i++ {
		if x.has(li, i, wContrast) {
			return x.hasAny(li, i+1, end, []wordClass{wMail, wMarketing})
		}
	}
	return false
}

// hasNegSlot reports whether the frame's own slots hold its negation.
func hasNegSlot(f frame) bool {
	for _, slot := range f.Slots {
		for _, c := range slot {
			if c == wNeg {
				return true
			}
		}
	}
	return false
}

// negInside reports whether a negator stands between a frame's words.
func (x *analysis) negInside(li, from, to int, f frame) bool {
	for i := from + 1; i < to-1; i++ {
		if x.has(li, i, wNeg) && !x.has(li, i+1, wNotOnly) && !x.inSlot(li, i, f) {
			return true
		}
	}
	return false
}

func (x *analysis) inSlot(li, i int, f frame) bool {
	for _, slot := range f.Slots {
		for _, c := range slot {
			if x.has(li, i, c) {
				return true
			}
		}
	}
	return false
}

// clauseRange is the token range of the comma clause token i is in.
func (x *analysis) clauseRange(i int) (int, int) {
	a, b := i, i
	for a > 0 && x.clause[a-1] == x.clause[i] {
		a--
	}
	for b < len(x.toks) && x.clause[b] == x.clause[i] {
		b++
	}
	return a, b
}

// maxCands bounds the words tried per slot, so a long reply stays cheap.
const maxCands = 8

// bestFill chooses one span per slot, no two sharing a word, so that the
// whole is as short as possible and within the frame's window (and clause).
func (x *analysis) bestFill(f frame, cands [][]span) (from, to int, ok bool) {
	best := -1
	pick := make([]span, len(cands))
	var walk func(k int)
	walk = func(k int) {
		if k == len(cands) {
			lo, hi := pick[0].from, pick[0].to
			for _, p := range pick[1:] {
				lo, hi = min(lo, p.from), max(hi, p.to)
			}
			if hi-lo > f.Window && len(cands) > 1 {
				return
			}
			if f.Clause && x.clause[lo] != x.clause[hi-1] {
				return
			}
			if best < 0 || hi-lo < best {
				best, from, to = hi-lo, lo, hi
			}
			return
		}
		for n, c := range cands[k] {
			if n >= maxCands {
				break
			}
			clash := false
			for _, p := range pick[:k] {
				clash = clash || (c.from < p.to && p.from < c.to)
			}
			if clash {
				continue
			}
			pick[k] = c
			walk(k + 1)
		}
	}
	walk(0)
	return from, to, best >= 0
}

// stopWordSignals finds the notice's own word. A line or clause made only
// of it (or another bare "stop!": "Arrêtez", "Спрете") and polite words
// ("STOP", "Stop, please.") is an opt-out; one made only of a negator, an
// "any more" and polite words ("please, no more") is a weak one; the
// notice's word written in capitals anywhere else is a weak one, unless
// negated.
func (x *analysis) stopWordSignals() []signal {
	var out []signal
	for i := 0; i < len(x.toks); {
		j := i + 1
		for j < len(x.toks) && x.toks[j].brk < brkLine {
			j++
		}
		stop, neg, again, other := -1, -1, false, false
		for k := i; k < j; k++ {
			if li, ok := x.anyLang(k, wStop); ok {
				stop = li
			} else if li, ok := x.anyLang(k, wHalt); ok {
				stop = li
			} else if li, ok := x.anyLang(k, wNeg); ok {
				neg = li
			} else if _, ok := x.anyLang(k, wAgain); ok {
				again = true
			} else if _, ok := x.anyLang(k, wPolite); !ok {
				other = true
			}
		}
		switch {
		case !other && stop >= 0 && neg < 0 && !again:
			out = append(out, signal{kind: cOptOut, lang: stop, from: i, to: j})
		case !other && stop < 0 && neg >= 0 && again:
			out = append(out, signal{kind: cOptOut, weak: true, lang: neg, from: i, to: j})
		default:
			for k := i; k < j; k++ {
				li, isStop := x.anyLang(k, wStop)
				if !isStop || !x.toks[k].upper {
					continue
				}
				if s, keep := x.applyNegation(signal{kind: cOptOut, weak: true, lang: li, from: k, to: k + 1}, x.negation(li, k, k+1), false); keep {
					out = append(out, s)
				}
			}
		}
		i = j
	}
	return out
}

// anyLang reports whether token i is a word of class c in some language,
// the guessed language first.
func (x *analysis) anyLang(i int, c wordClass) (int, bool) {
	if x.has(x.guess, i, c) {
		return x.guess, true
	}
	for li := range ruleLanguages {
		if x.has(li, i, c) {
			return li, true
		}
	}
	return 0, false
}

// typoSignals finds one-word opt-outs misspelt by one letter
// ("unsubscibe", "afmleden"): weak signals. A word any rule knows is never
// read as a misspelling.
func (x *analysis) typoSignals() []signal {
	var out []signal
	for i, t := range x.toks {
		if utf8.RuneCountInString(t.w) < minTypoLen || x.known(i) {
			continue
		}
		for _, e := range rules.typoTargets {
			if !e.pat.toks[0].nearly(t.w) {
				continue
			}
			if s, keep := x.applyNegation(signal{kind: cOptOut, weak: true, lang: e.lang, from: i, to: i + 1},
				x.negation(e.lang, i, i+1), false); keep {
				out = append(out, s)
			}
			break
		}
	}
	return out
}

// known reports whether some rule of some language covers token i.
func (x *analysis) known(i int) bool {
	for li := range ruleLanguages {
		if x.cover[li][i] != 0 {
			return true
		}
	}
	return false
}

// resolve drops duplicate signals (the same words read in two languages:
// the guessed language wins) and lets each word serve one kind of signal:
// where signals of different priority share words, the higher keeps them
// ("I withdraw my consent to tracking" is a withdrawal, not a consent).
func (x *analysis) resolve(in []signal) []signal {
	sort.SliceStable(in, func(i, j int) bool {
		a, b := in[i], in[j]
		if a.priority() != b.priority() {
			return a.priority() < b.priority()
		}
		if a.weak != b.weak {
			return !a.weak
		}
		if (a.lang == x.guess) != (b.lang == x.guess) {
			return a.lang == x.guess
		}
		return a.from < b.from
	})
	var out []signal
	for _, s := range in {
		keep := true
		for _, o := range out {
			overlap := s.from < o.to && o.from < s.to
			if overlap && (o.priority() != s.priority() || (o.from == s.from && o.to == s.to && o.kind == s.kind)) {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].from < out[j].from })
	return out
}
