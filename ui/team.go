package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"legit/store"
)

// teamWeeks are the spans the team screen offers, in weeks; w goes to the
// next.
var teamWeeks = []int{4, 12, 26}

// teamLoadedMsg carries the team report for a span.
type teamLoadedMsg struct {
	weeks int
	r     store.TeamReport
	err   error
}

// teamData is what the team screen asks of the database.
type teamData interface {
	TeamReport(ctx context.Context, since time.Time) (store.TeamReport, error)
}

// teamScreen is the lead's dashboard: per rep and week what was sent and
// what came back, the open rights requests with their deadlines, and the
// companies several reps wrote to (the text legit team report prints).
type teamScreen struct {
	sh     *shared
	data   teamData
	keys   teamKeys
	span   int // index into teamWeeks
	loaded bool
	text   string
	vp     viewport.Model
}

// teamKeys are the team screen's keys.
type teamKeys struct {
	Up, Down, Weeks key.Binding
}

func defaultTeamKeys() teamKeys {
	return teamKeys{
		Up:    key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:  key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Weeks: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "more weeks")),
	}
}

func newTeamScreen(sh *shared) *teamScreen {
	return &teamScreen{sh: sh, data: sh.Store, keys: defaultTeamKeys(), vp: viewport.New()}
}

func (s *teamScreen) title() string   { return "Team report" }
func (s *teamScreen) capturing() bool { return false }
func (s *teamScreen) init() tea.Cmd   { return s.load() }

// since is the Monday that starts the span, weeks back from this week's.
func (s *teamScreen) since() time.Time {
	now := s.sh.Now().UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, -7*(teamWeeks[s.span]-1))
}

// load reads the report for the span shown.
func (s *teamScreen) load() tea.Cmd {
	st, since, weeks := s.data, s.since(), teamWeeks[s.span]
	return func() tea.Msg {
		r, err := st.TeamReport(bgctx(), since)
		return teamLoadedMsg{weeks: weeks, r: r, err: err}
	}
}

// ShortHelp lists the keys live now.
func (s *teamScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Up, s.keys.Down, s.keys.Weeks}
}

// FullHelp lists every key of the screen.
func (s *teamScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *teamScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case teamLoadedMsg:
		if msg.weeks != teamWeeks[s.span] {
			return s, nil // an older span's answer
		}
		if msg.err != nil {
			return s, report(fmt.Errorf("load the team report: %w", msg.err))
		}
		var b strings.Builder
		if err := teamReportText(&b, msg.r, s.sh.Now()); err != nil {
			return s, report(err)
		}
		s.text, s.loaded = b.String(), true
		s.vp.SetContent(s.text)
		s.vp.GotoTop()
		return s, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.Weeks):
			s.span = (s.span + 1) % len(teamWeeks)
			s.loaded = false
			return s, s.load()
		case key.Matches(msg, s.keys.Up):
			s.vp.ScrollUp(1)
		case key.Matches(msg, s.keys.Down):
			s.vp.ScrollDown(1)
		}
	}
	return s, nil
}

func (s *teamScreen) view() string {
	st := s.sh.st
	head := st.muted.Render(fit(fmt.Sprintf("The last %d weeks, from the log · w: %d weeks · legit team report --csv",
		teamWeeks[s.span], teamWeeks[(s.span+1)%len(teamWeeks)]), s.sh.width))
	if !s.loaded {
		return head + "\n" + st.muted.Render("Loading the report…")
	}
	s.vp.SetWidth(s.sh.width)
	s.vp.SetHeight(max(1, s.sh.height-1))
	return head + "\n" + s.vp.View()
}
