package contacts

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// Format names the kind of file an import reads.
type Format string

// The import formats legit reads.
const (
	FormatLinkedIn Format = "linkedin" // LinkedIn Connections.csv
	FormatVCard    Format = "vcard"    // business cards from phones and scanner apps
	FormatCSV      Format = "csv"      // a spreadsheet typed from cards
)

// ParseFormat checks s against the known formats; "" means detect.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case "", FormatLinkedIn, FormatVCard, FormatCSV:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q: use linkedin, vcard or csv, or leave it out to detect", s)
}

// DetectFormat guesses the format from the file name and its first bytes: a
// BEGIN:VCARD is a vCard, LinkedIn's header or "Notes:" preamble is LinkedIn,
// anything else is a generic spreadsheet CSV.
func DetectFormat(name string, head []byte) Format {
	text := strings.ToLower(decodeText(head))
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case ext == ".vcf" || ext == ".vcard" || strings.Contains(text, "begin:vcard"):
		return FormatVCard
	case strings.HasPrefix(strings.TrimSpace(text), "notes:") ||
		strings.Contains(text, "first name,last name,email address,company,position,connected on") ||
		strings.Contains(text, "first name,last name,url,email address,company,position,connected on"):
		return FormatLinkedIn
	}
	return FormatCSV
}

// ImportRow is one contact read from an import file, sanitised, before it is
// saved. Line is the line in the file where its row or card starts.
type ImportRow struct {
	Line     int
	Name     string
	Email    string // normalised; empty when the row had none
	Company  string
	Position string
	Country  string
	Note     string // added to the source detail (a card's NOTE, a connection date)
	OptedOut bool   // the file marks the person as not to be emailed
	// Profile is the person's LinkedIn profile address, normalised
	// (ProfileKey): it tells people apart where no email address does. The
	// store keeps only a keyed hash of it.
	Profile string
}

// Key is what duplicates inside a file are matched on: the address's match
// key or, for a record without one, its profile address. A record with
// neither has no key (""): a name, even with a company, does not tell two
// people apart, so the store decides (NameKey).
func (r ImportRow) Key() string {
	switch {
	case r.Email != "":
		return "@" + MatchKey(r.Email)
	case r.Profile != "":
		return "~" + r.Profile
	}
	return ""
}

// NameKey is the record's name and company, folded, as a record without an
// address or profile is matched on; "" without a company (a name alone
// does not tell people apart).
func (r ImportRow) NameKey() string { return NameKey(r.Name, r.Company) }

// NameKey is name and company (cleaned, as rows and contacts hold them)
// folded for matching; "" when either is empty.
func NameKey(name, company string) string {
	n, c := strings.ToLower(name), strings.ToLower(company)
	if n == "" || c == "" {
		return ""
	}
	return n + "\x00" + c
}

// ProfileKey normalises a LinkedIn profile address (http(s), any host of
// linkedin.com, case, a trailing slash, query and fragment do not count)
// to host and path, such as "linkedin.com/in/anna-jansen"; "" when url is
// not one.
func ProfileKey(url string) string {
	u := strings.ToLower(strings.TrimSpace(url))
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(u, "http://"); !ok {
			rest = u
		}
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimRight(rest, "/")
	host, path, _ := strings.Cut(rest, "/")
	host = strings.TrimPrefix(host, "www.")
	if i := strings.LastIndex(host, "."+"linkedin.com"); i >= 0 {
		host = host[i+1:]
	}
	if host != "linkedin.com" || path == "" || strings.ContainsAny(path, " \t") {
		return ""
	}
	return host + "/" + path
}

// RowError is a row that could not be read, with its line and the reason.
type RowError struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

func (e RowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Mapping says which of our fields one column of the file fills.
type Mapping struct {
	Column string // the header as the file names it
	Field  Field  // our field; FieldIgnore when unused
}

// Parsed is everything read from one file.
type Parsed struct {
	Format  Format
	Records []ImportRow // good rows, duplicates inside the file already merged
	Bad     []RowError  // rows that could not be read
	Merged  int         // rows folded into an earlier row with the same address
	Mapping []Mapping   // for table formats, how the columns were read
	Rows    int         // data rows or cards seen
}

// NoEmail counts the records that have no address.
func (p Parsed) NoEmail() int {
	n := 0
	for _, r := range p.Records {
		if r.Email == "" {
			n++
		}
	}
	return n
}

// Parse reads data in format f (detected when empty) all at once, with
// duplicates inside the file merged. overrides are --map settings for the
// generic CSV. An import streams the file instead (NewFileReader).
func Parse(name string, data []byte, f Format, overrides map[string]Field) (Parsed, error) {
	r, err := NewReader(name, data, f, overrides)
	if err != nil {
		return Parsed{Format: f}, err
	}
	return r.ReadAll()
}

// ImpliedSourceKind is the source kind a file format speaks for: a LinkedIn
// export holds LinkedIn connections and vCards are business cards. A
// spreadsheet could hold anything, so it implies none (false): the rep must
// say.
func ImpliedSourceKind(f Format) (SourceKind, bool) {
	switch f {
	case FormatLinkedIn:
		return LinkedIn, true
	case FormatVCard:
		return BusinessCard, true
	}
	return "", false
}

// bomUTF8 and the UTF-16 byte order marks start Unicode text files.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// DefaultObtained is the date an import records as when the data was
// obtained when the rep gives none: today, except for a LinkedIn export, which
// holds no export date of its own: there the file's modification time (the
// day it was downloaded) is used when it is earlier. That is when the rep
// obtained the data, and it starts the one-month notice clock; each row's
// connection date is kept in its source detail.
func DefaultObtained(f Format, modTime, now time.Time) time.Time {
	if f == FormatLinkedIn && !modTime.IsZero() && modTime.Before(now) {
		return modTime
	}
	return now
}

// ParseObtained reads an obtained date given as YYYY-MM-DD; it may not lie
// after now.
func ParseObtained(s string, now time.Time) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), now.Location())
	if err != nil {
		return t, fmt.Errorf("obtained date %q: write it as YYYY-MM-DD, e.g. 2026-11-20", s)
	}
	if t.After(now) {
		return t, fmt.Errorf("obtained date %s is in the future: give the day you got the data", s)
	}
	return t, nil
}
