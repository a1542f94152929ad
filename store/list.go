package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"legit/contacts"
	"legit/notice"
)

// listQueries are the queries of list.go.
type listQueries struct {
	ListCounts       *sql.Stmt `query:"list-counts"`
	ListPage         *sql.Stmt `query:"list-page"`
	ListPosition     *sql.Stmt `query:"list-position"`
	ListDue          *sql.Stmt `query:"list-due"`
	ListAnyStale     *sql.Stmt `query:"list-any-stale"`
	ListStale        *sql.Stmt `query:"list-stale"`
	ListStaleSources *sql.Stmt `query:"list-stale-sources"`
	ListSet          *sql.Stmt `query:"list-set"`
	ListAllStale     *sql.Stmt `query:"list-all-stale"`
	ListRuleVersion  *sql.Stmt `query:"list-rule"`
	ListSetRule      *sql.Stmt `query:"list-set-rule"`
}

// ListTab is one tab of the contact list, as the queries number them.
type ListTab int

// The tabs, in the list's order (ui.Filter has the same numbers).
const (
	ListAll ListTab = iota
	ListNeedsBasis
	ListDueSoon
	ListOverdue
	ListStopped
	listTabs
)

// ListFacts is what the rules outside the store decided about a contact's
// basis, kept with it so that the Needs basis tab is a query: it needs a
// basis now whatever the date (NeedsBasis), or from the day after
// BasisLapses (a customer gone dormant).
type ListFacts struct {
	NeedsBasis  bool
	BasisLapses *time.Time
}

// ListRule works out a contact's ListFacts (outreach.NeedsBasisFacts).
// Version names the rules: when it differs from the version the stored
// facts were worked out with, every contact's facts are worked out again.
type ListRule struct {
	Version string
	Facts   func(contacts.Contact) ListFacts
}

// ListQuery picks the rows of a contact list.
type ListQuery struct {
	Rule ListRule
	Tab  ListTab
	// Text is the filter text; a row matches when its name, company,
	// position or address contains it, case and accents aside
	// (contacts.Fold).
	Text string
	// Today is the day the notice and basis tabs are worked out for;
	// ReminderDays the organisation's shorter notice reminder (0: none).
	Today        time.Time
	ReminderDays int
}

// ListKey is a row's place in the list's order (name, case aside, then id):
// a page starts after it.
type ListKey struct {
	Name string
	ID   int64
}

// ListRow is a contact as the list shows it: its own columns, only its
// first source (Sources holds that one, or none), and the notice clock.
type ListRow struct {
	Contact contacts.Contact
	Clock   notice.Clock // Days unset: the reader adds the reminder
	// The kept ListFacts: needs a basis whatever the date, or after the
	// date basisLapses (YYYY-MM-DD; "" when never).
	needsBasis  bool
	basisLapses string
}

// Key is the row's place in the order.
func (r ListRow) Key() ListKey { return ListKey{Name: r.Contact.Name, ID: r.Contact.ID} }

// NeedsBasis is whether the contact needs a basis on now's date (UTC), by
// the facts the list rule kept: as the Needs basis tab counts it, and as
// the rule says for the contact (outreach.NeedsBasis).
func (r ListRow) NeedsBasis(now time.Time) bool {
	return r.needsBasis || (r.basisLapses != "" && r.basisLapses < now.UTC().Format(time.DateOnly))
}

// ListCounts are the tab counts, the contacts already sent the notice
// (Informed: a source dates them), and the rows of the tab in view that
// match the filter text.
type ListCounts struct {
	Tabs     [listTabs]int
	Informed int
	Matched  int
}

// args are the parameters ?1 to ?6 every list query starts with.
func (q ListQuery) args() []any {
	y, m, d := q.Today.UTC().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	remindOver, remindSoon := "", ""
	if q.ReminderDays > 0 {
		remindOver = day(today.AddDate(0, 0, -q.ReminderDays))
		remindSoon = day(today.AddDate(0, 0, notice.WarnDays-q.ReminderDays))
	}
	pattern := "%"
	if text := contacts.Fold(q.Text); text != "" {
		pattern = "%" + likeEscaper.Replace(text) + "%"
	}
	return []any{day(today), day(today.AddDate(0, 0, notice.WarnDays)), remindOver, remindSoon, int(q.Tab), pattern}
}

// CountList returns the tab counts and how many rows of q's tab match its
// text, in one query.
func (s *Store) CountList(ctx context.Context, q ListQuery) (ListCounts, error) {
	var n ListCounts
	if err := s.refreshList(ctx, q.Rule); err != nil {
		return n, err
	}
	t := &n.Tabs
	if err := s.q.ListCounts.QueryRowContext(ctx, q.args()...).Scan(&t[0], &t[1], &t[2], &t[3], &t[4], &n.Informed, &n.Matched); err != nil {
		return n, fmt.Errorf("count the contact list: %w", err)
	}
	return n, nil
}

// ListPage returns up to limit rows of q in the list's order: those after
// the row after (nil: from the start), skipping skip rows first. Paging on
// with the last row's Key reads only the rows it returns.
func (s *Store) ListPage(ctx context.Context, q ListQuery, after *ListKey, skip, limit int) ([]ListRow, error) {
	if err := s.refreshList(ctx, q.Rule); err != nil {
		return nil, err
	}
	return s.listPage(ctx, q, after, skip, limit)
}

func (s *Store) listPage(ctx context.Context, q ListQuery, after *ListKey, skip, limit int) ([]ListRow, error) {
	var k ListKey
	if after != nil {
		k = *after
	}
	rows, err := s.q.ListPage.QueryContext(ctx, append(q.args(), k.Name, k.ID, limit, skip)...)
	if err != nil {
		return nil, fmt.Errorf("read the contact list: %w", err)
	}
	out := make([]ListRow, 0, limit)
	scan := newListScan()
	for rows.Next() {
		r, err := scan.scan(rows)
		if err != nil {
			_ = rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	return out, closeRows(rows, "read the contact list")
}

// EachListed calls fn with every row of q in the list's order, reading a
// page at a time, so that memory stays flat however many rows there are.
func (s *Store) EachListed(ctx context.Context, q ListQuery, fn func(ListRow) error) error {
	if err := s.refreshList(ctx, q.Rule); err != nil {
		return err
	}
	const page = 500
	var after *ListKey
	for {
		rows, err := s.listPage(ctx, q, after, 0, page)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(rows) < page {
			return nil
		}
		k := rows[len(rows)-1].Key()
		after = &k
	}
}

// DueGroup is a group of `legit deadlines`: the tab's number for overdue
// and due soon, and the rest not yet informed (or with no source).
type DueGroup int

// The deadline groups.
const (
	DueOverdue  = DueGroup(ListOverdue)
	DueThisWeek = DueGroup(ListDueSoon)
	DueLater    = DueGroup(listTabs)
)

// EachDue calls fn with every row of deadline group g as of q's day, most
// urgent first (the due date with q's reminder, ties in the list's order;
// no source last), as one query read row by row: memory stays flat. q's
// tab and text are not used.
func (s *Store) EachDue(ctx context.Context, q ListQuery, g DueGroup, fn func(ListRow) error) error {
	if err := s.refreshList(ctx, q.Rule); err != nil {
		return err
	}
	q.Tab, q.Text = ListTab(g), ""
	rows, err := s.q.ListDue.QueryContext(ctx, append(q.args()[:5], q.ReminderDays)...)
	if err != nil {
		return fmt.Errorf("read the deadlines: %w", err)
	}
	scan := newListScan()
	for rows.Next() {
		r, err := scan.scan(rows)
		if err == nil {
			err = fn(r)
		}
		if err != nil {
			_ = rows.Close()
			return err
		}
	}
	return closeRows(rows, "read the deadlines")
}

// ListPosition returns how many rows of q come before the row at key (its
// index in the list, whether or not it is in it).
func (s *Store) ListPosition(ctx context.Context, q ListQuery, key ListKey) (int, error) {
	var n int
	if err := s.q.ListPosition.QueryRowContext(ctx, append(q.args(), key.Name, key.ID)...).Scan(&n); err != nil {
		return 0, fmt.Errorf("find the row in the contact list: %w", err)
	}
	return n, nil
}

// listScan reads rows of list-page and list-due into the same variables,
// row after row.
type listScan struct {
	contact        *contactScan
	kind           string
	from, lapses   sql.NullString
	handed, needed int
}

// newListScan is a listScan for one query's rows.
func newListScan() *listScan {
	s := &listScan{}
	s.contact = newContactScan(&s.kind, &s.from, &s.handed, &s.needed, &s.lapses)
	return s
}

// scan reads the row r is on.
func (s *listScan) scan(r scanner) (ListRow, error) {
	var lr ListRow
	c, err := s.contact.scan(r)
	if err != nil {
		return lr, err
	}
	if s.from.Valid {
		t, err := time.Parse(time.DateOnly, s.from.String)
		if err != nil {
			return lr, fmt.Errorf("stored notice date %q: %w", s.from.String, err)
		}
		lr.Clock.Obtained, lr.Clock.HandedOver = t, s.handed == 1
	}
	if s.kind != "" { // only the kind of the first source is kept on the row
		c.Sources = []contacts.Source{{Kind: contacts.SourceKind(s.kind)}}
	}
	lr.needsBasis, lr.basisLapses = s.needed == 1, s.lapses.String
	lr.Clock.InformedAt = c.InformedAt
	lr.Contact = c
	return lr, nil
}

// staleBatch is how many contacts refreshList works out in one transaction.
const staleBatch = 1000

// refreshList works out the list columns of every contact marked stale
// (list_search NULL: new, or changed since), and of every contact when the
// rule's version changed. It reads nothing when none is stale.
func (s *Store) refreshList(ctx context.Context, rule ListRule) error {
	if rule.Facts == nil {
		return errors.New("read the contact list: no list rule given")
	}
	if err := s.checkListRule(ctx, rule); err != nil {
		return err
	}
	var stale int
	err := s.q.ListAnyStale.QueryRowContext(ctx).Scan(&stale)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the contact list: %w", err)
	}
	for {
		done := 0
		err := s.InTx(ctx, func(t *Tx) error {
			var err error
			done, err = t.refreshListBatch(rule)
			return err
		})
		if err != nil {
			return fmt.Errorf("bring the contact list up to date: %w", err)
		}
		if done < staleBatch {
			return nil
		}
	}
}

// checkListRule marks every contact stale when the stored facts were worked
// out by another version of the rule.
func (s *Store) checkListRule(ctx context.Context, rule ListRule) error {
	s.listMu.Lock()
	defer s.listMu.Unlock()
	if s.listRule == rule.Version {
		return nil
	}
	if s.Postgres() {
		// On a team database a member can neither read meta nor mark a
		// colleague's contacts: legit_list_rule does both as the owner.
		var changed bool
		if err := s.q.ListSetRule.QueryRowContext(ctx, []byte(rule.Version)).Scan(&changed); err != nil {
			return fmt.Errorf("record the list rule version: %w", err)
		}
		s.listRule = rule.Version
		return nil
	}
	return s.InTx(ctx, func(t *Tx) error {
		var v []byte
		err := t.stmt(s.q.ListRuleVersion).QueryRow().Scan(&v)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read the list rule version: %w", err)
		}
		if string(v) != rule.Version {
			if _, err := t.stmt(s.q.ListAllStale).Exec(); err != nil {
				return fmt.Errorf("mark the contact list stale: %w", err)
			}
			if _, err := t.stmt(s.q.ListSetRule).Exec([]byte(rule.Version)); err != nil {
				return fmt.Errorf("record the list rule version: %w", err)
			}
		}
		s.listRule = rule.Version
		return nil
	})
}

// refreshListBatch works out up to staleBatch stale contacts and reports
// how many.
func (t *Tx) refreshListBatch(rule ListRule) (int, error) {
	rows, err := t.stmt(t.s.q.ListStale).Query(staleBatch)
	if err != nil {
		return 0, fmt.Errorf("read stale contacts: %w", err)
	}
	var list []contacts.Contact
	index := map[int64]int{}
	scan := newContactScan()
	for rows.Next() {
		c, err := scan.scan(rows)
		if err != nil {
			_ = rows.Close()
			return 0, err
		}
		index[c.ID] = len(list)
		list = append(list, c)
	}
	if err := closeRows(rows, "read stale contacts"); err != nil || len(list) == 0 {
		return 0, err
	}
	if rows, err = t.stmt(t.s.q.ListStaleSources).Query(staleBatch); err != nil {
		return 0, fmt.Errorf("read sources of stale contacts: %w", err)
	}
	for rows.Next() {
		var id int64
		var kind, at string
		if err := rows.Scan(&id, &kind, &at); err != nil {
			_ = rows.Close()
			return 0, fmt.Errorf("read source: %w", err)
		}
		when, err := parseTime(at)
		if err != nil {
			_ = rows.Close()
			return 0, err
		}
		if i, ok := index[id]; ok {
			list[i].Sources = append(list[i].Sources, contacts.Source{Kind: contacts.SourceKind(kind), ObtainedAt: when})
		}
	}
	if err := closeRows(rows, "read sources of stale contacts"); err != nil {
		return 0, err
	}
	set := t.stmt(t.s.q.ListSet)
	for _, c := range list {
		f := rule.Facts(c)
		clock := notice.ClockFor(c, 0)
		var lapses, from, due sql.NullString
		if f.BasisLapses != nil {
			lapses = sql.NullString{String: f.BasisLapses.UTC().Format(time.DateOnly), Valid: true}
		}
		if !clock.Obtained.IsZero() {
			from = sql.NullString{String: clock.Obtained.UTC().Format(time.DateOnly), Valid: true}
			due = sql.NullString{String: notice.DeadlineAt(clock, clock.Obtained).LegalDue.Format(time.DateOnly), Valid: true}
		}
		kind := ""
		if c.HasSource() {
			kind = string(c.FirstSource().Kind)
		}
		if _, err := set.Exec(contacts.SearchText(c.Name, c.Company, c.Position, c.Email), boolInt(f.NeedsBasis),
			lapses, kind, from, boolInt(clock.HandedOver), due, c.ID); err != nil {
			return 0, fmt.Errorf("save the list columns of contact %d: %w", c.ID, err)
		}
	}
	return len(list), nil
}

// boolInt is 1 for true, 0 for false, as the list columns hold them.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
