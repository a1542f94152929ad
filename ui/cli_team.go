package ui

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/charmbracelet/x/ansi"

	"legit/contacts"
	"legit/store"
)

// PrintTeamReport writes the lead's report: as text (one table per week,
// then the open requests and the overlaps), as JSON, or the weekly counts
// as CSV.
func PrintTeamReport(w io.Writer, r store.TeamReport, now time.Time, f LogFormat) error {
	var err error
	switch f {
	case LogJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	case LogCSV:
		err = teamReportCSV(w, r)
	default:
		err = teamReportText(w, r, now)
	}
	if err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	return nil
}

// teamReportCSV writes one row per rep and week.
func teamReportCSV(w io.Writer, r store.TeamReport) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"week", "rep", "first_contacts", "follow_ups", "notices", "replies", "opt_outs", "objections", "bounces", "not_sent"})
	for _, x := range r.Weeks {
		row := []string{x.Week.Format(time.DateOnly), csvSafe(contacts.Clean(x.Rep))}
		for _, n := range []int{x.FirstContacts, x.FollowUps, x.Notices, x.Replies, x.OptOuts, x.Objections, x.Bounces, x.NotSent} {
			row = append(row, strconv.Itoa(n))
		}
		_ = cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// teamReportText writes the report for a terminal, 80 columns wide for rep
// names up to 18 characters (longer ones are cut). The TUI's team screen
// shows the same text.
func teamReportText(w io.Writer, r store.TeamReport, now time.Time) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Since %s\n", r.Since.Format("Mon 2 Jan 2006"))
	if r.InDoubt > 0 {
		fmt.Fprintf(&b, "\n%s in doubt, each refusing its recipient to every rep: legit send --in-doubt\n", Plural(r.InDoubt, "send"))
	}
	if len(r.Weeks) == 0 {
		b.WriteString("\nNothing was sent or received in these weeks.\n")
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	var week time.Time
	for _, x := range r.Weeks {
		if !x.Week.Equal(week) {
			tw.Flush()
			week = x.Week
			fmt.Fprintf(&b, "\nWeek of %s\n", week.Format("2 Jan 2006"))
			fmt.Fprintln(tw, "rep\tfirst\tfollow-up\tnotice\treply\topt-out\tobject\tbounce\tnot sent\t")
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", ansi.Truncate(contacts.Clean(x.Rep), 18, "…"), x.FirstContacts, x.FollowUps, x.Notices,
			x.Replies, x.OptOuts, x.Objections, x.Bounces, x.NotSent)
	}
	tw.Flush()
	if len(r.Requests) == 0 {
		b.WriteString("\nNo open erasure or access requests.\n")
	} else {
		b.WriteString("\nOpen requests, soonest due first\n")
		for _, q := range r.Requests {
			left := int(q.DueAt.Sub(now).Hours() / 24)
			when := fmt.Sprintf("%dd left", left)
			if q.DueAt.Before(now) {
				when = fmt.Sprintf("%dd late", -left)
			}
			who := contacts.Clean(q.Rep)
			if who == "" {
				who = "nobody wrote to them"
			}
			fmt.Fprintf(&b, "  %-8s %s  due %s (%s)  %s\n", q.Kind, q.ContactRef, q.DueAt.Format("2 Jan 2006"), when,
				ansi.Truncate(who, 20, "…"))
		}
	}
	if len(r.Overlaps) > 0 {
		b.WriteString("\nCompanies more than one rep wrote to\n")
		for _, o := range r.Overlaps {
			reps := make([]string, len(o.Reps))
			for i, rep := range o.Reps {
				reps[i] = contacts.Clean(rep)
			}
			fmt.Fprintf(&b, "  %s: %s (%d people, last %s)\n", contacts.Clean(o.Company), strings.Join(reps, ", "), o.People, o.Last.Format("2 Jan 2006"))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
