package contacts

import (
	"errors"
	"io"
)

// maxRowBytes is the most a row (a spreadsheet record, or a vCard without
// its photos, logos, sounds and keys) may hold: a longer one is a bad row,
// and reading it keeps no more than this in memory.
const maxRowBytes = 64 << 10

// The ways a CSV record can be broken, as encoding/csv tells them.
var (
	errBareQuote = errors.New(`a quote (") stands inside a field that does not start with one; fix the quoting in the spreadsheet`)
	errQuote     = errors.New(`a quote (") is not closed, or is followed by more text in its field; fix the quoting in the spreadsheet`)
	errRowLong   = errors.New("the row is longer than 64 KiB: it is not a contact; remove it or split the file")
)

// csvScanner reads CSV records from a stream exactly as encoding/csv reads
// them (FieldsPerRecord -1, no LazyQuotes, no comments, no trimming: the same
// records, the same broken ones, the same line numbers), with two
// differences: a record of more than max bytes is reported as too long
// without being held in memory, and the fields of a record share one string
// (one allocation per record) and a slice that the next record reuses.
type csvScanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	rerr     error // a read error other than EOF
	comma    byte
	line     int // the line of the byte at pos, from 1
	max      int
	rec      []byte
	ends     []int
	fields   []string
	long     bool
	ended    bool // the quoted field just read ended the record
}

// newCSVScanner reads records separated by comma (',', ';' or '\t') from r;
// line is the number of the first line r gives.
func newCSVScanner(r io.Reader, comma byte, line int) *csvScanner {
	return &csvScanner{r: r, buf: make([]byte, 64<<10), comma: comma, line: line, max: maxRowBytes}
}

// fill makes at least n bytes available after pos unless the input ends.
func (s *csvScanner) fill(n int) {
	for s.end-s.pos < n && !s.eof {
		if s.pos > 0 {
			copy(s.buf, s.buf[s.pos:s.end])
			s.end -= s.pos
			s.pos = 0
		}
		m, err := s.r.Read(s.buf[s.end:])
		s.end += m
		if err != nil {
			s.eof = true
			if !errors.Is(err, io.EOF) {
				s.rerr = err
			}
		}
	}
}

// peek returns the byte n places after pos, or -1 past the end.
func (s *csvScanner) peek(n int) int {
	if s.end-s.pos <= n {
		s.fill(n + 1)
		if s.end-s.pos <= n {
			return -1
		}
	}
	return int(s.buf[s.pos+n])
}

// lineEnd reports how many bytes end the line at pos: 1 for "\n", 2 for
// "\r\n", 1 for a "\r" that is the file's last byte (encoding/csv drops it),
// 0 at the end of the input (which ends the line too: see atEnd) and -1 when
// the line goes on.
func (s *csvScanner) lineEnd() int {
	switch s.peek(0) {
	case '\n':
		return 1
	case '\r':
		switch s.peek(1) {
		case '\n':
			return 2
		case -1:
			return 1
		}
	case -1:
		return 0
	}
	return -1
}

// endLine consumes a line end of n bytes found by lineEnd.
func (s *csvScanner) endLine(n int) {
	if n > 0 && s.buf[s.pos+n-1] == '\n' {
		s.line++
	}
	s.pos += n
}

// skipLine drops the rest of the line, as encoding/csv does after an error.
func (s *csvScanner) skipLine() {
	for {
		c := s.peek(0)
		if c < 0 {
			return
		}
		s.pos++
		if c == '\n' {
			s.line++
			return
		}
	}
}

func (s *csvScanner) add(c byte) {
	if len(s.rec) >= s.max {
		s.long = true
		return
	}
	s.rec = append(s.rec, c)
}

// addRun copies the bytes from pos up to (not including) the first of stop
// bytes, a '\r' or a '\n', within what is buffered.
func (s *csvScanner) addRun(a, b byte) {
	i := s.pos
	for i < s.end {
		c := s.buf[i]
		if c == a || c == b || c == '\r' || c == '\n' {
			break
		}
		i++
	}
	room := s.max - len(s.rec)
	if n := i - s.pos; n > room {
		s.rec = append(s.rec, s.buf[s.pos:s.pos+room]...)
		s.long = true
	} else {
		s.rec = append(s.rec, s.buf[s.pos:i]...)
	}
	s.pos = i
}

func (s *csvScanner) endField() { s.ends = append(s.ends, len(s.rec)) }

// next returns the next record and the line it starts on; io.EOF after the
// last. A broken or over-long record returns its start line and an error
// (errBareQuote, errQuote or errRowLong), and reading can go on after it.
// The fields are valid until the next call.
func (s *csvScanner) next() ([]string, int, error) {
	// Skip empty lines before the record.
	for {
		n := s.lineEnd()
		if n == 0 {
			if s.rerr != nil {
				return nil, s.line, s.rerr
			}
			return nil, 0, io.EOF
		}
		if n < 0 {
			break
		}
		s.endLine(n)
	}
	start := s.line
	s.rec, s.ends, s.long = s.rec[:0], s.ends[:0], false
	for {
		if s.peek(0) == '"' {
			s.pos++
			if err := s.quoted(); err != nil {
				return nil, start, err
			}
			if s.ended {
				return s.record(start)
			}
			continue
		}
		for {
			c := s.peek(0)
			if c == int(s.comma) {
				s.pos++
				s.endField()
				break
			}
			if c == '"' {
				s.skipLine()
				return nil, start, errBareQuote
			}
			if n := s.lineEnd(); n >= 0 {
				s.endLine(n)
				s.endField()
				return s.record(start)
			}
			if c == '\r' {
				s.add('\r')
				s.pos++
				continue
			}
			s.addRun(s.comma, '"')
		}
	}
}

// quoted reads a quoted field after its opening quote, up to the comma
// after its closing quote, or the end of the record (ended).
func (s *csvScanner) quoted() error {
	s.ended = false
	for {
		c := s.peek(0)
		if c == '"' {
			s.pos++
			if c := s.peek(0); c == '"' {
				s.add('"')
				s.pos++
				continue
			} else if c == int(s.comma) {
				s.pos++
				s.endField()
				return nil
			}
			if n := s.lineEnd(); n >= 0 {
				s.endLine(n)
				s.endField()
				s.ended = true
				return nil
			}
			s.skipLine()
			return errQuote
		}
		switch n := s.lineEnd(); {
		case n == 0:
			return errQuote
		case n > 0:
			if s.buf[s.pos+n-1] == '\n' {
				s.add('\n')
			}
			s.endLine(n)
		case c == '\r':
			s.add('\r')
			s.pos++
		default:
			s.addRun('"', '"')
		}
	}
}

// record turns the bytes read into the fields of one record.
func (s *csvScanner) record(start int) ([]string, int, error) {
	if s.long {
		return nil, start, errRowLong
	}
	str := string(s.rec)
	s.fields = s.fields[:0]
	prev := 0
	for _, e := range s.ends {
		s.fields = append(s.fields, str[prev:e])
		prev = e
	}
	return s.fields, start, nil
}
