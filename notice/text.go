package notice

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// DefaultLanguage is the language used when a contact's is unknown or has no text.
const DefaultLanguage = "en"

//go:embed text/*.json
var textFiles embed.FS

// texts maps a language code to its key → text table, read once at start.
var texts = mustLoadTexts()

// mustLoadTexts reads every text/<lang>.json. The files are part of the
// binary, so a broken one is a programming error caught by the tests.
func mustLoadTexts() map[string]map[string]string {
	out, err := loadTexts(textFiles)
	if err != nil {
		panic(err)
	}
	return out
}

// loadTexts reads the flat JSON key → text map of each language in fsys.
func loadTexts(fsys fs.FS) (map[string]map[string]string, error) {
	names, err := fs.Glob(fsys, "text/*.json")
	if err != nil {
		return nil, fmt.Errorf("list notice texts: %w", err)
	}
	out := map[string]map[string]string{}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("read notice text %s: %w", n, err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("notice text %s: %w", n, err)
		}
		out[strings.TrimSuffix(strings.TrimPrefix(n, "text/"), ".json")] = m
	}
	return out, nil
}

// Languages lists the languages the notice is written in, sorted.
func Languages() []string {
	out := make([]string, 0, len(texts))
	for l := range texts {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Language returns the language the notice is given in for a contact whose
// language is lang ("de", "DE", "de-AT"): lang when there is text for it,
// else English.
func Language(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	if _, ok := texts[lang]; ok {
		return lang
	}
	return DefaultLanguage
}

// T returns the text for key in lang (English when lang has no text), with
// every {name} replaced by params[name]. A key missing everywhere returns the
// key itself, which the tests forbid.
func T(lang, key string, params map[string]string) string {
	s, ok := texts[Language(lang)][key]
	if !ok {
		if s, ok = texts[DefaultLanguage][key]; !ok {
			return key
		}
	}
	if len(params) == 0 {
		return s
	}
	pairs := make([]string, 0, 2*len(params))
	for k, v := range params {
		pairs = append(pairs, "{"+k+"}", v)
	}
	s = strings.NewReplacer(pairs...).Replace(s)
	// A value that ends in an abbreviation's full stop ("5 ноември 2026 г.",
	// "2 listopada 2026 r.") also ends the sentence: one full stop, not two.
	for _, v := range params {
		if strings.HasSuffix(v, ".") {
			s = strings.ReplaceAll(s, v+".", v)
		}
	}
	return s
}

// Units of a period, as the text keys name them.
const (
	unitDays   = "days"
	unitMonths = "months"
	unitYears  = "years"
)

// period writes n units ("180 days", "2 lata", "1 Jahr") in lang, with the
// plural form the language uses for n.
func period(lang string, n int, unit string) string {
	return T(lang, unit+"_"+pluralForm(Language(lang), n), map[string]string{"n": strconv.Itoa(n)})
}

// pluralForm is the plural category of n in lang: "one", "few" or "many".
// English, Dutch, German and Bulgarian have one and other (written "many");
// Polish also has few: 2–4, 22–24, … but not 12–14.
func pluralForm(lang string, n int) string {
	switch {
	case n == 1:
		return "one"
	case lang == "pl" && n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
		return "few"
	default:
		return "many"
	}
}
