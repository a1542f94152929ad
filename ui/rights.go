package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"legit/contacts"
	"legit/notice"
	"legit/outreach/usecase"
	"legit/store"
)

// erasedMsg reports an erasure done.
type erasedMsg struct {
	id       int64
	answered int    // erasure requests the erasure answered
	outcome  string // what went outside the database, and what still waits (ErasureOutcome)
	err      error
}

// erasedNoteMsg carries what an erasure from a contact's page did, for the
// contact list it returns to (other screens say it themselves).
type erasedNoteMsg struct{ text string }

// mergedMsg reports two contacts merged into keep.
type mergedMsg struct {
	keep, drop int64
	err        error
}

// rectifiedMsg reports a saved correction with the names of the fields changed.
type rectifiedMsg struct {
	id      int64
	changed []string
	err     error
}

// SaveExport writes r as JSON to a new file at path with mode 0600: it is
// personal data. A file already there is never overwritten.
func SaveExport(path string, r contacts.Record, now time.Time, ret contacts.Retention, ctl notice.Controller) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("write export: %s exists already: choose another name (nothing was overwritten)", path)
	}
	if err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		_ = f.Close()
		return fmt.Errorf("write export %s: %w", path, err)
	}
	if err := WriteExport(f, r, now, ret, ctl); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write export %s: %w", path, err)
	}
	return nil
}

// exportFileName is the name an export from the app gets.
func exportFileName(ref string, now time.Time) string {
	return fmt.Sprintf("legit-export-%s-%s.json", ref, now.UTC().Format("20060102-150405"))
}

// rightsData is what the rights use cases below ask of the database, for
// whichever screen they run from: erasing (the question and the erasure),
// merging, and correcting a contact over the version a form loaded.
type rightsData interface {
	usecase.QuestionStore
	usecase.EraseStore
	Merge(ctx context.Context, keepID, dropID int64, rep string) error
	ContactForEdit(ctx context.Context, id int64) (contacts.Contact, int64, error)
	Rectify(ctx context.Context, contactID, version int64, changes contacts.Fields, rep string) ([]string, error)
}

// askEraseCmd loads what would go and opens the erasure confirmation; pops
// is how many screens to close on yes before erasing.
func askEraseCmd(sh *shared, id int64, reason string) tea.Cmd {
	return func() tea.Msg {
		r, plan, err := usecase.ErasureQuestion(bgctx(), rightsData(sh.Store), id, reason, sh.Erasure)
		if err != nil {
			return errMsg{err: fmt.Errorf("erase: %w", err)}
		}
		heading := "Erase " + contacts.Clean(r.Contact.Name) + "?"
		return pushMsg{s: newConfirm(sh, heading, ErasurePlan(r, plan), 1, eraseCmd(sh, id, reason))}
	}
}

// eraseCmd erases the contact.
func eraseCmd(sh *shared, id int64, reason string) tea.Cmd {
	st, rep, cl := rightsData(sh.Store), sh.Rep, sh.Erasure
	return func() tea.Msg {
		e, err := usecase.Erase(bgctx(), st, id, rep, reason, cl)
		return erasedMsg{id: id, answered: e.Answered, outcome: ErasureOutcome(e), err: err}
	}
}

// mergeCmd folds drop into keep.
func mergeCmd(sh *shared, keep, drop int64) tea.Cmd {
	st, rep := rightsData(sh.Store), sh.Rep
	return func() tea.Msg {
		return mergedMsg{keep: keep, drop: drop, err: st.Merge(bgctx(), keep, drop, rep)}
	}
}

// rectifyCmd saves corrected fields over the contact's version the form
// loaded; a contact changed since is refused with store.ErrStale.
func rectifyCmd(sh *shared, id, version int64, f contacts.Fields) tea.Cmd {
	st, rep := rightsData(sh.Store), sh.Rep
	return func() tea.Msg {
		changed, err := st.Rectify(bgctx(), id, version, f, rep)
		return rectifiedMsg{id: id, changed: changed, err: err}
	}
}

// rectifyShownCmd saves f over contact id when its fields are still shown,
// the values a screen without a form showed and f was made from; a contact
// changed since is refused with store.ErrStale.
func rectifyShownCmd(sh *shared, id int64, shown, f contacts.Fields) tea.Cmd {
	st := rightsData(sh.Store)
	return func() tea.Msg {
		c, version, err := st.ContactForEdit(bgctx(), id)
		if err == nil && contacts.FieldsOf(c) != shown {
			err = fmt.Errorf("contact %d: %w", id, store.ErrStale)
		}
		if err != nil {
			return rectifiedMsg{id: id, err: err}
		}
		return rectifyCmd(sh, id, version, f)()
	}
}

// leave closes the detail of an erased contact, once.
func (d *contactDetail) leave() tea.Cmd {
	if d.gone {
		return nil
	}
	d.gone = true
	return popCmd
}

// updateRights handles the contact detail's rights keys and their results.
// It reports whether msg was one of them.
func (d *contactDetail) updateRights(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if !d.loaded {
			return nil, false
		}
		switch {
		case key.Matches(msg, d.rkeys.Export):
			return d.sh.push(newAccess(d.sh, d.id)), true
		case key.Matches(msg, d.rkeys.Erase):
			return askEraseCmd(d.sh, d.id, store.ErasureRequest), true
		case key.Matches(msg, d.rkeys.Edit):
			return d.sh.push(newEditForm(d.sh, d.c)), true
		case key.Matches(msg, d.rkeys.Merge):
			return d.sh.push(newMergePicker(d.sh, d.c)), true
		}
	case erasedMsg:
		if msg.id != d.id {
			return nil, true
		}
		if msg.err != nil {
			return report(msg.err), true
		}
		leave := d.leave()
		if leave == nil {
			return nil, true
		}
		text := "Erased and logged. Every address they had stays on the suppression list."
		if msg.answered > 0 {
			text = "Erased and logged; their erasure request is answered: tell them."
		}
		if msg.outcome != "" {
			text += " " + msg.outcome
		}
		return tea.Sequence(leave, func() tea.Msg { return erasedNoteMsg{text: text} }), true
	case contactLoadedMsg:
		// A reload that races an erasure finds nothing: leave quietly.
		if errors.Is(msg.err, store.ErrNotFound) && (d.gone || msg.c.ID == 0) {
			return d.leave(), true
		}
	case mergedMsg:
		if msg.keep != d.id {
			return nil, true
		}
		if msg.err != nil {
			return report(msg.err), true
		}
		d.note = "Merged the duplicate into this contact (logged)."
		return d.refresh(), true
	case rectifiedMsg:
		if msg.id != d.id {
			return nil, true
		}
		if errors.Is(msg.err, store.ErrStale) {
			d.note = "Not saved: changed by someone else since you opened it. The fresh values are shown: check them and try again."
			return d.refresh(), true
		}
		if msg.err != nil {
			return nil, true
		}
		d.note = "Nothing changed."
		if len(msg.changed) > 0 {
			d.note = "Saved: " + strings.Join(msg.changed, ", ") + " changed (logged)."
		}
		return d.refresh(), true
	}
	return nil, false
}
