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

// Outbox is a local Maildir (tmp/, new/, cur/) that stands in for SMTP when
// none is configured: nothing leaves the machine and the rep can read
// exactly what would have gone out.
type Outbox struct {
	Dir string
}

// OutboxBeside is the outbox next to the database at dbPath, where legit
// puts mail when no SMTP server is set up.
func OutboxBeside(dbPath string) Outbox {
	return Outbox{Dir: filepath.Join(filepath.Dir(dbPath), "outbox")}
}

// Name is "outbox".
func (o Outbox) Name() string { return "outbox" }

// Send writes m to tmp/ and renames it into new/, so a reader never sees a
// half-written file.
func (o Outbox) Send(_ context.Context, m Built) error {
	for _, d := range []string{"tmp", "new", "cur"} {
		if err := os.MkdirAll(filepath.Join(o.Dir, d), 0o700); err != nil {
			return fmt.Errorf("outbox %s: %w", o.Dir, err)
		}
	}
	name, err := maildirName()
	if err != nil {
		return fmt.Errorf("outbox %s: %w", o.Dir, err)
	}
	tmp := filepath.Join(o.Dir, "tmp", name)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("outbox %s: %w", o.Dir, err)
	}
	if _, err := f.Write(m.Raw); err != nil {
		_ = f.Close()
		_ = os.Remove(tmp)
		return fmt.Errorf("outbox %s: write %s: %w", o.Dir, name, err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		_ = os.Remove(tmp)
		return fmt.Errorf("outbox %s: write %s: %w", o.Dir, name, err)
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("outbox %s: write %s: %w", o.Dir, name, err)
	}
	if err := os.Rename(tmp, filepath.Join(o.Dir, "new", name)); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("outbox %s: %w", o.Dir, err)
	}
	return nil
}

// Find reports whether a message with this Message-ID is in new/ or cur/.
func (o Outbox) Find(_ context.Context, messageID string) (bool, error) {
	needle := []byte("<" + messageID + ">")
	for _, d := range []string{"new", "cur"} {
		entries, err := os.ReadDir(filepath.Join(o.Dir, d))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return false, fmt.Errorf("outbox %s: %w", o.Dir, err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(o.Dir, d, e.Name()))
			if err != nil {
				return false, fmt.Errorf("outbox %s: %w", o.Dir, err)
			}
			head, _, _ := bytes.Cut(b, []byte("\r\n\r\n"))
			if bytes.Contains(head, needle) {
				return true, nil
			}
		}
	}
	return false, nil
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
