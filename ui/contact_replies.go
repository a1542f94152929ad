package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"legit/contacts"
	"legit/store"
)

// repliesLoadedMsg carries one contact's synced replies.
type repliesLoadedMsg struct {
	id      int64
	replies []store.InboxEntry
	err     error
}

// loadReplies reads the contact's replies from the store.
func (d *contactDetail) loadReplies() tea.Cmd {
	st, id := d.data, d.id
	return func() tea.Msg {
		list, err := st.RepliesOf(bgctx(), id)
		return repliesLoadedMsg{id: id, replies: list, err: err}
	}
}

// newContactReplies opens a contact's detail scrolled to their replies (from
// the inbox, where the rep came for a reply).
func newContactReplies(sh *shared, id int64) *contactDetail {
	d := newContactDetail(sh, id)
	d.toReplies = true
	return d
}

// scrollToReplies moves the view to the "Replies" heading once both the
// contact and the replies are in.
func (d *contactDetail) scrollToReplies(content string) {
	if !d.toReplies || !d.loaded || len(d.replies) == 0 {
		return
	}
	for i, l := range strings.Split(content, "\n") {
		if strings.TrimSpace(ansi.Strip(l)) == "Replies" {
			d.vp.SetYOffset(i)
			d.toReplies = false
			return
		}
	}
}

func (d *contactDetail) onReplies(msg repliesLoadedMsg) tea.Cmd {
	if msg.id != d.id {
		return nil
	}
	if msg.err != nil {
		return report(fmt.Errorf("load replies: %w", msg.err))
	}
	d.replies = msg.replies
	return nil
}

// repliesSection adds the "Replies" section: each synced reply with its
// date, class and first words. Nothing is drawn for a contact with none.
func (d *contactDetail) repliesSection(b *strings.Builder, section func(string)) {
	if len(d.replies) == 0 {
		return
	}
	st, w := d.sh.st, d.sh.width
	section("Replies")
	for _, e := range d.replies {
		class := replyClassText(e)
		head := "  " + st.label.Render(fit(e.ReceivedAt.Format("2 Jan 2006"), 12)) + fit(class, 16) + " "
		text := lipgloss.Wrap(contacts.Clean(e.Snippet), max(10, w-31), " ")
		b.WriteString(head + indentRest(text, 31) + "\n")
	}
}
