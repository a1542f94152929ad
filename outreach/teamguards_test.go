package outreach

import (
	"strings"
	"testing"
)

// TestTeamGuards: the organisation's daily cap and a colleague's recent
// email to the same person or company, as the lead set them.
func TestTeamGuards(t *testing.T) {
	sam := &ColleagueEmail{Rep: "Sam Peeters", At: testNow.AddDate(0, 0, -3)}
	samSame := &ColleagueEmail{Rep: "Sam Peeters", At: testNow.AddDate(0, 0, -3), SamePerson: true}
	tests := []struct {
		name   string
		change func(*Input)
		fail   Rule   // "" when it passes
		text   string // in the failing item's why, or in the colleague item's warning
	}{
		{"org cap reached", func(in *Input) { in.Guards.OrgDailyCap, in.OrgFirstContacts = 100, 100 }, RuleDailyCap, "the team made 100 first contacts today"},
		{"org cap not reached", func(in *Input) { in.Guards.OrgDailyCap, in.OrgFirstContacts = 100, 99 }, "", ""},
		{"org cap counts first contacts only", func(in *Input) {
			in.Guards.OrgDailyCap, in.OrgFirstContacts, in.FirstContact = 100, 150, false
		}, "", ""},
		{"org cap spares the notice-only email", func(in *Input) {
			in.Guards.OrgDailyCap, in.OrgFirstContacts, in.NoticeOnly = 100, 150, true
		}, "", ""},
		{"colleague at the company warns", func(in *Input) { in.Guards.OverlapDays, in.Colleague = 14, sam }, "", "Sam Peeters emailed someone at Polderdata AB on 20 Nov: agree who writes"},
		{"colleague wrote to the person warns", func(in *Input) { in.Guards.OverlapDays, in.Colleague = 14, samSame }, "", "Sam Peeters emailed this person on 20 Nov"},
		{"refusal when the lead says so", func(in *Input) {
			in.Guards.OverlapDays, in.Guards.OverlapRefuse, in.Colleague = 14, true, sam
		}, RuleColleague, "Sam Peeters emailed someone at Polderdata AB on 20 Nov"},
		{"the notice-only email is never refused for a colleague", func(in *Input) {
			in.Guards.OverlapDays, in.Guards.OverlapRefuse, in.Colleague, in.NoticeOnly = 14, true, sam, true
		}, "", ""},
		{"no window, no check", func(in *Input) { in.Guards.OverlapRefuse, in.Colleague = true, sam }, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := passingInput()
			tt.change(&in)
			v := Check(in, testNow)
			f := v.Failing()
			if tt.fail == "" {
				if len(f) != 0 {
					t.Fatalf("failing = %+v, want none", f)
				}
				if tt.text != "" {
					var warn string
					for _, it := range v.Items {
						if it.Rule == RuleColleague {
							warn = it.Warn
						}
					}
					if !strings.Contains(warn, tt.text) {
						t.Errorf("colleague warning = %q, want %q", warn, tt.text)
					}
				}
				return
			}
			if len(f) != 1 || f[0].Rule != tt.fail || !strings.Contains(f[0].Why, tt.text) || f[0].Fix == "" {
				t.Errorf("failing = %+v, want only %s saying %q with a fix", f, tt.fail, tt.text)
			}
		})
	}
	in := passingInput()
	in.Guards.OverlapDays, in.Guards.OverlapRefuse, in.Colleague = 14, true, sam
	if f := Check(in, testNow).Failing(); len(f) != 1 || !strings.Contains(f[0].Fix, "wait until 4 Dec") {
		t.Errorf("refusal fix = %+v, want the day the window ends", f)
	}
	if !holdOnly(in, Check(in, testNow)) {
		t.Error("a queued message refused for a colleague's email is taken out of the queue; it should wait")
	}
}

// TestTeamCopy: the not-bulk rule across the team. A colleague's near copy
// sent to someone else refuses the draft, naming the colleague, the ratio
// and the day, never the email; the rep's own copy is named first; the
// notice-only email is no sales email; a queued message refused for it goes
// back to the drafts (the copy does not go away by waiting a day).
func TestTeamCopy(t *testing.T) {
	sam := &TeamCopy{Rep: "Sam Peeters", At: testNow.AddDate(0, 0, -20), Ratio: 0.934}
	tests := []struct {
		name   string
		change func(*Input)
		why    string // "" when it passes
	}{
		{"a colleague's near copy", func(in *Input) { in.TeamCopy = sam }, "Sam Peeters sent a near copy (93%) to someone else on 3 Nov"},
		{"a colleague's exact copy", func(in *Input) { in.TeamCopy = &TeamCopy{Rep: "Sam Peeters", At: testNow, Ratio: 1} }, "near copy (100%) to someone else on 23 Nov"},
		{"a colleague's queued copy", func(in *Input) {
			in.TeamCopy = &TeamCopy{Rep: "Sam Peeters", At: testNow, Ratio: 0.96, Queued: true}
		}, "Sam Peeters queued a near copy (96%) for someone else on 23 Nov"},
		{"a name with control characters is cleaned", func(in *Input) {
			in.TeamCopy = &TeamCopy{Rep: "Sam\x1b[2J Peeters", At: testNow, Ratio: 0.95}
		}, "Sam Peeters sent a near copy (95%)"},
		{"the rep's own copy is named first", func(in *Input) {
			in.TeamCopy = sam
			in.Recent = []SentBody{{ContactID: 9, ContactRef: "c-bram", Name: "Bram Mulder", Subject: "Routes", SentAt: testNow.AddDate(0, 0, -1),
				Body: strings.Replace(in.Draft.Body, "Anna", "Bram", 1)}}
		}, "100% the same as \"Routes\" sent 22 Nov to Bram Mulder (c-bram)"},
		{"the notice-only email", func(in *Input) { in.TeamCopy, in.NoticeOnly = sam, true }, ""},
		{"no colleague's copy", func(in *Input) {}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := passingInput()
			tt.change(&in)
			v := Check(in, testNow)
			f := v.Failing()
			if tt.why == "" {
				if len(f) != 0 {
					t.Fatalf("failing = %+v, want none", f)
				}
				return
			}
			if len(f) != 1 || f[0].Rule != RulePersonal || !strings.Contains(f[0].Why, tt.why) || f[0].Fix == "" {
				t.Fatalf("failing = %+v, want only %s saying %q with a fix", f, RulePersonal, tt.why)
			}
			if holdOnly(in, v) {
				t.Error("a queued near copy would wait in the queue; it should go back to the drafts")
			}
		})
	}
	in := passingInput()
	in.TeamCopy = sam
	err := Check(in, testNow).Refusal()
	want := "not sent: personal, not a copy: Sam Peeters sent a near copy (93%) to someone else on 3 Nov. Write this email for this person: one text to two people in 30 days is bulk, whoever sends it"
	if err == nil || err.Error() != want {
		t.Errorf("refusal = %v\nwant        %s", err, want)
	}
}
