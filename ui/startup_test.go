package ui

import (
	"context"
	"strings"
	"testing"

	"legit/outreach"
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
