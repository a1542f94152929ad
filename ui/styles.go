package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// palette holds the semantic colours, chosen for a light or dark terminal.
// Colour is dropped by the renderer when NO_COLOR is set or the terminal has
// none; bold and reverse still mark the selection then.
type palette struct {
	accent, ok, warn, danger, muted, text, subtle color.Color
}

func newPalette(isDark bool) palette {
	ld := lipgloss.LightDark(isDark)
	return palette{
		accent: ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#A78BFA")),
		ok:     ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#4ADE80")),
		warn:   ld(lipgloss.Color("#9A6700"), lipgloss.Color("#FBBF24")),
		danger: ld(lipgloss.Color("#CF222E"), lipgloss.Color("#F87171")),
		muted:  ld(lipgloss.Color("#6E7781"), lipgloss.Color("#8B949E")),
		text:   ld(lipgloss.Color("#1F2328"), lipgloss.Color("#E6EDF3")),
		subtle: ld(lipgloss.Color("#D0D7DE"), lipgloss.Color("#30363D")),
	}
}

// styles is every style the screens use. Screens never build their own.
type styles struct {
	isDark bool
	title  lipgloss.Style // the app name in the title bar
	crumb  lipgloss.Style // the screen name after it
	info   lipgloss.Style // right-hand side of the title bar
	tabs   struct {
		active, inactive, sep lipgloss.Style
	}
	table struct {
		header, selected, cell lipgloss.Style
	}
	label   lipgloss.Style // field names in a detail view
	section lipgloss.Style // section headings in a detail view
	muted   lipgloss.Style
	ok      lipgloss.Style
	warn    lipgloss.Style
	danger  lipgloss.Style
	errBar  lipgloss.Style // the one error line in place of the help
	prompt  lipgloss.Style // the filter prompt
	help    help.Styles
	chart   struct {
		first, notice, optOut, empty lipgloss.Style // the log chart's bars
	}
}

func newStyles(isDark bool) styles {
	p := newPalette(isDark)
	var s styles
	s.isDark = isDark
	s.title = lipgloss.NewStyle().Bold(true).Foreground(p.accent)
	s.crumb = lipgloss.NewStyle().Bold(true).Foreground(p.text)
	s.info = lipgloss.NewStyle().Foreground(p.muted)
	s.tabs.active = lipgloss.NewStyle().Bold(true).Underline(true).Foreground(p.accent)
	s.tabs.inactive = lipgloss.NewStyle().Foreground(p.muted)
	s.tabs.sep = lipgloss.NewStyle().Foreground(p.subtle)
	s.table.header = lipgloss.NewStyle().Bold(true).Foreground(p.muted)
	s.table.selected = lipgloss.NewStyle().Reverse(true).Bold(true)
	s.table.cell = lipgloss.NewStyle()
	s.label = lipgloss.NewStyle().Foreground(p.muted)
	s.section = lipgloss.NewStyle().Bold(true).Foreground(p.accent)
	s.muted = lipgloss.NewStyle().Foreground(p.muted)
	s.ok = lipgloss.NewStyle().Foreground(p.ok)
	s.warn = lipgloss.NewStyle().Foreground(p.warn).Bold(true)
	s.danger = lipgloss.NewStyle().Foreground(p.danger).Bold(true)
	s.errBar = lipgloss.NewStyle().Foreground(p.danger).Bold(true)
	s.prompt = lipgloss.NewStyle().Foreground(p.accent).Bold(true)
	s.help = help.DefaultStyles(isDark)
	s.chart.first = lipgloss.NewStyle().Foreground(p.accent)
	s.chart.notice = lipgloss.NewStyle().Foreground(p.ok)
	s.chart.optOut = lipgloss.NewStyle().Foreground(p.danger)
	s.chart.empty = lipgloss.NewStyle().Foreground(p.subtle)
	return s
}
