package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	neturl "net/url"
	"strings"

	"github.com/spf13/cobra"

	"legit/store"
	"legit/ui"
)

func newTeamCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "team",
		Short: "List the members of a team database, their roles and whether they may log in",
		Long: `A team shares one PostgreSQL database. Each member connects as their own
database role; PostgreSQL itself decides what each sees:

  rep   their own contacts, and those a lead shared with them
  lead  the whole team's contacts; the organisation's settings; sharing;
        domain-wide suppression
  dpo   the whole organisation's contacts, to export and erase

The suppression list is one for the organisation: any member's opt-out,
objection, bounce or erasure stops every member's email to that address.
Nobody but the database's owner can change the schema or rewrite the log.

Set up with legit team init (as the database's owner), then legit team add
for each member.

Exit codes: 0 done, 1 failed, 2 bad usage.`,
		Example: "  legit team init postgres://admin@db.example.com/legit\n" +
			"  legit team add \"Sam Peeters\" sam@northwind.example --role rep\n" +
			"  legit team remove sam@northwind.example --to lena@northwind.example",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := a.openAdmin(ctx, ""); err != nil {
				return err
			}
			defer a.close()
			ms, err := a.st.Members(ctx)
			if err != nil {
				return err
			}
			return printMembers(cmd.OutOrStdout(), ms)
		},
	}
	cmd.AddCommand(newTeamInitCmd(a), newTeamAddCmd(a), newTeamRemoveCmd(a), newTeamShareCmd(a), newTeamReportCmd(a))
	return cmd
}

func newTeamInitCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "init [postgres://ADMIN@HOST/DB]",
		Short: "Make a PostgreSQL database a team's: schema, roles, grants, row-level security",
		Long: `Run as the database's owner (a role that may create roles). It brings the
schema up to date (with its row-level-security policies), creates the group
roles legit_rep, legit_lead and legit_dpo when the cluster has none yet
(roles are the whole cluster's), grants each what it may do, and gives every
contact without an owner one. Running it again is harmless: do so after
each upgrade of legit.

The address is the argument, else --db, LEGIT_DB or the config's database.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			url := ""
			if len(args) == 1 {
				url = args[0]
			}
			if err := a.openAdmin(ctx, url); err != nil {
				return err
			}
			defer a.close()
			ungranted, err := a.st.TeamInit(ctx)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprintln(w, "The database is ready for a team: roles legit_rep, legit_lead and legit_dpo, their grants and row-level security.")
			if len(ungranted) > 0 {
				fmt.Fprintf(w, "No member can use these tables (this legit does not know them): %s.\n", strings.Join(ungranted, ", "))
			}
			_, err = fmt.Fprintln(w, "Next: legit org set name \"…\" (and the other details), then legit team add NAME EMAIL --role lead|rep|dpo.")
			return err
		},
	}
}

func newTeamAddCmd(a *app) *cobra.Command {
	var role, login string
	cmd := &cobra.Command{
		Use:   "add NAME EMAIL --role rep|lead|dpo",
		Short: "Add a member: a database login role and their rep record",
		Long: `Creates a login role for the person (or enables it again), makes it a
member of legit_rep, legit_lead or legit_dpo, and records their name and
address. Run as the database's owner (a role that may create roles).

legit stores no password anywhere. Set one as the database's admin
(psql, then \password LOGIN), or use the server's own authentication
(certificates, LDAP, …). The person keeps it in PGPASSWORD, ~/.pgpass or
their config's database_password_command.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := store.TeamRole(role)
			ctx := cmd.Context()
			if err := a.openAdmin(ctx, ""); err != nil {
				return err
			}
			defer a.close()
			m, err := a.st.AddMember(ctx, args[0], args[1], r, login, a.adminName(ctx))
			if errors.Is(err, store.ErrBadMember) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "Added %s <%s> as %s: database role %s.\n", m.Name, m.Email, m.Role, m.Login)
			fmt.Fprintf(w, "legit stores no password. Set one as the admin: psql, then \\password %s (or use your server's own authentication).\n", m.Login)
			_, err = fmt.Fprintf(w, "%s connects with: legit --db '%s'\n(the password from PGPASSWORD, ~/.pgpass or database_password_command in their config).\n",
				m.Name, memberURL(a.databasePath(), m.Login))
			return err
		},
	}
	cmd.Flags().StringVar(&role, "role", "rep", "rep, lead or dpo")
	cmd.Flags().StringVar(&login, "login", "", "the database role's name (default: the address's local part)")
	return cmd
}

func newTeamRemoveCmd(a *app) *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:   "remove EMAIL --to LEAD_EMAIL",
		Short: "Disable a member's login and hand their contacts to a lead",
		Long: `Disables the member's login role (NOLOGIN; the role stays, so the log's
names keep their meaning) and hands every contact they owned to the lead.
Run as the database's owner.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if to == "" {
				return usageError{errors.New("--to: name the lead who takes over the contacts")}
			}
			ctx := cmd.Context()
			if err := a.openAdmin(ctx, ""); err != nil {
				return err
			}
			defer a.close()
			n, err := a.st.RemoveMember(ctx, args[0], to, a.adminName(ctx))
			if errors.Is(err, store.ErrBadMember) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			verb := "now belong"
			if n == 1 {
				verb = "now belongs"
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s can no longer log in; %s %s to %s (logged).\n", args[0], ui.Plural(int(n), "contact"), verb, to)
			return err
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "the lead who takes over the contacts")
	return cmd
}

func newTeamShareCmd(a *app) *cobra.Command {
	var with string
	cmd := &cobra.Command{
		Use:   "share CONTACT_EMAIL --with MEMBER_EMAIL",
		Short: "Let a rep see and work a contact a colleague owns (leads only)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if with == "" {
				return usageError{errors.New("--with: name the member to share the contact with")}
			}
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			err := a.st.ShareContact(ctx, args[0], with, a.cfg.Rep.Name)
			if errors.Is(err, store.ErrBadMember) || errors.Is(err, store.ErrNoTeam) {
				return usageError{err}
			}
			if err != nil {
				return fmt.Errorf("%w (only a lead shares contacts)", err)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Shared %s with %s (logged).\n", args[0], with)
			return err
		},
	}
	cmd.Flags().StringVar(&with, "with", "", "the member who may see the contact")
	return cmd
}

// openAdmin opens the team database as its owner for the team commands: url,
// else the usual --db, LEGIT_DB or config. The owner need not be a rep.
func (a *app) openAdmin(ctx context.Context, url string) error {
	if err := a.load(); err != nil {
		return err
	}
	if url != "" {
		a.dbPath = url
	}
	where := a.databasePath()
	if !store.IsPostgres(where) {
		return usageError{store.ErrNoTeam}
	}
	pw, err := a.cfg.databasePassword()
	if err != nil {
		return err
	}
	st, err := store.OpenPostgres(ctx, where, pw)
	if err != nil {
		return err
	}
	a.st = st
	return nil
}

// adminName is who the log names for a team change: the owner's rep name
// when the owner is a rep, else the database role.
func (a *app) adminName(ctx context.Context) string {
	if r, err := a.st.ConnectRep(ctx, "", ""); err == nil {
		return r.Name
	}
	if u, err := neturl.Parse(a.databasePath()); err == nil && u.User != nil && u.User.Username() != "" {
		return u.User.Username()
	}
	return "database owner"
}

// memberURL is the admin's address with the member's login as its user.
func memberURL(admin, login string) string {
	u, err := neturl.Parse(admin)
	if err != nil {
		return "postgres://" + login + "@HOST/DB"
	}
	u.User = neturl.User(login)
	return u.String()
}

// printMembers lists the team, one member a line.
func printMembers(w io.Writer, ms []store.Member) error {
	if len(ms) == 0 {
		_, err := fmt.Fprintln(w, "No members yet: legit team add NAME EMAIL --role rep|lead|dpo.")
		return err
	}
	for _, m := range ms {
		state := "may log in"
		if !m.Active {
			state = "login disabled"
		}
		role := string(m.Role)
		if role == "" {
			role = "(no role)"
		}
		if _, err := fmt.Fprintf(w, "%-24s %-32s %-5s %-20s %s\n", m.Name, m.Email, role, m.Login, state); err != nil {
			return err
		}
	}
	return nil
}
