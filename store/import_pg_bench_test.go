package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"legit/contacts"
)

// BenchmarkImportPGFloor30k is what PostgreSQL itself spends writing the
// rows BenchmarkImportLinkedIn30k's import writes into our schema, with
// every value already computed and the whole file already in a staging
// table on the server (COPY, before the timer): in one transaction the
// batch row, one INSERT ... SELECT into contacts, one into sources and one
// into contact_addresses, and the commit. No import on PostgreSQL can be
// faster than this; BenchmarkImportPsqlCopy30k is the yardstick beside it
// (the PostgreSQL pass only):
//
//	LEGIT_TEST_POSTGRES=postgres://... go test -run '^$' -bench 'ImportLinkedIn30k|ImportPsqlCopy30k|ImportPGFloor30k' -benchtime 3x ./store/
func BenchmarkImportPGFloor30k(b *testing.B) {
	if !onPostgres() {
		b.Skip("PostgreSQL pass only")
	}
	p := parsedLinkedIn30k(b)
	refs, err := newSortedRefs(len(p.Records))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s, rep := openImportStore(b)
		conn, err := s.db.Conn(ctx)
		if err != nil {
			b.Fatal(err)
		}
		stagePGImport(b, s, conn, p.Records, refs)
		b.StartTimer()
		for _, q := range []string{
			`BEGIN`,
			fmt.Sprintf(`INSERT INTO import_batches (id, file_name, sha256, format, rep_id, started_at, source_kind)
			 VALUES (1, 'f', '0', 'linkedin', %d, '2026-11-23T12:00:00Z', 'linkedin')`, rep.ID),
			`INSERT INTO contacts (id, ref, name, email, email_key, email_hash, company, position, country, name_key, profile_key,
			 created_at, updated_at, owner_id)
			 SELECT id, ref, name, email, email_key, email_hash, company, position, country, name_key, profile_key,
			 '2026-11-23T12:00:00Z', '2026-11-23T12:00:00Z', (SELECT legit_my_rep()) FROM floor_staged ORDER BY id`,
			`INSERT INTO sources (contact_id, kind, detail, obtained_at, obtained_by, batch_id, line)
			 SELECT id, 'linkedin', detail, '2026-11-23T12:00:00Z', 'Robin Maes', 1, line FROM floor_staged`,
			`INSERT INTO contact_addresses (contact_id, hash, email)
			 SELECT id, email_hash, email FROM floor_staged WHERE email IS NOT NULL`,
			`COMMIT`,
		} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				b.Fatalf("%s: %v", q, err)
			}
		}
		b.StopTimer()
		if err := conn.Close(); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// stagePGImport copies into the temporary table floor_staged on conn the
// values an import of recs writes: the keys computed as the owner's import
// computes them.
func stagePGImport(b *testing.B, s *Store, conn *sql.Conn, recs []contacts.ImportRow, refs []string) {
	b.Helper()
	ctx := context.Background()
	rows := make([]importRow, len(recs))
	for i, r := range recs {
		rows[i].ImportRow = r
	}
	if err := s.importKeyer().rows(ctx, rows); err != nil {
		b.Fatal(err)
	}
	vals := make([][]any, len(rows))
	for i, r := range rows {
		var email, key, hash, profile any
		if r.Email != "" {
			email, key, hash = r.Email, r.key, r.hash
		}
		if r.profile != 0 {
			profile = r.profile
		}
		vals[i] = []any{int64(i + 1), refs[i], r.Name, email, key, hash, r.Company, r.Position, r.Country, r.name, profile,
			"test import; " + r.Note, int32(r.Line)}
	}
	err := conn.Raw(func(dc any) error {
		pc := dc.(*pgConn).Conn.Conn()
		if _, err := pc.Exec(ctx, `CREATE TEMP TABLE floor_staged (id bigint, ref text, name text, email text, email_key text,
			email_hash text, company text, position text, country text, name_key bigint, profile_key bigint, detail text, line integer)`); err != nil {
			return err
		}
		_, err := pc.CopyFrom(ctx, pgx.Identifier{"floor_staged"}, []string{"id", "ref", "name", "email", "email_key", "email_hash",
			"company", "position", "country", "name_key", "profile_key", "detail", "line"}, pgx.CopyFromRows(vals))
		if err != nil {
			return err
		}
		// The sequence past the staged ids, as the import's draw leaves it.
		_, err = pc.Exec(ctx, `SELECT setval(pg_get_serial_sequence('contacts', 'id'), $1)`, len(vals))
		return err
	})
	if err != nil {
		b.Fatalf("stage the rows: %v", err)
	}
}
