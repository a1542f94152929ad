package store

import (
	"bufio"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
)

//go:embed queries/*.sql postgres/queries/*.sql
var queryFiles embed.FS

// queries holds every fixed query, prepared when the store opens so that a
// broken query fails at start-up rather than on a key press. Each area of the
// store declares its own struct of *sql.Stmt fields, each tagged with the name
// of a "-- name:" block in queries/*.sql, and embeds it here.
type queries struct {
	contactQueries
	logQueries
	rightsQueries
	importQueries
	basisQueries
	messageQueries
	inDoubtQueries
	logViewQueries
	inboxQueries
	erasureQueries
	registerQueries
	versionQueries
	listQueries
	retentionListQueries
	personQueries
	teamReportQueries
}

// contactQueries are the queries of contacts.go.
type contactQueries struct {
	InsertRep        *sql.Stmt `query:"insert-rep"`
	RepByEmail       *sql.Stmt `query:"rep-by-email"`
	InsertContact    *sql.Stmt `query:"insert-contact"`
	InsertSource     *sql.Stmt `query:"insert-source"`
	InsertAssessment *sql.Stmt `query:"insert-assessment"`
	InsertConsent    *sql.Stmt `query:"insert-consent"`
	ContactIDByKey   *sql.Stmt `query:"contact-id-by-key"`
	ListContacts     *sql.Stmt `query:"list-contacts"`
	ContactByID      *sql.Stmt `query:"contact-by-id"`
	ListSources      *sql.Stmt `query:"list-sources"`
	SourcesOf        *sql.Stmt `query:"sources-of"`
	ListAssessments  *sql.Stmt `query:"list-latest-assessments"`
	AssessmentOf     *sql.Stmt `query:"latest-assessment-of"`
	ListConsents     *sql.Stmt `query:"list-consents"`
	ConsentsOf       *sql.Stmt `query:"consents-of"`
	CountContacts    *sql.Stmt `query:"count-contacts"`
}

// logQueries are the queries of events.go and suppress.go.
type logQueries struct {
	LastEvent         *sql.Stmt `query:"last-event"`
	InsertEvent       *sql.Stmt `query:"insert-event"`
	InsertSuppression *sql.Stmt `query:"insert-suppression"`
	SuppressAddressAt *sql.Stmt `query:"suppress-addresses-at"`
	SuppressionByHash *sql.Stmt `query:"suppression-by-hash"`
}

// loadQueryText reads every "-- name: x" block from queries/*.sql, the
// queries as both engines run them.
func loadQueryText() (map[string]string, error) { return loadQueryTextIn("queries") }

// loadQueryTextIn reads every "-- name: x" block from dir/*.sql.
func loadQueryTextIn(dir string) (map[string]string, error) {
	files, err := fs.Glob(queryFiles, dir+"/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list query files: %w", err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := queryFiles.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f, err)
		}
		name := ""
		var body strings.Builder
		flush := func() error {
			if name == "" {
				return nil
			}
			if _, dup := out[name]; dup {
				return fmt.Errorf("%s: query %q defined twice", f, name)
			}
			out[name] = strings.TrimSpace(body.String())
			body.Reset()
			return nil
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
				if err := flush(); err != nil {
					return nil, err
				}
				name = strings.TrimSpace(n)
				continue
			}
			if strings.HasPrefix(strings.TrimSpace(line), "--") {
				continue
			}
			body.WriteString(line)
			body.WriteByte('\n')
		}
		if err := flush(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// prepare prepares every tagged query, in q and in the structs it embeds,
// for engine e: on PostgreSQL, the queries of postgres/queries replace those
// of the same name.
func prepare(ctx context.Context, db *sql.DB, e engine) (*queries, error) {
	text, err := engineQueryText(e)
	if err != nil {
		return nil, err
	}
	q := &queries{}
	if err := prepareFields(ctx, db, text, reflect.ValueOf(q).Elem()); err != nil {
		_ = q.close()
		return nil, err
	}
	return q, nil
}

// engineQueryText reads every query as engine e runs it: on PostgreSQL,
// the queries of postgres/queries replace those of the same name.
func engineQueryText(e engine) (map[string]string, error) {
	text, err := loadQueryText()
	if err != nil {
		return nil, err
	}
	if e == postgresEngine {
		over, err := loadQueryTextIn("postgres/queries")
		if err != nil {
			return nil, err
		}
		for name, q := range over {
			if _, ok := text[name]; !ok {
				return nil, fmt.Errorf("postgres/queries: %q replaces no query of store/queries", name)
			}
			text[name] = q
		}
	}
	return text, nil
}

func prepareFields(ctx context.Context, db *sql.DB, text map[string]string, v reflect.Value) error {
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if f.Anonymous {
			if err := prepareFields(ctx, db, text, v.Field(i)); err != nil {
				return err
			}
			continue
		}
		name := f.Tag.Get("query")
		src, ok := text[name]
		if !ok {
			return fmt.Errorf("query %q: no such block in store/queries", name)
		}
		st, err := db.PrepareContext(ctx, src)
		if err != nil {
			return fmt.Errorf("prepare query %q: %w", name, err)
		}
		v.Field(i).Set(reflect.ValueOf(st))
	}
	return nil
}

// close closes every prepared statement.
func (q *queries) close() error {
	var errs []error
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).Anonymous {
				walk(v.Field(i))
			} else if st, ok := v.Field(i).Interface().(*sql.Stmt); ok && st != nil {
				errs = append(errs, st.Close())
			}
		}
	}
	walk(reflect.ValueOf(q).Elem())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close queries: %w", err)
	}
	return nil
}
