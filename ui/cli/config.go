package cli

import (
	"errors"
	"fmt"
	"legit/contacts"
	"legit/notice"
	"legit/outreach"
	"legit/store"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
)

// config is the rep's config file, $XDG_CONFIG_HOME/legit/config.toml.
// Passwords are never in it: only the name of an environment variable or a
// command that prints the password.
type config struct {
	Rep struct {
		Name  string `toml:"name"`
		Email string `toml:"email"`
	} `toml:"rep"`
	Org struct {
		Name                 string `toml:"name"`
		Address              string `toml:"address"`
		PrivacyURL           string `toml:"privacy_url"`
		DPO                  string `toml:"dpo"`
		SupervisoryAuthority string `toml:"supervisory_authority"`
		// Recipients names who receives the data, such as the mail provider
		// as processor (Art. 14(1)(e) GDPR).
		Recipients string `toml:"recipients"`
		// Transfers says which transfers outside the EEA happen and on what
		// safeguard (Art. 14(1)(f)); empty means none.
		Transfers   string `toml:"transfers"`
		Tracking    bool   `toml:"tracking"`
		TrackingURL string `toml:"tracking_url"` // the open pixel's address, needed when tracking is on
	} `toml:"organisation"`
	RetentionDays int `toml:"retention_days"`
	// CustomerRetentionMonths is how long a customer's data is kept after
	// the last purchase.
	CustomerRetentionMonths int `toml:"customer_retention_months"`
	DeadlineDays            int `toml:"deadline_days"`
	DailyCap                int `toml:"daily_cap"`
	// Guards are the team guards at compose: the organisation's on a team
	// database; on one rep's SQLite file, another rep's email in the same
	// file is pointed out for DefaultOverlapDays.
	Guards outreach.TeamGuards `toml:"-"`
	SMTP   mailServer          `toml:"smtp"`
	IMAP   mailServer          `toml:"imap"`
	// Database is the team's PostgreSQL address (postgres://…, never with a
	// password in it); empty for one rep's SQLite file.
	Database string `toml:"database"`
	// DatabasePasswordCommand prints the database password; without it,
	// PGPASSWORD or ~/.pgpass give it, as for every PostgreSQL client.
	DatabasePasswordCommand string `toml:"database_password_command"`
	// LeadPublicKeys are the hex Ed25519 public keys of the leads whose
	// checkpoints of the log this user trusts (legit log verify).
	LeadPublicKeys []string `toml:"lead_public_keys"`
	// Outbox is the folder where messages wait when no SMTP server is
	// configured; beside an SQLite database, or $XDG_DATA_HOME/legit/outbox
	// with a team database, when empty.
	Outbox string `toml:"outbox"`
}

// databasePassword runs database_password_command, if set.
func (c config) databasePassword() (string, error) {
	if c.DatabasePasswordCommand == "" {
		return "", nil
	}
	out, err := exec.Command("sh", "-c", c.DatabasePasswordCommand).Output()
	if err != nil {
		return "", fmt.Errorf("database password: database_password_command failed: %w", err)
	}
	return strings.TrimRight(string(out), "\r\n"), nil
}

// fromOrganisation replaces the organisation's details, caps and periods by
// those a team database keeps: on PostgreSQL no rep's config overrides them.
// It reports whether the config had set any of them.
func (c *config) fromOrganisation(o store.Organisation) bool {
	overridden := c.Org.Name != "" || c.Org.Address != "" || c.Org.PrivacyURL != ""
	c.Org.Name, c.Org.Address, c.Org.PrivacyURL, c.Org.DPO = o.Name, o.Address, o.PrivacyURL, o.DPO
	c.Org.SupervisoryAuthority, c.Org.Recipients, c.Org.Transfers = o.SupervisoryAuthority, o.Recipients, o.Transfers
	c.Org.Tracking, c.Org.TrackingURL = o.Tracking, o.TrackingURL
	c.DailyCap, c.RetentionDays, c.CustomerRetentionMonths, c.DeadlineDays = o.DailyCap, o.RetentionDays, o.CustomerRetentionMonths, o.DeadlineDays
	c.Guards = outreach.TeamGuards{OrgDailyCap: o.OrgDailyCap, OverlapDays: o.OverlapDays, OverlapRefuse: o.OverlapRefuse}
	return overridden
}

// mailServer is how to reach one SMTP or IMAP server.
type mailServer struct {
	Host            string `toml:"host"`
	Port            int    `toml:"port"`
	Username        string `toml:"username"`
	Security        string `toml:"security"` // "tls", "starttls" or "none" (loopback only)
	PasswordEnv     string `toml:"password_env"`
	PasswordCommand string `toml:"password_command"`
	// Timeouts ("15s", "1m"); unset or 0 takes outreach's default.
	ConnectTimeout time.Duration `toml:"connect_timeout"`
	CommandTimeout time.Duration `toml:"command_timeout"`
	DataTimeout    time.Duration `toml:"data_timeout"` // SMTP: the answer after the whole message
}

// imapServer is server for IMAP: without a port, 993 for TLS, else 143. Both
// the sync and the Sent copy use it.
func (m mailServer) imapServer() (outreach.Server, error) {
	s, err := m.server()
	if err == nil && s.Port == 0 {
		s.Port = 993
		if s.Security != outreach.ImplicitTLS {
			s.Port = 143
		}
	}
	return s, err
}

// server turns the config of one mail server into outreach's settings. The
// password comes from the environment or the password command when a
// connection first needs it (kept once read), not before: listing the
// outbox or a dry run needs neither. It is never logged or stored.
func (m mailServer) server() (outreach.Server, error) {
	s := outreach.Server{Host: m.Host, Port: m.Port, Username: m.Username, Security: outreach.Security(m.Security),
		Timeouts: outreach.Timeouts{Connect: m.ConnectTimeout, Command: m.CommandTimeout, Data: m.DataTimeout}}
	if s.Security == "" {
		s.Security = outreach.ImplicitTLS
	}
	if m.PasswordEnv != "" || m.PasswordCommand != "" {
		var mu sync.Mutex
		var read string
		s.ReadPassword = func() (string, error) {
			mu.Lock()
			defer mu.Unlock()
			if read == "" { // a failure is tried again at the next connection
				pw, err := m.password()
				if err != nil {
					return "", err
				}
				read = pw
			}
			return read, nil
		}
	}
	return s, s.Check()
}

// password reads the server's password from the environment variable or
// the password command.
func (m mailServer) password() (string, error) {
	if m.PasswordEnv != "" {
		pw := os.Getenv(m.PasswordEnv)
		if pw == "" {
			return "", fmt.Errorf("no password: environment variable %s is empty or unset", m.PasswordEnv)
		}
		return pw, nil
	}
	out, err := exec.Command("sh", "-c", m.PasswordCommand).Output()
	if err != nil {
		return "", fmt.Errorf("no password: password_command failed: %w", err)
	}
	return strings.TrimRight(string(out), "\r\n"), nil
}

// defaultConfig is what legit uses with no config file: the demo organisation.
func defaultConfig() config {
	var c config
	c.Rep.Name = systemUser()
	c.RetentionDays, c.DailyCap = 180, 40 // deadline_days stays 0: no reminder before the legal month
	c.Guards.OverlapDays = outreach.DefaultOverlapDays
	c.CustomerRetentionMonths = contacts.DefaultCustomerRetentionMonths
	return c
}

// systemUser is the login name, the rep's name in the log until the config
// gives one.
func systemUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "rep"
}

// demoConfig is the demo's invented rep and organisation over the defaults.
// Only `legit demo` uses it: outside the demo no controller is invented, and
// a config without the organisation's details cannot send.
func demoConfig() config {
	c := defaultConfig()
	c.Rep.Name, c.Rep.Email = "Robin Maes", "robin.maes@northwind-analytics.example"
	c.Org.Name = "Northwind Analytics B.V."
	c.Org.Address = "Keizersgracht 1, 1015 CC Amsterdam, Netherlands"
	c.Org.PrivacyURL = "https://northwind-analytics.example/privacy"
	c.Org.DPO = "privacy@northwind-analytics.example"
	c.Org.SupervisoryAuthority = "Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl)"
	c.Org.Recipients = "our email provider Example Mail B.V. (processor, servers in the EU)"
	return c
}

// retention is the config's retention periods.
func (c config) retention() contacts.Retention {
	return contacts.Retention{ProspectDays: c.RetentionDays, CustomerMonths: c.CustomerRetentionMonths}
}

// loadConfig reads path over the defaults. A missing file at the default
// location is fine; a missing file the user named is an error.
func loadConfig(path string, named bool) (config, error) {
	c := defaultConfig()
	if path == "" {
		return c, nil
	}
	md, err := toml.DecodeFile(path, &c)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !named {
			return c, nil
		}
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return c, fmt.Errorf("config %s: unknown setting %q: check its spelling against the README", path, und[0].String())
	}
	if c.DeadlineDays < 0 || c.DeadlineDays > 30 {
		return c, fmt.Errorf("config %s: deadline_days, an optional shorter reminder, must be between 0 (none) and 30: the legal deadline is one calendar month at most", path)
	}
	if c.DailyCap <= 0 {
		return c, fmt.Errorf("config %s: daily_cap must be at least 1", path)
	}
	if c.Org.Tracking && !strings.HasPrefix(c.Org.TrackingURL, "https://") {
		return c, fmt.Errorf("config %s: tracking is on, so organisation.tracking_url must be the https:// address of the open pixel", path)
	}
	if c.RetentionDays <= 0 {
		return c, fmt.Errorf("config %s: retention_days must be at least 1", path)
	}
	if c.CustomerRetentionMonths <= 0 {
		return c, fmt.Errorf("config %s: customer_retention_months must be at least 1", path)
	}
	return c, nil
}

// xdgDir returns $env or, when unset or relative, $HOME/fallback.
func xdgDir(env, fallback string) string {
	if d := os.Getenv(env); filepath.IsAbs(d) {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "legit-"+env)
	}
	return filepath.Join(home, fallback)
}

// controller maps the organisation in the config to what the Art. 14 notice
// names. Opt-out replies go to the rep's own address.
func (c config) controller() notice.Controller {
	return notice.Controller{
		Name: c.Org.Name, Address: c.Org.Address, PrivacyURL: c.Org.PrivacyURL, DPO: c.Org.DPO,
		SupervisoryAuthority: c.Org.SupervisoryAuthority, OptOutAddress: c.Rep.Email, RetentionDays: c.RetentionDays,
		Recipients: c.Org.Recipients, Transfers: c.Org.Transfers, CustomerRetentionMonths: c.CustomerRetentionMonths,
	}
}

// footer renders the Art. 14 notice for outreach: the long form for a first
// email, the short one after, in the contact's language.
func (c config) footer() outreach.Footer {
	ctl := c.controller()
	return func(ct contacts.Contact, long, tracking bool) (string, error) {
		form := notice.Short
		if long {
			form = notice.Long
		}
		return notice.Render(notice.Input{Controller: ctl, Contact: ct, Form: form, Tracking: tracking})
	}
}
