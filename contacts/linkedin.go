package contacts

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ParseLinkedIn reads LinkedIn's Connections.csv in either format: the
// current one, with a "Notes:" paragraph and a blank line before the header
// First Name,Last Name,URL,Email Address,Company,Position,Connected On, and
// the older one without the notes and the URL column (often with a UTF-8
// byte order mark and CRLF line ends). Rows without an email address are kept:
// LinkedIn exports an address only when the connection allows it.
func ParseLinkedIn(data []byte) (Parsed, error) {
	text := decodeText(data)
	p := Parsed{Format: FormatLinkedIn}
	offset, body, ok := linkedInHeader(text)
	if !ok {
		return p, errors.New("no LinkedIn header (First Name,Last Name,...,Connected On) found: is this Connections.csv? Otherwise use --format csv")
	}
	r := newTableReader(body, ',', offset)
	header, _, err := r.next()
	if err != nil {
		return p, fmt.Errorf("read the header row: %w", err)
	}
	p.Mapping = MapHeader(header, map[string]Field{"url": FieldIgnore})
	readRows(r, p.Mapping, len(header), &p)
	return p, nil
}

// linkedInHeader finds the header line, returning the number of lines before
// it and the text from it on.
func linkedInHeader(text string) (int, string, bool) {
	rest := text
	for line := 0; rest != ""; line++ {
		l, tail, _ := strings.Cut(rest, "\n")
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(l)), "first name,last name,") {
			return line, rest, true
		}
		rest = tail
	}
	return 0, "", false
}

// connectedLayouts are the date forms LinkedIn has written in "Connected On".
var connectedLayouts = []string{"02 Jan 2006", "2 Jan 2006", "2006-01-02", "1/2/06", "01/02/2006"}

// parseConnected reads a "Connected On" date such as 05 Nov 2023.
func parseConnected(s string) (time.Time, error) {
	for _, l := range connectedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("connection date %q is not a date like 05 Nov 2023", s)
}
