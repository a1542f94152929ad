package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"legit/contacts"
	"legit/outreach"
	"legit/outreach/usecase"
	"legit/store"
)

// recordFixture is a prospect imported from a LinkedIn file with one sent
// message.
func recordFixture() contacts.Record {
	obtained := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	sent := obtained.AddDate(0, 0, 5)
	return contacts.Record{
		Contact: contacts.Contact{ID: 7, Ref: "c-0011223344556677", Name: "Vera\x1b[31m Export", Email: "vera@unikat.example",
			Company: "Unikat AG", Relationship: contacts.Prospect, Status: contacts.Active,
			Sources: []contacts.Source{{Kind: contacts.LinkedIn, Detail: "LinkedIn connections export", ObtainedAt: obtained,
				ObtainedBy: testRep, File: "Connections.csv", Line: 17, BatchID: 3}},
			Basis: contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: contacts.Assessment{Purpose: "Offering route planning."}}},
		Assessments: []contacts.AssessmentRecord{{Assessment: contacts.Assessment{Purpose: "Offering route planning."}, Author: testRep, CreatedAt: obtained}},
		Messages: []contacts.MessageRecord{{ID: 1, MessageID: "<m1@northwind.example>", Subject: "Route planning", Body: "Hello Vera",
			State: "sent", CreatedAt: sent, SentAt: &sent}},
		Events: []contacts.EventRecord{{ID: 1, At: obtained, Rep: testRep, Kind: "contact_added", ContactRef: "c-0011223344556677"}},
	}
}

func TestExportSummary(t *testing.T) {
	t.Parallel()
	got := ExportSummary(recordFixture(), contacts.Retention{ProspectDays: 180}, testController)
	want := "We hold your name (Vera Export), email address (vera@unikat.example) and company (Unikat AG)." +
		" Source: a LinkedIn connections export made by Robin Maes on 1 Oct 2026, in which you are listed as a connection. (File Connections.csv, line 17.)" +
		" We use it for: Offering route planning (lawful basis: legitimate interest)." +
		" We sent you 1 message. We keep it until 30 Mar 2027 unless you reply, buy from us or consent, or until you ask us to erase it."
	if got != want {
		t.Errorf("ExportSummary() =\n%s\nwant\n%s", got, want)
	}
}

func TestWriteExportHasSourceAndMessages(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteExport(&b, recordFixture(), testNow, contacts.Retention{ProspectDays: 180}, testController); err != nil {
		t.Fatal(err)
	}
	var doc exportDoc
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	if len(doc.Sources) != 1 || doc.Sources[0].File != "Connections.csv" || doc.Sources[0].Line != 17 {
		t.Errorf("sources = %+v, want Connections.csv line 17", doc.Sources)
	}
	if len(doc.Messages) != 1 || doc.Messages[0].Body != "Hello Vera" || doc.Messages[0].MessageID != "<m1@northwind.example>" {
		t.Errorf("messages = %+v, want the sent message with its text", doc.Messages)
	}
	info := doc.Information
	if info.Language != "en" || len(info.Sources) != 1 || !strings.Contains(info.Sources[0], "LinkedIn connections export made by") ||
		info.Recipients == "" || info.Rights == "" || !strings.Contains(info.Complaint, "supervisory authority") {
		t.Errorf("information = %+v, want the source, recipients, rights and the complaint right", info)
	}
	if len(doc.Events) != 1 || doc.Contact.KeepUntil != "2027-03-30T09:00:00Z" || doc.Summary == "" {
		t.Errorf("events %d, keep_until %q, summary %q", len(doc.Events), doc.Contact.KeepUntil, doc.Summary)
	}
}

func TestPrintRetention(t *testing.T) {
	t.Parallel()
	old := recordFixture().Contact
	old.Sources[0].ObtainedAt = testNow.AddDate(0, 0, -200)
	out := old
	out.ID, out.Name, out.Status = 8, "Otto Out", contacts.OptedOut
	fresh := recordFixture().Contact
	fresh.ID, fresh.Name = 9, "Fresh Prospect"
	fresh.Sources[0].ObtainedAt = testNow.AddDate(0, 0, -3)
	rows := contacts.DueForErasure([]contacts.Contact{old, out, fresh}, nil, testNow, contacts.Retention{ProspectDays: 180})
	if len(rows) != 2 || rows[0].Due.Reason != contacts.RetentionExpired || rows[1].Due.Reason != contacts.RetentionOptedOut {
		t.Fatalf("contacts.DueForErasure() = %+v, want the old prospect and the opted-out one", rows)
	}
	var b bytes.Buffer
	if err := PrintRetention(&b, rows, false); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); !strings.Contains(s, "quiet 200 days") || !strings.Contains(s, "2 to erase") || strings.Contains(s, "\x1b") {
		t.Errorf("PrintRetention() =\n%s", s)
	}
	b.Reset()
	if err := PrintRetention(&b, rows, true); err != nil {
		t.Fatal(err)
	}
	var js []retentionJSON
	if err := json.Unmarshal(b.Bytes(), &js); err != nil || len(js) != 2 || js[1].Reason != "opted_out" {
		t.Errorf("PrintRetention(json) = %s (%v)", b.String(), err)
	}
}

func TestErasurePlanNamesWhatGoes(t *testing.T) {
	t.Parallel()
	moved := recordFixture()
	moved.FormerEmails = []string{"vera.old@unikat-alt.example"}
	moved.Replies = []contacts.ReplyRecord{{MessageID: "r1@unikat.example"}, {MessageID: "r2@unikat.example"}}
	tests := []struct {
		name      string
		r         contacts.Record
		m         usecase.MailboxPlan
		want, not []string
	}{
		{"no mailbox", recordFixture(), usecase.MailboxPlan{OutboxFiles: 1},
			[]string{"Vera Export <vera@unikat.example>", "1 source", "1 assessment", "1 message", "1 email in the outbox folder", "suppression list", "cannot be undone"},
			[]string{"Sent folder", "INBOX", "pending"}},
		{"nothing outside", recordFixture(), usecase.MailboxPlan{}, []string{"1 message (drafts included"}, []string{"Outside the database"}},
		{"mailbox", moved, usecase.MailboxPlan{OutboxFiles: 2, Mailbox: true, SentCopies: 2, Replies: 1},
			[]string{"1 earlier address (vera.old@unikat-alt.example)", "2 replies they sent", "2 emails in the outbox folder",
				"2 copies legit filed in your Sent folder", "1 reply legit read in your mailbox", "any other mail from any of their addresses in your INBOX",
				"every address they had"}, nil},
		{"earlier cleanups wait", recordFixture(), usecase.MailboxPlan{Mailbox: true, Waiting: 2},
			[]string{"any other mail from their address in your INBOX", "Mailbox cleanup pending for 2 erased contacts: will retry"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ErasurePlan(tt.r, tt.m)
			for _, want := range tt.want {
				if !strings.Contains(got, want) {
					t.Errorf("ErasurePlan() lacks %q:\n%s", want, got)
				}
			}
			for _, not := range tt.not {
				if strings.Contains(got, not) {
					t.Errorf("ErasurePlan() has %q:\n%s", not, got)
				}
			}
		})
	}
}

func TestErasureOutcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		res  outreach.CleanupResult
		want string
	}{
		{"nothing outside", outreach.CleanupResult{}, ""},
		{"all done", outreach.CleanupResult{OutboxRemoved: 1, Mailbox: store.MailboxCleanup{Sent: 2, Replies: 1, Inbox: 3}, Finished: 1},
			"Removed 1 outbox file, 2 Sent copies, 1 reply and 3 other messages from them in INBOX."},
		{"flagged only", outreach.CleanupResult{Mailbox: store.MailboxCleanup{Sent: 1, Flagged: true}, Finished: 1},
			"Removed 1 Sent copy. Your mail server cannot remove single messages: they are flagged as deleted, and your mail program removes them when it compacts the folder."},
		{"server down", outreach.CleanupResult{OutboxRemoved: 2, Waiting: 3, Err: errors.New("connect to IMAP mail.example:993: connection refused")},
			"Removed 2 outbox files. Mailbox cleanup pending for 3 erased contacts: will retry at the next start, erase or sync (connect to IMAP mail.example:993: connection refused)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErasureOutcome(usecase.Erased{Cleanup: tt.res}); got != tt.want {
				t.Errorf("ErasureOutcome() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
