package ui

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"legit/store"
)

// fakeLog is the log screen's database in memory (logData): events newest
// first, the reps and the weekly counts, and an error per call to make it
// fail on purpose. It stands in where the real store would only be slow to
// fill or could not be made to fail; the golden tests (log_test.go) keep
// the real store.
type fakeLog struct {
	events                               []store.LogEntry
	reps                                 []string
	weeks                                []store.WeekCount
	logErr, repsErr, weeksErr, verifyErr error
}

// Log returns the events of f's kind and rep after f.After, at most f.Limit,
// in the order the real store keeps (newest first).
func (f *fakeLog) Log(_ context.Context, lf store.LogFilter) ([]store.LogEntry, error) {
	if f.logErr != nil {
		return nil, f.logErr
	}
	var out []store.LogEntry
	started := lf.After == nil
	for _, e := range f.events {
		switch {
		case !started:
			started = e.ID == lf.After.ID
		case (lf.Kind == "" || e.Kind == lf.Kind) && (lf.Rep == "" || e.Rep == lf.Rep):
			out = append(out, e)
		}
		if len(out) == lf.Limit {
			break
		}
	}
	return out, nil
}

func (f *fakeLog) LogReps(context.Context) ([]string, error) { return f.reps, f.repsErr }

func (f *fakeLog) WeeklyCounts(context.Context, time.Time) ([]store.WeekCount, error) {
	return f.weeks, f.weeksErr
}

func (f *fakeLog) VerifyChain(context.Context) (store.ChainReport, error) {
	return store.ChainReport{Events: len(f.events)}, f.verifyErr
}

// bigFakeLog holds n events, one every ten minutes back from testNow,
// spread over reps reps in turn, and this week's counts with a peak of
// peak first contacts.
func bigFakeLog(n, reps, peak int) *fakeLog {
	f := &fakeLog{}
	for r := range reps {
		f.reps = append(f.reps, fmt.Sprintf("Rep %02d", r+1))
	}
	kinds := []store.EventKind{store.EventSend, store.EventImport, store.EventBasis, store.EventNotice}
	for i := range n {
		f.events = append(f.events, store.LogEntry{Event: store.Event{ID: int64(n - i), At: testNow.Add(-time.Duration(i) * 10 * time.Minute),
			Rep: f.reps[i%reps], Kind: kinds[i%len(kinds)], ContactRef: fmt.Sprintf("c-%016x", i),
			Details: map[string]string{"basis": "legitimate_interest", "source_kind": "linkedin"}}, ContactName: fmt.Sprintf("Person %05d", i)})
	}
	f.weeks = []store.WeekCount{{Week: weekStart(testNow), Rep: f.reps[0], FirstContacts: peak, Notices: peak / 2}}
	return f
}

// fakeLogScreen is the log screen on f, driven without a program: each
// command runs at once and its message goes straight back to the screen.
func fakeLogScreen(f *fakeLog) (*logScreen, func(tea.Cmd)) {
	sh := &shared{Deps: Deps{Rep: testRep, Now: func() time.Time { return testNow }, DeadlineDays: 30},
		st: newStyles(true), width: 100, height: 28}
	l := newLogScreen(sh, nil)
	l.data = f
	run := func(cmd tea.Cmd) {
		for cmd != nil {
			var s screen
			s, cmd = l.update(cmd())
			l = s.(*logScreen)
		}
	}
	return l, run
}

// TestLogScreenThousandsOfEventsFake opens the log on 24,000 events of
// twelve reps, picks one rep and pages to her oldest event: every one of
// her 2,000 events comes in once, in order, a page at a time, and the
// screen counts them.
func TestLogScreenThousandsOfEventsFake(t *testing.T) {
	t.Parallel()
	f := bigFakeLog(24_000, 12, 1234)
	l, run := fakeLogScreen(f)
	run(l.init())
	view := ansi.Strip(l.view())
	for _, want := range []string{"Rep all (r)", "200+ events", "full bar = 1234", "Person 00000"} {
		if !strings.Contains(view, want) {
			t.Errorf("first view lacks %q:\n%s", want, view)
		}
	}
	for range 5 {
		_, cmd := l.update(keyPress("r"))
		run(cmd)
	}
	if got := l.filter().Rep; got != "Rep 05" {
		t.Fatalf("after r five times the rep is %q, want Rep 05", got)
	}
	for range 20 {
		if !l.more {
			break
		}
		_, cmd := l.update(keyPress("G"))
		run(cmd)
	}
	if len(l.entries) != 2000 || l.more {
		t.Fatalf("paged in %d events of Rep 05 (more: %v), want all 2000", len(l.entries), l.more)
	}
	for i, e := range l.entries {
		if e.Rep != "Rep 05" || (i > 0 && e.ID >= l.entries[i-1].ID) {
			t.Fatalf("entry %d: %s event %d after %d, want Rep 05's events once each, newest first", i, e.Rep, e.ID, l.entries[i-1].ID)
		}
	}
	view = ansi.Strip(l.view())
	oldest := fmt.Sprintf("Person %05d", 24_000-12+4)
	for _, want := range []string{"Rep Rep 05 (r)", "2000 events", oldest} {
		if !strings.Contains(view, want) {
			t.Errorf("view at the end lacks %q:\n%s", want, view)
		}
	}
}

// TestLogScreenSaysWhenTheStoreFails makes each call of the log screen
// fail, as a team database that went away would: the screen says what
// failed on the status line, and quitting still works.
func TestLogScreenSaysWhenTheStoreFails(t *testing.T) {
	t.Parallel()
	lost := errors.New("connection to the team database lost: reconnect, then press 4")
	tests := []struct {
		name string
		fail func(*fakeLog)
		keys []string
		want string
	}{
		{"reps", func(f *fakeLog) { f.repsErr = lost }, nil, "✗ load the log: " + lost.Error()},
		{"weekly counts", func(f *fakeLog) { f.weeksErr = lost }, nil, "✗ load the log: " + lost.Error()},
		{"events", func(f *fakeLog) { f.logErr = lost }, nil, "✗ load the log: " + lost.Error()},
		{"verify", func(f *fakeLog) { f.verifyErr = lost }, []string{"v"}, "✗ verify the chain: " + lost.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := bigFakeLog(50, 3, 7)
			tt.fail(f)
			m := New(Deps{Rep: testRep, Now: func() time.Time { return testNow }, DeadlineDays: 30})
			l := newLogScreen(m.sh, nil)
			l.data = f
			m.stack, m.cur = []screen{l}, 3
			tm := runProbed(t, m, 100, 24)
			waitOnScreen(t, tm, regexp.MustCompile(`Outreach log`))
			if len(tt.keys) > 0 {
				waitOnScreen(t, tm, regexp.MustCompile(`Person 00000`))
				press(tm, tt.keys...)
			}
			waitOnScreen(t, tm, regexp.MustCompile(regexp.QuoteMeta(tt.want)))
			press(tm, "q")
			tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
		})
	}
}
