package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"legit/store"
)

// TestSendInDoubtList: legit send --in-doubt lists the rep's sends in
// doubt (one a start already marked so, and one whose client died and
// whose reservation ran out) with the person, the subject and the
// times, as text and JSON; the refusal of a send to that person names the
// message and the --resolve that settles it; once resolved it leaves the
// list and the person is no longer held. --in-doubt with send flags is bad
// usage.
func TestSendInDoubtList(t *testing.T) {
	ctx := context.Background()
	dir, db := demoDB(t)
	writeOrgConfig(t, dir)
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := st.EnsureRep(ctx, "Robin Maes", "robin.maes@northwind-analytics.example")
	if err != nil {
		t.Fatal(err)
	}
	reserved := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	st.SetClock(func() time.Time { return reserved })
	doubt := func(email, subject string, markUnknown bool) int64 {
		t.Helper()
		c, err := st.ContactByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		id, err := st.SaveDraft(ctx, store.Message{ContactID: c.ID, RepID: rep.ID, Subject: subject, Body: "Hello"})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.MarkSending(ctx, store.Message{ID: id, MessageID: fmt.Sprintf("doubt%d@northwind.example", id), Subject: subject, Body: "Hello",
			Transport: "smtp", Client: "a-client-long-gone", LeaseUntil: reserved.Add(2 * time.Minute)}); err != nil {
			t.Fatal(err)
		}
		if markUnknown { // a start half an hour later found it in doubt
			st.SetClock(func() time.Time { return reserved.Add(30 * time.Minute) })
			defer st.SetClock(func() time.Time { return reserved })
			if err := st.MarkUnknown(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		return id
	}
	bram := doubt("bram.mulder@delta-water.example", "Pump rounds", true)
	other := doubt("hannah.weber@koeln-media.example", "Workshop", false)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	out, code := runSend(t, db, "--in-doubt")
	for _, want := range []string{
		fmt.Sprintf("message %d to Bram Mulder", bram), "<bram.mulder@delta-water.example>", `"Pump rounds": Robin Maes's send`,
		fmt.Sprintf("message %d to Hannah Weber", other), "2 sends in doubt", "legit send --resolve MESSAGE --outcome sent|not-sent",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("send --in-doubt: exit %d, want 0 and %q:\n%s", code, want, out)
		}
	}
	out, code = runSend(t, db, "--in-doubt", "--json")
	var rows []struct {
		Row       int64     `json:"message"`
		Rep       string    `json:"rep"`
		Email     string    `json:"email"`
		Subject   string    `json:"subject"`
		MessageID string    `json:"message_id"`
		Reserved  time.Time `json:"reserved_at"`
		Since     time.Time `json:"in_doubt_since"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || code != 0 || len(rows) != 2 {
		t.Fatalf("send --in-doubt --json: exit %d (%v), want two sends:\n%s", code, err, out)
	}
	if r := rows[0]; r.Row != bram || r.Rep != "Robin Maes" || r.Email != "bram.mulder@delta-water.example" || r.Subject != "Pump rounds" ||
		r.MessageID == "" || !r.Reserved.Equal(reserved) || !r.Since.Equal(reserved.Add(2*time.Minute)) {
		t.Errorf("the first send in doubt = %+v, want Bram's, reserved at %s, in doubt since its reservation ended", r, reserved)
	}

	body := filepath.Join(dir, "body.txt")
	if err := os.WriteFile(body, []byte("Hello Bram,\n\nhow do you plan the pump rounds?\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, code = runSend(t, db, "--to", "bram.mulder@delta-water.example", "--subject", "Pump rounds", "--body-file", body, "--dry-run")
	if code != 1 || !strings.Contains(out, fmt.Sprintf("message %d, yours", bram)) || !strings.Contains(out, fmt.Sprintf("legit send --resolve %d --outcome sent|not-sent", bram)) {
		t.Errorf("a send to Bram while his is in doubt: exit %d, want 1 naming message %d and its --resolve:\n%s", code, bram, out)
	}
	if out, code = runSend(t, db, "--resolve", fmt.Sprint(bram), "--outcome", "not-sent"); code != 0 {
		t.Fatalf("--resolve %d: exit %d:\n%s", bram, code, out)
	}
	out, code = runSend(t, db, "--in-doubt")
	if code != 0 || strings.Contains(out, "Bram") || !strings.Contains(out, "1 send in doubt") {
		t.Errorf("send --in-doubt after Bram's was resolved: exit %d, want only Hannah's:\n%s", code, out)
	}
	out, _ = runSend(t, db, "--to", "bram.mulder@delta-water.example", "--subject", "Pump rounds", "--body-file", body, "--dry-run")
	if strings.Contains(out, "✗ No earlier send in doubt") {
		t.Errorf("a send to Bram after his send was resolved is still held:\n%s", out)
	}
	if out, code = runSend(t, db, "--resolve", fmt.Sprint(other), "--outcome", "sent"); code != 0 {
		t.Fatalf("--resolve %d: exit %d:\n%s", other, code, out)
	}
	if out, code = runSend(t, db, "--in-doubt"); code != 0 || !strings.Contains(out, "No send is in doubt.") {
		t.Errorf("send --in-doubt with none: exit %d:\n%s", code, out)
	}
	if out, code = runSend(t, db, "--in-doubt", "--json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("send --in-doubt --json with none: exit %d, want []:\n%s", code, out)
	}
	if out, code = runSend(t, db, "--resolve", "99999", "--outcome", "sent"); code != 1 || !strings.Contains(out, "no message 99999: legit send --in-doubt lists") {
		t.Errorf("--resolve of a message that does not exist: exit %d, want 1 pointing to --in-doubt:\n%s", code, out)
	}
	if out, code = runSend(t, db, "--in-doubt", "--resolve", "1"); code != 2 {
		t.Errorf("send --in-doubt --resolve: exit %d, want 2:\n%s", code, out)
	}
}
