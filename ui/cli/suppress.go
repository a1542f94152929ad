package cli

import (
	"context"
	"errors"
	"fmt"
	"legit/contacts"
	"legit/outreach"
	"legit/store"
	"legit/ui"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

func newSuppressCmd(a *app) *cobra.Command {
	var reason, via, note, purpose, domain string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "suppress EMAIL | --domain DOMAIN",
		Short: "Record an opt-out, objection or consent withdrawal that came by phone, LinkedIn or in person",
		Long: `Records an opt-out, an objection (Art. 21 GDPR) or a withdrawal of consent
(Art. 7(3) GDPR) that reached you outside the inbox sync: by phone, on
LinkedIn, in person, by letter, or in a reply legit did not recognise.

It does what the automatic ones do, in one step: the contact's status, the
address on the suppression list (also for an address that is no contact's,
so a later import or send is refused), withdrawn consents, and an event in
the log. Withdrawing consent to tracking (--purpose tracking) only stops
tracking; every other reason stops all email to the person.

The note goes into the log, which outlives erasure: write how and when it
came, never a name or an address.

--domain example.com puts a whole domain on the list: nobody in the
organisation may email anyone there. On a team database only a lead (or the
DPO) may; the database refuses anyone else.

Exit codes: 0 recorded, 1 failed, 2 bad usage.`,
		Example: "  legit suppress anna@example.com --reason objection --via phone --note 'call of 3 Dec'\n" +
			"  legit suppress jan@example.com --reason withdrawal --purpose tracking --via reply\n" +
			"  legit suppress --domain example.com",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if domain != "" {
				if len(args) > 0 {
					return usageError{errors.New("give an address or --domain, not both")}
				}
				return suppressDomain(cmd, a, domain)
			}
			if len(args) != 1 {
				return usageError{errors.New("name the address (or a whole domain with --domain)")}
			}
			r, ok := map[string]store.SuppressReason{"opt-out": store.ReasonOptOut, "objection": store.ReasonObjection,
				"withdrawal": store.ReasonWithdrawal}[reason]
			if !ok {
				return usageError{fmt.Errorf("--reason %q: use opt-out, objection or withdrawal", reason)}
			}
			p := contacts.ConsentPurpose(purpose)
			if p != contacts.ConsentMarketing && p != contacts.ConsentTracking {
				return usageError{fmt.Errorf("--purpose %q: use marketing or tracking", purpose)}
			}
			if p == contacts.ConsentTracking && r != store.ReasonWithdrawal {
				return usageError{errors.New("--purpose tracking goes with --reason withdrawal")}
			}
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			res, err := a.st.RecordOptOut(ctx, store.OptOut{Email: args[0], Reason: r, Purpose: p, Via: via, Note: note, Rep: a.cfg.Rep.Name})
			if errors.Is(err, store.ErrBadOptOut) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			return ui.PrintOptOut(cmd.OutOrStdout(), args[0], reason, res, asJSON)
		},
	}
	f := cmd.Flags()
	f.StringVar(&reason, "reason", "opt-out", "opt-out, objection or withdrawal")
	f.StringVar(&purpose, "purpose", "marketing", "with --reason withdrawal: the consent withdrawn, marketing or tracking")
	f.StringVar(&via, "via", "phone", "how it came: "+strings.Join(store.OptOutVias, ", "))
	f.StringVar(&note, "note", "", "how and when it came, for the log (no names or addresses: the log outlives erasure)")
	f.BoolVar(&asJSON, "json", false, "print JSON for scripts")
	f.StringVar(&domain, "domain", "", "suppress a whole domain (example.com): a lead's decision on a team database")
	return cmd
}

// suppressDomain puts a whole domain on the suppression list.
func suppressDomain(cmd *cobra.Command, a *app, domain string) error {
	ctx := cmd.Context()
	if err := a.open(ctx); err != nil {
		return err
	}
	defer a.close()
	err := a.st.SuppressDomain(ctx, domain, a.cfg.Rep.Name)
	if errors.Is(err, store.ErrBadDomain) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(cmd.OutOrStdout(), "Nobody in the organisation may email anyone at %s now (logged).\n",
		strings.TrimPrefix(strings.ToLower(strings.TrimSpace(domain)), "@"))
	return err
}

func newRegisterCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "register",
		Short: "List the public refusal registers imported (Bulgaria's KZP register, Austria's ECG list, Portugal's Robinson list)",
		Long: `Some countries keep a public list of addresses whose owners refuse marketing
email, and the law asks every sender to check it before an email sent without
consent: the KZP register in Bulgaria (ЗЕТ чл. 6(2)), the ECG list in Austria
(ECG §7(2), for existing customers) and the Robinson list in Portugal.

legit register lists when each was imported; legit register import adds a
country's list to the suppression list (as keyed hashes) and records the date.
The checklist refuses an email that needs a register never imported, and warns
when the copy is over a month old.

Exit codes: 0 done, 1 failed, 2 bad usage.`,
		Example: "  legit register\n  legit register import kzp-register.csv --country BG",
		Args:    cobra.NoArgs,
		RunE: a.withDB(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			list, err := a.st.Registers(ctx)
			if err != nil {
				return err
			}
			return ui.PrintRegisters(cmd.OutOrStdout(), list)
		}),
	}
	cmd.AddCommand(newRegisterImportCmd(a))
	return cmd
}

func newRegisterImportCmd(a *app) *cobra.Command {
	var country string
	cmd := &cobra.Command{
		Use:   "import FILE --country CC",
		Short: "Add a country's refusal register to the suppression list",
		Long: `Reads a refusal register as published (one address per line, or a CSV with
the address in any column), puts every address on the suppression list as a
keyed hash, and records the date. Lines without a usable address are listed
with their line numbers; the rest is imported.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := outreach.PolicyFor(country)
			if p.Register.Name == "" {
				return usageError{fmt.Errorf("--country %q: legit knows no refusal register there (BG, AT and PT keep one)", country)}
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				return usageError{fmt.Errorf("read the register: %w", err)}
			}
			emails, bad := contacts.ParseRegister(data)
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			if err := a.st.ImportRegister(ctx, p.Country, p.Register.Name, emails, a.cfg.Rep.Name); err != nil {
				return err
			}
			return ui.PrintRegisterImport(cmd.OutOrStdout(), p.Country, p.Register.Name, len(emails), bad)
		},
	}
	cmd.Flags().StringVar(&country, "country", "", "the country whose register this is (BG, AT, PT)")
	return cmd
}
