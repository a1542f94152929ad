package contacts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMapHeader(t *testing.T) {
	tests := []struct {
		header    string
		overrides map[string]Field
		want      Field
	}{
		{"Email Address", nil, FieldEmail},
		{"E-mail", nil, FieldEmail},
		{"E-mailadres", nil, FieldEmail},
		{"E-Mail-Adresse", nil, FieldEmail},
		{"Adres e-mail", nil, FieldEmail},
		{"First Name", nil, FieldFirstName},
		{"Voornaam", nil, FieldFirstName},
		{"Vorname", nil, FieldFirstName},
		{"Imię", nil, FieldFirstName},
		{"Achternaam", nil, FieldLastName},
		{"Nachname", nil, FieldLastName},
		{"Nazwisko", nil, FieldLastName},
		{"Imię i nazwisko", nil, FieldName},
		{"Naam", nil, FieldName},
		{"Bedrijf", nil, FieldCompany},
		{"Firma", nil, FieldCompany},
		{"Nazwa firmy", nil, FieldCompany},
		{"Functie", nil, FieldPosition},
		{"Stanowisko", nil, FieldPosition},
		{"Job Title", nil, FieldPosition},
		{"Abteilung", nil, FieldDepartment},
		{"Land", nil, FieldCountry},
		{"Opmerkingen", nil, FieldNote},
		{"Uwagi", nil, FieldNote},
		{"Unsubscribed", nil, FieldOptOut},
		{"Afgemeld", nil, FieldOptOut},
		{"Telefoon", nil, FieldIgnore},
		{"Telefoon", map[string]Field{"telefoon": FieldNote}, FieldNote},
		{"Firma", map[string]Field{"firma": FieldIgnore}, FieldIgnore},
	}
	for _, tt := range tests {
		got := MapHeader([]string{tt.header}, tt.overrides)[0].Field
		if got != tt.want {
			t.Errorf("MapHeader(%q, %v) = %s, want %s", tt.header, tt.overrides, got, tt.want)
		}
	}
}

func TestParseMapFlags(t *testing.T) {
	got, err := ParseMapFlags([]string{"Tel. zakelijk=note", " Firma = company"})
	if err != nil {
		t.Fatalf("ParseMapFlags() = %v", err)
	}
	if got["telzakelijk"] != FieldNote || got["firma"] != FieldCompany {
		t.Errorf("ParseMapFlags() = %v", got)
	}
	for _, bad := range []string{"no-equals", "=email", "Firma=phone"} {
		if _, err := ParseMapFlags([]string{bad}); err == nil {
			t.Errorf("ParseMapFlags(%q) accepted it", bad)
		}
	}
}

// fixture is what one test file must read as.
type fixture struct {
	file    string
	format  Format
	records int
	noEmail int
	merged  int
	badLine []int
	check   map[string]ImportRow // by name: fields that must match
}

func TestParseFixtures(t *testing.T) {
	fixtures := []fixture{
		{file: "linkedin_current.csv", format: FormatLinkedIn, records: 5, noEmail: 3, check: map[string]ImportRow{
			"Anna Müller": {Line: 5, Email: "anna.mueller@kraftwerk-logistik.example", Company: "Kraftwerk Logistik GmbH", Note: "connected 5 Nov 2023"},
			"Daan Visser": {Line: 8, Email: "Daan.Visser@amstel-analytics.example"},
			"Zofia Łódź":  {Line: 7, Email: "", Position: "Kierownik działu IT, Rozwój"},
		}},
		{file: "linkedin_old.csv", format: FormatLinkedIn, records: 3, noEmail: 1, check: map[string]ImportRow{
			"Katarzyna Nowak": {Line: 4, Email: "k.nowak@gdansk-shipping.example", Company: "Gdańsk Shipping S.A.", Note: "connected 21 Dec 2017"},
		}},
		{file: "linkedin_bad_rows.csv", format: FormatLinkedIn, records: 2, merged: 1, badLine: []int{6, 7, 8}, check: map[string]ImportRow{
			"Mihail Petrov": {Line: 10, Email: "mihail.petrov@sofia-cloud.example", Company: "Sofia Cloud OOD"},
		}},
		{file: "cards_v21.vcf", format: FormatVCard, records: 2, check: map[string]ImportRow{
			"Zofia Łódź":    {Line: 1, Email: "zofia.lodz@wisla-soft.example", Company: "Wisła Soft sp. z o.o.", Position: "Kierownik działu, Dział IT", Note: "Met at the booth, interested in route planning"},
			"Jürgen Müller": {Line: 14, Email: "juergen@baeckerei-mueller.example", Company: "Bäckerei Müller GmbH", Position: "Inhaber"},
		}},
		{file: "cards_v30.vcf", format: FormatVCard, records: 3, noEmail: 1, badLine: []int{26}, check: map[string]ImportRow{
			"Pieter Janssens": {Line: 1, Email: "pieter.janssens@vlaamse-bouw.example", Position: "Facility Manager, Facilitair beheer", Note: "Card from booth 3, Bouwbeurs Gent. Wants a demo in spring."},
		}},
		{file: "cards_v40.vcf", format: FormatVCard, records: 1, badLine: []int{11}, check: map[string]ImportRow{
			"Hannah Weber": {Email: "hannah.weber@koeln-media.example", Company: "Köln Media GmbH", Position: "Marketing Lead, Marketing"},
		}},
		{file: "nl_semicolon_bom.csv", format: FormatCSV, records: 3, noEmail: 1, check: map[string]ImportRow{
			"Bram Mulder": {Line: 2, Email: "bram.mulder@delta-water.example", Country: "NL", Note: "kaartje beurs"},
		}},
		{file: "de_windows1252.csv", format: FormatCSV, records: 2, badLine: []int{4}, check: map[string]ImportRow{
			"Jürgen Groß": {Company: "Straßenbau Süd GmbH", Position: "Geschäftsführer, Leitung", Note: "Messe München"},
		}},
		{file: "pl_utf16le.csv", format: FormatCSV, records: 3, check: map[string]ImportRow{
			"Joanna Kowalska": {Company: "Łódź Textile S.A.", Country: "PL"},
		}},
		{file: "pl_utf16be.csv", format: FormatCSV, records: 3, check: map[string]ImportRow{
			"Jakub Kamiński": {Company: "Poznań Auto S.A."},
		}},
		{file: "pl_windows1250.csv", format: FormatCSV, records: 3, check: map[string]ImportRow{
			"Joanna Kowalska": {Company: "Łódź Textile S.A.", Position: "Dyrektor handlowy"},
		}},
		{file: "en_comma.csv", format: FormatCSV, records: 3, merged: 2, check: map[string]ImportRow{
			"Ines Ferreira": {Line: 3, Email: "ines.ferreira@lisboa-tech.example", OptedOut: true},
			"Marie Dubois":  {Line: 2, Email: "marie.dubois@atelier-lumiere.example", Company: "Atelier Lumière SAS", Country: "FR"},
		}},
		{file: "bad_rows.csv", format: FormatCSV, records: 1, badLine: []int{3, 4, 6, 7}},
	}
	for _, fx := range fixtures {
		t.Run(fx.file, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "import", fx.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(path, data, "", nil)
			if err != nil {
				t.Fatalf("Parse() = %v", err)
			}
			if p.Format != fx.format || len(p.Records) != fx.records || p.NoEmail() != fx.noEmail || p.Merged != fx.merged {
				t.Errorf("Parse() = format %s, %d records, %d without email, %d merged; want %s, %d, %d, %d",
					p.Format, len(p.Records), p.NoEmail(), p.Merged, fx.format, fx.records, fx.noEmail, fx.merged)
			}
			var lines []int
			for _, b := range p.Bad {
				lines = append(lines, b.Line)
				if b.Reason == "" {
					t.Errorf("bad row at line %d has no reason", b.Line)
				}
			}
			if len(lines) != len(fx.badLine) || (len(lines) > 0 && !equalInts(lines, fx.badLine)) {
				t.Errorf("bad rows at lines %v, want %v (%v)", lines, fx.badLine, p.Bad)
			}
			for name, want := range fx.check {
				got, ok := findRecord(p.Records, name)
				if !ok {
					t.Errorf("no record named %q in %+v", name, p.Records)
					continue
				}
				checkRecord(t, got, want)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func findRecord(recs []ImportRow, name string) (ImportRow, bool) {
	for _, r := range recs {
		if r.Name == name {
			return r, true
		}
	}
	return ImportRow{}, false
}

// checkRecord compares the fields want sets (a zero field is not checked,
// except Email, which must match when Line is set).
func checkRecord(t *testing.T, got, want ImportRow) {
	t.Helper()
	pairs := [][3]string{{"Company", got.Company, want.Company}, {"Position", got.Position, want.Position},
		{"Country", got.Country, want.Country}, {"Note", got.Note, want.Note}}
	for _, p := range pairs {
		if p[2] != "" && p[1] != p[2] {
			t.Errorf("%s: %s = %q, want %q", got.Name, p[0], p[1], p[2])
		}
	}
	if (want.Email != "" || want.Line != 0) && got.Email != want.Email {
		t.Errorf("%s: Email = %q, want %q", got.Name, got.Email, want.Email)
	}
	if want.Line != 0 && got.Line != want.Line {
		t.Errorf("%s: Line = %d, want %d", got.Name, got.Line, want.Line)
	}
	if got.OptedOut != want.OptedOut {
		t.Errorf("%s: OptedOut = %v, want %v", got.Name, got.OptedOut, want.OptedOut)
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, head string
		want       Format
	}{
		{"x.vcf", "", FormatVCard},
		{"cards.txt", "BEGIN:VCARD\r\nVERSION:3.0", FormatVCard},
		{"Connections.csv", "Notes:\n\"When exporting\"", FormatLinkedIn},
		{"c.csv", "\ufeffFirst Name,Last Name,Email Address,Company,Position,Connected On\r\n", FormatLinkedIn},
		{"c.csv", "Naam;E-mail;Bedrijf\n", FormatCSV},
	}
	for _, tt := range tests {
		if got := DetectFormat(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("DetectFormat(%q, %q) = %s, want %s", tt.name, tt.head, got, tt.want)
		}
	}
}

func TestParseErrorsNameTheFix(t *testing.T) {
	if _, err := Parse("x.csv", []byte("Telefoon;Stad\n1;2\n"), FormatCSV, nil); err == nil || !strings.Contains(err.Error(), "--map") {
		t.Errorf("CSV without name or email columns: err = %v, want a hint about --map", err)
	}
	if _, err := Parse("x.csv", []byte("a,b\n"), FormatLinkedIn, nil); err == nil || !strings.Contains(err.Error(), "--format csv") {
		t.Errorf("not a LinkedIn file: err = %v, want a hint about --format csv", err)
	}
}

func TestImportedTextIsSanitised(t *testing.T) {
	data := "Name,Email,Company\n\"Eve\x1b]0;pwned\x07 Evil\",eve@evil.example,\"Acme\x1b[2J\u202e Corp\"\n"
	p, err := Parse("x.csv", []byte(data), FormatCSV, nil)
	if err != nil || len(p.Records) != 1 {
		t.Fatalf("Parse() = %+v, %v", p, err)
	}
	r := p.Records[0]
	if r.Name != "Eve Evil" || r.Company != "Acme Corp" {
		t.Errorf("record = %+v, want escape sequences and controls removed", r)
	}
}

func TestMergeSuppressionWins(t *testing.T) {
	recs := []ImportRow{
		{Line: 2, Name: "A", Email: "a@x.example"},
		{Line: 3, Name: "", Email: "A@X.example", Company: "X", OptedOut: true},
		{Line: 4, Name: "B", Company: "Y"},
		{Line: 5, Name: "b", Company: "y", Position: "Boss"},
	}
	got, merged := MergeDuplicates(recs)
	if merged != 1 || len(got) != 3 {
		t.Fatalf("MergeDuplicates() = %+v, %d merged", got, merged)
	}
	if !got[0].OptedOut || got[0].Company != "X" || got[0].Line != 2 {
		t.Errorf("merged record = %+v, want the opt-out to win and the company filled in", got[0])
	}
	// Rows without an address or profile are the store's to merge: only it
	// knows whether the name and company are one person's.
	if got[1].Position != "" || got[2].Position != "Boss" {
		t.Errorf("records without address = %+v, want them left as they are", got[1:])
	}
}

func TestRecordsWithoutAddressOrCompanyNeverMerge(t *testing.T) {
	recs := []ImportRow{{Line: 2, Name: "Jan"}, {Line: 3, Name: "Jan"}}
	got, merged := MergeDuplicates(recs)
	if merged != 0 || len(got) != 2 {
		t.Errorf("MergeDuplicates() merged two people known only by the name Jan: %+v", got)
	}
}
