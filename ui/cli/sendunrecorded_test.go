package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"legit/outreach"
	"legit/store"
)

// awayStore is a database that cannot be reached when a send that went out
// is to be recorded: every MarkSent fails as a lost connection does.
type awayStore struct{ *store.Store }

func (awayStore) MarkSent(context.Context, store.SentRecord) error {
	return fmt.Errorf("record it: %w", store.ErrUnreachable)
}

// sendWhileAway sends the demo's Bram an email through an SMTP sink while
// the database stays away for longer than the send waits, as legit send
// does, and returns the output, the exit code, the message's state and
// what the server got.
func sendWhileAway(t *testing.T, asJSON bool) (out string, code int, state store.MessageState, got []string) {
	t.Helper()
	ctx := context.Background()
	dir, db := demoDB(t)
	writeOrgConfig(t, dir)
	sink := &mailSink{}
	addSMTP(t, dir, startSink(t, sink))
	a := &app{dbPath: db, stderr: io.Discard}
	if err := a.open(ctx); err != nil {
		t.Fatal(err)
	}
	defer a.close()
	s, _, err := a.sender(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Store, s.RecordWait = awayStore{a.st}, 200*time.Millisecond
	c, err := a.st.ContactByEmail(ctx, "bram.mulder@delta-water.example")
	if err != nil {
		t.Fatal(err)
	}
	d := outreach.Draft{To: []string{c.Email}, Subject: "Pump rounds", Body: "Hello Bram,\n\nhow do you plan the pump maintenance rounds at Delta Water today?\n\nRobin\n"}
	var w, errw bytes.Buffer
	err = sendOne(ctx, &w, &errw, s, c, d, asJSON)
	code = exitCode(err, &errw, "legit send")
	var row struct {
		Row int64 `json:"message"`
	}
	if asJSON {
		_ = json.Unmarshal(w.Bytes(), &row)
	} else {
		all := w.String() + errw.String()
		if i := strings.Index(all, "It is message "); i >= 0 {
			_, _ = fmt.Sscanf(all[i:], "It is message %d", &row.Row)
		}
	}
	m, err := a.st.Message(ctx, row.Row)
	if err != nil {
		t.Fatalf("message %d: %v\n%s%s", row.Row, err, w.String(), errw.String())
	}
	return w.String() + errw.String(), code, m.State, sink.messages()
}

// TestSendWentOutButNotRecorded: the email went out and the database stayed
// away for longer than the send waits. legit send says what is true: sent
// (the server took it), not recorded (why, the message number and when
// legit checks it), not to be sent again; and exits 3, not 0 (something
// needs attention) nor 1 (refused or failed: fix and send again).
func TestSendWentOutButNotRecorded(t *testing.T) {
	t.Run("json", func(t *testing.T) {
		out, code, state, got := sendWhileAway(t, true)
		var j struct {
			Sent        bool       `json:"sent"`
			Queued      bool       `json:"queued"`
			Recorded    *bool      `json:"recorded"`
			RecordError string     `json:"record_error"`
			CheckAfter  *time.Time `json:"check_after"`
			Row         int64      `json:"message"`
			MessageID   string     `json:"message_id"`
			Error       string     `json:"error"`
		}
		if err := json.Unmarshal([]byte(out[:strings.LastIndex(out, "}")+1]), &j); err != nil {
			t.Fatalf("%v:\n%s", err, out)
		}
		if !j.Sent || j.Queued || j.Recorded == nil || *j.Recorded || j.Row == 0 || j.MessageID == "" {
			t.Errorf("JSON = %+v, want sent, not queued, recorded false, with its message number and Message-ID:\n%s", j, out)
		}
		if !strings.Contains(j.RecordError, "cannot be reached") {
			t.Errorf("record_error = %q, want why it was not recorded", j.RecordError)
		}
		if j.CheckAfter == nil || time.Until(*j.CheckAfter) < outreach.DefaultLease/2 {
			t.Errorf("check_after = %v, want when its reservation ends (about %s from now)", j.CheckAfter, outreach.DefaultLease)
		}
		if !strings.Contains(j.Error, "Do not send it again") {
			t.Errorf("error = %q, want it to say not to send it again", j.Error)
		}
		if code != exitUnrecorded || state != store.StateSending || len(got) != 1 {
			t.Errorf("exit %d, message %s, server got %d; want exit %d, still reserved (checked later), one email", code, state, len(got), exitUnrecorded)
		}
	})
	t.Run("plain", func(t *testing.T) {
		out, code, _, got := sendWhileAway(t, false)
		for _, want := range []string{"Sent to Bram Mulder via smtp. Message-ID <", "Not recorded in the database: record it: the team database cannot be reached.",
			"legit checks it at the first start after", "Do not send it again."} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
		if code != exitUnrecorded || len(got) != 1 {
			t.Errorf("exit %d, server got %d; want exit %d, one email", code, len(got), exitUnrecorded)
		}
	})
}
