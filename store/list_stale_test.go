package store

import (
	"fmt"
	"slices"
	"testing"
)

// TestSourceWritesMarkListStale: adding a source to a contact, moving a
// source from one contact to another and deleting one mark exactly the
// contacts they touch to have their list facts worked out again, many rows
// per statement as one (PostgreSQL's trigger is per statement: migrations
// 0019 and 0020).
func TestSourceWritesMarkListStale(t *testing.T) {
	s := openRights(t)
	var ids []int64
	for _, n := range []string{"Anna Alt", "Bert Berg", "Cora Chen", "Dirk Dorn", "Eva Eck"} {
		ids = append(ids, addRights(t, s, person(n, "")).ID)
	}
	exec := func(q string) {
		t.Helper()
		if _, err := s.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	stale := func() []int64 {
		t.Helper()
		rows, err := s.db.Query(`SELECT id FROM contacts WHERE list_search IS NULL ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			out = append(out, id)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, tc := range []struct {
		what, q string
		want    []int64
	}{
		{"two sources added in one statement", fmt.Sprintf(`INSERT INTO sources (contact_id, kind, detail, obtained_at, obtained_by, line)
			SELECT id, 'manual', 'note', created_at, 'Robin Maes', 0 FROM contacts WHERE id IN (%d, %d)`, ids[0], ids[1]),
			[]int64{ids[0], ids[1]}},
		{"a source moved to another contact", fmt.Sprintf(`UPDATE sources SET contact_id = %d
			WHERE id = (SELECT MIN(id) FROM sources WHERE contact_id = %d)`, ids[3], ids[2]),
			[]int64{ids[2], ids[3]}},
		{"a source deleted", fmt.Sprintf(`DELETE FROM sources WHERE contact_id = %d`, ids[4]), []int64{ids[4]}},
		{"a source's detail changed", fmt.Sprintf(`UPDATE sources SET detail = 'changed' WHERE contact_id = %d`, ids[1]),
			[]int64{ids[1]}},
	} {
		listNames(t, s, listQuery(ListAll, "")) // works every contact out
		if got := stale(); len(got) != 0 {
			t.Fatalf("before %s: stale %v, want none", tc.what, got)
		}
		exec(tc.q)
		if got := stale(); !slices.Equal(got, tc.want) {
			t.Errorf("%s: stale %v, want %v", tc.what, got, tc.want)
		}
	}
}
