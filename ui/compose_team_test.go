package ui

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"legit/outreach"
	"legit/store"
)

// TestComposeColleagueCopy: Sam, another rep of the same file, sent Robin's
// text to Femke three days ago; once Robin's typing pauses, the checklist
// refuses it, naming Sam, the ratio and the day, and send stays off.
func TestComposeColleagueCopy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, _ := composeDeps(t)
	sam, err := d.Store.EnsureRep(ctx, "Sam Peeters", "sam.peeters@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	femke, err := storeOf(d).ContactByEmail(ctx, "f.smit@utrecht-zorg.example")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.NewReplacer("Bram", "Femke", "Delta Water", "Utrecht Zorg Groep").Replace(bramBody)
	id, err := d.Store.SaveDraft(ctx, store.Message{ContactID: femke.ID, RepID: sam.ID, Subject: "Rounds", Body: body})
	if err != nil {
		t.Fatal(err)
	}
	if err := storeOf(d).MarkSending(ctx, store.Message{ID: id, MessageID: "sam-1@northwind.example", Subject: "Rounds", Body: body,
		NoticeForm: "long", Transport: "smtp", Fingerprint: outreach.Fingerprint(body, femke.Name, femke.Company)}); err != nil {
		t.Fatal(err)
	}
	if err := storeOf(d).MarkSent(ctx, store.SentRecord{ID: id, ContactID: femke.ID, ContactRef: femke.Ref, Rep: sam.Name,
		MessageID: "sam-1@northwind.example", At: testNow.AddDate(0, 0, -3), LongNotice: true, Transport: "smtp"}); err != nil {
		t.Fatal(err)
	}

	tm, _ := openCompose(t, d, "bram.mulder@delta-water.example", 120, 30)
	write(tm, "Pump rounds at Delta Water", bramBody)
	waitOnScreen(t, tm, regexp.MustCompile(`a near copy \(100%\)`))
	m, screen := finalScreen(t, tm)
	requireGolden(t, "compose_colleague_copy_120x30", screen)
	cm := m.top().(*compose)
	if cm.keys.Send.Enabled() {
		t.Error("send is enabled for a colleague's near copy")
	}
	if f := cm.verdict.Failing(); len(f) != 1 || f[0].Rule != outreach.RulePersonal || !strings.Contains(f[0].Why, "Sam Peeters sent a near copy (100%) to someone else on 20 Nov") {
		t.Errorf("failing = %+v, want only the personal rule naming Sam", f)
	}
}
