package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"legit/contacts"
)

// column is one table column: a title, a minimum width and a share of any
// spare width (0 keeps it at its minimum).
type column struct {
	title string
	min   int
	grow  int
}

// cell is one table cell: its text (sanitised when drawn) and a style.
type cell struct {
	text  string
	style *lipgloss.Style
}

// layoutColumns gives each column its width for a table width, spreading the
// spare room by grow share. Columns are separated by one space. On a screen
// narrower than the columns' minimum, the growing (free-text) columns give
// up room first, the widest one cell at a time down to half its minimum, so
// that the short fixed columns at the right (status, notice) stay in view.
func layoutColumns(cols []column, width int) []int {
	ws := make([]int, len(cols))
	used, shares := len(cols)-1, 0
	for i, c := range cols {
		ws[i] = c.min
		used += c.min
		shares += c.grow
	}
	spare := width - used
	for ; spare < 0; spare++ {
		widest := -1
		for i, c := range cols {
			if c.grow > 0 && ws[i] > c.min/2 && (widest < 0 || ws[i] > ws[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		ws[widest]--
	}
	if spare <= 0 || shares == 0 {
		return ws
	}
	given := 0
	last := -1
	for i, c := range cols {
		if c.grow == 0 {
			continue
		}
		add := spare * c.grow / shares
		ws[i] += add
		given += add
		last = i
	}
	ws[last] += spare - given
	return ws
}

// fit sanitises s and pads or truncates it to exactly w cells.
func fit(s string, w int) string {
	s = contacts.Clean(s)
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

// renderHeader draws the header line of a table.
func renderHeader(st styles, cols []column, ws []int) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fit(c.title, ws[i])
	}
	return st.table.header.Render(strings.Join(parts, " "))
}

// renderRow draws one row; a selected row is drawn reversed across its width.
func renderRow(st styles, cells []cell, ws []int, selected bool) string {
	parts := make([]string, len(cells))
	for i, c := range cells {
		text := fit(c.text, ws[i])
		if !selected && c.style != nil {
			text = c.style.Render(text)
		}
		parts[i] = text
	}
	line := strings.Join(parts, " ")
	if selected {
		return st.table.selected.Render(line)
	}
	return line
}

// window returns the first index to show so that cursor stays visible in a
// list of n rows with height h, given the previous offset.
func window(offset, cursor, n, h int) int {
	if h <= 0 {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+h {
		offset = cursor - h + 1
	}
	return max(0, min(offset, max(0, n-h)))
}

// fill pads or cuts s to exactly h lines.
func fill(s string, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
