package ui

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"legit/outreach"
	"legit/store"
)

// awayStore is a database that cannot be reached when a send that went out
// is to be recorded, until back is closed: each MarkSent before fails as a
// lost connection does (store.ErrUnreachable).
type awayStore struct {
	*store.Store
	back chan struct{}
}

func (s awayStore) MarkSent(ctx context.Context, r store.SentRecord) error {
	select {
	case <-s.back:
		return s.Store.MarkSent(ctx, r)
	default:
		return fmt.Errorf("record it: %w", store.ErrUnreachable)
	}
}

// spaced matches text on the screen, wrapped or not.
func spaced(text string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(text), " ", `\s+`))
}

// TestComposeSendWaitsToRecord: the email went out and the database does
// not answer. While the send waits to record it the status line says so;
// when the send ends the line goes and the outcome shows: sent, once the
// database is back; sent and not recorded, with the message number and
// not to send it again, when it stays away for longer than the send waits.
// Either way the draft is not offered for sending again.
func TestComposeSendWaitsToRecord(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		back    bool
		wait    time.Duration
		outcome string
		state   store.MessageState
	}{
		{"the database comes back", true, 0, "Demo: written to the outbox", store.StateSent},
		{"it stays away", false, time.Second, "Not recorded in the database: record it: the team database cannot be reached. It is message", store.StateSending},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, _ := composeDeps(t)
			away := awayStore{Store: storeOf(d), back: make(chan struct{})}
			d.Sender.Store, d.Sender.RecordWait = away, tc.wait
			var tm *teatest.TestModel
			d.tellRecordWait(func(msg tea.Msg) { tm.Send(msg) })
			tm, _ = openCompose(t, d, "bram.mulder@delta-water.example", 100, 30)
			write(tm, "Pump rounds at Delta Water", bramBody)
			press(tm, "ctrl+s")
			wantWait := recordWaitText(cmp.Or(tc.wait, outreach.DefaultRecordWait))
			waitOnScreen(t, tm, spaced(wantWait))
			if tc.back {
				close(away.back)
			}
			waitOnScreen(t, tm, spaced(tc.outcome))
			m, screen := finalScreen(t, tm)
			if strings.Contains(screen, "the database is not answering") {
				t.Errorf("the waiting line stays after the send ended:\n%s", screen)
			}
			cm := m.top().(*compose)
			if cm.mode != modeSent || cm.keys.Send.Enabled() {
				t.Errorf("mode %v, send enabled %v; want sent, and no second send", cm.mode, cm.keys.Send.Enabled())
			}
			if msg, err := storeOf(d).Message(context.Background(), cm.draftID); err != nil || msg.State != tc.state {
				t.Errorf("message %d is %s (%v), want %s", cm.draftID, msg.State, err, tc.state)
			}
		})
	}
}

// TestDeadlinesNoticeWaitsToRecord: the notice-only email from the
// deadlines screen went out and the database stays away for longer than the
// send waits. The status line says it waits; then the screen says the
// notice was sent and not recorded, not that none was sent.
func TestDeadlinesNoticeWaitsToRecord(t *testing.T) {
	t.Parallel()
	d, _ := composeDeps(t)
	d.Sender.Store, d.Sender.RecordWait = awayStore{Store: storeOf(d), back: make(chan struct{})}, time.Second
	d.SendNotice = d.Sender.SendNoticeOnly
	var tm *teatest.TestModel
	d.tellRecordWait(func(msg tea.Msg) { tm.Send(msg) })
	tm = startApp(t, d, 100, 30, "Agnieszka")
	press(tm, "2")
	waitFor(t, tm, "Overdue (10)")
	press(tm, "j", "j", "j", "n") // Georgi Ivanov: overdue, with a basis
	waitFor(t, tm, "Send Georgi Ivanov")
	press(tm, "y")
	waitOnScreen(t, tm, spaced(recordWaitText(time.Second)))
	waitOnScreen(t, tm, spaced("Notice sent to Georgi Ivanov. Not recorded in the database"))
	_, screen := finalScreen(t, tm)
	if strings.Contains(screen, "no notice sent") || strings.Contains(screen, "the database is not answering") {
		t.Errorf("the screen says no notice was sent, or still that it waits:\n%s", screen)
	}
}

// TestAccessCopyWaitsToRecord: the access copy went out and the database
// stays away for longer than the send waits. The status line says it
// waits; then the screen says the copy was sent, not recorded, and not yet
// logged as access given, rather than "copy not sent".
func TestAccessCopyWaitsToRecord(t *testing.T) {
	t.Parallel()
	d, _ := composeDeps(t)
	d.Sender.Store, d.Sender.RecordWait = awayStore{Store: storeOf(d), back: make(chan struct{})}, time.Second
	var tm *teatest.TestModel
	d.tellRecordWait(func(msg tea.Msg) { tm.Send(msg) })
	tm = openAnna(t, d)
	press(tm, "x")
	waitFor(t, tm, "access request")
	press(tm, "s")
	waitOnScreen(t, tm, spaced(recordWaitText(time.Second)))
	waitOnScreen(t, tm, spaced("Not recorded in the database"))
	_, screen := finalScreen(t, tm)
	for _, want := range []string{"with the export attached", "Do not send it again", "not logged as access given yet"} {
		if !strings.Contains(strings.Join(strings.Fields(screen), " "), want) {
			t.Errorf("the screen lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "copy not sent") || strings.Contains(screen, "the database is not answering") {
		t.Errorf("the screen says the copy was not sent, or still that it waits:\n%s", screen)
	}
}
