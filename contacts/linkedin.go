package contacts

import (
	"errors"
	"fmt"
	"time"
)

// ParseLinkedIn reads LinkedIn's Connections.csv in either format: the
// current one, with a "Notes:" paragraph and a blank line before the header
// First Name,Last Name,URL,Email Address,Company,Position,Connected On, and
// the older one without the notes and the URL column (often with a UTF-8
// byte order mark and CRLF line ends). Rows without an email address are kept:
// LinkedIn exports an address only when the connection allows it.
func ParseLinkedIn(data []byte) (Parsed, error) {
	r, err := NewReader("", data, FormatLinkedIn, nil)
	if err != nil {
		return Parsed{Format: FormatLinkedIn}, errors.Unwrap(err)
	}
	return r.readRows()
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
