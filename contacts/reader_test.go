package contacts

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestFieldCapsRefuseLongValues: a value over its field's cap makes its row
// bad, naming the line and the column, in a spreadsheet, a LinkedIn export
// and a vCard; a value at the cap is kept whole.
func TestFieldCapsRefuseLongValues(t *testing.T) {
	long := func(n int) string { return strings.Repeat("ł", n) } // two bytes each: characters count
	tests := []struct {
		name, file, column string
		format             Format
	}{
		{"name", "Name,Email\n" + long(201) + ",a@x.example\n", `"Name"`, FormatCSV},
		{"first name", "First Name,Last Name,Email\n" + long(101) + ",B,a@x.example\n", `"First Name"`, FormatCSV},
		{"company", "Name,Company\nA," + long(201) + "\n", `"Company"`, FormatCSV},
		{"position", "Name,Position\nA," + long(201) + "\n", `"Position"`, FormatCSV},
		{"department", "Name,Department\nA," + long(101) + "\n", `"Department"`, FormatCSV},
		{"country", "Name,Country\nA," + long(61) + "\n", `"Country"`, FormatCSV},
		{"note", "Name,Note\nA," + long(1001) + "\n", `"Note"`, FormatCSV},
		{"email", "Name,Email\nA," + strings.Repeat("a", 250) + "@x.example\n", `"Email"`, FormatCSV},
		{"profile", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nA,B,https://www.linkedin.com/in/" + strings.Repeat("a", 300) + ",,C,D,05 Nov 2023\n", `"URL"`, FormatLinkedIn},
		{"vcard FN", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + long(201) + "\r\nEND:VCARD\r\n", `"FN"`, FormatVCard},
		{"vcard NOTE", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nNOTE:" + long(1001) + "\r\nEND:VCARD\r\n", `"NOTE"`, FormatVCard},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("f", []byte(tt.file), tt.format, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Records) != 0 || len(p.Bad) != 1 {
				t.Fatalf("Parse() = %d records, bad %v; want the row refused", len(p.Records), p.Bad)
			}
			if b := p.Bad[0]; b.Line < 1 || !strings.Contains(b.Reason, tt.column) || !strings.Contains(b.Reason, "shorten") {
				t.Errorf("bad row = %+v, want its line and column %s named", b, tt.column)
			}
		})
	}
	p, err := Parse("f", []byte("Name,Company\n"+long(200)+","+long(200)+"\n"), FormatCSV, nil)
	if err != nil || len(p.Records) != 1 || p.Records[0].Name != long(200) {
		t.Errorf("values at the cap: %+v, %v; want them kept whole", p, err)
	}
}

// TestRowOver64KiBIsBad: a row over 64 KiB (here an unclosed quote that
// would swallow the rest of the file) is one bad row and reading goes on.
func TestRowOver64KiBIsBad(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("Name,Email\nA,a@x.example\n")
	fmt.Fprintf(&b, "B,%s\n", strings.Repeat("x", 70<<10))
	b.WriteString("C,c@x.example\n")
	p, err := Parse("f.csv", b.Bytes(), FormatCSV, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Records) != 2 || len(p.Bad) != 1 || p.Bad[0].Line != 3 || !strings.Contains(p.Bad[0].Reason, "64 KiB") {
		t.Errorf("Parse() = %d records, bad %v; want A and C, line 3 bad", len(p.Records), p.Bad)
	}
}

// TestReaderKeepsFirstBadRows: of many bad rows the first MaxBadRows are
// kept with their lines, and all are counted.
func TestReaderKeepsFirstBadRows(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("Name,Email\n")
	for i := range 2500 {
		fmt.Fprintf(&b, "P%d,not-an-address-%d\n", i, i)
	}
	r, err := NewReader("f.csv", b.Bytes(), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Bad) != MaxBadRows || r.BadCount() != 2500 || p.Bad[0].Line != 2 || p.Bad[MaxBadRows-1].Line != MaxBadRows+1 {
		t.Errorf("kept %d bad rows (first line %d), counted %d; want %d kept and 2500 counted", len(p.Bad), p.Bad[0].Line, r.BadCount(), MaxBadRows)
	}
}

// TestVCardSkipsPhotoData: a card's photo (folded base64 over 64 KiB, as
// phones write them) is not read into the card, which stays good.
func TestVCardSkipsPhotoData(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hannah Weber\r\nPHOTO;ENCODING=b;TYPE=JPEG:")
	for range 2000 {
		b.WriteString(strings.Repeat("QUJD", 18) + "\r\n ")
	}
	b.WriteString("QUJD\r\nitem1.LOGO;VALUE=uri:data:image/png;base64," + strings.Repeat("A", 100<<10) + "\r\nEMAIL:hannah@koeln-media.example\r\nEND:VCARD\r\n")
	p, err := Parse("c.vcf", []byte(b.String()), "", nil)
	if err != nil || len(p.Records) != 1 || p.Records[0].Email != "hannah@koeln-media.example" {
		t.Fatalf("Parse() = %+v, %v; want Hannah with her address", p, err)
	}
}

// TestLinkedInProfileKey: the URL column is read as the profile, normalised.
func TestLinkedInProfileKey(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.linkedin.com/in/Anna-Jansen/":          "linkedin.com/in/anna-jansen",
		"http://nl.linkedin.com/in/anna-jansen?trk=x#about": "linkedin.com/in/anna-jansen",
		"linkedin.com/in/anna-jansen":                       "linkedin.com/in/anna-jansen",
		"https://evil.example/in/anna":                      "",
		"":                                                  "",
		"https://www.linkedin.com/":                         "",
	} {
		if got := ProfileKey(in); got != want {
			t.Errorf("ProfileKey(%q) = %q, want %q", in, got, want)
		}
	}
	data := "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAnna,Jansen,https://www.linkedin.com/in/anna-jansen,,Acme,CEO,05 Nov 2023\n"
	p, err := Parse("Connections.csv", []byte(data), "", nil)
	if err != nil || len(p.Records) != 1 || p.Records[0].Profile != "linkedin.com/in/anna-jansen" {
		t.Errorf("Parse() = %+v, %v; want the profile read", p, err)
	}
}

// TestFileReaderEqualsParse: reading every fixture from a file, row by row,
// gives what parsing it at once gives.
func TestFileReaderEqualsParse(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "import", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Parse(path, data, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := NewFileReader(path, f, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.ReadAll()
		_ = f.Close()
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: file reader = %+v, %v\nParse = %+v", filepath.Base(path), got, err, want)
		}
		if done, total := r.Progress(); done != total || total != int64(len(data)) || len(r.SHA256()) != 64 {
			t.Errorf("%s: progress %d of %d, sha %q; want the whole file read and hashed", filepath.Base(path), done, total, r.SHA256())
		}
	}
}

// A folder given as the file says so, with what to give instead.
func TestFileReaderRefusesAFolder(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = NewFileReader(dir, f, "", nil)
	if err == nil || !strings.Contains(err.Error(), dir+" is a folder: give the path of a .csv or .vcf file in it") {
		t.Errorf("NewFileReader(a folder) = %v, want it called a folder", err)
	}
}
