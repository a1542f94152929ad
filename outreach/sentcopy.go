package outreach

import (
	"context"
	"fmt"
	"strings"

	"github.com/emersion/go-imap/v2"
)

// SentFolder files a copy of each sent message in the rep's IMAP Sent
// folder, and finds a message there by its Message-ID.
type SentFolder struct {
	Server  Server
	Mailbox string // "Sent" when empty
}

func (f SentFolder) mailbox() string {
	if f.Mailbox == "" {
		return "Sent"
	}
	return f.Mailbox
}

// Append files m in the Sent folder, marked as seen.
func (f SentFolder) Append(_ context.Context, m Built) error {
	c, err := DialIMAP(f.Server, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	cmd := c.Append(f.mailbox(), int64(len(m.Raw)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen}, Time: m.Date})
	if _, err := cmd.Write(m.Raw); err != nil {
		_ = cmd.Close()
		return fmt.Errorf("copy to IMAP %s: %w", f.mailbox(), err)
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("copy to IMAP %s: %w", f.mailbox(), err)
	}
	if _, err := cmd.Wait(); err != nil {
		return fmt.Errorf("copy to IMAP %s: %w", f.mailbox(), err)
	}
	_ = c.Logout().Wait()
	return nil
}

// Find reports whether a message with this Message-ID is in the Sent folder.
func (f SentFolder) Find(_ context.Context, messageID string) (bool, error) {
	c, err := DialIMAP(f.Server, nil)
	if err != nil {
		return false, err
	}
	defer c.Close()
	if _, err := c.Select(f.mailbox(), &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return false, fmt.Errorf("open IMAP %s: %w", f.mailbox(), err)
	}
	crit := &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-Id", Value: "<" + strings.Trim(messageID, "<>") + ">"}}}
	sd, err := c.UIDSearch(crit, nil).Wait()
	if err != nil {
		return false, fmt.Errorf("search IMAP %s: %w", f.mailbox(), err)
	}
	_ = c.Logout().Wait()
	return len(sd.AllUIDs()) > 0, nil
}
