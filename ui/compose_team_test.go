package ui

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

// TestComposeColleagueRefusal: Sam emailed someone at Delta Water three days
// ago and the lead made such overlaps a refusal: Robin's email to Bram is
// held back, naming Sam, the date and when the window ends.
func TestComposeColleagueRefusal(t *testing.T) {
	t.Parallel()
	d, _ := composeDeps(t)
	ctx := context.Background()
	d.Sender.Guards = outreach.TeamGuards{OverlapDays: 14, OverlapRefuse: true}
	sam, err := d.Store.EnsureRep(ctx, "Sam Peeters", "sam.peeters@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	var joris contacts.Contact
	if err := storeOf(d).InTx(ctx, func(tx *store.Tx) error {
		joris, err = tx.AddContact(contacts.Contact{Name: "Joris Dekker", Email: "joris.dekker@delta-water.example", Company: "Delta Water B.V.",
			Sources: []contacts.Source{{Kind: contacts.Referral, Detail: "Bram's colleague", ObtainedAt: testNow.AddDate(0, 0, -5), ObtainedBy: sam.Name}}}, sam.Name)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	at := testNow.AddDate(0, 0, -3)
	id, err := d.Store.SaveDraft(ctx, store.Message{ContactID: joris.ID, RepID: sam.ID, Subject: "Pumps", Body: "Hello Joris"})
	if err != nil {
		t.Fatal(err)
	}
	if err := storeOf(d).MarkSending(ctx, store.Message{ID: id, MessageID: "sam-1@northwind.example", Subject: "Pumps", Body: "Hello Joris", NoticeForm: "long", Transport: "smtp"}); err != nil {
		t.Fatal(err)
	}
	if err := storeOf(d).MarkSent(ctx, store.SentRecord{ID: id, ContactID: joris.ID, ContactRef: joris.Ref, Rep: sam.Name, MessageID: "sam-1@northwind.example", At: at, LongNotice: true, Transport: "smtp"}); err != nil {
		t.Fatal(err)
	}
	tm, _ := openCompose(t, d, "bram.mulder@delta-water.example", 100, 30)
	write(tm, "Pump rounds", bramBody)
	waitOnScreen(t, tm, regexp.MustCompile(`Checklist 12/13`)) // all but the colleague rule, once the body is in
	m, screen := finalScreen(t, tm)
	cm := m.top().(*compose)
	f := cm.verdict.Failing()
	if len(f) != 1 || f[0].Rule != outreach.RuleColleague || !strings.Contains(f[0].Why, "Sam Peeters emailed someone at Delta Water B.V. on 20 Nov") ||
		!strings.Contains(f[0].Fix, "wait until 4 Dec") {
		t.Errorf("failing = %+v, want only the colleague rule naming Sam, 20 Nov and 4 Dec", f)
	}
	if cm.keys.Send.Enabled() {
		t.Error("send is enabled while the colleague rule refuses")
	}
	if !strings.Contains(strings.Join(strings.Fields(screen), " "), "Sam Peeters emailed someone at Delta Water B.V.") {
		t.Errorf("the screen does not name Sam's email:\n%s", screen)
	}
}

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
