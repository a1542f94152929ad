package contacts

import (
	"strings"
	"testing"
)

func TestParseRegister(t *testing.T) {
	data := "\xef\xbb\xbfEmail;Company\n" +
		"office@varna-ports.example;Varna Ports EAD\n" +
		"\n# a comment\n" +
		"\"SALES@Plovdiv-Foods.example\",Plovdiv Foods\n" +
		"office@varna-ports.example;again\n" +
		"no address here\n" +
		"evil\x1b[31m@hostile.example\n"
	got, bad := ParseRegister([]byte(data))
	if strings.Join(got, " ") != "office@varna-ports.example SALES@plovdiv-foods.example" {
		t.Errorf("addresses = %q", got)
	}
	if len(bad) != 2 || bad[0].Line != 7 || bad[1].Line != 8 {
		t.Errorf("bad lines = %+v, want lines 7 and 8", bad)
	}
}

func FuzzParseRegister(f *testing.F) {
	f.Add([]byte("a@b.example\nc@d.example;x\n"))
	f.Add([]byte("Email\n\"x\"@y.example\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, bad := ParseRegister(data)
		for _, e := range got {
			if _, err := NormalizeAddress(e); err != nil {
				t.Errorf("ParseRegister returned %q, which does not normalise: %v", e, err)
			}
		}
		for _, b := range bad {
			if b.Line < 1 || strings.ContainsAny(b.Reason, "\x1b\r") {
				t.Errorf("bad row %+v", b)
			}
		}
	})
}
