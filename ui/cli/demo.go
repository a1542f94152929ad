package cli

import (
	"context"
	"fmt"
	"legit/contacts"
	"legit/outreach"
	"legit/store"
	"legit/ui"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
)

func newDemoCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Open the app on a throwaway database of invented contacts",
		Long: `Opens the app on a new database filled with about forty invented contacts in
every state the screens show. Mail goes to a local outbox; nothing leaves the
machine. The database is deleted on exit unless you name one with --db, in
which case it is kept (and reused if it already has contacts).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			// The demo never reads the rep's config: it must not send through
			// their real server or write as them.
			a.cfg = demoConfig()
			if a.dbPath == "" {
				dir, err := os.MkdirTemp("", "legit-demo-")
				if err != nil {
					return fmt.Errorf("make demo folder: %w", err)
				}
				defer os.RemoveAll(dir)
				a.dbPath = filepath.Join(dir, "legit.db")
			}
			st, err := store.Open(ctx, a.dbPath)
			if err != nil {
				return err
			}
			a.st = st
			defer a.close()
			if err := seedDemo(ctx, st, a.cfg, time.Now()); err != nil {
				return err
			}
			return ui.Run(ctx, a.uiDeps())
		},
	}
}

// seedDemo fills an empty database, in one transaction, with the demo
// contacts and a synced inbox (from a mailbox named "demo", so that a real
// sync of INBOX starts afresh). A database that already has contacts is left
// as it is.
func seedDemo(ctx context.Context, st *store.Store, cfg config, now time.Time) error {
	n, err := st.CountContacts(ctx)
	if err != nil || n > 0 {
		return err
	}
	if _, err := st.EnsureRep(ctx, cfg.Rep.Name, cfg.Rep.Email); err != nil {
		return err
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for _, c := range contacts.Demo(now, cfg.Rep.Name) {
			added, err := tx.AddContact(c, cfg.Rep.Name)
			if err != nil {
				return fmt.Errorf("demo contact %s: %w", c.Name, err)
			}
			// An informed contact was told through the notice: log it, so
			// the log shows where "informed" comes from.
			if c.InformedAt != nil {
				if err := tx.MarkInformed(added.ID, *c.InformedAt, c.Basis.NoticeKey(), cfg.Rep.Name); err != nil {
					return fmt.Errorf("demo contact %s: %w", c.Name, err)
				}
			}
		}
		replies := outreach.DemoReplies(now)
		if _, err := tx.SaveSyncBatch(store.SyncBatch{Mailbox: "demo", UIDValidity: 1, LastUID: uint32(len(replies)),
			Rep: cfg.Rep.Name, Items: replies}); err != nil {
			return fmt.Errorf("demo inbox: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The Bulgarian prospects on legitimate interest need the KZP register
	// checked: the demo imports an invented copy.
	bg := outreach.PolicyFor("BG")
	return st.ImportRegister(ctx, bg.Country, bg.Register.Name, []string{"office@refuses-mail.example"}, cfg.Rep.Name)
}
