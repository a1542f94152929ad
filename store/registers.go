package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// registerQueries are the queries of registers.go.
type registerQueries struct {
	UpsertRegister *sql.Stmt `query:"upsert-register"`
	RegisterOf     *sql.Stmt `query:"register-of"`
	ListRegisters  *sql.Stmt `query:"list-registers"`
}

// RegisterImport is when a country's refusal register was last imported.
type RegisterImport struct {
	Country    string
	Name       string
	ImportedAt time.Time
	Entries    int
	ImportedBy string
}

// ImportRegister puts every address of a country's refusal register on the
// suppression list, in one transaction, and records when it was imported.
// The addresses are kept only as keyed hashes; the log gets one event with
// the count.
func (s *Store) ImportRegister(ctx context.Context, country, name string, emails []string, rep string) error {
	return s.InTx(ctx, func(t *Tx) error {
		now := t.s.now()
		hash := t.s.addressHasher()
		ins := t.stmt(t.s.q.InsertSuppression)
		for _, e := range emails {
			if _, err := ins.Exec(hash(e), string(ReasonManual), timeText(now)); err != nil {
				return fmt.Errorf("suppress a register address: %w", err)
			}
		}
		if _, err := t.stmt(t.s.q.UpsertRegister).Exec(country, name, timeText(now), len(emails), rep); err != nil {
			return fmt.Errorf("record the %s register: %w", country, err)
		}
		_, err := t.AppendEvent(Event{Rep: rep, Kind: EventSuppression,
			Details: map[string]string{"reason": "register", "country": country, "entries": fmt.Sprint(len(emails))}})
		return err
	})
}

// RegisterImported returns when country's refusal register was last
// imported, or nil if never.
func (s *Store) RegisterImported(ctx context.Context, country string) (*time.Time, error) {
	var at string
	err := s.q.RegisterOf.QueryRowContext(ctx, country).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the %s register: %w", country, err)
	}
	t, err := parseTime(at)
	return &t, err
}

// Registers lists the imported refusal registers by country.
func (s *Store) Registers(ctx context.Context) ([]RegisterImport, error) {
	rows, err := s.q.ListRegisters.QueryContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("list registers: %w", err)
	}
	defer rows.Close()
	var out []RegisterImport
	for rows.Next() {
		var r RegisterImport
		var at string
		if err := rows.Scan(&r.Country, &r.Name, &at, &r.Entries, &r.ImportedBy); err != nil {
			return nil, fmt.Errorf("read register: %w", err)
		}
		if r.ImportedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
