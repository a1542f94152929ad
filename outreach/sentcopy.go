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

// Append files m in the Sent folder, marked as seen, each step within the
// server's timeouts and until ctx ends.
func (f SentFolder) Append(ctx context.Context, m Built) error {
	c, err := DialIMAP(ctx, f.Server, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	err = c.wait(func() error {
		cmd := c.Client.Append(f.mailbox(), int64(len(m.Raw)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen}, Time: m.Date})
		if _, err := cmd.Write(m.Raw); err != nil {
			_ = cmd.Close()
			return err
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		_, err := cmd.Wait()
		return err
	})
	if err != nil {
		return fmt.Errorf("copy to IMAP %s: %w", f.mailbox(), err)
	}
	c.logout()
	return nil
}

// Find reports whether a message with this Message-ID is in the Sent
// folder, each step within the server's timeouts and until ctx ends.
func (f SentFolder) Find(ctx context.Context, messageID string) (bool, error) {
	c, err := DialIMAP(ctx, f.Server, nil)
	if err != nil {
		return false, err
	}
	defer c.Close()
	err = c.wait(func() error {
		_, err := c.Client.Select(f.mailbox(), &imap.SelectOptions{ReadOnly: true}).Wait()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("open IMAP %s: %w", f.mailbox(), err)
	}
	crit := &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-Id", Value: "<" + strings.Trim(messageID, "<>") + ">"}}}
	var sd *imap.SearchData
	err = c.wait(func() error {
		var err error
		sd, err = c.Client.UIDSearch(crit, nil).Wait()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("search IMAP %s: %w", f.mailbox(), err)
	}
	c.logout()
	return len(sd.AllUIDs()) > 0, nil
}
