package outreach

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Transport hands a built message to the world (or to the local outbox).
type Transport interface {
	// Name names the transport in the log ("outbox", "smtp").
	Name() string
	// Send delivers m. An error means it may not have gone out.
	Send(ctx context.Context, m Built) error
}

// Finder is a transport that can tell whether a message went out, so a send
// interrupted by a crash can be resolved without sending twice.
type Finder interface {
	Find(ctx context.Context, messageID string) (bool, error)
}

// Outbox is a local Maildir (tmp/, new/, cur/). Without SMTP it is the
// queue: a message that passed the checklist waits there, sent to nobody,
// until legit outbox send delivers it. In the demo it stands in for the
// mail server and what is written there counts as sent.
type Outbox struct {
	Dir string
	// NewName makes a file's name; unique (time, random part, host) when
	// nil. Tests set it to get the same path every run.
	NewName func() string
}

// OutboxBeside is the outbox next to the SQLite database at dbPath, where
// legit queues mail when no SMTP server is set up.
func OutboxBeside(dbPath string) Outbox {
	return Outbox{Dir: filepath.Join(filepath.Dir(dbPath), "outbox")}
}

// Name is "outbox".
func (o Outbox) Name() string { return "outbox" }

// Send writes m to the outbox (Write).
func (o Outbox) Send(ctx context.Context, m Built) error {
	_, err := o.Write(ctx, m)
	return err
}

// Write writes m to tmp/ and renames it into new/, so a reader never sees a
// half-written file, and returns the file's path.
func (o Outbox) Write(_ context.Context, m Built) (string, error) {
	for _, d := range []string{"tmp", "new", "cur"} {
		if err := os.MkdirAll(filepath.Join(o.Dir, d), 0o700); err != nil {
			return "", fmt.Errorf("outbox %s: %w", o.Dir, err)
		}
	}
	name, err := o.newName()
	if err != nil {
		return "", fmt.Errorf("outbox %s: %w", o.Dir, err)
	}
	tmp := filepath.Join(o.Dir, "tmp", name)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("outbox %s: %w", o.Dir, err)
	}
	if _, err := f.Write(m.Raw); err != nil {
		_ = f.Close()
		_ = os.Remove(tmp)
		return "", fmt.Errorf("outbox %s: write %s: %w", o.Dir, name, err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		_ = os.Remove(tmp)
		return "", fmt.Errorf("outbox %s: write %s: %w", o.Dir, name, err)
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("outbox %s: write %s: %w", o.Dir, name, err)
	}
	path := filepath.Join(o.Dir, "new", name)
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("outbox %s: %w", o.Dir, err)
	}
	return path, nil
}

// Find reports whether a message with this Message-ID is in new/ or cur/.
func (o Outbox) Find(_ context.Context, messageID string) (bool, error) {
	path, err := o.Path(messageID)
	return path != "", err
}

// Path is the file in new/ or cur/ that holds the message with this
// Message-ID, or "" when there is none.
func (o Outbox) Path(messageID string) (string, error) {
	needle := []byte("<" + messageID + ">")
	for _, d := range []string{"new", "cur"} {
		entries, err := os.ReadDir(filepath.Join(o.Dir, d))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("outbox %s: %w", o.Dir, err)
		}
		for _, e := range entries {
			path := filepath.Join(o.Dir, d, e.Name())
			b, err := os.ReadFile(path)
			if err != nil {
				return "", fmt.Errorf("outbox %s: %w", o.Dir, err)
			}
			head, _, _ := bytes.Cut(b, []byte("\r\n\r\n"))
			if bytes.Contains(head, needle) {
				return path, nil
			}
		}
	}
	return "", nil
}

// Remove deletes every message in the outbox whose Message-ID is one of ids
// (an erasure: the person's emails must not outlive them), overwriting each
// file with zeros first. It returns how many it removed; an outbox that does
// not exist holds nothing.
func (o Outbox) Remove(ids []string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	removed := 0
	for _, d := range []string{"new", "cur", "tmp"} {
		entries, err := os.ReadDir(filepath.Join(o.Dir, d))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return removed, fmt.Errorf("outbox %s: %w", o.Dir, err)
		}
		for _, e := range entries {
			path := filepath.Join(o.Dir, d, e.Name())
			b, err := os.ReadFile(path)
			if err != nil {
				return removed, fmt.Errorf("outbox %s: %w", o.Dir, err)
			}
			head, _, _ := bytes.Cut(b, []byte("\r\n\r\n"))
			if !slices.ContainsFunc(ids, func(id string) bool {
				id = strings.Trim(id, "<>")
				return id != "" && bytes.Contains(head, []byte("<"+id+">"))
			}) {
				continue
			}
			if err := os.WriteFile(path, make([]byte, len(b)), 0o600); err != nil {
				return removed, fmt.Errorf("outbox %s: overwrite %s: %w", o.Dir, e.Name(), err)
			}
			if err := os.Remove(path); err != nil {
				return removed, fmt.Errorf("outbox %s: %w", o.Dir, err)
			}
			removed++
		}
	}
	return removed, nil
}

func (o Outbox) newName() (string, error) {
	if o.NewName != nil {
		return o.NewName(), nil
	}
	return maildirName()
}

// maildirName is a unique file name: time, random part, host.
func maildirName() (string, error) {
	r := make([]byte, 8)
	if _, err := rand.Read(r); err != nil {
		return "", fmt.Errorf("make file name: %w", err)
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	host = filepath.Base(host)
	return strconv.FormatInt(time.Now().UnixNano(), 10) + "." + hex.EncodeToString(r) + "." + host, nil
}
