package cli

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"legit/store"
)

// leadKeyPath is where a lead's signing key lives: outside every database.
func leadKeyPath() string {
	return filepath.Join(xdgDir("XDG_CONFIG_HOME", ".config"), "legit", "lead.key")
}

// leadKey reads the lead's Ed25519 key; with create, a missing key is made
// (mode 0600). The file holds the 32-byte seed in hex.
func leadKey(create bool) (ed25519.PrivateKey, bool, error) {
	path := leadKeyPath()
	b, err := os.ReadFile(path)
	if err == nil {
		seed, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(seed) != ed25519.SeedSize {
			return nil, false, fmt.Errorf("lead key %s is not a legit lead key (64 hex digits)", path)
		}
		return ed25519.NewKeyFromSeed(seed), false, nil
	}
	if !errors.Is(err, os.ErrNotExist) || !create {
		return nil, false, err
	}
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return nil, false, fmt.Errorf("make lead key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("make lead key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("make lead key: %w", err)
	}
	if _, err := fmt.Fprintln(f, hex.EncodeToString(seed)); err != nil {
		_ = f.Close()
		return nil, false, fmt.Errorf("write lead key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, false, fmt.Errorf("write lead key: %w", err)
	}
	return ed25519.NewKeyFromSeed(seed), true, nil
}

// trustedKeys are the public keys whose checkpoints this user trusts: the
// config's lead_public_keys and, for a lead, their own key.
func (a *app) trustedKeys() (map[string]bool, error) {
	out := map[string]bool{}
	for _, k := range a.cfg.LeadPublicKeys {
		out[strings.ToLower(strings.TrimSpace(k))] = true
	}
	key, _, err := leadKey(false)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if key != nil {
		out[hex.EncodeToString(key.Public().(ed25519.PublicKey))] = true
	}
	return out, nil
}

// localCheckpoint is one line of the lead's own record of the checkpoints
// they signed: which log (a database's address, or a rep's bundles) and the
// checkpoint. The lead keeps it, so a checkpoint deleted from a database is
// still checked.
type localCheckpoint struct {
	Log string `json:"log"`
	store.Checkpoint
}

// localCheckpointsPath is the lead's record of signed checkpoints.
func localCheckpointsPath() string {
	return filepath.Join(xdgDir("XDG_DATA_HOME", ".local/share"), "legit", "checkpoints.jsonl")
}

// localCheckpoints returns the checkpoints the lead signed for log.
func localCheckpoints(log string) ([]store.Checkpoint, error) {
	f, err := os.Open(localCheckpointsPath())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read your checkpoints: %w", err)
	}
	defer f.Close()
	var out []store.Checkpoint
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var c localCheckpoint
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("read your checkpoints %s line %d: %w", localCheckpointsPath(), n, err)
		}
		if c.Log == log {
			out = append(out, c.Checkpoint)
		}
	}
	return out, sc.Err()
}

// keepCheckpoint adds c for log to the lead's own record.
func keepCheckpoint(log string, c store.Checkpoint) error {
	path := localCheckpointsPath()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("keep the checkpoint: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("keep the checkpoint: %w", err)
	}
	line, err := json.Marshal(localCheckpoint{Log: log, Checkpoint: c})
	if err == nil {
		_, err = f.Write(append(line, '\n'))
	}
	return errors.Join(err, f.Close())
}

// checkpointLog names the log of the open database in the lead's record.
func (a *app) checkpointLog() string { return "db:" + store.SafeAddress(a.databasePath()) }

// bundleLog names a rep's bundles in the lead's record.
func bundleLog(rep string) string { return "bundle:" + strings.ToLower(strings.TrimSpace(rep)) }

// signAt signs events/head with the lead's key (made on first use).
func signAt(signer string, events int, head string) (store.Checkpoint, bool, error) {
	key, made, err := leadKey(true)
	if err != nil {
		return store.Checkpoint{}, false, err
	}
	return store.SignCheckpoint(key, events, head, signer, time.Now()), made, nil
}
