package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ConnectRep returns the rep this store acts as. On PostgreSQL it is the
// role that connected (current_user): its row in reps, created on its first
// connection with name and email (a lead's legit team add sets them first),
// and never renamed by a config. On SQLite it is EnsureRep(name, email).
func (s *Store) ConnectRep(ctx context.Context, name, email string) (Rep, error) {
	if !s.Postgres() {
		return s.EnsureRep(ctx, name, email)
	}
	var r Rep
	err := s.db.QueryRowContext(ctx, `SELECT id, name, email FROM reps WHERE login = current_user`).Scan(&r.ID, &r.Name, &r.Email)
	if err == nil {
		return r, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("find the rep you connect as: %w", err)
	}
	var login string
	if err := s.db.QueryRowContext(ctx, `SELECT current_user`).Scan(&login); err != nil {
		return r, fmt.Errorf("find the rep you connect as: %w", err)
	}
	if strings.TrimSpace(name) == "" {
		name = login
	}
	if strings.TrimSpace(email) == "" {
		return r, fmt.Errorf("you connect as %s, who is not a rep of this team yet: set email under [rep] in the config, or ask your lead to add you", login)
	}
	err = s.db.QueryRowContext(ctx, `INSERT INTO reps (name, email, created_at, login) VALUES (?, ?, ?, current_user)
		ON CONFLICT (email) DO UPDATE SET login = current_user WHERE reps.login IS NULL
		RETURNING id, name, email`, name, email, timeText(s.now())).Scan(&r.ID, &r.Name, &r.Email)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("the address %s belongs to another rep of this team: set your own under [rep]", email)
	}
	if err != nil {
		return r, fmt.Errorf("record you as a rep: %w", err)
	}
	return r, nil
}

// Organisation is the organisation's settings as a team database keeps
// them (PostgreSQL): the controller the notice names, the caps, the
// retention periods and the tracking switch.
type Organisation struct {
	Name, Address, PrivacyURL, DPO, SupervisoryAuthority string
	Recipients, Transfers, TrackingURL                   string
	Tracking                                             bool
	DailyCap, OrgDailyCap                                int
	RetentionDays, CustomerRetentionMonths, DeadlineDays int
	// OverlapDays is how far back compose points out a colleague's email
	// to the same person or company (0: never); OverlapRefuse makes that
	// a refusal instead of a warning.
	OverlapDays   int
	OverlapRefuse bool
}

// ErrNoOrganisation is returned on SQLite, where the organisation's
// settings live in the rep's config file.
var ErrNoOrganisation = errors.New("one rep's database keeps no organisation settings: they are in the config file")

// orgColumns maps each key legit org set takes to its column; a key is a
// setting's name as the config file spells it.
var orgColumns = map[string]string{
	"name": "name", "address": "address", "privacy_url": "privacy_url", "dpo": "dpo",
	"supervisory_authority": "supervisory_authority", "recipients": "recipients", "transfers": "transfers",
	"tracking": "tracking", "tracking_url": "tracking_url", "daily_cap": "daily_cap", "org_daily_cap": "org_daily_cap",
	"retention_days": "retention_days", "customer_retention_months": "customer_retention_months",
	"deadline_days": "deadline_days", "overlap_days": "overlap_days", "overlap_refuse": "overlap_refuse",
}

// OrganisationKeys lists the keys SetOrganisation takes, sorted.
func OrganisationKeys() []string {
	keys := make([]string, 0, len(orgColumns))
	for k := range orgColumns {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Organisation reads the organisation's settings.
func (s *Store) Organisation(ctx context.Context) (Organisation, error) {
	var o Organisation
	if !s.Postgres() {
		return o, ErrNoOrganisation
	}
	err := s.db.QueryRowContext(ctx, `SELECT name, address, privacy_url, dpo, supervisory_authority, recipients,
		transfers, tracking_url, tracking, daily_cap, org_daily_cap, retention_days, customer_retention_months,
		deadline_days, overlap_days, overlap_refuse FROM organisation`).Scan(&o.Name, &o.Address, &o.PrivacyURL, &o.DPO,
		&o.SupervisoryAuthority, &o.Recipients, &o.Transfers, &o.TrackingURL, &o.Tracking, &o.DailyCap, &o.OrgDailyCap,
		&o.RetentionDays, &o.CustomerRetentionMonths, &o.DeadlineDays, &o.OverlapDays, &o.OverlapRefuse)
	if err != nil {
		return o, fmt.Errorf("read the organisation's settings: %w", err)
	}
	return o, nil
}

// ErrBadSetting is returned for a key or value legit org set does not take.
var ErrBadSetting = errors.New("not a setting legit org set takes")

// ErrOrgLeadOnly is returned when a member who is not a lead tries to
// change the organisation's settings: the database refuses them.
var ErrOrgLeadOnly = errors.New("only a lead may change the organisation's settings (legit team lists who is one)")

// SetOrganisation sets one organisation setting (OrganisationKeys) and logs
// who changed which key (not the value).
func (s *Store) SetOrganisation(ctx context.Context, key, value, rep string) error {
	if !s.Postgres() {
		return ErrNoOrganisation
	}
	col, ok := orgColumns[key]
	if !ok {
		return fmt.Errorf("%q: %w (use one of %s)", key, ErrBadSetting, strings.Join(OrganisationKeys(), ", "))
	}
	var v any = value
	switch col {
	case "tracking", "overlap_refuse":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("%s %q: %w (use true or false)", key, value, ErrBadSetting)
		}
		v = b
	case "daily_cap", "org_daily_cap", "retention_days", "customer_retention_months", "deadline_days", "overlap_days":
		n, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("%s %q: %w (use a whole number)", key, value, ErrBadSetting)
		}
		v = n
	}
	return s.InTx(ctx, func(t *Tx) error {
		if err := t.try(func() error {
			_, err := t.tx.ExecContext(t.ctx, `UPDATE organisation SET `+ident(col)+` = ?, updated_at = ?, updated_by = ?`,
				v, timeText(s.now()), rep)
			return err
		}); isPermissionDenied(err) {
			return fmt.Errorf("set %s: %w", key, ErrOrgLeadOnly)
		} else if err != nil {
			return fmt.Errorf("set %s: %w (the database refused the value: %v)", key, ErrBadSetting, err)
		}
		_, err := t.AppendEvent(Event{Rep: rep, Kind: EventOrgSet, Details: map[string]string{"key": key}})
		return err
	})
}
