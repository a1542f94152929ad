package store

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestLostConnection: what pgx says when the connection to the server goes
// away becomes ErrUnreachable in words, without the driver's text; it is
// driver.ErrBadConn (database/sql tries a fresh connection) only where
// nothing was done: pgx said so, or the server ended the session instead
// of running the statement; other errors pass unchanged.
func TestLostConnection(t *testing.T) {
	shutdown := &pgconn.PgError{Severity: "FATAL", Code: "57P01", Message: "terminating connection due to administrator command"}
	for _, tc := range []struct {
		name    string
		err     error
		lost    bool
		badConn bool
	}{
		{"server shutting down", fmt.Errorf("begin: %w", shutdown), true, true},
		{"starting up", &pgconn.PgError{Code: "57P03", Message: "the database system is starting up"}, true, false},
		{"connection exception", &pgconn.PgError{Code: "08006"}, true, false},
		{"closed before anything was sent", driver.ErrBadConn, true, true},
		{"closed midway", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), true, false},
		{"conn closed", pgconn.ErrConnClosed, true, false},
		{"a constraint", &pgconn.PgError{Code: "23505", Message: "duplicate key"}, false, false},
		{"anything else", errors.New("boom"), false, false},
	} {
		got := lostConn(tc.err)
		if errors.Is(got, ErrUnreachable) != tc.lost || errors.Is(got, driver.ErrBadConn) != tc.badConn {
			t.Errorf("%s: lostConn = %v: unreachable %v, bad conn %v; want %v, %v", tc.name, got,
				errors.Is(got, ErrUnreachable), errors.Is(got, driver.ErrBadConn), tc.lost, tc.badConn)
		}
		if tc.lost && (strings.Contains(got.Error(), "SQLSTATE") || strings.Contains(got.Error(), "driver:") || !strings.Contains(got.Error(), "team database")) {
			t.Errorf("%s: %q, want words about the team database and none of the driver's", tc.name, got)
		}
		if !tc.lost && got != tc.err {
			t.Errorf("%s: lostConn changed %v into %v", tc.name, tc.err, got)
		}
	}
	if err := retryable(lostConn(io.ErrUnexpectedEOF)); !errors.Is(err, driver.ErrBadConn) {
		t.Errorf("a BEGIN on a closed connection = %v, want one database/sql tries again", err)
	}
	if err := rolledBack(lostConn(shutdown)); !strings.Contains(err.Error(), "nothing of it was saved") {
		t.Errorf("rolledBack = %v, want it to say nothing was saved", err)
	}
	if err := commitFailed(lostConn(io.ErrUnexpectedEOF)); !strings.Contains(err.Error(), "may or may not have been saved") {
		t.Errorf("commitFailed = %v, want it to say the commit's outcome is not known", err)
	}
	if lostConn(nil) != nil {
		t.Error("lostConn(nil) is not nil")
	}
}
