package contacts

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeAddress(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{"anna@Example.COM", "anna@example.com", false},
		{"  Anna.Mueller@Kraftwerk-Logistik.example \t", "Anna.Mueller@kraftwerk-logistik.example", false},
		{"zofia@wisła.example", "zofia@wisła.example", false},
		{"", "", true},
		{"anna", "", true},
		{"anna@", "", true},
		{"@example.com", "", true},
		{"anna@localhost", "", true},
		{"anna@example..com", "", true},
		{"Anna <anna@example.com>", "", true},
		{"anna@example.com, bob@example.com", "", true},
		{"anna@example.com\r\nBcc: victim@evil.example", "", true},
	}
	for _, tc := range tests {
		got, err := NormalizeAddress(tc.in)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("NormalizeAddress(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
	if _, err := NormalizeAddress(" "); !errors.Is(err, ErrNoAddress) {
		t.Errorf("NormalizeAddress(blank) = %v, want ErrNoAddress", err)
	}
	if _, err := NormalizeAddress("\x1b[31mbad"); err == nil || strings.Contains(err.Error(), "\x1b") {
		t.Errorf("error for an escape sequence = %v, want an error without the escape", err)
	}
}

func TestMatchKey(t *testing.T) {
	if MatchKey("Anna@example.com") != MatchKey("anna@EXAMPLE.com") {
		t.Errorf("MatchKey differs by case")
	}
}
