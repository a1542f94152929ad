package contacts

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Confidence says how much a proposal rests on. Every proposal, whatever its
// confidence, is shown to the rep to confirm; none is saved on its own.
type Confidence int

// The confidences a proposal can have, weakest first.
const (
	// ConfidenceNone: nothing points anywhere; there is no proposal.
	ConfidenceNone Confidence = iota
	// ConfidenceAmbiguous: the signs allow more than one answer, or
	// contradict each other; the rep must choose.
	ConfidenceAmbiguous
	// ConfidenceLikely: one sign points to the answer.
	ConfidenceLikely
	// ConfidenceStrong: two signs agree, or the company name states the form.
	ConfidenceStrong
)

// String is the confidence in one word for screens and logs.
func (c Confidence) String() string {
	switch c {
	case ConfidenceAmbiguous:
		return "ambiguous"
	case ConfidenceLikely:
		return "likely"
	case ConfidenceStrong:
		return "strong"
	default:
		return "none"
	}
}

// CountryProposal is a country legit suggests for a contact, for the rep to
// confirm or correct.
type CountryProposal struct {
	// Country is the ISO 3166-1 alpha-2 code of the best candidate, "" when
	// there is none. When Confidence is ConfidenceAmbiguous it is only the
	// first of Candidates and must not be preselected without showing them.
	Country string
	// Candidates is every country the signs allow, best first.
	Candidates []string
	Confidence Confidence
	// Reason says in the rep's words what the proposal rests on, e.g.
	// "address ends in .nl (Netherlands)".
	Reason string
}

// Ambiguous reports whether the rep must choose between several countries.
func (p CountryProposal) Ambiguous() bool { return p.Confidence == ConfidenceAmbiguous }

// LegalFormProposal is a legal form legit suggests for a contact, for the
// rep to confirm or correct.
type LegalFormProposal struct {
	// Form is the proposed form; LegalFormUnknown when there is no proposal.
	// SoleTrader also stands for a private person: both are natural persons,
	// and the country rules treat them alike.
	Form       LegalForm
	Confidence Confidence
	// Reason says in the rep's words what the proposal rests on.
	Reason string
}

// policyCountries are the countries whose rules legit knows: EU-27, Norway,
// Iceland, Liechtenstein, the United Kingdom and Switzerland.
var policyCountries = []string{
	"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
	"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
	"NO", "IS", "LI", "GB", "CH",
}

// countryTLDs maps the country-code top-level domains of policyCountries to
// their country. Generic domains (.com, .eu, .io) and the ccTLDs of other
// countries are not in it.
var countryTLDs = buildCountryTLDs()

func buildCountryTLDs() map[string]string {
	m := map[string]string{}
	for _, c := range policyCountries {
		m[strings.ToLower(c)] = c
	}
	m["uk"] = "GB" // .gb exists but is not used; .uk, .co.uk, .org.uk are
	m["ελ"], m["xn--qxam"] = "GR", "GR"
	m["бг"], m["xn--90ae"] = "BG", "BG"
	return m
}

// secondLevel are labels under a ccTLD that registries hand out below, as in
// acme.co.uk, acme.com.pl or acme.or.at: the name is the label before them.
var secondLevel = map[string]bool{
	"co": true, "com": true, "org": true, "net": true, "ac": true, "gov": true, "gv": true, "or": true,
	"ltd": true, "plc": true, "edu": true, "biz": true, "info": true, "nom": true, "me": true,
}

// domainOf splits an address's domain into the registered name ("vdberg-consult"),
// the registered domain ("vdberg-consult.nl") and the top-level domain ("nl").
// All are "" when the address has no domain with a dot.
func domainOf(email string) (name, registered, tld string) {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return "", "", ""
	}
	labels := strings.Split(strings.TrimSuffix(strings.ToLower(strings.TrimSpace(email[at+1:])), "."), ".")
	if len(labels) < 2 || slices.Contains(labels, "") {
		return "", "", ""
	}
	tld = labels[len(labels)-1]
	i := len(labels) - 2
	if i > 0 && secondLevel[labels[i]] && len(tld) == 2 {
		i--
	}
	return labels[i], strings.Join(labels[i:], "."), tld
}

// hostText reports whether s is plain host-name text, safe to show a rep.
func hostText(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// ProposeCountry suggests the contact's country from the top-level domain of
// the address (.nl, .co.uk; not .com or .eu) and the legal form in the
// company name (GmbH, B.V., sp. z o.o., S.A.S., ЕООД; of several forms, the
// one used in the fewest countries, so "Oy Fazer Ab" is Finnish). When the
// two agree, or the form exists in the address's country, the address's
// country is proposed; when they disagree, or a form exists in several
// countries and no address says which, the proposal is ambiguous and lists
// the candidates. It is pure and never sets anything: the rep confirms.
func ProposeCountry(email, company string) CountryProposal {
	tld, byTLD, form := countrySigns(email, company)
	switch {
	case byTLD == "" && form == nil:
		return CountryProposal{Reason: noCountryReason(tld, company)}
	case form == nil:
		return CountryProposal{Country: byTLD, Candidates: []string{byTLD}, Confidence: ConfidenceLikely, Reason: tldReason(tld, byTLD)}
	case byTLD == "":
		p := CountryProposal{Country: form.countries[0], Candidates: slices.Clone(form.countries), Confidence: ConfidenceLikely,
			Reason: formCountryReason(form)}
		if len(form.countries) > 1 {
			p.Confidence = ConfidenceAmbiguous
			p.Reason += ": choose one"
		}
		return p
	case slices.Contains(form.countries, byTLD):
		return CountryProposal{Country: byTLD, Candidates: []string{byTLD}, Confidence: ConfidenceStrong,
			Reason: fmt.Sprintf("%s, and company form %q is used there", tldReason(tld, byTLD), form.label)}
	default:
		return CountryProposal{Country: byTLD, Candidates: append([]string{byTLD}, form.countries...), Confidence: ConfidenceAmbiguous,
			Reason: fmt.Sprintf("%s, but %s: choose one", tldReason(tld, byTLD), formCountryReason(form))}
	}
}

// countrySigns are what points to a country: the address's top-level
// domain, the country it names (if any), and the company form that narrows
// the country most ("Oy" over "Ab" in "Oy Fazer Ab").
func countrySigns(email, company string) (tld, byTLD string, form *companyForm) {
	_, _, tld = domainOf(email)
	for _, f := range formsIn(company) {
		if len(f.countries) > 0 && (form == nil || len(f.countries) < len(form.countries)) {
			form = f
		}
	}
	return tld, countryTLDs[tld], form
}

// CountryConfidence is ProposeCountry's confidence alone, without the words
// of its reason: what an import counts for each row without a country.
func CountryConfidence(email, company string) Confidence {
	_, byTLD, form := countrySigns(email, company)
	switch {
	case form == nil && byTLD == "":
		return ConfidenceNone
	case form == nil, byTLD == "" && len(form.countries) == 1:
		return ConfidenceLikely
	case byTLD == "", !slices.Contains(form.countries, byTLD):
		return ConfidenceAmbiguous
	default:
		return ConfidenceStrong
	}
}

func tldReason(tld, country string) string {
	return fmt.Sprintf("address ends in .%s (%s)", tld, CountryName(country))
}

func formCountryReason(f *companyForm) string {
	names := make([]string, len(f.countries))
	for i, c := range f.countries {
		names[i] = CountryName(c)
	}
	return fmt.Sprintf("company form %q is used in %s", f.label, orList(names))
}

// orList joins names as "A", "A or B", "A, B or C".
func orList(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func noCountryReason(tld, company string) string {
	var parts []string
	if hostText(tld) {
		parts = append(parts, fmt.Sprintf("address ends in .%s, which names none of the countries legit has rules for", tld))
	}
	if strings.TrimSpace(company) != "" {
		parts = append(parts, "the company name shows no national legal form")
	}
	if len(parts) == 0 {
		return "no address or company name to go on"
	}
	return strings.Join(parts, "; ")
}

// freeMailNames are mail services whose every domain (gmail.com,
// hotmail.co.uk, gmx.at, mail.bg) gives mailboxes to private persons.
var freeMailNames = map[string]bool{
	"gmail": true, "googlemail": true, "hotmail": true, "outlook": true, "live": true, "msn": true,
	"yahoo": true, "ymail": true, "rocketmail": true, "aol": true, "gmx": true, "yandex": true,
	"protonmail": true, "proton": true, "tutanota": true, "tuta": true, "mail": true, "email": true,
	"inbox": true, "icloud": true,
}

// freeMailDomains are further free-mail and consumer-provider domains,
// by registered domain.
var freeMailDomains = map[string]bool{
	"me.com": true, "mac.com": true, "pm.me": true, "fastmail.com": true, "fastmail.fm": true, "mailbox.org": true,
	"web.de": true, "t-online.de": true, "freenet.de": true, "posteo.de": true, "arcor.de": true,
	"aon.at": true, "chello.at": true, "a1.net": true, "bluewin.ch": true,
	"wp.pl": true, "onet.pl": true, "onet.eu": true, "op.pl": true, "o2.pl": true, "interia.pl": true,
	"interia.eu": true, "poczta.fm": true, "tlen.pl": true, "gazeta.pl": true, "vp.pl": true,
	"abv.bg": true, "dir.bg": true,
	"seznam.cz": true, "centrum.cz": true, "post.cz": true, "volny.cz": true, "azet.sk": true, "centrum.sk": true, "zoznam.sk": true,
	"libero.it": true, "virgilio.it": true, "tiscali.it": true, "alice.it": true, "tin.it": true,
	"orange.fr": true, "wanadoo.fr": true, "free.fr": true, "laposte.net": true, "sfr.fr": true, "neuf.fr": true,
	"telenet.be": true, "skynet.be": true,
	"ziggo.nl": true, "kpnmail.nl": true, "planet.nl": true, "home.nl": true, "xs4all.nl": true, "hetnet.nl": true,
	"chello.nl": true, "upcmail.nl": true, "casema.nl": true,
	"sapo.pt": true, "terra.es": true,
	"btinternet.com": true, "sky.com": true, "virginmedia.com": true, "talktalk.net": true, "ntlworld.com": true, "eircom.net": true,
	"freemail.hu": true, "citromail.hu": true, "online.no": true,
}

// freeMail reports whether the address is at a free-mail or consumer
// provider, whose mailboxes belong to natural persons.
func freeMail(name, registered string) bool {
	return freeMailNames[name] || freeMailDomains[registered]
}

// ProposeLegalForm suggests whether the contact is written to at a legal
// person or is a natural person (a sole trader, a partner in a partnership of
// natural persons, or a private person), from the address, the person's name
// and the company name:
//
//   - a sole-trader or partnership form in the company name (eenmanszaak,
//     v.o.f., e.K., GbR, JDG, s.c., EI, ЕТ, enskild firma, sole trader …):
//     SoleTrader;
//   - a free-mail address (gmail.com, gmx.de, wp.pl, abv.bg …): SoleTrader,
//     since the mailbox belongs to a natural person;
//   - a legal-person form (GmbH, B.V., sp. z o.o., Ltd …): LegalPerson;
//   - the person's surname in the address's domain (jan@vdberg-consult.nl for
//     Jan van den Berg), or their full name in the company name: likely
//     SoleTrader;
//   - otherwise no proposal.
//
// Signs that contradict each other give an ambiguous proposal of the
// stricter form, SoleTrader. It is pure and never sets anything.
func ProposeLegalForm(email, name, company string) LegalFormProposal {
	var legal, natural *companyForm
	for _, f := range formsIn(company) {
		switch {
		case f.kind == kindCompany && legal == nil:
			legal = f
		case f.kind != kindCompany && natural == nil:
			natural = f
		}
	}
	domName, registered, _ := domainOf(email)
	free := domName != "" && freeMail(domName, registered)
	switch {
	case natural != nil && legal != nil:
		return LegalFormProposal{Form: SoleTrader, Confidence: ConfidenceAmbiguous,
			Reason: fmt.Sprintf("company name shows both %q (%s) and %q (%s): choose", natural.label, natural.kindWords(), legal.label, legal.kindWords())}
	case natural != nil:
		return LegalFormProposal{Form: SoleTrader, Confidence: ConfidenceStrong,
			Reason: fmt.Sprintf("company name shows %q: %s", natural.label, natural.kindWords())}
	case free && legal != nil:
		return LegalFormProposal{Form: SoleTrader, Confidence: ConfidenceAmbiguous,
			Reason: fmt.Sprintf("%s, though the company is a %s: a private mailbox belongs to a natural person; choose", freeMailWords(registered), legal.label)}
	case free:
		return LegalFormProposal{Form: SoleTrader, Confidence: ConfidenceStrong,
			Reason: freeMailWords(registered) + ": a natural person (sole trader or private)"}
	case legal != nil:
		return LegalFormProposal{Form: LegalPerson, Confidence: ConfidenceStrong,
			Reason: fmt.Sprintf("company form %q: %s", legal.label, legal.kindWords())}
	}
	if reason := ownNameReason(name, domName, registered, company); reason != "" {
		return LegalFormProposal{Form: SoleTrader, Confidence: ConfidenceLikely, Reason: reason}
	}
	return LegalFormProposal{Reason: "neither the address nor the company name shows the legal form"}
}

func freeMailWords(registered string) string {
	if hostText(registered) {
		return "address is at " + registered + ", a free-mail service"
	}
	return "address is at a free-mail service"
}

// personName is a person's name as words to find in a domain or company.
type personName struct {
	first   []string // the first name's spellings, folded
	surname []surnameWord
	joined  []string // the whole surname with its particles, "vandenberg" and "vdberg"
}

// surnameWord is one word of a surname as written and as it may be spelled
// in a domain ("Müller": "muller", "mueller").
type surnameWord struct {
	raw      string
	spelling []string
}

// nameParticles are the small words of surnames ("van den Berg", "von
// Weizsäcker", "de la Cruz") that domains drop or shorten.
var nameParticles = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "del": true, "della": true, "di": true,
	"da": true, "das": true, "do": true, "dos": true, "du": true, "la": true, "le": true, "ter": true,
	"ten": true, "te": true, "zu": true, "af": true, "av": true, "t": true,
}

// nameTitles are titles and degrees written with names.
var nameTitles = map[string]bool{
	"dr": true, "prof": true, "ing": true, "ir": true, "drs": true, "mr": true, "mrs": true, "ms": true,
	"dipl": true, "mgr": true, "inz": true, "mag": true, "msc": true, "mba": true, "phd": true, "bsc": true,
	"ba": true, "ma": true, "jr": true, "sr": true, "lic": true,
}

// parseName reads "Jan van den Berg", "Dr. Anna Müller" or "Kowalski, Jan".
// It needs a first name and a surname; otherwise ok is false.
func parseName(name string) (p personName, ok bool) {
	if first, last, comma := strings.Cut(name, ","); comma {
		name = last + " " + first
	}
	var words []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if !nameTitles[foldAccents(w)] {
			words = append(words, w)
		}
	}
	if len(words) < 2 {
		return p, false
	}
	p.first = spellings(words[0])
	var particles []string
	for _, w := range words[1:] {
		f := foldAccents(w)
		if nameParticles[f] {
			particles = append(particles, f)
			continue
		}
		p.surname = append(p.surname, surnameWord{raw: w, spelling: spellings(w)})
	}
	if len(p.surname) == 0 {
		return p, false
	}
	last := p.surname[len(p.surname)-1].spelling[0]
	if len(particles) > 0 {
		p.joined = append(p.joined, strings.Join(particles, "")+last)
		if particles[0] == "van" && len(particles) > 1 {
			p.joined = append(p.joined, "vd"+last) // van der, van den, van de
		}
	}
	return p, true
}

// nordic writes ø and å as oe and aa, as Danish and Norwegian do without them.
var nordic = strings.NewReplacer("ø", "oe", "å", "aa", "Ø", "Oe", "Å", "Aa")

// spellings are the ways a name word is written in Latin letters without
// accents: "Müller" is "muller" and "mueller", "Søren" "soren" and "soeren",
// "Петров" "petrov".
func spellings(w string) []string {
	plain := foldAccents(transliterate(w))
	out := []string{plain}
	expanded := nordic.Replace(expandUmlauts(w))
	if alt := foldAccents(transliterate(expanded)); alt != plain {
		out = append(out, alt)
	}
	return out
}

// bulgarianLatin is the Streamlined System that Bulgaria's Transliteration
// Act (Закон за транслитерацията, State Gazette 19/2009) made official, and
// that Bulgarian names in Latin letters follow; a final "ия" is "ia".
var bulgarianLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z", 'и': "i", 'й': "y",
	'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "sht", 'ъ': "a", 'ь': "y", 'ю': "yu", 'я': "ya",
}

func transliterate(w string) string {
	var b strings.Builder
	w = strings.ToLower(w)
	end := ""
	if strings.HasSuffix(w, "ия") {
		w, end = strings.TrimSuffix(w, "ия"), "ia"
	}
	for _, r := range w {
		if l, ok := bulgarianLatin[r]; ok {
			b.WriteString(l)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String() + end
}

// ownNameReason says why the business looks like the person's own: their
// surname in the address's domain, or their full name in the company name.
// It is "" when neither holds.
func ownNameReason(name, domName, registered, company string) string {
	p, ok := parseName(name)
	if !ok {
		return ""
	}
	if w := p.inDomain(domName); w != "" {
		if hostText(registered) {
			return fmt.Sprintf("domain %s contains the surname %s: likely the person's own business (a sole trader)", registered, w)
		}
		return fmt.Sprintf("the address's domain contains the surname %s: likely the person's own business (a sole trader)", w)
	}
	if p.inCompany(company) {
		return "company name contains the person's full name: likely their own business (a sole trader)"
	}
	return ""
}

// inDomain returns the surname word found in the domain name, or "". A word
// of four letters or more may sit inside the name ("vdberg-consult"); a
// shorter one must be a whole part of it ("fox.nl", "fox-design.nl").
func (p personName) inDomain(domName string) string {
	if domName == "" {
		return ""
	}
	parts := strings.FieldsFunc(domName, func(r rune) bool { return !(r >= 'a' && r <= 'z') })
	letters := strings.Join(parts, "")
	for _, j := range p.joined {
		if strings.Contains(letters, j) {
			return p.surname[len(p.surname)-1].raw
		}
	}
	for _, w := range p.surname {
		for _, s := range w.spelling {
			if len(s) >= 4 && strings.Contains(letters, s) || len(s) == 3 && slices.Contains(parts, s) {
				return w.raw
			}
		}
	}
	return ""
}

// inCompany reports whether the company name holds the person's first name
// and surname as words: a Polish sole trader's business name must (Kodeks
// cywilny art. 43⁴), and many elsewhere do.
func (p personName) inCompany(company string) bool {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(company, func(r rune) bool { return !unicode.IsLetter(r) }) {
		for _, s := range spellings(w) {
			words[s] = true
		}
	}
	has := func(sp []string) bool {
		return slices.ContainsFunc(sp, func(s string) bool { return words[s] })
	}
	return has(p.first) && has(p.surname[len(p.surname)-1].spelling)
}

// LikelyCountries remembers, per address domain and company, whether
// CountryConfidence proposes a country (at least ConfidenceLikely): an
// import's rows repeat both, and the answer depends on nothing else. It
// holds at most maxLikely pairs, then starts again. The zero value is
// ready to use.
type LikelyCountries struct{ seen map[string]bool }

// maxLikely is the most domain and company pairs LikelyCountries keeps.
const maxLikely = 4096

// Proposed reports whether a country is proposed for a row with email and
// company.
func (l *LikelyCountries) Proposed(email, company string) bool {
	domain := ""
	if at := strings.LastIndexByte(email, '@'); at >= 0 {
		domain = email[at:]
	}
	key := domain + "\x00" + company
	p, ok := l.seen[key]
	if !ok {
		p = CountryConfidence(email, company) >= ConfidenceLikely
		if l.seen == nil || len(l.seen) >= maxLikely {
			l.seen = make(map[string]bool)
		}
		l.seen[key] = p
	}
	return p
}
