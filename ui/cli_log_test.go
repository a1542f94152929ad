package ui

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"legit/store"
)

func TestPrintChain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		broken *store.ChainError
		asJSON bool
		want   []string
	}{
		{"ok", nil, false, []string{"chain ok: 3 events\n", "last hash: abc"}},
		{"broken", &store.ChainError{EventID: 2, Problem: "its hash does not match its content"}, false,
			[]string{"chain broken at event 2: its hash does not match its content", "1 event before it is intact"}},
		{"broken json", &store.ChainError{EventID: 2, Problem: "x"}, true, []string{`"ok": false`, `"broken_at": 2`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			events := 3
			if tt.broken != nil {
				events = 1
			}
			if err := PrintChain(&b, store.ChainReport{Events: events, Head: "abc"}, tt.broken, nil, tt.asJSON); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("PrintChain() = %q, want it to contain %q", b.String(), w)
				}
			}
		})
	}
}

func TestPrintLogFormats(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	es := []store.LogEntry{
		{Event: store.Event{ID: 2, At: at, Rep: "Robin Maes", Kind: store.EventSend, ContactRef: "c-1",
			Details: map[string]string{"first": "true", "notice": "long", "basis": "legitimate_interest", "tracking": "off"}},
			ContactName: "=HYPERLINK(\"x\")\x1b[31m"},
		{Event: store.Event{ID: 1, At: at, Rep: "Robin Maes", Kind: store.EventErasure, ContactRef: "c-2"}},
	}
	var text, csvOut, jsonOut strings.Builder
	if err := PrintLog(&text, es, LogText); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "2026-11-20 09:30") || !strings.Contains(text.String(), "first email") ||
		!strings.Contains(text.String(), "c-2") || strings.Contains(text.String(), "\x1b") {
		t.Errorf("text output = %q, want dated rows, the erased ref, no escape codes", text.String())
	}
	if err := PrintLog(&csvOut, es, LogCSV); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csvOut.String(), `'=HYPERLINK`) {
		t.Errorf("CSV output = %q, want the formula defused with a quote", csvOut.String())
	}
	if err := PrintLog(&jsonOut, es, LogJSON); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(jsonOut.String()), &got); err != nil || len(got) != 2 {
		t.Fatalf("JSON output = %q (%v), want 2 events", jsonOut.String(), err)
	}
	if _, named := got[1]["contact"]; named || got[1]["contact_ref"] != "c-2" {
		t.Errorf("erased contact in JSON = %v, want only its ref", got[1])
	}
}
