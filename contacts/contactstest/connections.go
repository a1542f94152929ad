// Package contactstest makes invented contact files for tests and
// benchmarks of imports.
package contactstest

import (
	"bufio"
	"fmt"
	"io"
)

// WriteConnections writes n invented LinkedIn connections to w, one in
// three with an address, each with its profile URL: as LinkedIn's current
// Connections.csv (its "Notes:" preamble first) when preamble is set, else
// as the bare header and rows that sqlite3's .import and psql's \copy read.
func WriteConnections(w io.Writer, n int, preamble bool) error {
	bw := bufio.NewWriter(w)
	if preamble {
		fmt.Fprint(bw, "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n")
	}
	fmt.Fprint(bw, "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
	for i := range n {
		email := ""
		if i%3 == 0 {
			email = fmt.Sprintf("person%d@company%d.example", i, i%997)
		}
		fmt.Fprintf(bw, "First%d,Last%d,https://www.linkedin.com/in/person-%d,%s,Company %d B.V.,Position %d,%02d Nov 2023\n",
			i, i, i, email, i%997, i%50, i%28+1)
	}
	return bw.Flush()
}
