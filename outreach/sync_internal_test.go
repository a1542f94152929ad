package outreach

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/emersion/go-imap/v2"
)

func TestLowestUIDs(t *testing.T) {
	tests := []struct {
		name    string
		limit   int
		in      []imap.UID
		want    []imap.UID
		dropped bool
	}{
		{"under the limit", 5, []imap.UID{3, 1, 2}, []imap.UID{1, 2, 3}, false},
		{"exactly the limit", 3, []imap.UID{3, 1, 2}, []imap.UID{1, 2, 3}, false},
		{"ascending, over", 3, []imap.UID{1, 2, 3, 4, 5}, []imap.UID{1, 2, 3}, true},
		{"descending, over", 3, []imap.UID{5, 4, 3, 2, 1}, []imap.UID{1, 2, 3}, true},
		{"shuffled, over", 4, []imap.UID{7, 3, 10, 1, 9, 2, 8, 4, 6, 5}, []imap.UID{1, 2, 3, 4}, true},
		{"the highest UID", 2, []imap.UID{4294967295, 1, 2}, []imap.UID{1, 2}, true},
		{"nothing", 3, nil, []imap.UID{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := lowestUIDs{limit: tt.limit}
			for _, u := range tt.in {
				l.add(u)
			}
			if got := l.sorted(); !slices.Equal(got, tt.want) || l.dropped != tt.dropped {
				t.Errorf("sorted() = %v, dropped %v; want %v, %v", got, l.dropped, tt.want, tt.dropped)
			}
		})
	}
}

func TestReadUpTo(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
		cut   bool
	}{
		{"hello", 10, "hello", false},
		{"hello", 5, "hello", false},
		{"hello world", 5, "hello", true},
		{"", 5, "", false},
	}
	for _, tt := range tests {
		got, cut, err := readUpTo(strings.NewReader(tt.in), tt.limit)
		if err != nil || string(got) != tt.want || cut != tt.cut {
			t.Errorf("readUpTo(%q, %d) = %q, %v, %v; want %q, %v", tt.in, tt.limit, got, cut, err, tt.want, tt.cut)
		}
	}
}

// FuzzItemOf: whatever header sections and text a server sends, reading
// them into an inbox item neither fails nor keeps more than the snippet,
// and the item always has a Message-ID (a synthetic one when none).
func FuzzItemOf(f *testing.F) {
	f.Add([]byte("From: Anna <anna@acme.example>\r\nSubject: Re: x\r\nMessage-Id: <a@b>\r\n\r\n"),
		[]byte("Content-Type: text/plain\r\n\r\n"), []byte("Please unsubscribe me.\r\n"))
	f.Add([]byte("From: anna@acme.example (Anna)\r\n"), []byte{}, []byte("STOP"))
	f.Add([]byte("From: =?utf-8?q?J=C3=BCrgen?= <j@x.example>\r\nSubject: =?bogus?q?x?=\r\n"),
		[]byte("Content-Type: multipart/mixed; boundary=b\r\n"), []byte("--b\r\nContent-Type: text/html\r\n\r\n<p>bye</p>\r\n--b--"))
	f.Add([]byte("\x00\xff: \r\n\r\n"), []byte("References: <"), []byte{0xff, 0xfe})
	f.Fuzz(func(t *testing.T, id, head, text []byte) {
		it := itemOf(fetched{uid: 7, id: id, head: head, text: text})
		if it.MessageID == "" || it.UID != 7 {
			t.Errorf("item %+v: want a Message-ID and UID 7", it)
		}
		if n := utf8.RuneCountInString(it.Snippet); n > 160 {
			t.Errorf("snippet of %d runes, want at most 160", n)
		}
		if strings.ContainsAny(it.Subject, "\r\n\x00") {
			t.Errorf("subject %q keeps control characters", it.Subject)
		}
	})
}
