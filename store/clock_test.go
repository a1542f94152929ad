package store

import (
	"context"
	"testing"
	"time"
)

// A team database's members share its clock: a computer whose clock is ten
// minutes behind (or an hour ahead) measures how far off it is, and the
// store's clock reads the server's time; one rep's database keeps this
// computer's clock.
func TestStoreClockIsTheServers(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	if !onPostgres() {
		if off := s.ClockOffset(); off != 0 {
			t.Errorf("ClockOffset() on SQLite = %v, want 0", off)
		}
		if d := time.Since(s.Now()); d.Abs() > time.Second {
			t.Errorf("Now() on SQLite is %v off this computer's clock", d)
		}
		return
	}
	server := func() time.Time {
		var at time.Time
		if err := s.db.QueryRowContext(ctx, `SELECT clock_timestamp()`).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	if d := server().Sub(s.Now()); d.Abs() > time.Second {
		t.Errorf("Now() is %v off the server's clock", d)
	}
	for _, skew := range []time.Duration{-10 * time.Minute, time.Hour} {
		local := func() time.Time { return time.Now().Add(skew) }
		off, err := serverOffset(ctx, s.db, local)
		if err != nil {
			t.Fatal(err)
		}
		if d := (off + skew).Abs(); d > time.Second {
			t.Errorf("a clock %v off: offset %v, want about %v", skew, off, -skew)
		}
		if d := server().Sub(local().Add(off)); d.Abs() > time.Second {
			t.Errorf("a clock %v off, corrected by %v: %v from the server's", skew, off, d)
		}
	}
}
