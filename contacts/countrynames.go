package contacts

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// isoCountries is ISO 3166-1: each entry is the alpha-2 code followed by the
// alpha-3 code, as published in Debian's iso-codes (iso_3166-1.json).
const isoCountries = "ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA AZAZE " +
	"BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES BRBRA BSBHS BTBTN BVBVT " +
	"BWBWA BYBLR BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK CLCHL CMCMR CNCHN COCOL CRCRI CUCUB CVCPV " +
	"CWCUW CXCXR CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA DODOM DZDZA ECECU EEEST EGEGY EHESH ERERI ESESP ETETH FIFIN " +
	"FJFJI FKFLK FMFSM FOFRO FRFRA GAGAB GBGBR GDGRD GEGEO GFGUF GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ " +
	"GRGRC GSSGS GTGTM GUGUM GWGNB GYGUY HKHKG HMHMD HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD IOIOT " +
	"IQIRQ IRIRN ISISL ITITA JEJEY JMJAM JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA KPPRK KRKOR KWKWT KYCYM " +
	"KZKAZ LALAO LBLBN LCLCA LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA LYLBY MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG " +
	"MHMHL MKMKD MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ NANAM " +
	"NCNCL NENER NFNFK NGNGA NINIC NLNLD NONOR NPNPL NRNRU NUNIU NZNZL OMOMN PAPAN PEPER PFPYF PGPNG PHPHL PKPAK " +
	"PLPOL PMSPM PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY QAQAT REREU ROROU RSSRB RURUS RWRWA SASAU SBSLB SCSYC SDSDN " +
	"SESWE SGSGP SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD STSTP SVSLV SXSXM SYSYR SZSWZ TCTCA " +
	"TDTCD TFATF TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON TRTUR TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA UMUMI " +
	"USUSA UYURY UZUZB VAVAT VCVCT VEVEN VGVGB VIVIR VNVNM VUVUT WFWLF WSWSM YEYEM YTMYT ZAZAF ZMZMB ZWZWE"

// codeAliases are two-letter forms people write that are not the ISO code:
// "UK" for the United Kingdom and "EL", the EU's own code for Greece.
var codeAliases = map[string]string{"UK": "GB", "EL": "GR"}

// countryNamesByCode lists, for the countries the policy table covers (EU-27,
// Norway, Iceland, Liechtenstein, the United Kingdom and Switzerland) and the
// United States, the names written in the import languages: English, Dutch,
// German, Polish, French, Bulgarian, Spanish and Italian, then the country's
// own language(s). A name that is the same in several languages is listed
// once. Lookups ignore case, accents and punctuation.
var countryNamesByCode = map[string][]string{
	"AT": {"Austria", "Oostenrijk", "Österreich", "Autriche", "Австрия", "Republik Österreich"},
	"BE": {"Belgium", "België", "Belgien", "Belgia", "Belgique", "Белгия", "Bélgica", "Belgio"},
	"BG": {"Bulgaria", "Bulgarije", "Bulgarien", "Bułgaria", "Bulgarie", "България", "Republic of Bulgaria", "Република България"},
	"HR": {"Croatia", "Kroatië", "Kroatien", "Chorwacja", "Croatie", "Хърватия", "Croacia", "Croazia", "Hrvatska"},
	"CY": {"Cyprus", "Zypern", "Cypr", "Chypre", "Кипър", "Chipre", "Cipro", "Κύπρος", "Kıbrıs", "Republic of Cyprus"},
	"CZ": {"Czechia", "Czech Republic", "Tsjechië", "Tschechien", "Tschechische Republik", "Czechy", "Republika Czeska",
		"Tchéquie", "République tchèque", "Чехия", "Чешка република", "Chequia", "República Checa", "Cechia",
		"Repubblica Ceca", "Česko", "Česká republika"},
	"DK": {"Denmark", "Denemarken", "Dänemark", "Dania", "Danemark", "Дания", "Dinamarca", "Danimarca", "Danmark"},
	"EE": {"Estonia", "Estland", "Estonie", "Естония", "Eesti"},
	"FI": {"Finland", "Finnland", "Finlandia", "Finlande", "Финландия", "Suomi"},
	"FR": {"France", "Frankrijk", "Frankreich", "Francja", "Франция", "Francia", "République française"},
	"DE": {"Germany", "Duitsland", "Deutschland", "Niemcy", "Allemagne", "Германия", "Alemania", "Germania",
		"Bundesrepublik Deutschland", "Federal Republic of Germany"},
	"GR": {"Greece", "Griekenland", "Griechenland", "Grecja", "Grèce", "Гърция", "Grecia", "Ελλάδα", "Ελλάς", "Hellas", "Hellenic Republic"},
	"HU": {"Hungary", "Hongarije", "Ungarn", "Węgry", "Hongrie", "Унгария", "Hungría", "Ungheria", "Magyarország"},
	"IE": {"Ireland", "Republic of Ireland", "Ierland", "Irland", "Irlandia", "Irlande", "Ирландия", "Irlanda", "Éire"},
	"IT": {"Italy", "Italië", "Italien", "Włochy", "Italie", "Италия", "Italia", "Repubblica Italiana"},
	"LV": {"Latvia", "Letland", "Lettland", "Łotwa", "Lettonie", "Латвия", "Letonia", "Lettonia", "Latvija"},
	"LT": {"Lithuania", "Litouwen", "Litauen", "Litwa", "Lituanie", "Литва", "Lituania", "Lietuva"},
	"LU": {"Luxembourg", "Luxemburg", "Luksemburg", "Люксембург", "Luxemburgo", "Lussemburgo", "Lëtzebuerg"},
	"MT": {"Malta", "Malte", "Малта"},
	"NL": {"Netherlands", "The Netherlands", "Holland", "Nederland", "Niederlande", "Holandia", "Niderlandy", "Pays-Bas",
		"Нидерландия", "Холандия", "Países Bajos", "Holanda", "Paesi Bassi", "Olanda", "Koninkrijk der Nederlanden",
		"Kingdom of the Netherlands"},
	"PL": {"Poland", "Polen", "Polska", "Pologne", "Полша", "Polonia", "Rzeczpospolita Polska", "Republic of Poland"},
	"PT": {"Portugal", "Portugalia", "Португалия", "Portogallo"},
	"RO": {"Romania", "Roemenië", "Rumänien", "Rumunia", "Roumanie", "Румъния", "Rumania", "Rumanía", "România"},
	"SK": {"Slovakia", "Slovak Republic", "Slowakije", "Slowakei", "Słowacja", "Slovaquie", "Словакия", "Eslovaquia",
		"Slovacchia", "Slovensko", "Slovenská republika"},
	"SI": {"Slovenia", "Slovenië", "Slowenien", "Słowenia", "Slovénie", "Словения", "Eslovenia", "Slovenija"},
	"ES": {"Spain", "Spanje", "Spanien", "Hiszpania", "Espagne", "Испания", "España", "Spagna", "Espanya", "Espainia", "Reino de España"},
	"SE": {"Sweden", "Zweden", "Schweden", "Szwecja", "Suède", "Швеция", "Suecia", "Svezia", "Sverige"},
	"NO": {"Norway", "Noorwegen", "Norwegen", "Norwegia", "Norvège", "Норвегия", "Noruega", "Norvegia", "Norge", "Noreg"},
	"IS": {"Iceland", "IJsland", "Island", "Islandia", "Islande", "Исландия", "Islanda", "Ísland"},
	"LI": {"Liechtenstein", "Лихтенщайн", "Principality of Liechtenstein", "Fürstentum Liechtenstein"},
	"GB": {"United Kingdom", "United Kingdom of Great Britain and Northern Ireland", "Great Britain", "Britain", "England",
		"Scotland", "Wales", "Northern Ireland", "Verenigd Koninkrijk", "Groot-Brittannië", "Engeland", "Schotland",
		"Noord-Ierland", "Vereinigtes Königreich", "Großbritannien", "Schottland", "Nordirland", "Wielka Brytania",
		"Zjednoczone Królestwo", "Anglia", "Szkocja", "Walia", "Irlandia Północna", "Royaume-Uni", "Grande-Bretagne",
		"Angleterre", "Écosse", "Pays de Galles", "Irlande du Nord", "Обединено кралство", "Великобритания", "Англия",
		"Шотландия", "Уелс", "Северна Ирландия", "Reino Unido", "Gran Bretaña", "Inglaterra", "Escocia", "Gales",
		"Irlanda del Norte", "Regno Unito", "Gran Bretagna", "Inghilterra", "Scozia", "Galles", "Irlanda del Nord",
		"Cymru", "Alba"},
	"CH": {"Switzerland", "Zwitserland", "Schweiz", "Szwajcaria", "Suisse", "Швейцария", "Suiza", "Svizzera", "Svizra",
		"Confoederatio Helvetica", "Schweizerische Eidgenossenschaft", "Confédération suisse"},
	"US": {"United States", "United States of America", "America", "Verenigde Staten", "Vereinigte Staaten", "Stany Zjednoczone",
		"États-Unis", "САЩ", "Съединени американски щати", "Estados Unidos", "Stati Uniti"},
}

// englishNames are the names screens and reasons use for the countries the
// policy covers.
var englishNames = map[string]string{
	"AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus", "CZ": "Czechia",
	"DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France", "DE": "Germany", "GR": "Greece",
	"HU": "Hungary", "IE": "Ireland", "IT": "Italy", "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg",
	"MT": "Malta", "NL": "Netherlands", "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia",
	"SI": "Slovenia", "ES": "Spain", "SE": "Sweden", "NO": "Norway", "IS": "Iceland", "LI": "Liechtenstein",
	"GB": "United Kingdom", "CH": "Switzerland", "US": "United States",
}

var (
	alpha2, alpha3 = parseISO(isoCountries)
	countryByName  = indexCountryNames(countryNamesByCode)
)

func parseISO(table string) (map[string]bool, map[string]string) {
	two, three := map[string]bool{}, map[string]string{}
	for _, e := range strings.Fields(table) {
		two[e[:2]] = true
		three[e[2:]] = e[:2]
	}
	return two, three
}

func indexCountryNames(byCode map[string][]string) map[string]string {
	idx := map[string]string{}
	for code, names := range byCode {
		for _, n := range names {
			for _, k := range nameKeys(n) {
				idx[k] = code
			}
		}
	}
	return idx
}

// nameKeys is the lookup key of a country name, and for a German name with an
// umlaut or ß also the spelling without it ("Oesterreich", "Grossbritannien").
func nameKeys(name string) []string {
	keys := []string{countryKey(name)}
	if alt := countryKey(expandUmlauts(name)); alt != keys[0] {
		keys = append(keys, alt)
	}
	return keys
}

// umlauts writes ä, ö, ü as ae, oe, ue, as German does without them.
var umlauts = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue")

// expandUmlauts writes ä, ö, ü as ae, oe, ue, as German does without them.
func expandUmlauts(s string) string { return umlauts.Replace(s) }

// countryKey folds a country name for lookup: case and accents dropped, dots
// removed ("U.K." is "uk"), every other run of non-letters one space, and a
// leading "the" dropped.
func countryKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range foldAccents(s) {
		switch {
		case r == '.':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return strings.TrimPrefix(b.String(), "the ")
}

// foldSpecial are letters that Unicode does not decompose into a base letter
// and an accent but that people leave out the same way.
var foldSpecial = map[rune]string{
	'ł': "l", 'ø': "o", 'æ': "ae", 'ß': "ss", 'đ': "d", 'ı': "i", 'œ': "oe", 'þ': "th", 'ð': "d", 'ħ': "h", 'ς': "σ",
}

// foldAccents lower-cases s and drops its accents: "Österreich" is "osterreich",
// "Łódź" is "lodz", "ΚΎΠΡΟΣ" is "κυπροσ".
func foldAccents(s string) string {
	if lower, ok := asciiLower(s); ok {
		return lower
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if rep, ok := foldSpecial[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// countryCode turns a country written any common way into its ISO 3166-1
// alpha-2 code: an alpha-2 or alpha-3 code, "UK" or "EL", or a name in one of
// the import languages or the country's own ("Italy", "España", "България",
// "Deutschland"). Anything else gives "".
func countryCode(v string) string {
	key := countryKey(v)
	if code, ok := countryByName[key]; ok {
		return code
	}
	up := strings.ToUpper(key)
	switch len(up) {
	case 2:
		if alias, ok := codeAliases[up]; ok {
			return alias
		}
		if alpha2[up] {
			return up
		}
	case 3:
		return alpha3[up]
	}
	return ""
}

// ParseCountry reads a country the rep typed, as a code ("NL", "NLD", "UK")
// or a name in one of the import languages ("Netherlands", "Nederland",
// "Pays-Bas"), and returns its ISO 3166-1 alpha-2 code. Empty input gives ""
// and no error: the country stays unknown.
func ParseCountry(s string) (string, error) {
	s = Clean(s)
	if s == "" {
		return "", nil
	}
	if code := countryCode(s); code != "" {
		return code, nil
	}
	return "", fmt.Errorf("country %q is not one legit knows: type its two-letter code (NL, DE, PL) or its name in English", s)
}

// CountryName is the English name of an ISO 3166-1 alpha-2 code for the
// countries the policy covers ("GB" is "United Kingdom"); any other code is
// returned as it is, and "" as "unknown".
func CountryName(code string) string {
	if code == "" {
		return "unknown"
	}
	if n, ok := englishNames[code]; ok {
		return n
	}
	return code
}

// asciiLower is s lower-cased when s is all ASCII (nothing to fold), without
// the decomposition foldAccents needs for other letters; ok is false when s
// holds anything else.
func asciiLower(s string) (string, bool) {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return "", false
		}
		upper = upper || ('A' <= c && c <= 'Z')
	}
	if !upper {
		return s, true
	}
	return strings.ToLower(s), true
}
