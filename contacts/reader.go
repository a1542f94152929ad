package contacts

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"sync/atomic"
)

// MaxBadRows is how many bad rows a Reader keeps with their line and
// reason; it counts every one.
const MaxBadRows = 1000

// Reader reads an import file one row at a time, in memory bounded by a
// row, whatever the size of the file: the encoding is decided in one pass
// over the file (which also takes its SHA-256), then rows are read, cleaned
// and checked one by one. Duplicates inside the file are not merged here:
// whoever saves the rows does (MergeDuplicates, or the store's import).
type Reader struct {
	format   Format
	mapping  []Mapping
	sha256   string
	size     int64
	read     atomic.Int64 // bytes of the file read so far
	next     func() (ImportRow, error)
	rows     int
	bad      []RowError
	badCount int
}

// NewFileReader prepares to read the file f (named name; it is read from its
// start) in format (detected when empty); overrides are --map settings for
// a spreadsheet. It reads the whole file once to hash it and decide its
// encoding, then the header. A file that is not of the format is an error.
func NewFileReader(name string, f io.ReadSeeker, format Format, overrides map[string]Field) (*Reader, error) {
	base := filepath.Base(name)
	if st, ok := f.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.IsDir() {
			return nil, fmt.Errorf("%s is a folder: give the path of a .csv or .vcf file in it", name)
		}
	}
	rewind := func() error {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("read %s: %w", base, err)
		}
		return nil
	}
	if err := rewind(); err != nil {
		return nil, err
	}
	facts, err := sniffFile(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", base, err)
	}
	if err := rewind(); err != nil {
		return nil, err
	}
	if format == "" {
		head := make([]byte, 4096)
		n, err := io.ReadFull(f, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("read %s: %w", base, err)
		}
		format = DetectFormat(name, head[:n])
		if err := rewind(); err != nil {
			return nil, err
		}
	}
	r := &Reader{format: format, sha256: hex.EncodeToString(facts.sha256[:]), size: facts.size}
	text, err := facts.decoder(&countingReader{r: f, n: &r.read}, format == FormatVCard)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(text, 64<<10)
	switch format {
	case FormatLinkedIn:
		err = r.startLinkedIn(br)
	case FormatVCard:
		r.startVCard(br)
	default:
		err = r.startCSV(br, overrides)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s as %s: %w", base, format, err)
	}
	return r, nil
}

// NewReader reads data as NewFileReader reads a file.
func NewReader(name string, data []byte, format Format, overrides map[string]Field) (*Reader, error) {
	return NewFileReader(name, bytes.NewReader(data), format, overrides)
}

// Next returns the next good row; bad rows on the way are counted and
// kept (Bad). io.EOF ends the file; any other error is a read error.
func (r *Reader) Next() (ImportRow, error) { return r.next() }

// Format is the format the file is read as.
func (r *Reader) Format() Format { return r.format }

// Mapping says, for a table format, which field each column fills.
func (r *Reader) Mapping() []Mapping { return r.mapping }

// SHA256 is the hex SHA-256 of the file's bytes.
func (r *Reader) SHA256() string { return r.sha256 }

// Progress returns how many bytes of the file have been read, of its size.
func (r *Reader) Progress() (done, total int64) { return min(r.read.Load(), r.size), r.size }

// Rows counts the data rows or cards seen so far, good and bad.
func (r *Reader) Rows() int { return r.rows }

// Bad returns the first MaxBadRows bad rows.
func (r *Reader) Bad() []RowError { return r.bad }

// BadCount counts every bad row seen so far.
func (r *Reader) BadCount() int { return r.badCount }

// addBad records a bad row.
func (r *Reader) addBad(line int, reason string) {
	r.badCount++
	if len(r.bad) < MaxBadRows {
		r.bad = append(r.bad, RowError{Line: line, Reason: reason})
	}
}

// ReadAll reads every row left into a Parsed, duplicates merged: what Parse
// returns.
func (r *Reader) ReadAll() (Parsed, error) {
	p, err := r.readRows()
	if err != nil {
		return p, err
	}
	p.Records, p.Merged = MergeDuplicates(p.Records)
	return p, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// startCSV reads a spreadsheet's header: the delimiter is sniffed from the
// first line, the first row is the header.
func (r *Reader) startCSV(br *bufio.Reader, overrides map[string]Field) error {
	head, _ := br.Peek(64 << 10)
	sc := newCSVScanner(br, byte(sniffDelimiter(string(head))), 1)
	header, _, err := sc.next()
	if errors.Is(err, io.EOF) {
		return errors.New("the file is empty: export the spreadsheet again with a header row")
	}
	if err != nil {
		return fmt.Errorf("read the header row: %w", err)
	}
	r.mapping = MapHeader(header, overrides)
	if !hasField(r.mapping, FieldEmail) && !hasField(r.mapping, FieldName) && !hasField(r.mapping, FieldLastName) {
		return errors.New("no column for a name or an email address: name the columns in the first row, or use --map column=field")
	}
	r.next = r.tableRows(sc, len(header))
	return nil
}

// startLinkedIn skips LinkedIn's "Notes:" preamble and reads the header.
func (r *Reader) startLinkedIn(br *bufio.Reader) error {
	const noHeader = "no LinkedIn header (First Name,Last Name,...,Connected On) found: is this Connections.csv? Otherwise use --format csv"
	for line := 1; line <= 100; line++ {
		l, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return errors.New(noHeader)
		}
		if len(l) == 0 && err != nil {
			break
		}
		if bytes.HasPrefix(bytes.ToLower(bytes.TrimSpace(l)), []byte("first name,last name,")) {
			sc := newCSVScanner(io.MultiReader(bytes.NewReader(bytes.Clone(l)), br), ',', line)
			header, _, err := sc.next()
			if err != nil {
				return fmt.Errorf("read the header row: %w", err)
			}
			r.mapping = MapHeader(header, map[string]Field{"url": FieldProfile})
			r.next = r.tableRows(sc, len(header))
			return nil
		}
		if err != nil {
			break
		}
	}
	return errors.New(noHeader)
}

// tableRows returns the Next of a table format: rows through the mapping.
func (r *Reader) tableRows(sc *csvScanner, width int) func() (ImportRow, error) {
	return func() (ImportRow, error) {
		for {
			row, line, err := sc.next()
			switch {
			case errors.Is(err, io.EOF):
				return ImportRow{}, io.EOF
			case errors.Is(err, errBareQuote), errors.Is(err, errQuote), errors.Is(err, errRowLong):
				r.rows++
				r.addBad(line, err.Error())
				continue
			case err != nil:
				return ImportRow{}, fmt.Errorf("read line %d: %w", line, err)
			}
			if blankRow(row) {
				continue
			}
			r.rows++
			if len(row) != width {
				r.addBad(line, fmt.Sprintf("has %d columns, the header has %d", len(row), width))
				continue
			}
			rec, err := recordFromRow(row, r.mapping)
			if err != nil {
				r.addBad(line, err.Error())
				continue
			}
			rec.Line = line
			return rec, nil
		}
	}
}

// readRows reads every row left into a Parsed, duplicates not merged (the
// format parsers' result).
func (r *Reader) readRows() (Parsed, error) {
	p := Parsed{Format: r.format, Mapping: r.mapping}
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return p, err
		}
		p.Records = append(p.Records, rec)
	}
	p.Rows, p.Bad = r.rows, r.bad
	return p, nil
}
