package ui

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"legit/contacts"
	"legit/store"
)

// LogFormat is how `legit log` prints: a table, JSON or CSV.
type LogFormat int

// The formats of `legit log` (and of `legit team report`).
const (
	LogText LogFormat = iota
	LogJSON
	LogCSV
)

// logEventJSON is one event as `legit log --json` prints it.
type logEventJSON struct {
	ID       int64             `json:"id"`
	At       string            `json:"at"`
	Rep      string            `json:"rep"`
	Kind     string            `json:"kind"`
	Contact  string            `json:"contact,omitempty"` // the name, while the contact exists
	Ref      string            `json:"contact_ref,omitempty"`
	Details  map[string]string `json:"details"`
	PrevHash string            `json:"prev_hash"`
	Hash     string            `json:"hash"`
}

// logCSVHeader is the header row of `legit log --csv`.
var logCSVHeader = []string{"id", "at", "rep", "kind", "contact", "contact_ref", "basis", "source_kind", "notice", "tracking", "details", "hash"}

// PrintLog writes events as a table, JSON (an array) or CSV. Names are
// sanitised; an erased contact shows as its pseudonymous ref.
func PrintLog(w io.Writer, es []store.LogEntry, f LogFormat) error {
	var err error
	switch f {
	case LogJSON:
		out := make([]logEventJSON, len(es))
		for i, e := range es {
			out[i] = logEventJSON{ID: e.ID, At: e.At.UTC().Format(time.RFC3339), Rep: contacts.Clean(e.Rep), Kind: string(e.Kind),
				Contact: contacts.Clean(e.ContactName), Ref: e.ContactRef, Details: e.Details, PrevHash: e.PrevHash, Hash: e.Hash}
			if out[i].Details == nil {
				out[i].Details = map[string]string{}
			}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(out)
	case LogCSV:
		cw := csv.NewWriter(w)
		_ = cw.Write(logCSVHeader)
		for _, e := range es {
			d, _ := json.Marshal(e.Details) // a string map always encodes
			_ = cw.Write([]string{fmt.Sprint(e.ID), e.At.UTC().Format(time.RFC3339), csvSafe(e.Rep), string(e.Kind),
				csvSafe(e.ContactName), e.ContactRef, e.Details["basis"], e.Details["source_kind"], e.Details["notice"],
				e.Details["tracking"], csvSafe(string(d)), e.Hash})
		}
		cw.Flush()
		err = cw.Error()
	default:
		err = printLogTable(w, es)
	}
	if err != nil {
		return fmt.Errorf("write the log: %w", err)
	}
	return nil
}

// csvSafe sanitises text and keeps a spreadsheet from reading it as a formula.
func csvSafe(s string) string {
	s = contacts.Clean(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func printLogTable(w io.Writer, es []store.LogEntry) error {
	ws := layoutColumns(logColumns, 110)
	ws[0] = max(ws[0], 16) // the CLI always shows the year
	var b strings.Builder
	heads := make([]string, len(logColumns))
	for i, c := range logColumns {
		heads[i] = fit(c.title, ws[i])
	}
	b.WriteString(strings.TrimRight(strings.Join(heads, " "), " ") + "\n")
	st := newStyles(true)
	for _, e := range es {
		cells := logCells(st, e, ws[0])
		parts := make([]string, len(cells))
		for i, c := range cells {
			parts[i] = fit(c.text, ws[i])
		}
		b.WriteString(strings.TrimRight(strings.Join(parts, " "), " ") + "\n")
	}
	b.WriteString(Plural(len(es), "event") + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// chainJSON is `legit log verify --json`.
type chainJSON struct {
	OK       bool   `json:"ok"`
	Events   int    `json:"events"`
	Head     string `json:"head"`
	BrokenAt int64  `json:"broken_at,omitempty"`
	Problem  string `json:"problem,omitempty"`
	// Joined are the logs reps' databases brought into a team's.
	Joined []joinedJSON `json:"joined,omitempty"`
	// Checkpoints are the signed checkpoints, each checked.
	Checkpoints []checkpointJSON `json:"checkpoints,omitempty"`
}

// joinedJSON is one joined log as `legit log verify --json` prints it.
type joinedJSON struct {
	File     string `json:"file"`
	Origin   string `json:"origin"`
	OK       bool   `json:"ok"`
	Events   int    `json:"events"`
	Head     string `json:"head"`
	Recorded string `json:"recorded_head"`
	Problem  string `json:"problem,omitempty"`
}

// joinedProblem is what is wrong with a joined log, or "".
func joinedProblem(j store.JoinedChain) string {
	switch {
	case j.Err != nil:
		return j.Err.Error()
	case j.Head != j.Recorded:
		return "its last event is not the one the team's joined event recorded: events were removed from its end"
	}
	return ""
}

// CheckpointsBroken reports whether any checkpoint does not hold.
func CheckpointsBroken(cs []store.CheckpointResult) bool {
	for _, c := range cs {
		if c.Problem != "" {
			return true
		}
	}
	return false
}

// checkpointJSON is one checkpoint as `legit log verify --json` prints it.
type checkpointJSON struct {
	Events  int    `json:"events"`
	Head    string `json:"head"`
	At      string `json:"at"`
	Signer  string `json:"signer"`
	Key     string `json:"public_key"`
	Trusted bool   `json:"trusted"`
	OK      bool   `json:"ok"`
	Problem string `json:"problem,omitempty"`
}

// keyPrefix is the start of a public key, enough to tell keys apart.
func keyPrefix(k string) string {
	if len(k) > 16 {
		return k[:16]
	}
	return k
}

// checkpointLine is one checkpoint as legit log verify prints it.
func checkpointLine(c store.CheckpointResult) string {
	who := fmt.Sprintf("checkpoint of %s signed by %s on %s", Plural(c.Events, "event"), contacts.Clean(c.Signer), c.At)
	switch {
	case c.Problem != "":
		return who + ": broken: " + c.Problem
	case !c.Trusted:
		return who + ": holds, but the key is not one you trust (" + contacts.Clean(keyPrefix(c.PublicKey)) + "…): add it to lead_public_keys in the config if it is your lead's"
	}
	return who + ": holds"
}

// JoinedBroken reports whether any joined log fails its check.
func JoinedBroken(js []store.JoinedChain) bool {
	for _, j := range js {
		if joinedProblem(j) != "" {
			return true
		}
	}
	return false
}

// PrintChain writes the outcome of verifying the log: "chain ok: N events"
// and the head hash to note down, or where the chain breaks and why; then
// the same for each log a rep's database brought into a team's (joined).
func PrintChain(w io.Writer, r store.ChainReport, broken *store.ChainError, joined []store.JoinedChain, asJSON bool) error {
	var err error
	if asJSON {
		j := chainJSON{OK: broken == nil, Events: r.Events, Head: r.Head}
		if broken != nil {
			j.BrokenAt, j.Problem = broken.EventID, broken.Problem
		}
		for _, c := range r.Checkpoints {
			j.Checkpoints = append(j.Checkpoints, checkpointJSON{Events: c.Events, Head: c.Head, At: c.At, Signer: c.Signer,
				Key: c.PublicKey, Trusted: c.Trusted, OK: c.Problem == "", Problem: c.Problem})
		}
		for _, jc := range joined {
			p := joinedProblem(jc)
			j.Joined = append(j.Joined, joinedJSON{File: jc.File, Origin: jc.Origin, OK: p == "", Events: jc.Events,
				Head: jc.Head, Recorded: jc.Recorded, Problem: p})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(j)
	} else if broken == nil {
		_, err = fmt.Fprintf(w, "chain ok: %s\nlast hash: %s\n(note it down: a later verify that ends elsewhere shows events removed from the end)\n", Plural(r.Events, "event"), r.Head)
	} else {
		_, err = fmt.Fprintf(w, "%s\n%s before it %s intact. Compare the database with a backup or an earlier export to see what changed.\n",
			broken.Error(), Plural(r.Events, "event"), isAre(r.Events))
	}
	for _, c := range r.Checkpoints {
		if err != nil || asJSON {
			break
		}
		_, err = fmt.Fprintln(w, checkpointLine(c))
	}
	for _, j := range joined {
		if err != nil || asJSON {
			break
		}
		if p := joinedProblem(j); p != "" {
			_, err = fmt.Fprintf(w, "joined log of %s (origin %s): broken: %s\n", j.File, j.Origin, p)
		} else {
			_, err = fmt.Fprintf(w, "joined log of %s (origin %s): chain ok: %s, ends at the hash the team's log recorded\n", j.File, j.Origin, Plural(j.Events, "event"))
		}
	}
	if err != nil {
		return fmt.Errorf("write the result: %w", err)
	}
	return nil
}

// bundleJSON is one bundle as `legit review --json` prints it.
type bundleJSON struct {
	File    string `json:"file"`
	Rep     string `json:"rep,omitempty"`
	Events  int    `json:"events"`
	Status  string `json:"status"` // ok, broken or unreadable
	Problem string `json:"problem,omitempty"`
	Head    string `json:"head,omitempty"`
}

// PrintBundles writes each bundle's chain status, one line each or as JSON.
func PrintBundles(w io.Writer, bs []*store.Bundle, asJSON bool) error {
	out := make([]bundleJSON, len(bs))
	for i, x := range bs {
		j := bundleJSON{File: x.Path, Rep: contacts.Clean(x.Header.Rep), Events: len(x.Links), Status: "ok", Head: x.Header.Head}
		switch {
		case x.Err == nil:
		case x.Readable():
			j.Status, j.Problem = "broken", contacts.Clean(x.Err.Error())
		default:
			j.Status, j.Problem, j.Head = "unreadable", contacts.Clean(x.Err.Error()), ""
		}
		out[i] = j
	}
	var err error
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(out)
	} else {
		var b strings.Builder
		for _, j := range out {
			fmt.Fprintf(&b, "%-10s %s", j.Status, filepath.Base(j.File))
			if j.Rep != "" {
				fmt.Fprintf(&b, " (%s, %s)", j.Rep, Plural(j.Events, "event"))
			}
			if j.Problem != "" {
				b.WriteString(": " + j.Problem)
			}
			b.WriteByte('\n')
		}
		_, err = io.WriteString(w, b.String())
	}
	if err != nil {
		return fmt.Errorf("write the bundle statuses: %w", err)
	}
	return nil
}
