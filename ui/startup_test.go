package ui

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"legit/outreach"
	"legit/store"
)

// TestStartupAfterTheFirstFrame: the start-up work runs after the first
// frame (it waits here until that frame is seen), compose is refused with a
// plain reason meanwhile, and the sends in doubt it finds are listed with
// the keys that settle them.
func TestStartupAfterTheFirstFrame(t *testing.T) {
	t.Parallel()
	d, _ := composeDeps(t)
	sender := d.Sender
	d.Sender = nil
	release := make(chan struct{})
	d.Startup = func(ctx context.Context) Startup {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return Startup{Sender: sender, InDoubt: []outreach.InDoubt{{Row: 12, ContactRef: "c-1", Subject: "Depot routes"}}}
	}
	tm := startApp(t, d, 100, 24, "Agnieszka") // the first frame, while start-up waits
	press(tm, "/")
	tm.Type("Bram")
	press(tm, "enter", "enter")
	waitFor(t, tm, "c compose")
	press(tm, "c")
	waitFor(t, tm, "still checking")
	close(release)
	waitFor(t, tm, "ctrl+y it went")
	m, screen := finalScreen(t, tm)
	if m.sh.Sender != sender {
		t.Errorf("the sender set up at start-up is not in use")
	}
	if !strings.Contains(screen, `"Depot routes" (message 12)`) {
		t.Errorf("the send in doubt is not named:\n%s", screen)
	}
}

// TestStartupTellsOfErasedDrafts: what a colleague's erasure took of the
// rep's drafts shows on the status line once the start-up work is done, by
// the contact's reference only.
func TestStartupTellsOfErasedDrafts(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	d.Startup = func(context.Context) Startup {
		return Startup{Erased: []store.ErasureNotice{{Ref: "c-5e1f0a2b3c4d5e6f", Reason: store.ErasureRequest,
			ErasedAt: testNow.Add(-time.Hour), Drafts: 1, Queued: 1}}}
	}
	tm := startApp(t, d, 80, 24, "Agnieszka")
	waitOnScreen(t, tm, regexp.MustCompile(`erased on 23 Nov 2026 at their request\.`))
	_, screen := finalScreen(t, tm)
	requireGolden(t, "startup_erased_drafts", screen)
}
