package usecase

import (
	"context"
	"fmt"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

// Erased is what Erase did: the erasure in the database and the work
// outside it.
type Erased struct {
	store.Erasure
	Cleanup outreach.CleanupResult
}

// MailboxPlan is what an erasure removes outside the database, and what
// earlier erasures still wait for, as the confirmation lists it.
type MailboxPlan struct {
	OutboxFiles int  // the person's emails in the outbox folder
	Mailbox     bool // an IMAP mailbox is configured
	SentCopies  int  // copies legit filed in the Sent folder
	Replies     int  // replies legit read in the mailbox
	Waiting     int  // erased contacts whose mailbox cleanup still waits
	// Exports are the files legit wrote the person's data to (access
	// exports): the erasure cannot reach them, so the rep is asked to
	// delete them.
	Exports []store.ExportFile
}

// EraseStore is what Erase needs from the database: the erasure, where the
// database lives (the outbox beside it), and the work erasures leave
// outside it. *store.Store satisfies it.
type EraseStore interface {
	outreach.ErasureStore
	Path() string
	EraseWith(ctx context.Context, contactID int64, rep, reason string, o store.EraseOptions) (store.Erasure, error)
}

// QuestionStore is what ErasureQuestion reads from the database.
// *store.Store satisfies it.
type QuestionStore interface {
	Path() string
	Record(ctx context.Context, contactID int64) (contacts.Record, error)
	ErasureScope(ctx context.Context, id int64, reason string, mailbox bool) ([]string, store.MailboxWork, error)
	ExportFiles(ctx context.Context, contactID int64) ([]store.ExportFile, error)
	PendingMailbox(ctx context.Context) (int, error)
}

// cleanupFor is cl with the defaults Erase uses: the outbox beside the
// database at dbPath, the rep as the one acting.
func cleanupFor(dbPath, rep string, cl outreach.ErasureCleanup) outreach.ErasureCleanup {
	if cl.Outbox.Dir == "" {
		cl.Outbox = outreach.OutboxBeside(dbPath)
	}
	if cl.Rep == "" {
		cl.Rep = rep
	}
	return cl
}

// Erase erases contact id (Art. 17 GDPR) in one transaction
// (store.EraseWith), which also records the work left outside the database,
// and then does that work (cl.Finish, with the outbox beside the database
// unless cl names one): the outbox files of the person's emails, and with a
// mailbox their mail in it. A crash after the commit loses nothing: the next
// start finishes it. A mailbox that cannot be reached does not stop the
// erasure: its part waits and is tried again at the next start, erase or
// sync, and Cleanup says so. Other pending erasures are finished on the way.
func Erase(ctx context.Context, st EraseStore, id int64, rep, reason string, cl outreach.ErasureCleanup) (Erased, error) {
	cl = cleanupFor(st.Path(), rep, cl)
	e, err := st.EraseWith(ctx, id, rep, reason, store.EraseOptions{Mailbox: cl.HasMailbox()})
	if err != nil {
		return Erased{}, err
	}
	res, err := cl.Finish(ctx, st)
	out := Erased{Erasure: e, Cleanup: res}
	if err != nil {
		return out, fmt.Errorf("erased from the database; the rest is queued and tried again at the next start: %w", err)
	}
	return out, nil
}

// ErasureQuestion loads what erasing contact id for reason would remove, in
// the database and outside it, for the confirmation: for the person's
// request their other contact rows too (store.EraseWith).
func ErasureQuestion(ctx context.Context, st QuestionStore, id int64, reason string, cl outreach.ErasureCleanup) (contacts.Record, MailboxPlan, error) {
	cl = cleanupFor(st.Path(), "", cl)
	r, err := st.Record(ctx, id)
	if err != nil {
		return r, MailboxPlan{}, err
	}
	if reason != "" && reason != store.ErasureRequest {
		r.Others = nil // only the person's request takes their other contacts (store.EraseWith)
	}
	outbox, work, err := st.ErasureScope(ctx, id, reason, cl.HasMailbox())
	if err != nil {
		return r, MailboxPlan{}, err
	}
	plan := MailboxPlan{Mailbox: cl.HasMailbox(), SentCopies: len(work.Sent), Replies: len(work.Replies)}
	if plan.OutboxFiles, err = outreach.CountOutbox(cl.Outbox, outbox); err != nil {
		return r, plan, err
	}
	if plan.Exports, err = st.ExportFiles(ctx, id); err != nil {
		return r, plan, err
	}
	plan.Waiting, err = st.PendingMailbox(ctx)
	return r, plan, err
}
