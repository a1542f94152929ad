package store

import (
	"context"
	"errors"
	"testing"
)

func TestConnectRepIsTheLogin(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	r, err := s.ConnectRep(ctx, "Robin Maes", "robin@northwind.example")
	if err != nil || r.Name != "Robin Maes" || r.Email != "robin@northwind.example" {
		t.Fatalf("ConnectRep() = %+v, %v", r, err)
	}
	again, err := s.ConnectRep(ctx, "Someone Else", "someone@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	if onPostgres() && (again.ID != r.ID || again.Name != "Robin Maes") {
		t.Errorf("on PostgreSQL a config made the login someone else: %+v, want %+v", again, r)
	}
	if !onPostgres() && again.Name != "Someone Else" {
		t.Errorf("on SQLite the config names the rep: %+v", again)
	}
}

func TestOrganisationSettings(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	if !onPostgres() {
		if _, err := s.Organisation(ctx); !errors.Is(err, ErrNoOrganisation) {
			t.Errorf("Organisation() on SQLite = %v, want ErrNoOrganisation", err)
		}
		return
	}
	for _, kv := range [][2]string{{"name", "Northwind Analytics B.V."}, {"daily_cap", "25"}, {"tracking", "true"}} {
		if err := s.SetOrganisation(ctx, kv[0], kv[1], "Lena Lead"); err != nil {
			t.Fatalf("SetOrganisation(%s) = %v", kv[0], err)
		}
	}
	o, err := s.Organisation(ctx)
	if err != nil || o.Name != "Northwind Analytics B.V." || o.DailyCap != 25 || !o.Tracking || o.RetentionDays != 180 {
		t.Errorf("Organisation() = %+v, %v", o, err)
	}
	for _, kv := range [][2]string{{"colour", "red"}, {"daily_cap", "many"}, {"daily_cap", "0"}, {"deadline_days", "45"}, {"tracking", "maybe"}} {
		if err := s.SetOrganisation(ctx, kv[0], kv[1], "Lena Lead"); !errors.Is(err, ErrBadSetting) {
			t.Errorf("SetOrganisation(%s, %s) = %v, want ErrBadSetting", kv[0], kv[1], err)
		}
	}
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM events WHERE kind = 'org_set'`).Scan(&n); err != nil || n != 3 {
		t.Errorf("%d org_set events (%v), want 3", n, err)
	}
}
