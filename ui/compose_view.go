package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"legit/contacts"
)

// view draws the compose screen: To, Subject, the body, and the live
// checklist beside it (or below it on a narrow terminal).
func (m *compose) view() string {
	st, w, h := m.sh.st, m.sh.width, m.sh.height
	switch m.mode {
	case modeLoading:
		return st.muted.Render("Loading…")
	case modeSent:
		return st.ok.Render(lipgloss.Wrap(m.status, w, " ")) + "\n\n" + st.muted.Render("esc back to the contact")
	case modePreview:
		m.preview.SetWidth(w)
		m.preview.SetHeight(max(1, h-1))
		m.preview.SetContent(lipgloss.Wrap(m.previewText, w, " "))
		return st.section.Render(fit("Preview: exactly what goes out, footer included", w)) + "\n" + m.preview.View()
	}
	head := st.label.Render("To       ") + fit(contacts.Clean(m.c.Name)+" <"+m.c.Email+">  (one person only)", max(1, w-9)) + "\n" +
		st.label.Render("Subject  ")
	subjW := max(10, w-9)
	m.subject.SetWidth(subjW)
	head += m.subject.View() + "\n"
	if w >= checklistWide {
		listW := min(44, w/3)
		bodyW := w - listW - 2
		m.setBodyWidth(bodyW)
		m.body.SetHeight(max(3, h-4))
		list := m.checklist(listW, false)
		left := st.label.Render(fit("Body", bodyW)) + "\n" + m.body.View()
		return clip(head+lipgloss.JoinHorizontal(lipgloss.Top, left, "  ", list)+"\n"+m.footerLine(w), w)
	}
	list := m.checklist(w, true)
	m.setBodyWidth(w)
	m.body.SetHeight(max(3, h-4-lipgloss.Height(list)))
	return clip(head+st.label.Render(fit("Body", w))+"\n"+m.body.View()+"\n"+list+"\n"+m.footerLine(w), w)
}

// clip cuts every line of s to at most w cells.
func clip(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return strings.Join(lines, "\n")
}

// setBodyWidth makes the body's drawn width exactly w (the textarea draws
// a little wider than the width it is given).
func (m *compose) setBodyWidth(w int) {
	m.body.SetWidth(w)
	if extra := lipgloss.Width(m.body.View()) - w; extra > 0 {
		m.body.SetWidth(w - extra)
	}
}

// footerLine is the status, the leave prompt, or the send state.
func (m *compose) footerLine(w int) string {
	st := m.sh.st
	switch {
	case m.mode == modeEdit && len(m.doubt) > 0:
		d := m.doubt[0]
		return st.warn.Render(fit(fmt.Sprintf("%q (%s) may not have gone out: check Sent, then ctrl+y it went out · ctrl+n it did not",
			contacts.Clean(d.Subject), d.UpdatedAt.Format("2 Jan 15:04")), w))
	case m.mode == modeConfirmLeave:
		return st.warn.Render(fit("Unsaved changes. ctrl+s save and leave · ctrl+d discard · esc keep writing", w))
	case m.status != "":
		return st.warn.Render(fit(m.status, w))
	case m.verdict.OK():
		return st.ok.Render(fit("Every check passes: ctrl+s sends it.", w))
	}
	if n := len(m.verdict.Failing()); n != 1 {
		return st.muted.Render(fit(fmt.Sprintf("%d checks fail: fix them to send.", n), w))
	}
	return st.muted.Render(fit("1 check fails: fix it to send.", w))
}

// checklist draws the items. Compact (narrow screens) shows passing items
// as one summary line and each failing or warning item on one line.
func (m *compose) checklist(w int, compact bool) string {
	st := m.sh.st
	var lines []string
	// In compact form only a failing or warning item may take more than one
	// line.
	add := func(style lipgloss.Style, text string, wrap bool) {
		if compact && !wrap {
			lines = append(lines, style.Render(fit(text, w)))
			return
		}
		for _, l := range strings.Split(lipgloss.Wrap(contacts.Clean(text), w, " "), "\n") {
			lines = append(lines, style.Render(fit(l, w)))
		}
	}
	pass := 0
	for _, it := range m.verdict.Items {
		switch {
		case !it.OK:
			add(st.danger, "✗ "+it.Label+": "+it.Why+". "+upper(it.Fix)+".", true)
		case it.Warn != "":
			pass++
			add(st.warn, "! "+it.Label+": "+it.Warn, true) // a warning is read in full too
		default:
			pass++
			if !compact {
				add(st.ok, "✓ "+it.Label, false)
			}
		}
	}
	head := fmt.Sprintf("Checklist %d/%d", pass, len(m.verdict.Items))
	if compact {
		tr, form := "off", "short"
		if m.tracking {
			tr = "on"
		}
		if m.verdict.LongNotice {
			form = "full"
		}
		head = fmt.Sprintf("Checklist %d/%d pass · %s notice footer · tracking %s", pass, len(m.verdict.Items), form, tr)
	}
	return st.section.Render(fit(head, w)) + "\n" + strings.Join(lines, "\n")
}
