package outreach_test

import (
	"context"
	"strings"
	"testing"

	"legit/outreach"
)

func TestServerCheck(t *testing.T) {
	tests := []struct {
		s       outreach.Server
		wantErr string
	}{
		{outreach.Server{Host: "imap.example.com", Port: 993, Security: outreach.ImplicitTLS}, ""},
		{outreach.Server{Host: "smtp.example.com", Port: 587, Security: outreach.StartTLS}, ""},
		{outreach.Server{Host: "127.0.0.1", Port: 1143, Security: outreach.NoTLS}, ""},
		{outreach.Server{Host: "localhost", Port: 1143, Security: outreach.NoTLS}, ""},
		{outreach.Server{Host: "::1", Port: 1143, Security: outreach.NoTLS}, ""},
		{outreach.Server{Host: "imap.example.com", Port: 143, Security: outreach.NoTLS}, "only allowed to localhost"},
		{outreach.Server{Host: "10.0.0.5", Port: 143, Security: outreach.NoTLS}, "only allowed to localhost"},
		{outreach.Server{Host: "imap.example.com", Port: 143, Security: "ssl"}, "unknown security"},
	}
	for _, tc := range tests {
		err := tc.s.Check()
		if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("Check(%s %s) = %v, want %q", tc.s.Addr(), tc.s.Security, err, tc.wantErr)
		}
	}
}

func TestDialIMAP(t *testing.T) {
	good := startIMAP(t).server
	c, err := outreach.DialIMAP(context.Background(), good, nil)
	if err != nil {
		t.Fatalf("DialIMAP() = %v", err)
	}
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Errorf("Select(INBOX) after login = %v", err)
	}
	_ = c.Close()

	bad := good
	bad.Password = "wrong-pw"
	if _, err := outreach.DialIMAP(context.Background(), bad, nil); err == nil {
		t.Errorf("DialIMAP() with a wrong password succeeded")
	} else if strings.Contains(err.Error(), "wrong-pw") {
		t.Errorf("login error %q shows the password", err)
	}
	remote := good
	remote.Host = "imap.example.com"
	if _, err := outreach.DialIMAP(context.Background(), remote, nil); err == nil || !strings.Contains(err.Error(), "localhost") {
		t.Errorf("DialIMAP() without TLS to a remote host = %v, want a refusal before connecting", err)
	}
}
