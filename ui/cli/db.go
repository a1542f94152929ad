package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/spf13/cobra"

	"legit/contacts"
	"legit/store"
	"legit/ui"
)

func newDBCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "db",
		Short: "Move a rep's own database into the team's",
		Args:  cobra.NoArgs,
	}
	var from, to string
	copyCmd := &cobra.Command{
		Use:   "copy --from FILE --to postgres://…",
		Short: "Copy a rep's SQLite database into the team's PostgreSQL database",
		Long: `Copies every contact, source, basis, consent, message, reply and request of
one rep's SQLite file into the team's PostgreSQL database, in one
transaction. Running it twice gives the same result: rows copied before are
not copied again.

A contact the team already holds (the same address) keeps the team's row and
gains the rep's sources and history. The rep's suppression list stays
binding for the whole team: addresses still known are added to the team's
list, and people erased in the rep's file stay blocked under the rep's key.
The rep's log is kept as it was, its chain intact, and the team's log
records that it joined, with its last hash.

The team database must be at this legit's schema version (or new); the
rep's file is upgraded first if it is older.

Exit codes: 0 copied, 1 failed, 2 bad usage.`,
		Example: "  legit db copy --from ~/.local/share/legit/legit.db --to postgres://db.example.com/legit?sslmode=verify-full",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if from == "" || !store.IsPostgres(to) {
				return usageError{errors.New("give the rep's SQLite file with --from and the team's postgres:// address with --to")}
			}
			if _, err := os.Stat(from); err != nil {
				return usageError{fmt.Errorf("no database at %s: check --from", from)}
			}
			if err := a.load(); err != nil {
				return err
			}
			pw, err := a.cfg.databasePassword()
			if err != nil {
				return err
			}
			have, want, err := store.PostgresSchemaVersion(ctx, to, pw)
			if err != nil {
				return err
			}
			if have != 0 && have != want {
				return fmt.Errorf("the team database is at schema version %d and this legit at %d: use the legit version the team runs (a newer legit upgrades the team database when a lead opens it)", have, want)
			}
			src, err := store.Open(ctx, from)
			if err != nil {
				return err
			}
			defer src.Close()
			dst, err := store.OpenPostgres(ctx, to, pw)
			if err != nil {
				return err
			}
			defer dst.Close()
			rep, err := dst.ConnectRep(ctx, a.cfg.Rep.Name, a.cfg.Rep.Email)
			if err != nil {
				return err
			}
			r, err := dst.CopyFrom(ctx, src, from, rep.Name)
			if err != nil {
				return err
			}
			return printCopyReport(cmd.OutOrStdout(), r)
		},
	}
	copyCmd.Flags().StringVar(&from, "from", "", "the rep's SQLite database file")
	copyCmd.Flags().StringVar(&to, "to", "", "the team's postgres:// address (no password in it)")
	cmd.AddCommand(copyCmd)
	return cmd
}

// printCopyReport says what a copy brought, table by table.
func printCopyReport(w io.Writer, r store.CopyReport) error {
	tables := map[string]bool{}
	for t := range r.Added {
		tables[t] = true
	}
	for t := range r.Held {
		tables[t] = true
	}
	names := make([]string, 0, len(tables))
	for t := range tables {
		names = append(names, t)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "Copied the rep's database (origin %s) into the team's.\n", r.Origin)
	for _, t := range names {
		fmt.Fprintf(w, "  %-22s %6d added  %6d already here\n", t, r.Added[t], r.Held[t])
	}
	if r.Owner != "" {
		fmt.Fprintf(w, "The copied contacts belong to %s: the member added with that address (legit team add) works them.\n", contacts.Clean(r.Owner))
	}
	if r.Shared > 0 {
		fmt.Fprintf(w, "%d contacts the team already held kept the team's row and gained this rep's sources and history.\n", r.Shared)
	}
	fmt.Fprintf(w, "Suppression list: %d addresses now on the team's list; erased people still blocked under the rep's key: %d.\n", r.Suppressions, r.Foreign)
	if r.NewEvents > 0 {
		fmt.Fprintf(w, "Log: %s kept unchanged (last hash %s); the team's log records the join.\n", ui.Plural(r.Events, "event"), r.Head)
	} else {
		fmt.Fprintf(w, "Log: nothing new since the last copy (%s, last hash %s).\n", ui.Plural(r.Events, "event"), r.Head)
	}
	return nil
}
