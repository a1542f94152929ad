package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

// Startup is what the app sets up once its first frame is on the screen:
// the send path (a password command may run for it), the sends a crash left
// in doubt (the IMAP Sent folder may be asked), and earlier erasures'
// mailbox work. Nothing of it runs before the first frame.
type Startup struct {
	Sender    *outreach.Sender // nil when it could not be set up
	SenderErr error            // why there is no sender
	InDoubt   []outreach.InDoubt
	// ColleaguesInDoubt counts other reps' sends in doubt that the rep may
	// settle (a lead, the DPO or the owner of a team's database).
	ColleaguesInDoubt int
	// ClockOffset is how far the team database's clock is ahead of this
	// computer's (negative: behind); told when a minute or more.
	ClockOffset time.Duration
	// Problem is anything else worth telling (a mailbox that could not be
	// reached): shown, not fatal.
	Problem error
	// Erased are the rep's drafts and queued messages a colleague's erasure
	// removed since the last start, shown once (store.TakeErasureNotices).
	Erased []store.ErasureNotice
}

// errStarting is the sender's state until the start-up work is done.
var errStarting = errors.New("legit is still checking the sends a crash may have interrupted: try again in a moment")

// startupDoneMsg carries the start-up work's outcome to the root and to
// every open screen.
type startupDoneMsg struct{ s Startup }

// programCtx is the running program's context: store calls and network
// work started from the screens end when the program does. Tests, which
// build models without Run, use the background context.
var programCtx atomic.Pointer[context.Context]

// bgctx is the context for store and network calls made from commands: the
// program's, so that quitting cancels what is in flight.
func bgctx() context.Context {
	if p := programCtx.Load(); p != nil {
		return *p
	}
	return context.Background()
}

// startupCmd runs the start-up work in the background.
func startupCmd(run func(context.Context) Startup) tea.Cmd {
	return func() tea.Msg { return startupDoneMsg{s: run(bgctx())} }
}

// onStartup takes the start-up work's outcome into the shared state and
// says what the rep should know: the sends in doubt, with the keys that
// settle them.
func (sh *shared) onStartup(s Startup) string {
	sh.Sender, sh.SenderErr = s.Sender, s.SenderErr
	sh.SendNotice = nil
	if snd := s.Sender; snd != nil {
		sh.SendNotice = snd.SendNoticeOnly
	}
	var parts []string
	if n := len(s.InDoubt); n > 0 {
		refs := make([]string, 0, n)
		for _, d := range s.InDoubt {
			refs = append(refs, fmt.Sprintf("%q (message %d)", contacts.Clean(d.Subject), d.Row))
		}
		parts = append(parts, fmt.Sprintf("%s a crash interrupted may or may not have gone out: %s. Open the contact, c, then ctrl+y it went or ctrl+n it did not.",
			Plural(n, "send"), strings.Join(refs, ", ")))
	}
	if n := s.ColleaguesInDoubt; n == 1 {
		parts = append(parts, "A colleague's send is in doubt: until someone settles it, no rep may email its recipient. legit send --in-doubt lists it; legit send --resolve N settles it.")
	} else if n > 1 {
		parts = append(parts, fmt.Sprintf("%d colleagues' sends are in doubt: until someone settles them, no rep may email their recipients. legit send --in-doubt lists them; legit send --resolve N settles one.", n))
	}
	if off := s.ClockOffset.Round(time.Minute); off != 0 {
		parts = append(parts, clockText(off))
	}
	for _, n := range s.Erased {
		parts = append(parts, ErasureNoticeText(n))
	}
	if s.SenderErr != nil {
		parts = append(parts, "Sending is not set up: "+s.SenderErr.Error())
	}
	if s.Problem != nil {
		parts = append(parts, s.Problem.Error())
	}
	return strings.Join(parts, " ")
}

// clockText tells the rep that this computer's clock is off the team
// database's by off (the database ahead when positive), rounded to minutes.
func clockText(off time.Duration) string {
	where := "behind"
	if off < 0 {
		where, off = "ahead of", -off
	}
	amount := Plural(int(off/time.Minute), "minute")
	if h, m := int(off/time.Hour), int(off%time.Hour/time.Minute); h > 0 && m > 0 {
		amount = Plural(h, "hour") + " " + Plural(m, "minute")
	} else if h > 0 {
		amount = Plural(h, "hour")
	}
	return fmt.Sprintf("This computer's clock is %s %s the team database's: legit uses the database's time for the log, deadlines and sends. Set this clock right.", amount, where)
}
