package cli

import (
	"context"
	"fmt"
	"legit/outreach/usecase"
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
			a.demo = true
			kept := "kept with the database"
			if a.dbPath == "" {
				kept = "deleted on exit; --db keeps it"
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
			d := a.uiDeps()
			d.Banner = fmt.Sprintf("Demo outbox: %s (%s)", a.outbox().Dir, kept)
			return ui.Run(ctx, d)
		},
	}
}

// seedDemo fills an empty database with the demo (usecase.SeedDemo) as
// the config's rep.
func seedDemo(ctx context.Context, st *store.Store, cfg config, now time.Time) error {
	return usecase.SeedDemo(ctx, st, cfg.Rep.Name, cfg.Rep.Email, now)
}
