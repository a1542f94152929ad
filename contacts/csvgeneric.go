package contacts

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
)

// Field is one of the contact fields a column can fill.
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
)

// Fields lists the fields --map accepts, in the order help shows them.
func ImportFields() []Field {
	return []Field{FieldName, FieldFirstName, FieldLastName, FieldEmail, FieldCompany, FieldPosition,
		FieldDepartment, FieldCountry, FieldNote, FieldOptOut, FieldIgnore}
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
	text := decodeText(data)
	p := Parsed{Format: FormatCSV}
	r := newTableReader(text, sniffDelimiter(text), 0)
	header, _, err := r.next()
	if errors.Is(err, io.EOF) {
		return p, errors.New("the file is empty: export the spreadsheet again with a header row")
	}
	if err != nil {
		return p, fmt.Errorf("read the header row: %w", err)
	}
	p.Mapping = MapHeader(header, overrides)
	if !hasField(p.Mapping, FieldEmail) && !hasField(p.Mapping, FieldName) && !hasField(p.Mapping, FieldLastName) {
		return p, errors.New("no column for a name or an email address: name the columns in the first row, or use --map column=field")
	}
	readRows(r, p.Mapping, len(header), &p)
	return p, nil
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

// tableReader reads CSV rows with the file line each starts on.
type tableReader struct {
	r      *csv.Reader
	offset int // lines before the text the reader sees
	lines  int // lines in the text: at most one row each
}

func newTableReader(text string, delim rune, offset int) *tableReader {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	return &tableReader{r: r, offset: offset, lines: strings.Count(text, "\n") + 1}
}

// next returns the next row and its line; io.EOF at the end. A row that
// cannot be read gives a *RowError and reading can go on.
func (t *tableReader) next() ([]string, int, error) {
	rec, err := t.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, t.offset + pe.StartLine, &RowError{Line: t.offset + pe.StartLine, Reason: csvReason(pe)}
		}
		return nil, 0, err
	}
	line, _ := t.r.FieldPos(0)
	return rec, t.offset + line, nil
}

func csvReason(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
		return "a quote (\") is not closed or stands inside a field; fix the quoting in the spreadsheet"
	}
	return pe.Err.Error()
}

// readRows reads every data row into p using the column mapping.
func readRows(t *tableReader, m []Mapping, width int, p *Parsed) {
	p.Records = slices.Grow(p.Records, t.lines)
	for {
		row, line, err := t.next()
		if errors.Is(err, io.EOF) {
			return
		}
		var re *RowError
		if errors.As(err, &re) {
			p.Rows++
			p.Bad = append(p.Bad, *re)
			continue
		}
		if err != nil {
			p.Bad = append(p.Bad, RowError{Line: line, Reason: err.Error()})
			return
		}
		if blankRow(row) {
			continue
		}
		p.Rows++
		if len(row) != width {
			p.Bad = append(p.Bad, RowError{Line: line, Reason: fmt.Sprintf("has %d columns, the header has %d", len(row), width)})
			continue
		}
		rec, err := recordFromRow(row, m)
		if err != nil {
			p.Bad = append(p.Bad, RowError{Line: line, Reason: err.Error()})
			continue
		}
		rec.Line = line
		p.Records = append(p.Records, rec)
	}
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
	var first, last, dept, email, connected string
	var notes []string
	for i, c := range m {
		if c.Field == FieldEmail {
			// Not cleaned: NormalizeAddress refuses what cleaning would change.
			if e := strings.TrimSpace(row[i]); e != "" {
				email = e
			}
			continue
		}
		v := cleanCell(row[i])
		if v == "" {
			continue
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
		}
	}
	if r.Name == "" {
		r.Name = strings.TrimSpace(first + " " + last)
	}
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
