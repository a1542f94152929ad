package cli

import (
	"context"
	"errors"
	"fmt"
	"legit/store"
	"legit/ui"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// logFlags are the filters of `legit log`.
type logFlags struct {
	rep, since, until, contact, kind string
	asJSON, asCSV                    bool
	limit                            int
}

// parseDay reads a --since/--until value: a date (a whole day, UTC) or an
// RFC 3339 time. For --until a date means up to the end of that day.
func parseDay(flag, v string, until bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		if until {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	return time.Time{}, usageError{fmt.Errorf("--%s %q: write a date as 2026-11-23 or a time as 2026-11-23T09:00:00Z", flag, v)}
}

// filter turns the flags into a store filter, resolving --contact to the
// contact's pseudonymous ref.
func (f logFlags) filter(ctx context.Context, st *store.Store) (store.LogFilter, error) {
	var lf store.LogFilter
	var err error
	if lf.Since, err = parseDay("since", f.since, false); err != nil {
		return lf, err
	}
	if lf.Until, err = parseDay("until", f.until, true); err != nil {
		return lf, err
	}
	if f.kind != "" {
		k, ok := store.ParseEventKind(f.kind)
		if !ok {
			return lf, usageError{fmt.Errorf("--kind %q: use one of %s", f.kind, strings.Join(store.EventKindNames(), ", "))}
		}
		lf.Kind = k
	}
	if lf.Rep, err = matchRep(ctx, st, f.rep); err != nil {
		return lf, err
	}
	switch {
	case strings.HasPrefix(f.contact, "c-"):
		lf.ContactRef = f.contact
	case f.contact != "":
		c, err := st.ContactByEmail(ctx, f.contact)
		if errors.Is(err, store.ErrNotFound) {
			return lf, fmt.Errorf("no contact has the address %s; if it was erased, its events keep only its ref: pass --contact c-…", f.contact)
		}
		if err != nil {
			return lf, err
		}
		lf.ContactRef = c.Ref
	}
	return lf, nil
}

// matchRep finds the rep name as logged for a --rep typed in any case; a
// name in no event is refused with the names that are.
func matchRep(ctx context.Context, st *store.Store, rep string) (string, error) {
	if rep == "" {
		return "", nil
	}
	reps, err := st.LogReps(ctx)
	if err != nil {
		return "", err
	}
	for _, r := range reps {
		if strings.EqualFold(strings.TrimSpace(rep), r) {
			return r, nil
		}
	}
	return "", usageError{fmt.Errorf("--rep %q: no event names that rep; the log has %s", rep, strings.Join(reps, ", "))}
}

func newLogCmd(a *app) *cobra.Command {
	var f logFlags
	cmd := &cobra.Command{
		Use:   "log",
		Short: "Show the outreach log: who contacted whom, when, on what basis",
		Long: `Shows the outreach log newest first: imports, basis changes, consents, emails,
notices, opt-outs, suppressions, exports and erasures, each chained to the one
before by hash. Contacts are named while they exist; after an erasure only
their pseudonymous ref (c-…) remains.

--since and --until take a date (2026-11-23, UTC; --until includes that day)
or an RFC 3339 time. --contact takes an address or a ref.`,
		Example: "  legit log --rep \"Robin Maes\" --since 2026-11-01\n  legit log --contact jan.devries@polderdata.example --json\n  legit log verify\n  legit log export robin.jsonl",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.asJSON && f.asCSV {
				return usageError{errors.New("--json and --csv: pick one")}
			}
			if f.limit < 0 {
				return usageError{errors.New("--limit must be 0 (all) or more")}
			}
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			lf, err := f.filter(ctx, a.st)
			if err != nil {
				return err
			}
			// With --limit, one event more than shown says whether more exist.
			want := f.limit + 1
			var all []store.LogEntry
			for {
				lf.Limit = 1000
				if f.limit > 0 {
					lf.Limit = min(1000, want-len(all))
				}
				page, err := a.st.Log(ctx, lf)
				if err != nil {
					return err
				}
				all = append(all, page...)
				if len(page) < lf.Limit || (f.limit > 0 && len(all) >= want) {
					break
				}
				lf.After = &all[len(all)-1]
			}
			more := f.limit > 0 && len(all) > f.limit
			if more {
				all = all[:f.limit]
			}
			format := ui.LogText
			if f.asJSON {
				format = ui.LogJSON
			} else if f.asCSV {
				format = ui.LogCSV
			}
			if err := ui.PrintLog(cmd.OutOrStdout(), all, format); err != nil {
				return err
			}
			if more {
				fmt.Fprintf(cmd.ErrOrStderr(), "Only the newest %d are shown: --limit 0 shows every event.\n", f.limit)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&f.rep, "rep", "", "only this rep's events (the name as logged)")
	cmd.Flags().StringVar(&f.since, "since", "", "only events from this date or time on")
	cmd.Flags().StringVar(&f.until, "until", "", "only events up to this date (inclusive) or before this time")
	cmd.Flags().StringVar(&f.contact, "contact", "", "only events of the contact with this address (or ref c-…)")
	cmd.Flags().StringVar(&f.kind, "kind", "", "only events of this kind (send, notice, opt_out, suppression, import, …)")
	cmd.Flags().BoolVar(&f.asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().BoolVar(&f.asCSV, "csv", false, "print CSV for spreadsheets")
	cmd.Flags().IntVar(&f.limit, "limit", 50, "at most this many events, newest first (0 for all)")
	cmd.AddCommand(newLogVerifyCmd(a), newLogExportCmd(a), newLogCheckpointCmd(a))
	return cmd
}

func newLogVerifyCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Recompute the log's hash chain and report the first broken link",
		Long: `Recomputes every event's hash, in order, from the first. Prints "chain ok: N
events" and the last hash when nothing was edited, deleted or reordered since it
was written; otherwise prints the first broken event and what is wrong there,
and exits 1. Note the last hash down (or keep an export): events cut from the
end show only against it.

It also checks every signed checkpoint (legit log checkpoint): the ones in the
database and, for a lead, the ones they keep themselves. A checkpoint whose
signature or signed head does not hold exits 1; one signed by a key you have
not said you trust (lead_public_keys in the config) is reported.`,
		Args: cobra.NoArgs,
		RunE: a.withDB(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			trusted, err := a.trustedKeys()
			if err != nil {
				return err
			}
			kept, err := localCheckpoints(a.checkpointLog())
			if err != nil {
				return err
			}
			r, err := a.st.VerifyChainTrusting(ctx, trusted, kept)
			var broken *store.ChainError
			if err != nil && !errors.As(err, &broken) {
				return err
			}
			joined, err := a.st.VerifyJoined(ctx)
			if err != nil {
				return err
			}
			if err := ui.PrintChain(cmd.OutOrStdout(), r, broken, joined, asJSON); err != nil {
				return err
			}
			if broken != nil || ui.JoinedBroken(joined) || ui.CheckpointsBroken(r.Checkpoints) {
				return quietFailure{} // the report printed says where the chain breaks
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}

func newLogExportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "export FILE",
		Short: "Write the log as a bundle file for a team lead to review",
		Long: `Writes the whole log, from the first event, as JSON lines: a header (rep, time,
event count, last hash), then every event with its prev_hash and hash. Contacts
appear only as pseudonymous refs. A lead opens bundles with: legit review FILE...
The file must not exist yet.`,
		Args: cobra.ExactArgs(1),
		RunE: a.withDB(func(ctx context.Context, cmd *cobra.Command, args []string) error {
			file, err := os.OpenFile(args[0], os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if err != nil {
				return fmt.Errorf("export the log: %w (pick a new file name)", err)
			}
			h, err := a.st.ExportLog(ctx, file, a.cfg.Rep.Name)
			if cerr := file.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("export the log: %w", cerr)
			}
			if err != nil {
				_ = os.Remove(args[0])
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s to %s (last hash %s)\n", ui.Plural(h.Count, "event"), args[0], h.Head)
			return nil
		}),
	}
}

func newReviewCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "review FILE...",
		Short: "Open the log screen on several reps' bundles, each chain verified",
		Long: `Reads bundles written by legit log export, verifies each one's hash chain from
its first event to the last hash in its header, and opens the log screen on
all their events together, with each bundle's status on top: ok, broken at
event N (and why), or unreadable. A broken bundle shows its events up to the
break. Nothing is written to your own database.

Each intact bundle's head is signed with your lead key (made on first use)
and kept with you; the next review of the same rep's bundles checks that
their log still holds what you reviewed, so a log rebuilt after a review
(say, without an objection) is caught.

With --json it prints the statuses instead and exits 1 if any bundle is not ok.`,
		Example: "  legit review robin.jsonl sam.jsonl\n  legit review --json *.jsonl",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := a.load(); err != nil {
				return err
			}
			var bundles []*store.Bundle
			bad := false
			for _, p := range args {
				b, err := store.ReadBundle(p)
				if err != nil {
					b = &store.Bundle{Path: p, Err: err}
				}
				if err := a.checkReviewed(b); err != nil {
					return err
				}
				bad = bad || b.Err != nil
				bundles = append(bundles, b)
			}
			if asJSON {
				if err := ui.PrintBundles(cmd.OutOrStdout(), bundles, true); err != nil {
					return err
				}
				if bad {
					return quietFailure{} // the statuses printed say which bundle failed
				}
				return nil
			}
			dir, err := os.MkdirTemp("", "legit-review-")
			if err != nil {
				return fmt.Errorf("make review folder: %w", err)
			}
			defer os.RemoveAll(dir)
			st, err := store.OpenReview(ctx, filepath.Join(dir, "review.db"), bundles)
			if err != nil {
				return err
			}
			a.st = st
			defer a.close()
			// A review shows only the bundles' log: no sender, no inbox.
			return ui.RunReview(ctx, ui.Deps{Store: st, Rep: a.cfg.Rep.Name, Now: st.Now, DeadlineDays: a.cfg.DeadlineDays}, bundles)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print each bundle's status as JSON instead of opening the screen")
	return cmd
}

func newLogCheckpointCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "checkpoint",
		Short: "Sign the log's head with your lead key, so that a later rewrite is caught",
		Long: `Verifies the log, then signs its head (how many events, the last hash) with
your Ed25519 lead key and stores the signed checkpoint in the database; you
keep a copy too. From then on legit log verify proves that the log up to that
point is the one you signed, even against someone who can write to the
database and recompute every hash.

The key is ` + "`$XDG_CONFIG_HOME/legit/lead.key`" + `, made on first use (mode 0600): keep it
off the database server. Give its public key (printed here) to whoever else
verifies, as lead_public_keys in their config.

Exit codes: 0 signed, 1 the log does not verify or failed.`,
		Args: cobra.NoArgs,
		RunE: a.withDB(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			key, made, err := leadKey(true)
			if err != nil {
				return err
			}
			c, err := a.st.AddCheckpoint(ctx, key, a.cfg.Rep.Name)
			if err != nil {
				return err
			}
			if err := keepCheckpoint(a.checkpointLog(), c); err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if made {
				fmt.Fprintf(w, "Made your lead key: %s (keep it off the database server).\n", leadKeyPath())
			}
			_, err = fmt.Fprintf(w, "Signed the log at %d events (last hash %s) as %s.\nYour public key: %s\n",
				c.Events, c.Head, c.Signer, c.PublicKey)
			return err
		}),
	}
}

// checkReviewed checks a bundle against the checkpoints the lead kept from
// earlier reviews of the same rep, marks it broken if its log no longer
// holds one, and signs and keeps the head of an intact bundle.
func (a *app) checkReviewed(b *store.Bundle) error {
	if !b.Readable() || b.Header.Rep == "" {
		return nil
	}
	log := bundleLog(b.Header.Rep)
	kept, err := localCheckpoints(log)
	if err != nil {
		return err
	}
	for _, r := range b.CheckKept(kept) {
		if r.Problem != "" && b.Err == nil {
			b.Err = &store.ChainError{EventID: int64(r.Events), Problem: "a log you reviewed before is not in this one: " + r.Problem}
		}
	}
	if b.Err != nil {
		return nil
	}
	c, _, err := signAt(a.cfg.Rep.Name, len(b.Links), b.Header.Head)
	if err != nil {
		return err
	}
	if len(kept) > 0 && kept[len(kept)-1].Events == c.Events && kept[len(kept)-1].Head == c.Head {
		return nil // this head is signed already
	}
	return keepCheckpoint(log, c)
}
