package outreach

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"legit/contacts"
)

// corpusCase is one reply of testdata/replies with what it should give.
type corpusCase struct {
	where   string // file:line
	lang    string
	class   contacts.ReplyClass
	stop    contacts.ReplyClass
	purpose contacts.ConsentPurpose
	subject string
	text    string
}

// loadCorpus reads every file matching glob under testdata/replies.
func loadCorpus(t *testing.T, glob string) []corpusCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "replies", glob))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files %s: %v", glob, err)
	}
	unescape := strings.NewReplacer(`\n`, "\n", `\t`, "\t")
	valid := map[contacts.ReplyClass]bool{}
	for _, c := range contacts.ReplyClasses {
		valid[c] = true
	}
	var out []corpusCase
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			col := strings.Split(line, "\t")
			if len(col) != 6 {
				t.Fatalf("%s:%d: %d columns, want 6", f, n, len(col))
			}
			dash := func(s string) string {
				if s == "-" {
					return ""
				}
				return s
			}
			c := corpusCase{where: fmt.Sprintf("%s:%d", filepath.Base(f), n), lang: col[0],
				class: contacts.ReplyClass(col[1]), stop: contacts.ReplyClass(dash(col[2])),
				purpose: contacts.ConsentPurpose(dash(col[3])), subject: unescape.Replace(col[4]), text: unescape.Replace(col[5])}
			if !valid[c.class] || (c.stop != "" && c.stop != contacts.ReplyOptOut && c.stop != contacts.ReplyObjection) {
				t.Fatalf("%s: bad class %q or stop %q", c.where, c.class, c.stop)
			}
			out = append(out, c)
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		fh.Close()
	}
	return out
}

// prCount counts, for one class, how often it was expected and predicted.
type prCount struct{ tp, fp, fn int }

func (c prCount) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c prCount) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// corpusScore is what the classifier achieved on a set of replies.
type corpusScore struct {
	n, classOK            int
	stopExpected, stopHit int // replies that must stop outreach, and how many did
	quiet, falseStops     int // replies that must not stop outreach, and how many did
	falseStopsUnsure      int // of the false stops, how many were flagged Unsure
	stopKindOK            int // of the hits, how many had the expected Stop (opt_out or objection)
	unsureHits            int // of the hits, how many were flagged Unsure
	purposeN, purposeOK   int
	withdrawalAsConsent   int
	perClass              map[contacts.ReplyClass]*prCount
	perLang               map[string]*corpusScore
	perLangClass          map[string]map[contacts.ReplyClass]*prCount
	mistakes              []string
}

func newScore() *corpusScore {
	return &corpusScore{perClass: map[contacts.ReplyClass]*prCount{}, perLang: map[string]*corpusScore{},
		perLangClass: map[string]map[contacts.ReplyClass]*prCount{}}
}

// stopsOutreach: an opt-out, objection, erasure, or withdrawal of the
// consent to email (Stop set) ends outreach.
func (s *corpusScore) add(c corpusCase, v ReplyVerdict) {
	s.n++
	if v.Class == c.class {
		s.classOK++
	}
	count := func(m map[contacts.ReplyClass]*prCount, cls contacts.ReplyClass) *prCount {
		if m[cls] == nil {
			m[cls] = &prCount{}
		}
		return m[cls]
	}
	if s.perLangClass != nil {
		if s.perLangClass[c.lang] == nil {
			s.perLangClass[c.lang] = map[contacts.ReplyClass]*prCount{}
		}
		for _, m := range []map[contacts.ReplyClass]*prCount{s.perClass, s.perLangClass[c.lang]} {
			if v.Class == c.class {
				count(m, c.class).tp++
			} else {
				count(m, c.class).fn++
				count(m, v.Class).fp++
			}
		}
	}
	if c.stop != "" {
		s.stopExpected++
		if v.Stop != "" {
			s.stopHit++
			if v.Stop == c.stop {
				s.stopKindOK++
			}
			if v.Unsure {
				s.unsureHits++
			}
		}
	} else {
		s.quiet++
		if v.Stop != "" {
			s.falseStops++
			if v.Unsure {
				s.falseStopsUnsure++
			}
		}
	}
	if c.purpose != "" && v.Class == c.class {
		s.purposeN++
		if v.Purpose == c.purpose {
			s.purposeOK++
		}
	}
	if c.class == contacts.ReplyWithdrawal && v.Class == contacts.ReplyConsent {
		s.withdrawalAsConsent++
	}
	if v.Class != c.class || v.Stop != c.stop || (c.purpose != "" && v.Purpose != c.purpose) {
		s.mistakes = append(s.mistakes, fmt.Sprintf("%s [%s] want %s/%s/%s got %s/%s/%s unsure=%v phrase=%q: %.70q",
			c.where, c.lang, c.class, or(c.stop), or(string(c.purpose)), v.Class, or(v.Stop), or(string(v.Purpose)),
			v.Unsure, v.Phrase, c.text))
	}
}

func or[T ~string](s T) string {
	if s == "" {
		return "-"
	}
	return string(s)
}

// score classifies every case.
func score(cases []corpusCase) *corpusScore {
	all := newScore()
	for _, c := range cases {
		v := Classify(Reply{From: "someone@acme.example", Subject: c.subject, ContentType: "text/plain", Text: c.text})
		all.add(c, v)
		if all.perLang[c.lang] == nil {
			all.perLang[c.lang] = &corpusScore{}
		}
		all.perLang[c.lang].add(c, v)
	}
	return all
}

// log writes the tables of the report.
func (s *corpusScore) log(t *testing.T, name string) {
	t.Helper()
	t.Logf("== %s: %d replies; class accuracy %.1f%%", name, s.n, 100*ratio(s.classOK, s.n))
	t.Logf("   stops outreach: recall %d/%d = %.1f%% (right kind %d, Unsure %d); false stops on the %d others: %d = %.1f%% (%d of them Unsure)",
		s.stopHit, s.stopExpected, 100*ratio(s.stopHit, s.stopExpected), s.stopKindOK, s.unsureHits,
		s.quiet, s.falseStops, 100*ratio(s.falseStops, s.quiet), s.falseStopsUnsure)
	t.Logf("   purpose right %d/%d; withdrawals read as consent: %d", s.purposeOK, s.purposeN, s.withdrawalAsConsent)
	t.Logf("   %-14s %5s %5s %5s %9s %7s", "class", "n", "tp", "pred", "precision", "recall")
	for _, cls := range contacts.ReplyClasses {
		c := s.perClass[cls]
		if c == nil {
			continue
		}
		t.Logf("   %-14s %5d %5d %5d %8.1f%% %6.1f%%", cls, c.tp+c.fn, c.tp, c.tp+c.fp, 100*c.precision(), 100*c.recall())
	}
	t.Logf("   %-4s %5s %9s %11s %12s  per class P/R (%%)", "lang", "n", "class acc", "stop recall", "false stops")
	langs := make([]string, 0, len(s.perLang))
	for l := range s.perLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		ls := s.perLang[l]
		var pr []string
		for _, cls := range contacts.ReplyClasses {
			if c := s.perLangClass[l][cls]; c != nil {
				pr = append(pr, fmt.Sprintf("%s %.0f/%.0f", cls, 100*c.precision(), 100*c.recall()))
			}
		}
		t.Logf("   %-4s %5d %8.1f%% %5d/%-3d %6.1f%% %3d/%-3d %5.1f%%  %s", l, ls.n, 100*ratio(ls.classOK, ls.n),
			ls.stopHit, ls.stopExpected, 100*ratio(ls.stopHit, ls.stopExpected), ls.falseStops, ls.quiet,
			100*ratio(ls.falseStops, ls.quiet), strings.Join(pr, ", "))
	}
	for _, m := range s.mistakes {
		t.Logf("   miss %s", m)
	}
}

// TestClassifyCorpus scores the classifier on the reply corpus: the
// training part (written before the rules, used while writing them), the
// first held-out part (written after the rules were frozen at c8d21dc and
// scored once unseen: class accuracy 93.1%, stop recall 86/97; its misses
// then led to general fixes, so it is no longer unseen), and the second
// held-out part (written after those fixes, at b2dcbbf, and scored once
// unseen: class accuracy 92.6%, stop recall 53/60, false stops 0/48; its
// misses led to "prefer not to" in the Wish lists and a weak "negator +
// receive + mail" safety net, so it too is no longer unseen).
// Every reply that asks to stop outreach must stop it; the other thresholds
// are the figures reached, rounded down, so that a change that makes them
// worse fails.
func TestClassifyCorpus(t *testing.T) {
	sets := []struct {
		name, glob     string
		minClassAcc    float64
		maxFalseStops  float64
		minPerLangStop int // replies per language that must stop outreach, at least
	}{
		{"train", "train-*.tsv", 0.98, 0.03, 30},
		{"holdout1", "holdout1-*.tsv", 0.98, 0.03, 10},
		{"holdout2", "holdout2-*.tsv", 0.98, 0.03, 10},
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			s := score(loadCorpus(t, set.glob))
			s.log(t, set.name)
			if s.stopHit != s.stopExpected {
				t.Errorf("stop recall %d/%d, want every reply that asks to stop to stop outreach", s.stopHit, s.stopExpected)
			}
			if s.withdrawalAsConsent != 0 {
				t.Errorf("%d withdrawals read as consent", s.withdrawalAsConsent)
			}
			if acc := ratio(s.classOK, s.n); acc < set.minClassAcc {
				t.Errorf("class accuracy %.3f, want at least %.2f", acc, set.minClassAcc)
			}
			if fs := ratio(s.falseStops, s.quiet); fs > set.maxFalseStops {
				t.Errorf("false stops %.3f of replies that ask for nothing to stop, want at most %.2f", fs, set.maxFalseStops)
			}
			for _, l := range ruleLanguages {
				if ls := s.perLang[l]; ls == nil || ls.stopExpected < set.minPerLangStop {
					t.Errorf("language %s has fewer than %d replies that stop outreach", l, set.minPerLangStop)
				}
			}
		})
	}
}
