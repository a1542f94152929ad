package usecase

import (
	"context"
	"fmt"
	"time"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

// SeedDemo fills an empty database, in one transaction, with the demo
// contacts as of now and a synced inbox (from a mailbox named "demo", so
// that a real sync of INBOX starts afresh), recorded as obtained by the rep
// (name, email); then an invented copy of the Bulgarian KZP register, which
// the demo's Bulgarian prospects on legitimate interest need checked. A
// database that already has contacts is left as it is.
func SeedDemo(ctx context.Context, st *store.Store, repName, repEmail string, now time.Time) error {
	n, err := st.CountContacts(ctx)
	if err != nil || n > 0 {
		return err
	}
	if _, err := st.EnsureRep(ctx, repName, repEmail); err != nil {
		return err
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for _, c := range contacts.Demo(now, repName) {
			added, err := tx.AddContact(c, repName)
			if err != nil {
				return fmt.Errorf("demo contact %s: %w", c.Name, err)
			}
			// An informed contact was told through the notice: log it, so
			// the log shows where "informed" comes from.
			if c.InformedAt != nil {
				if err := tx.MarkInformed(added.ID, *c.InformedAt, c.Basis.NoticeKey(), repName); err != nil {
					return fmt.Errorf("demo contact %s: %w", c.Name, err)
				}
			}
		}
		replies := outreach.DemoReplies(now)
		if _, err := tx.SaveSyncBatch(store.SyncBatch{Mailbox: "demo", UIDValidity: 1, LastUID: uint32(len(replies)),
			Rep: repName, Items: replies}); err != nil {
			return fmt.Errorf("demo inbox: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	bg := outreach.PolicyFor("BG")
	return st.ImportRegister(ctx, bg.Country, bg.Register.Name, []string{"office@refuses-mail.example"}, repName)
}
