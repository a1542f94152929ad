package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Now is the store's clock. On a team's database (PostgreSQL) it is the
// server's: this computer's clock corrected by the difference measured when
// the store was opened, so that every member's times are on one clock (a
// send's reservation, which another member's client judges to have run
// out; the log; deadlines). On one rep's database it is this computer's.
func (s *Store) Now() time.Time { return s.now() }

// ClockOffset is how far the team database's clock was ahead of this
// computer's when the store was opened (negative: behind); 0 on SQLite.
// Now already corrects for it; a large one is worth telling the rep.
func (s *Store) ClockOffset() time.Duration { return s.offset }

// clockSamples is how many round trips serverOffset times; the shortest
// gives the estimate.
const clockSamples = 3

// serverOffset estimates how far the server's clock is ahead of local's:
// the server's time against the middle of the shortest of a few round
// trips (the estimate is off by at most half of that round trip).
func serverOffset(ctx context.Context, db *sql.DB, local func() time.Time) (time.Duration, error) {
	var best, offset time.Duration
	for i := range clockSamples {
		var server time.Time
		before := local()
		if err := db.QueryRowContext(ctx, `SELECT clock_timestamp()`).Scan(&server); err != nil {
			return 0, fmt.Errorf("read the database's clock: %w", err)
		}
		after := local()
		if trip := after.Sub(before); i == 0 || trip < best {
			best, offset = trip, server.Sub(before.Add(trip/2))
		}
	}
	return offset, nil
}
