package outreach

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestSendRefusedAtASuppressedDomain: a whole domain on the suppression
// list ("never email anyone at example.com") stops an email to an address
// at it, and the checklist says so, as an address of its own would.
func TestSendRefusedAtASuppressedDomain(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	_, domain, _ := strings.Cut(c.Email, "@")
	if err := st.SuppressDomain(ctx, domain, rep.Name); err != nil {
		t.Fatal(err)
	}
	s := testSender(st, rep, Outbox{Dir: filepath.Join(t.TempDir(), "outbox")})
	held, err := st.Contact(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.Check(ctx, held, passingInput().Draft)
	if err != nil {
		t.Fatal(err)
	}
	failed := false
	for _, it := range v.Failing() {
		failed = failed || it.Rule == RuleNotSuppressed
	}
	if !failed {
		t.Errorf("the checklist passes %s for an address at a suppressed domain: %+v", RuleNotSuppressed, v.Items)
	}
	_, err = s.Send(ctx, 0, c.ID, passingInput().Draft)
	var refused *RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("Send() to %s at the suppressed domain %s = %v, want a refusal", c.Email, domain, err)
	}
}
