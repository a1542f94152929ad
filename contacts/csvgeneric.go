package contacts

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field is one of the contact fields a column can fill. A value longer than
// its field's cap (FieldCap, in characters after cleaning) makes the row
// bad, naming its line and column, rather than storing or cutting it:
// name 200 (first and last name 100 each), company 200, position 200,
// department 100, country 60, email address 254 (RFC 5321), note 1,000,
// profile URL 300.
type Field string

// The fields a column can be mapped to.
const (
	FieldIgnore     Field = "ignore"
	FieldName       Field = "name"
	FieldFirstName  Field = "first_name"
	FieldLastName   Field = "last_name"
	FieldEmail      Field = "email"
	FieldCompany    Field = "company"
	FieldPosition   Field = "position"
	FieldDepartment Field = "department"
	FieldCountry    Field = "country"
	FieldNote       Field = "note"
	FieldOptOut     Field = "opt_out"
	FieldConnected  Field = "connected_on" // LinkedIn's connection date
	FieldProfile    Field = "profile_url"  // a LinkedIn profile address (URL)
)

// fieldCaps are the caps Field documents.
var fieldCaps = map[Field]int{
	FieldName: 200, FieldFirstName: 100, FieldLastName: 100, FieldCompany: 200, FieldPosition: 200,
	FieldDepartment: 100, FieldCountry: 60, FieldEmail: 254, FieldNote: 1000, FieldProfile: 300,
}

// FieldCap is the most characters a value of f may have; 0 when f has no
// cap of its own.
func FieldCap(f Field) int { return fieldCaps[f] }

// checkCap refuses a value of field f from column col that is over its cap.
func checkCap(f Field, col, v string) error {
	c := fieldCaps[f]
	if c == 0 || len(v) <= c {
		return nil
	}
	if n := utf8.RuneCountInString(v); n > c {
		return fmt.Errorf("column %q has %d characters, more than the %d a %s may have: shorten it in the file", col, n, c, strings.ReplaceAll(string(f), "_", " "))
	}
	return nil
}

// Fields lists the fields --map accepts, in the order help shows them.
func ImportFields() []Field {
	return []Field{FieldName, FieldFirstName, FieldLastName, FieldEmail, FieldCompany, FieldPosition,
		FieldDepartment, FieldCountry, FieldNote, FieldProfile, FieldOptOut, FieldIgnore}
}

// ParseField checks s against the known fields.
func ParseField(s string) (Field, error) {
	for _, f := range append(ImportFields(), FieldConnected) {
		if string(f) == strings.ToLower(strings.TrimSpace(s)) {
			return f, nil
		}
	}
	names := make([]string, 0, len(ImportFields()))
	for _, f := range ImportFields() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown field %q: use one of %s", s, strings.Join(names, ", "))
}

// ParseMapFlags reads --map settings of the form "column=field" into
// overrides keyed by the column's normalised header.
func ParseMapFlags(flags []string) (map[string]Field, error) {
	out := map[string]Field{}
	for _, m := range flags {
		col, f, ok := strings.Cut(m, "=")
		if !ok || strings.TrimSpace(col) == "" {
			return nil, fmt.Errorf("--map %q: write it as column=field, e.g. --map \"Firma=company\"", m)
		}
		field, err := ParseField(f)
		if err != nil {
			return nil, fmt.Errorf("--map %q: %w", m, err)
		}
		out[headerKey(col)] = field
	}
	return out, nil
}

// headerNames maps a header, lower-cased with everything but letters and
// digits removed, to its field, in English, Dutch, German and Polish.
var headerNames = map[string]Field{
	"name": FieldName, "fullname": FieldName, "contact": FieldName, "contactname": FieldName,
	"naam": FieldName, "volledigenaam": FieldName, "contactpersoon": FieldName,
	"vollständigername": FieldName, "kontakt": FieldName, "ansprechpartner": FieldName,
	"imięinazwisko": FieldName, "imieinazwisko": FieldName, "osoba": FieldName, "osobakontaktowa": FieldName,

	"firstname": FieldFirstName, "givenname": FieldFirstName, "voornaam": FieldFirstName,
	"vorname": FieldFirstName, "imię": FieldFirstName, "imie": FieldFirstName,

	"lastname": FieldLastName, "surname": FieldLastName, "familyname": FieldLastName,
	"achternaam": FieldLastName, "nachname": FieldLastName, "familienname": FieldLastName,
	"nazwisko": FieldLastName,

	"email": FieldEmail, "emailaddress": FieldEmail, "mail": FieldEmail, "emailadres": FieldEmail,
	"mailadres": FieldEmail, "emailadresse": FieldEmail, "mailadresse": FieldEmail,
	"adresemail": FieldEmail, "poczta": FieldEmail, "pocztaemail": FieldEmail,

	"company": FieldCompany, "organisation": FieldCompany, "organization": FieldCompany,
	"companyname": FieldCompany, "bedrijf": FieldCompany, "organisatie": FieldCompany,
	"bedrijfsnaam": FieldCompany, "firma": FieldCompany, "unternehmen": FieldCompany,
	"firmenname": FieldCompany, "nazwafirmy": FieldCompany, "przedsiębiorstwo": FieldCompany,

	"position": FieldPosition, "title": FieldPosition, "jobtitle": FieldPosition, "role": FieldPosition,
	"functie": FieldPosition, "functietitel": FieldPosition, "rol": FieldPosition,
	"berufsbezeichnung": FieldPosition, "stellung": FieldPosition, "funktion": FieldPosition,
	"stanowisko": FieldPosition, "funkcja": FieldPosition,

	"department": FieldDepartment, "afdeling": FieldDepartment, "abteilung": FieldDepartment,
	"dział": FieldDepartment, "dzial": FieldDepartment,

	"country": FieldCountry, "land": FieldCountry, "kraj": FieldCountry,

	"note": FieldNote, "notes": FieldNote, "comment": FieldNote, "comments": FieldNote,
	"opmerking": FieldNote, "opmerkingen": FieldNote, "notitie": FieldNote,
	"notiz": FieldNote, "notizen": FieldNote, "bemerkung": FieldNote, "kommentar": FieldNote,
	"uwagi": FieldNote, "notatka": FieldNote, "komentarz": FieldNote,

	"optout": FieldOptOut, "unsubscribed": FieldOptOut, "donotemail": FieldOptOut,
	"afgemeld": FieldOptOut, "abgemeldet": FieldOptOut, "wypisany": FieldOptOut, "rezygnacja": FieldOptOut,

	"connectedon": FieldConnected,

	"profileurl": FieldProfile, "linkedin": FieldProfile, "linkedinurl": FieldProfile, "linkedinprofile": FieldProfile,
}

// headerKey is a header in the form headerNames is keyed on.
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// MapHeader maps each column of header to a field; overrides (from --map,
// keyed by headerKey) win over the built-in names. Unknown columns are ignored.
func MapHeader(header []string, overrides map[string]Field) []Mapping {
	out := make([]Mapping, len(header))
	for i, h := range header {
		k := headerKey(h)
		f, ok := overrides[k]
		if !ok {
			if f, ok = headerNames[k]; !ok {
				f = FieldIgnore
			}
		}
		out[i] = Mapping{Column: Clean(h), Field: f}
	}
	return out
}

// ParseCSV reads a spreadsheet export: the encoding and the delimiter
// (comma, semicolon or tab) are sniffed, the first row is the header.
func ParseCSV(data []byte, overrides map[string]Field) (Parsed, error) {
	r, err := NewReader("", data, FormatCSV, overrides)
	if err != nil {
		return Parsed{Format: FormatCSV}, errors.Unwrap(err)
	}
	return r.readRows()
}

func hasField(m []Mapping, f Field) bool {
	for _, c := range m {
		if c.Field == f {
			return true
		}
	}
	return false
}

// sniffDelimiter picks the delimiter that occurs most often, outside quotes,
// in the first line.
func sniffDelimiter(text string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range text {
		if r == '"' {
			quoted = !quoted
		}
		if r == '\n' && !quoted {
			break
		}
		if !quoted && (r == ',' || r == ';' || r == '\t') {
			counts[r]++
		}
	}
	best := ','
	for _, d := range []rune{';', '\t'} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return best
}

func blankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// recordFromRow builds a record from one row through the mapping.
func recordFromRow(row []string, m []Mapping) (ImportRow, error) {
	var r ImportRow
	var first, last, dept, email, connected, profile string
	var notes []string
	for i, c := range m {
		if c.Field == FieldIgnore {
			continue
		}
		if c.Field == FieldEmail {
			// Not cleaned: NormalizeAddress refuses what cleaning would change.
			if e := strings.TrimSpace(row[i]); e != "" {
				if err := checkCap(FieldEmail, c.Column, e); err != nil {
					return r, err
				}
				email = e
			}
			continue
		}
		v := cleanCell(row[i])
		if v == "" {
			continue
		}
		if err := checkCap(c.Field, c.Column, v); err != nil {
			return r, err
		}
		switch c.Field {
		case FieldName:
			r.Name = v
		case FieldFirstName:
			first = v
		case FieldLastName:
			last = v
		case FieldCompany:
			r.Company = v
		case FieldPosition:
			r.Position = v
		case FieldDepartment:
			dept = v
		case FieldCountry:
			r.Country = countryCode(v)
		case FieldNote:
			notes = append(notes, v)
		case FieldOptOut:
			r.OptedOut = truthy(v)
		case FieldConnected:
			connected = v
		case FieldProfile:
			profile = v
		}
	}
	if r.Name == "" {
		r.Name = strings.TrimSpace(first + " " + last)
	}
	r.Profile = ProfileKey(profile)
	r.Position = joinNonEmpty(", ", r.Position, dept)
	if email != "" {
		a, err := NormalizeAddress(email)
		if err != nil {
			return r, err
		}
		r.Email = a
	}
	if connected != "" {
		d, err := parseConnected(connected)
		if err != nil {
			return r, err
		}
		notes = append(notes, "connected "+d.Format("2 Jan 2006"))
	}
	r.Note = strings.Join(notes, "; ")
	if r.Name == "" && r.Email == "" {
		return r, errors.New("no name and no email address")
	}
	return r, nil
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// truthy reads a yes in English, Dutch, German or Polish.
func truthy(v string) bool {
	switch strings.ToLower(v) {
	case "1", "x", "y", "yes", "true", "ja", "j", "tak", "t", "wahr":
		return true
	}
	return false
}

// cleanCell is Clean with a fast path for the common cell of printable ASCII
// without leading, trailing or doubled spaces, which Clean would return as is.
func cleanCell(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || (c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ')) {
			return Clean(s)
		}
	}
	return s
}
