package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"legit/contacts"
)

func TestRecordOptOutByHand(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name           string
		o              OptOut
		status         contacts.Status
		suppressed     bool
		marketingAfter bool // an unwithdrawn marketing consent is left
		trackingAfter  bool
	}{
		{"opt-out by phone", OptOut{Reason: ReasonOptOut, Via: "phone"}, contacts.OptedOut, true, true, true},
		{"objection in person", OptOut{Reason: ReasonObjection, Via: "in_person"}, contacts.Objected, true, true, true},
		{"email consent withdrawn on LinkedIn", OptOut{Reason: ReasonWithdrawal, Via: "linkedin"}, contacts.OptedOut, true, false, true},
		{"tracking consent withdrawn", OptOut{Reason: ReasonWithdrawal, Purpose: contacts.ConsentTracking, Via: "reply"}, contacts.Active, false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := inboxStore(t)
			err := s.InTx(ctx, func(tx *Tx) error {
				for _, p := range []contacts.ConsentPurpose{contacts.ConsentMarketing, contacts.ConsentTracking} {
					if _, err := tx.insertConsent(c.ID, contacts.Consent{Purpose: p, Evidence: "form 12", GrantedAt: inboxNow.Add(-48 * time.Hour)}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			tt.o.Email, tt.o.Rep, tt.o.Note = "ANNA@kraftwerk.example", "Robin Maes", "called the office"
			res, err := s.RecordOptOut(ctx, tt.o)
			if err != nil {
				t.Fatalf("RecordOptOut() = %v", err)
			}
			if res.Contact == nil || res.Contact.ID != c.ID || res.Suppressed != tt.suppressed {
				t.Fatalf("RecordOptOut() = %+v, want contact %d, suppressed %v", res, c.ID, tt.suppressed)
			}
			got, err := s.Contact(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			_, m := got.ActiveConsent(contacts.ConsentMarketing)
			_, tr := got.ActiveConsent(contacts.ConsentTracking)
			if got.Status != tt.status || got.Suppressed != tt.suppressed || m != tt.marketingAfter || tr != tt.trackingAfter {
				t.Errorf("after: status %s suppressed %v marketing %v tracking %v; want %s %v %v %v",
					got.Status, got.Suppressed, m, tr, tt.status, tt.suppressed, tt.marketingAfter, tt.trackingAfter)
			}
			if tt.suppressed && eventCount(t, s, EventOptOut, c.Ref) != 1 {
				t.Errorf("opt-out events = %d, want 1", eventCount(t, s, EventOptOut, c.Ref))
			}
			if tt.o.Reason == ReasonWithdrawal && eventCount(t, s, EventConsent, c.Ref) != 1 {
				t.Errorf("consent events = %d, want 1 (the withdrawal)", eventCount(t, s, EventConsent, c.Ref))
			}
		})
	}
}

func TestRecordOptOutKeepsObjectionAndCoversStrangers(t *testing.T) {
	ctx := context.Background()
	s, c := inboxStore(t)
	for _, r := range []SuppressReason{ReasonObjection, ReasonOptOut} {
		if _, err := s.RecordOptOut(ctx, OptOut{Email: c.Email, Reason: r, Via: "phone", Rep: "Robin Maes"}); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := s.Contact(ctx, c.ID); got.Status != contacts.Objected {
		t.Errorf("status after objection then opt-out = %s, want objected (never weakened)", got.Status)
	}
	res, err := s.RecordOptOut(ctx, OptOut{Email: "jan@elsewhere.example", Reason: ReasonOptOut, Via: "letter", Rep: "Robin Maes"})
	if err != nil || res.Contact != nil || !res.Suppressed {
		t.Fatalf("RecordOptOut(stranger) = %+v, %v; want suppressed, no contact", res, err)
	}
	if ok, err := s.IsSuppressed(ctx, "Jan@Elsewhere.example"); err != nil || !ok {
		t.Errorf("stranger suppressed = %v, %v; want true", ok, err)
	}
	for _, o := range []OptOut{{Email: c.Email, Reason: ReasonBounce, Via: "phone"}, {Email: c.Email, Reason: ReasonOptOut, Via: "fax"}} {
		if _, err := s.RecordOptOut(ctx, o); !errors.Is(err, ErrBadOptOut) {
			t.Errorf("RecordOptOut(%s via %s) = %v, want ErrBadOptOut", o.Reason, o.Via, err)
		}
	}
	if _, err := s.RecordOptOut(ctx, OptOut{Email: "not an address", Reason: ReasonOptOut, Via: "phone"}); err == nil {
		t.Error("RecordOptOut(bad address) = nil, want an error")
	}
}

func TestUnsureReplyHoldsSendsUntilReviewed(t *testing.T) {
	ctx := context.Background()
	for _, confirm := range []bool{true, false} {
		s, c := inboxStore(t)
		b := SyncBatch{Mailbox: "INBOX", UIDValidity: 7, LastUID: 1, Rep: "Robin Maes", Items: []InboxItem{
			item(1, c.Email, "r1@mail.example", InboxItem{Class: contacts.ReplyOptOut, Stop: contacts.ReplyOptOut, Unsure: true, Phrase: "remove"}),
		}}
		if _, err := s.SaveSyncBatch(ctx, b); err != nil {
			t.Fatal(err)
		}
		held, err := s.HeldForReview(ctx, c.ID)
		if err != nil || held == nil {
			t.Fatalf("HeldForReview() = %v, %v; want the reply's date", held, err)
		}
		if got, _ := s.Contact(ctx, c.ID); got.Suppressed || got.Status != contacts.Active {
			t.Fatalf("an unsure reply acted before the rep decided: %s, suppressed %v", got.Status, got.Suppressed)
		}
		list, err := s.ListInbox(ctx, 10)
		if err != nil || len(list) != 1 || !list[0].Unsure || list[0].Review != ReviewPending {
			t.Fatalf("ListInbox() = %+v, %v", list, err)
		}
		if err := s.ReviewReply(ctx, list[0].ID, confirm, "Robin Maes"); err != nil {
			t.Fatalf("ReviewReply(%v) = %v", confirm, err)
		}
		if held, _ := s.HeldForReview(ctx, c.ID); held != nil {
			t.Errorf("still held after the review (%v)", confirm)
		}
		got, _ := s.Contact(ctx, c.ID)
		if got.Suppressed != confirm {
			t.Errorf("confirm=%v: suppressed %v", confirm, got.Suppressed)
		}
		if confirm && eventCount(t, s, EventOptOut, c.Ref) != 1 || !confirm && eventCount(t, s, EventReview, c.Ref) != 1 {
			t.Errorf("confirm=%v: the decision was not logged", confirm)
		}
		if err := s.ReviewReply(ctx, list[0].ID, confirm, "Robin Maes"); !errors.Is(err, ErrNotFound) {
			t.Errorf("second ReviewReply() = %v, want ErrNotFound", err)
		}
	}
}

func TestWithdrawalReplyIsNeverConsent(t *testing.T) {
	ctx := context.Background()
	s, c := inboxStore(t)
	err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.insertConsent(c.ID, contacts.Consent{Purpose: contacts.ConsentTracking, Evidence: "form 12", GrantedAt: inboxNow.Add(-48 * time.Hour)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	b := SyncBatch{Mailbox: "INBOX", UIDValidity: 7, LastUID: 1, Rep: "Robin Maes", Items: []InboxItem{
		item(1, c.Email, "w1@mail.example", InboxItem{Class: contacts.ReplyWithdrawal, Purpose: contacts.ConsentTracking}),
	}}
	if _, err := s.SaveSyncBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Contact(ctx, c.ID)
	if _, ok := got.ActiveConsent(contacts.ConsentTracking); ok {
		t.Error("tracking consent still active after a withdrawal reply")
	}
	if got.Suppressed {
		t.Error("a withdrawal of tracking consent suppressed the address")
	}
	if p, _ := s.PendingConsents(ctx); len(p) != 0 {
		t.Errorf("a withdrawal was proposed as consent: %+v", p)
	}
	if got.Consents[0].Withdrawal != "reply w1@mail.example" {
		t.Errorf("withdrawal evidence = %q", got.Consents[0].Withdrawal)
	}
}

func TestConfirmedConsentKeepsTheReply(t *testing.T) {
	ctx := context.Background()
	s, c := inboxStore(t)
	b := SyncBatch{Mailbox: "INBOX", UIDValidity: 7, LastUID: 1, Rep: "Robin Maes", Items: []InboxItem{
		item(1, c.Email, "yes@mail.example", InboxItem{Class: contacts.ReplyConsent, Purpose: contacts.ConsentMarketing,
			Subject: "Re: Depot routes", Text: "Yes, keep me posted about RoutePlanner.\n\nAnna"}),
	}}
	if _, err := s.SaveSyncBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	p, err := s.PendingConsents(ctx)
	if err != nil || len(p) != 1 {
		t.Fatalf("PendingConsents() = %+v, %v", p, err)
	}
	if err := s.DecideConsent(ctx, p[0].ID, true, "Robin Maes"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Contact(ctx, c.ID)
	k, ok := got.ActiveConsent(contacts.ConsentMarketing)
	if !ok || k.Channel != contacts.ConsentByReply || k.Reference != "yes@mail.example" || k.ReplyText != "Yes, keep me posted about RoutePlanner.\n\nAnna" || k.GivenAt.IsZero() {
		t.Fatalf("consent = %+v, %v", k, ok)
	}
	if probs := contacts.ConsentProblems(k.ConsentEvidence, inboxNow); len(probs) != 0 {
		t.Errorf("the recorded reply consent would not stand up: %v", probs)
	}
}
