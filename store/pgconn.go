package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	neturl "net/url"
	"path/filepath"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// ErrUnreachable is returned when the team's database server cannot be
// reached: nothing was written, and the next action tries again.
var ErrUnreachable = errors.New("the team database cannot be reached")

// pgConnector opens PostgreSQL connections through pgx's database/sql
// adapter, with every query's ? and ?N placeholders rewritten to $n on the
// way (rebind): the queries are written once, for both engines.
type pgConnector struct{ inner driver.Connector }

// Connect opens one connection.
func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		return nil, fmt.Errorf("%w at %s (%v): nothing was changed; try again when it is back", ErrUnreachable, netErr.Addr, netErr.Err)
	}
	if lost, ok := errors.AsType[*connLostError](lostConn(err)); ok {
		return nil, fmt.Errorf("%w (%s): nothing was changed; try again in a moment", ErrUnreachable, lost.why)
	}
	if err != nil {
		return nil, err
	}
	sc, ok := conn.(*stdlib.Conn)
	if !ok {
		_ = conn.Close()
		return nil, fmt.Errorf("pgx gave a %T, not a *stdlib.Conn", conn)
	}
	return &pgConn{Conn: sc}, nil
}

// Driver is pgx's driver.
func (c pgConnector) Driver() driver.Driver { return c.inner.Driver() }

// pgConn is a pgx connection that rebinds placeholders, and whose errors
// on a connection that went away say so in words (lostConn); every other
// method is pgx's own.
type pgConn struct{ *stdlib.Conn }

// Prepare prepares q with PostgreSQL placeholders.
func (c *pgConn) Prepare(q string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), q)
}

// PrepareContext prepares q with PostgreSQL placeholders.
func (c *pgConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	st, err := c.Conn.PrepareContext(ctx, rebind(q))
	if err != nil {
		return nil, lostConn(err)
	}
	if ps, ok := st.(*stdlib.Stmt); ok {
		return pgStmt{ps}, nil
	}
	return st, nil
}

// ExecContext runs q with PostgreSQL placeholders.
func (c *pgConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	r, err := c.Conn.ExecContext(ctx, rebind(q), args)
	return r, lostConn(err)
}

// QueryContext runs q with PostgreSQL placeholders.
func (c *pgConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	return pgRowsOf(c.Conn.QueryContext(ctx, rebind(q), args))
}

// BeginTx begins a transaction. A connection that went away while idle in
// the pool (a restart of the server within pgx's one-second idle check)
// fails its BEGIN, which did nothing: database/sql tries a fresh
// connection, so the first action after a restart works.
func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.BeginTx(ctx, opts)
	if err != nil {
		return nil, retryable(lostConn(err))
	}
	return pgTx{tx}, nil
}

// openPostgresDB opens a pool on the PostgreSQL database url names. An
// address with a password in it is refused: passwords come from
// PGPASSWORD, ~/.pgpass or, when set, password (the config's
// password_command), never from an address that may be printed or stored.
func openPostgresDB(url, password string) (*sql.DB, error) {
	if u, err := neturl.Parse(url); err == nil && u.User != nil {
		if _, set := u.User.Password(); set {
			return nil, errors.New("the database address holds a password: take it out and use PGPASSWORD, ~/.pgpass or password_command in the config")
		}
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("read the database address: %w", redactURLError(err))
	}
	if password != "" {
		cfg.Password = password
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = pgApplicationName
	}
	return sql.OpenDB(pgConnector{inner: stdlib.GetConnector(*cfg)}), nil
}

// pgApplicationName names legit's connections in pg_stat_activity, so that
// a DBA sees which sessions are legit's.
const pgApplicationName = "legit"

// SafeAddress names a database for messages and records: a PostgreSQL
// address without its password and query, or an SQLite file's absolute path.
func SafeAddress(where string) string {
	if IsPostgres(where) {
		return safeAddr(where)
	}
	if abs, err := filepath.Abs(where); err == nil {
		return abs
	}
	return where
}

// safeAddr is url without its query and password, for messages.
func safeAddr(url string) string {
	u, err := neturl.Parse(url)
	if err != nil {
		return "the database address"
	}
	u.RawQuery = ""
	if u.User != nil {
		u.User = neturl.User(u.User.Username())
	}
	return u.String()
}

// redactURLError replaces an error about a database address by one that
// cannot repeat the address (which might hold a password).
func redactURLError(error) error {
	return errors.New("it is not a postgres:// address PostgreSQL can read: check the host, port and database name")
}
