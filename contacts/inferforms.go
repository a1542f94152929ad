package contacts

import (
	"slices"
	"strings"
	"unicode"
)

// formKind says what a company form makes the person written to.
type formKind int

const (
	kindCompany     formKind = iota // a legal person
	kindSoleTrader                  // one natural person trading
	kindPartnership                 // natural persons trading together, without legal personality
)

// formPlace says where in a company name a form is looked for.
type formPlace int

const (
	atEnd        formPlace = iota // the end of the name, or of a part of it ("Acme GmbH (Berlin)")
	atStartOrEnd                  // also the start ("ЕТ Иван Петров", "Stichting Natuur")
	anywhere                      // a phrase anywhere ("Jan Kowalski jednoosobowa działalność gospodarcza")
)

// companyForm is one legal form as a company name shows it.
type companyForm struct {
	label     string   // as a rep knows it: "GmbH"
	spellings []string // other ways it is written
	countries []string // where the form exists, the most common first; none when it exists everywhere
	kind      formKind
	place     formPlace
	// wordLike marks a form whose letters are also an ordinary word or name
	// ("Spa", "Eni", "og", "Sia"): written as one word it counts only in
	// capitals or exactly as spelled here.
	wordLike bool
}

// companyForms are the forms legit recognises. A form whose standing as a
// legal person differs between cases is left out: a wrong "legal person"
// would let the laxer rule apply.
//
// Sources: the Belgian Code of Companies and Associations (2019) keeps
// BV/SRL, NV/SA, CV/SC and the partnerships VOF/SNC and CommV/SComm, and
// replaced the BVBA/SPRL; the ICO counts sole traders and ordinary
// partnerships as individual subscribers under PECR, unlike companies and
// LLPs; the Dutch ACM treats eenmanszaak, vof and maatschap as natural
// persons (issue 12).
var companyForms = []companyForm{
	// Germany, Austria, Switzerland, Liechtenstein.
	{label: "GmbH", spellings: []string{"G.m.b.H.", "Gesellschaft mit beschränkter Haftung"}, countries: []string{"DE", "AT", "CH", "LI"}},
	{label: "gGmbH", countries: []string{"DE"}},
	{label: "GesmbH", spellings: []string{"Ges.m.b.H.", "Ges.mbH"}, countries: []string{"AT"}},
	{label: "AG", spellings: []string{"Aktiengesellschaft"}, countries: []string{"DE", "AT", "CH", "LI"}},
	{label: "UG (haftungsbeschränkt)", spellings: []string{"UG", "haftungsbeschränkt"}, countries: []string{"DE"}},
	{label: "GmbH & Co. KG", spellings: []string{"AG & Co. KG", "UG & Co. KG", "GmbH & Co. KGaA", "GmbH & Co. OHG"}, countries: []string{"DE", "AT"}},
	{label: "KGaA", countries: []string{"DE"}},
	{label: "e.V.", countries: []string{"DE"}},
	{label: "eG", countries: []string{"DE", "AT"}},
	{label: "e.K.", spellings: []string{"e.Kfm.", "e.Kfr.", "eingetragener Kaufmann", "eingetragene Kauffrau"}, countries: []string{"DE"}, kind: kindSoleTrader},
	{label: "GbR", spellings: []string{"Gesellschaft bürgerlichen Rechts"}, countries: []string{"DE"}, kind: kindPartnership},
	{label: "OHG", spellings: []string{"oHG"}, countries: []string{"DE"}, kind: kindPartnership},
	{label: "KG", spellings: []string{"Kommanditgesellschaft"}, countries: []string{"DE", "AT"}, kind: kindPartnership},
	{label: "OG", countries: []string{"AT"}, kind: kindPartnership, wordLike: true},
	{label: "PartG", spellings: []string{"PartG mbB", "Partnerschaftsgesellschaft"}, countries: []string{"DE"}, kind: kindPartnership},
	{label: "Einzelunternehmen", spellings: []string{"Einzelunternehmer", "Einzelunternehmerin"}, countries: []string{"DE", "AT", "CH"}, kind: kindSoleTrader, place: anywhere},
	{label: "Einzelfirma", countries: []string{"CH"}, kind: kindSoleTrader, place: anywhere},
	{label: "Inh.", spellings: []string{"Inhaber", "Inhaberin"}, countries: []string{"DE", "AT", "CH"}, kind: kindSoleTrader, place: anywhere},
	{label: "freiberuflich", spellings: []string{"Freiberufler", "Freiberuflerin"}, countries: []string{"DE", "AT", "CH"}, kind: kindSoleTrader, place: anywhere},
	{label: "selbstständig", spellings: []string{"selbständig"}, countries: []string{"DE", "AT", "CH"}, kind: kindSoleTrader, place: anywhere},

	// Netherlands and Belgium.
	{label: "B.V.", spellings: []string{"BV", "besloten vennootschap"}, countries: []string{"NL", "BE"}},
	{label: "N.V.", spellings: []string{"NV", "naamloze vennootschap"}, countries: []string{"NL", "BE"}},
	{label: "BVBA", spellings: []string{"B.V.B.A.", "SPRL"}, countries: []string{"BE"}},
	{label: "VZW", spellings: []string{"v.z.w."}, countries: []string{"BE"}},
	{label: "ASBL", spellings: []string{"a.s.b.l."}, countries: []string{"BE", "LU"}},
	{label: "Stichting", countries: []string{"NL", "BE"}, place: atStartOrEnd},
	{label: "v.o.f.", spellings: []string{"VOF", "vennootschap onder firma"}, countries: []string{"NL", "BE"}, kind: kindPartnership},
	{label: "maatschap", countries: []string{"NL", "BE"}, kind: kindPartnership, place: anywhere},
	{label: "eenmanszaak", countries: []string{"NL", "BE"}, kind: kindSoleTrader, place: anywhere},
	{label: "zzp", spellings: []string{"zzp'er", "zelfstandig ondernemer", "zelfstandige zonder personeel"}, countries: []string{"NL"}, kind: kindSoleTrader, place: anywhere},

	// Poland.
	{label: "sp. z o.o.", spellings: []string{"sp. z o. o.", "spółka z ograniczoną odpowiedzialnością"}, countries: []string{"PL"}},
	{label: "spółka akcyjna", countries: []string{"PL"}},
	{label: "JDG", spellings: []string{"jednoosobowa działalność gospodarcza", "działalność gospodarcza"}, countries: []string{"PL"}, kind: kindSoleTrader, place: anywhere},
	{label: "s.c.", spellings: []string{"spółka cywilna"}, countries: []string{"PL"}, kind: kindPartnership},
	{label: "sp.j.", spellings: []string{"spółka jawna"}, countries: []string{"PL"}, kind: kindPartnership},

	// France, Luxembourg, Switzerland, and the S.A. of many countries.
	{label: "S.A.", spellings: []string{"SA"}, wordLike: true, countries: []string{"FR", "ES", "PL", "BE", "LU", "PT", "CH", "RO", "GR"}},
	{label: "société anonyme", countries: []string{"FR", "BE", "LU", "CH"}},
	{label: "S.A.S.", spellings: []string{"SAS"}, countries: []string{"FR", "LU"}},
	{label: "SASU", countries: []string{"FR"}},
	{label: "SARL", spellings: []string{"S.A.R.L.", "Sàrl", "S.à r.l."}, countries: []string{"FR", "LU", "CH"}},
	{label: "EURL", countries: []string{"FR"}},
	{label: "EI", spellings: []string{"E.I.", "EIRL", "entreprise individuelle"}, countries: []string{"FR"}, kind: kindSoleTrader, wordLike: true},
	{label: "micro-entrepreneur", spellings: []string{"micro-entreprise", "auto-entrepreneur", "microentrepreneur", "autoentrepreneur"}, countries: []string{"FR"}, kind: kindSoleTrader, place: anywhere},

	// Italy, Romania, Spain, Portugal.
	{label: "S.r.l.", spellings: []string{"SRL", "S.r.l.s."}, countries: []string{"IT", "RO", "BE"}},
	{label: "S.p.A.", spellings: []string{"SpA"}, countries: []string{"IT"}, wordLike: true},
	{label: "ditta individuale", spellings: []string{"impresa individuale"}, countries: []string{"IT"}, kind: kindSoleTrader, place: anywhere},
	{label: "PFA", countries: []string{"RO"}, kind: kindSoleTrader},
	{label: "S.L.", spellings: []string{"SL", "S.L.U.", "SLU", "sociedad limitada"}, countries: []string{"ES"}},
	{label: "S.A.U.", spellings: []string{"SAU", "sociedad anónima"}, countries: []string{"ES"}},
	{label: "autónomo", spellings: []string{"autónoma", "empresario individual"}, countries: []string{"ES"}, kind: kindSoleTrader, place: anywhere},
	{label: "Lda.", spellings: []string{"Unipessoal Lda."}, countries: []string{"PT"}},
	{label: "ENI", spellings: []string{"empresário em nome individual", "trabalhador independente"}, countries: []string{"PT"}, kind: kindSoleTrader, wordLike: true},

	// The Nordic countries.
	{label: "ApS", countries: []string{"DK"}},
	{label: "A/S", countries: []string{"DK", "NO"}},
	{label: "I/S", spellings: []string{"interessentskab"}, countries: []string{"DK"}, kind: kindPartnership},
	{label: "enkeltmandsvirksomhed", countries: []string{"DK"}, kind: kindSoleTrader, place: anywhere},
	{label: "AB", spellings: []string{"Ab", "aktiebolag"}, countries: []string{"SE", "FI", "LT"}, wordLike: true},
	{label: "enskild firma", spellings: []string{"enskild näringsidkare"}, countries: []string{"SE"}, kind: kindSoleTrader, place: anywhere},
	{label: "Oy", spellings: []string{"Oyj", "Oy Ab", "osakeyhtiö"}, countries: []string{"FI"}, place: atStartOrEnd},
	{label: "Tmi", spellings: []string{"T:mi", "toiminimi"}, countries: []string{"FI"}, kind: kindSoleTrader, place: atStartOrEnd},
	{label: "ASA", spellings: []string{"allmennaksjeselskap"}, countries: []string{"NO"}, wordLike: true},
	{label: "ENK", spellings: []string{"enkeltpersonforetak"}, countries: []string{"NO"}, kind: kindSoleTrader},
	{label: "ehf.", spellings: []string{"hf."}, countries: []string{"IS"}},

	// Central and eastern Europe.
	{label: "AS / a.s.", spellings: []string{"AS", "a.s.", "aksjeselskap", "aktsiaselts", "akciová společnost", "akciová spoločnosť"}, countries: []string{"NO", "EE", "LV", "CZ", "SK"}, wordLike: true},
	{label: "s.r.o.", spellings: []string{"spol. s r.o.", "společnost s ručením omezeným", "spoločnosť s ručením obmedzeným"}, countries: []string{"CZ", "SK"}},
	{label: "OSVČ", countries: []string{"CZ"}, kind: kindSoleTrader},
	{label: "SZČO", countries: []string{"SK"}, kind: kindSoleTrader},
	{label: "Kft.", spellings: []string{"Zrt.", "Nyrt."}, countries: []string{"HU"}},
	{label: "egyéni vállalkozó", countries: []string{"HU"}, kind: kindSoleTrader, place: anywhere},
	{label: "d.o.o.", spellings: []string{"d.d.", "j.d.o.o."}, countries: []string{"SI", "HR"}},
	{label: "s.p.", countries: []string{"SI"}, kind: kindSoleTrader, wordLike: true},
	{label: "obrt", countries: []string{"HR"}, kind: kindSoleTrader, place: anywhere},
	{label: "OÜ", spellings: []string{"osaühing"}, countries: []string{"EE"}},
	{label: "FIE", countries: []string{"EE"}, kind: kindSoleTrader},
	{label: "SIA", countries: []string{"LV"}, wordLike: true},
	{label: "IK", countries: []string{"LV"}, kind: kindSoleTrader, wordLike: true},
	{label: "UAB", countries: []string{"LT"}},
	{label: "ЕООД", spellings: []string{"ООД", "ЕАД", "АД", "EOOD", "OOD", "EAD", "AD"}, countries: []string{"BG"}, wordLike: true},
	{label: "ЕТ", countries: []string{"BG"}, kind: kindSoleTrader, place: atStartOrEnd},
	{label: "Α.Ε.", spellings: []string{"Ε.Π.Ε.", "Ι.Κ.Ε."}, countries: []string{"GR"}},

	// The United Kingdom, Ireland, Cyprus, Malta.
	{label: "Ltd", spellings: []string{"Ltd.", "Limited"}, countries: []string{"GB", "IE", "CY", "MT"}},
	{label: "plc", spellings: []string{"p.l.c.", "public limited company"}, countries: []string{"GB", "IE", "MT"}},
	{label: "LLP", countries: []string{"GB"}},
	{label: "DAC", spellings: []string{"CLG", "Teoranta"}, countries: []string{"IE"}},

	// Forms that show no country.
	{label: "SE", spellings: []string{"Societas Europaea"}, wordLike: true},
	{label: "Inc.", spellings: []string{"Incorporated", "Corp.", "Corporation", "LLC", "L.L.C."}},
	{label: "sole trader", spellings: []string{"sole proprietor", "sole proprietorship"}, kind: kindSoleTrader, place: anywhere},
	{label: "self-employed", spellings: []string{"freelance", "freelancer", "independent consultant"}, kind: kindSoleTrader, place: anywhere},
	{label: "partnership", kind: kindPartnership, place: anywhere},
}

// formIndex finds a form by the letters of one of its spellings.
type formIndex struct {
	byKey     map[string]*companyForm
	maxTokens int // the most words any spelling has
}

var forms = buildFormIndex(companyForms)

func buildFormIndex(list []companyForm) formIndex {
	idx := formIndex{byKey: map[string]*companyForm{}}
	for i := range list {
		f := &list[i]
		for _, s := range append([]string{f.label}, f.spellings...) {
			toks := formTokens(s)
			idx.byKey[joinKeys(toks)] = f
			idx.maxTokens = max(idx.maxTokens, len(toks))
		}
	}
	return idx
}

// token is one word of a name as written and folded.
type token struct{ raw, key string }

// formTokens splits a name into words: dots, spaces and other punctuation
// separate; "&" and "/" belong to a word ("A/S", "GmbH&Co"). Each word's key
// is folded (case and accents dropped).
func formTokens(s string) []token {
	raw := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '&' && r != '/'
	})
	toks := make([]token, len(raw))
	for i, w := range raw {
		toks[i] = token{raw: w, key: foldAccents(w)}
	}
	return toks
}

// joinKeys is the index key of a form's words: their keys, joined.
func joinKeys(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.key)
	}
	return b.String()
}

// lookup returns the form spelled by toks, if any. A word-like form written
// as one word counts only in capitals or exactly as this table spells it.
// The words' keys are joined in a buffer on the stack: a lookup allocates
// nothing.
func (idx formIndex) lookup(toks []token) *companyForm {
	var buf [64]byte
	key := buf[:0]
	for _, t := range toks {
		key = append(key, t.key...)
	}
	f, ok := idx.byKey[string(key)]
	if !ok {
		return nil
	}
	if f.wordLike && len(toks) == 1 {
		w := toks[0].raw
		if w != strings.ToUpper(w) && w != f.label && !slices.Contains(f.spellings, w) {
			return nil
		}
	}
	return f
}

// partDashes marks a dash or slash between spaces as a part's end.
var partDashes = strings.NewReplacer(" - ", "|", " – ", "|", " — ", "|", " / ", "|")

// nameParts splits a company name where a form may end a part: at commas,
// brackets, bars and a dash or slash between spaces ("Acme GmbH (Berlin)",
// "Acme B.V. - Amsterdam").
func nameParts(company string) []string {
	company = partDashes.Replace(company)
	return strings.FieldsFunc(company, func(r rune) bool {
		return strings.ContainsRune(",;|()[]{}", r)
	})
}

// formsIn returns every form the company name shows, in the order found: for
// each part of the name, the form ending it (the longest spelling first, so
// "GmbH & Co. KG" wins over "KG"), the form starting it, then phrases
// anywhere in it.
func formsIn(company string) []*companyForm {
	var found []*companyForm
	add := func(f *companyForm) {
		if f != nil && !slices.Contains(found, f) {
			found = append(found, f)
		}
	}
	for _, part := range nameParts(company) {
		toks := formTokens(part)
		for k := min(forms.maxTokens, len(toks)); k >= 1; k-- {
			if f := forms.lookup(toks[len(toks)-k:]); f != nil {
				add(f)
				break
			}
		}
		for k := min(forms.maxTokens, len(toks)); k >= 1; k-- {
			if f := forms.lookup(toks[:k]); f != nil && f.place >= atStartOrEnd {
				add(f)
				break
			}
		}
		for i := range toks {
			for k := 1; k <= forms.maxTokens && i+k <= len(toks); k++ {
				if f := forms.lookup(toks[i : i+k]); f != nil && f.place == anywhere {
					add(f)
				}
			}
		}
	}
	return found
}

// kindWords says in a rep's words what a form makes the person.
func (f *companyForm) kindWords() string {
	switch f.kind {
	case kindSoleTrader:
		return "a sole trader, who is a natural person"
	case kindPartnership:
		return "a partnership of natural persons, who count as natural persons"
	default:
		return "a company, not a natural person"
	}
}
