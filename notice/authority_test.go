package notice

import (
	"strings"
	"testing"
)

func TestAuthorityTable(t *testing.T) {
	// EU-27, the EEA states outside the EU, the United Kingdom and Switzerland.
	want := strings.Fields("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO GB CH")
	if len(want) != 32 || len(authorities) != len(want) {
		t.Fatalf("table has %d rows, want %d", len(authorities), len(want))
	}
	for _, cc := range want {
		a, ok := Authority(strings.ToLower(cc))
		if !ok || a.Country != cc || strings.TrimSpace(a.Name) == "" || !strings.Contains(a.Web, ".") || strings.Contains(a.Web, "/") {
			t.Errorf("Authority(%s) = %+v, %v; want a named authority with a bare web address", cc, a, ok)
		}
	}
	for _, tt := range []struct{ in, want string }{{"UK", "GB"}, {"el", "GR"}, {" nl ", "NL"}} {
		if a, ok := Authority(tt.in); !ok || a.Country != tt.want {
			t.Errorf("Authority(%q) = %+v, want %s", tt.in, a, tt.want)
		}
	}
	for _, cc := range []string{"", "US", "XX"} {
		if a, ok := Authority(cc); ok {
			t.Errorf("Authority(%q) = %+v, want none", cc, a)
		}
	}
	if got := authorities["NL"].String(); got != "Autoriteit Persoonsgegevens, autoriteitpersoonsgegevens.nl" {
		t.Errorf("String() = %q", got)
	}
}
