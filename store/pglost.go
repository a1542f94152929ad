package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// connLostError is a connection to the team's database that went away in
// use: the server was stopped, restarted or crashed, or the network
// dropped. It is ErrUnreachable, says so in words (pgx's own text, with its
// SQLSTATE, stays behind Unwrap), and is driver.ErrBadConn only where
// database/sql may safely try again on a fresh connection.
type connLostError struct {
	why     string
	err     error
	badConn bool // nothing was done: database/sql tries another connection
}

func (e *connLostError) Error() string {
	return "the team database went away (" + e.why + ")"
}

// Is makes the error ErrUnreachable, and driver.ErrBadConn when retrying is
// safe.
func (e *connLostError) Is(target error) bool {
	return target == ErrUnreachable || (e.badConn && target == driver.ErrBadConn)
}

// Unwrap is pgx's error.
func (e *connLostError) Unwrap() error { return e.err }

// lostConn is err as a *connLostError when it says the connection went
// away, else err. A driver.ErrBadConn stays one (pgx returns it only when
// nothing was sent).
func lostConn(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*connLostError](err); ok {
		return err
	}
	why := ""
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe) && (pe.Code == "57P01" || pe.Code == "57P02"):
		why = "the server is shutting down or restarting"
	case errors.As(err, &pe) && pe.Code == "57P03":
		why = "the server is starting up or shutting down"
	case errors.As(err, &pe) && len(pe.Code) == 5 && pe.Code[:2] == "08":
		why = "the connection failed"
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		why = "the connection was closed: the server stopped or restarted, or the network dropped"
	default:
		var ne net.Error
		if !errors.As(err, &ne) {
			return err
		}
		why = "the network to the server failed"
	}
	// The server ending the session (a shutdown, a restart, a crash of
	// another backend) answers a statement it did not run, or rolled back:
	// database/sql may run it again on a fresh connection (it never does
	// inside a transaction).
	ended := errors.As(err, &pe) && (pe.Code == "57P01" || pe.Code == "57P02")
	return &connLostError{why: why, err: err, badConn: ended || errors.Is(err, driver.ErrBadConn)}
}

// rolledBack is the error that ended a transaction before its commit: a
// lost connection says that nothing of it was saved (the server rolls back
// what a connection that went away left open).
func rolledBack(err error) error {
	if _, ok := errors.AsType[*connLostError](err); ok {
		return fmt.Errorf("%w: nothing of it was saved; try again when the server is back", err)
	}
	return err
}

// commitFailed is the error of a failed commit: on a lost connection
// nobody knows whether the server committed before it went.
func commitFailed(err error) error {
	if _, ok := errors.AsType[*connLostError](err); ok {
		return fmt.Errorf("commit: %w: it may or may not have been saved; look before you do it again", err)
	}
	return fmt.Errorf("commit: %w", err)
}

// retryable is err, a lost connection, marked safe to try again on a fresh
// connection: what failed did nothing (a BEGIN).
func retryable(err error) error {
	if e, ok := errors.AsType[*connLostError](err); ok {
		e.badConn = true
	}
	return err
}

// pgStmt is a prepared statement whose lost connections say so.
type pgStmt struct{ *stdlib.Stmt }

// ExecContext runs the statement.
func (s pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	r, err := s.Stmt.ExecContext(ctx, args)
	return r, lostConn(err)
}

// QueryContext runs the query.
func (s pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return pgRowsOf(s.Stmt.QueryContext(ctx, args))
}

// pgRows are rows whose lost connection, midway, says so.
type pgRows struct{ *stdlib.Rows }

// Next reads the next row; io.EOF ends the rows.
func (r pgRows) Next(dest []driver.Value) error {
	err := r.Rows.Next(dest)
	if err == io.EOF {
		return err
	}
	return lostConn(err)
}

// pgRowsOf wraps what pgx's QueryContext returned.
func pgRowsOf(rows driver.Rows, err error) (driver.Rows, error) {
	if err != nil {
		return nil, lostConn(err)
	}
	if r, ok := rows.(*stdlib.Rows); ok {
		return pgRows{r}, nil
	}
	return rows, nil
}

// pgTx is a transaction whose commit, on a lost connection, says so.
type pgTx struct{ driver.Tx }

// Commit commits.
func (t pgTx) Commit() error { return lostConn(t.Tx.Commit()) }

// Rollback rolls back.
func (t pgTx) Rollback() error { return lostConn(t.Tx.Rollback()) }
