package outreach

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	neturl "net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to make the test's schema and roles

	"legit/contacts"
	"legit/store"
)

// benchRep is one rep of the team benchmark: their own connection to the
// team database as their login role, their mailbox, and what they sent.
type benchRep struct {
	st     *timedStore
	rep    store.Rep
	mail   *imapmemserver.User
	imap   Server
	sender *Sender
	sent   int // contacts made so far, for unique addresses
}

// timedStore is a rep's store that times the send transaction: MarkSent
// records the message sent and appends its events to the team's chain,
// under the log's lock, with the server's suppression check.
type timedStore struct {
	*store.Store
	mu sync.Mutex
	tx []time.Duration
}

// MarkSent records r and how long it took.
func (s *timedStore) MarkSent(ctx context.Context, r store.SentRecord) error {
	start := time.Now()
	err := s.Store.MarkSent(ctx, r)
	s.mu.Lock()
	s.tx = append(s.tx, time.Since(start))
	s.mu.Unlock()
	return err
}

// benchTeamDB makes a team database in a fresh schema on the server
// LEGIT_TEST_POSTGRES names, with n reps each logged in as their own role,
// each with a mailbox on an in-process IMAP server; the schema and roles
// go when the benchmark ends. It returns the owner's store too.
func benchTeamDB(b *testing.B, url string, n int) (*store.Store, []*benchRep) {
	b.Helper()
	ctx := context.Background()
	raw, err := sql.Open("pgx", url)
	if err != nil {
		b.Fatal(err)
	}
	suffix := make([]byte, 4)
	if _, err := rand.Read(suffix); err != nil {
		b.Fatal(err)
	}
	tag := hex.EncodeToString(suffix)
	schema := "bench_send_" + tag
	if _, err := raw.Exec(`CREATE SCHEMA ` + schema); err != nil {
		b.Fatal(err)
	}
	var logins []string
	var stores []*store.Store
	b.Cleanup(func() {
		for _, s := range stores {
			_ = s.Close()
		}
		_, _ = raw.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		for _, l := range logins {
			_, _ = raw.Exec(`DROP OWNED BY ` + l)
			_, _ = raw.Exec(`DROP ROLE ` + l)
		}
		_ = raw.Close()
	})
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	dsn := url + sep + "search_path=" + schema
	owner, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	stores = append(stores, owner)
	if _, err := owner.TeamInit(ctx); err != nil {
		b.Fatal(err)
	}
	reps := make([]*benchRep, n)
	for i := range reps {
		email := fmt.Sprintf("rep%02d@northwind.example", i+1)
		login := "b" + tag + "_" + store.LoginFor(email)
		logins = append(logins, login)
		if _, err := owner.AddMember(ctx, fmt.Sprintf("Rep %02d", i+1), email, store.RoleRep, login, "Owner"); err != nil {
			b.Fatal(err)
		}
		u, err := neturl.Parse(dsn)
		if err != nil {
			b.Fatal(err)
		}
		u.User = neturl.User(login)
		st, err := store.Open(ctx, u.String())
		if err != nil {
			b.Fatal(err)
		}
		stores = append(stores, st)
		rep, err := st.ConnectRep(ctx, "", "")
		if err != nil {
			b.Fatal(err)
		}
		r := &benchRep{st: &timedStore{Store: st}, rep: rep}
		r.mail, r.imap = StartMemIMAP(b, rep.Email, "s3cret", "INBOX", "Sent")
		reps[i] = r
	}
	return owner, reps
}

// addContacts saves n new prospects as r's (each at a company of its own),
// as an import would, and returns them.
func (r *benchRep) addContacts(b *testing.B, n int) []contacts.Contact {
	b.Helper()
	out := make([]contacts.Contact, 0, n)
	obtained := time.Now().AddDate(0, 0, -10)
	err := r.st.InTx(context.Background(), func(tx *store.Tx) error {
		for range n {
			r.sent++
			c := contacts.Contact{Name: fmt.Sprintf("Person %d of %s", r.sent, r.rep.Name),
				Email:   fmt.Sprintf("p%d.%d@firm%d-%d.example", r.rep.ID, r.sent, r.rep.ID, r.sent),
				Company: fmt.Sprintf("Firm %d-%d AB", r.rep.ID, r.sent), Country: "SE", LegalForm: contacts.LegalPerson,
				Sources: []contacts.Source{{Kind: contacts.LinkedIn, Detail: "connections", ObtainedAt: obtained, ObtainedBy: r.rep.Name}},
				Basis:   contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: contacts.Assessment{Purpose: "p", Necessity: "n", Balancing: "b"}}}
			saved, err := tx.AddContact(c, r.rep.Name)
			if err != nil {
				return err
			}
			out = append(out, saved)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// benchWords is the vocabulary of the benchmark's bodies: each body draws
// its own words, so no two are near copies (the not-bulk rule).
var benchWords = strings.Fields(`route depot fleet planning schedule driver van truck parcel delivery window
	customer region warehouse stock order picking forecast season capacity fuel cost emission electric charging
	tender contract pilot trial dashboard report metric saving hour week month quarter budget team manager
	analyst software tool spreadsheet export import integration api data model optimisation algorithm map
	traffic weather peak demand return refund complaint service level promise late early on-time rate growth`)

// benchBody is a short personal email of 40 words drawn at random.
func benchBody(rng *mrand.Rand, name string) string {
	var w []string
	for range 40 {
		w = append(w, benchWords[rng.IntN(len(benchWords))])
	}
	return fmt.Sprintf("Hello %s,\n\n%s.\n", strings.Fields(name)[0], strings.Join(w, " "))
}

// benchReply is a reply from c to the message with id sent; every tenth
// asks not to be emailed again (an opt-out, suppressed for the team).
func benchReply(c contacts.Contact, id string, n int) []byte {
	body := "Thanks, that sounds interesting. Can we talk next week?"
	if n%10 == 0 {
		body = "Please remove me from your mailing list, I do not want to receive these emails."
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "From: %s <%s>\r\nTo: rep@northwind.example\r\nSubject: Re: Routes\r\n", c.Name, c.Email)
	fmt.Fprintf(&buf, "Date: %s\r\nMessage-ID: <reply-%s>\r\nIn-Reply-To: <%s>\r\nMIME-Version: 1.0\r\n", time.Now().Format(time.RFC1123Z), id, id)
	buf.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n")
	return buf.Bytes()
}

// BenchmarkTeamSendSync is 20 reps of one team sending and syncing at
// once against one PostgreSQL server, each as their own login role through
// the real send path (checklist, draft, reservation, SMTP to an in-process
// server, the send recorded) while their inbox sync (an in-process IMAP
// server) stores the replies that come in: after every fifth send a reply
// arrives (one in ten an opt-out) and the rep's client syncs. Each round every rep sends perRep first emails
// to new contacts. It reports sends/s and syncs/s over the team, p50 and
// p99 of a whole send and of its transaction (MarkSent), and fails unless
// every reply was stored and the log's chain verifies after.
//
//	LEGIT_TEST_POSTGRES=postgres://… go test -run '^$' -bench TeamSendSync -benchtime 3x ./outreach
func BenchmarkTeamSendSync(b *testing.B) {
	url := os.Getenv("LEGIT_TEST_POSTGRES")
	if url == "" {
		b.Skip("needs PostgreSQL: set LEGIT_TEST_POSTGRES=postgres://… (.ci/run starts one)")
	}
	const nReps, perRep, replyEvery = 20, 25, 5
	ctx := context.Background()
	owner, reps := benchTeamDB(b, url, nReps)
	smtpSrv := startSMTP(b, &smtpBackend{})
	for _, r := range reps {
		r.sender = &Sender{Store: r.st, Builder: Builder{From: Identity{Name: r.rep.Name, Email: r.rep.Email}, Footer: testFooter},
			Transport: SMTP{Server: smtpSrv}, RepID: r.rep.ID, Rep: r.rep.Name, DeadlineDays: 30,
			DailyCap: 1 << 20, Guards: TeamGuards{OverlapDays: 14}}
	}
	var (
		mu                 sync.Mutex
		sendTimes          []time.Duration
		sends, syncs, sent int
		replies            int
		timed              time.Duration
	)
	for b.Loop() {
		b.StopTimer()
		todo := make([][]contacts.Contact, nReps)
		for i, r := range reps {
			todo[i] = r.addContacts(b, perRep)
		}
		b.StartTimer()
		start := time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, 2*nReps)
		for i, r := range reps {
			toSync := make(chan benchSent, perRep)
			wg.Add(2)
			go func() { // the rep sends
				defer wg.Done()
				defer close(toSync)
				rng := mrand.New(mrand.NewPCG(uint64(i), uint64(r.sent)))
				for n, c := range todo[i] {
					d := Draft{To: []string{c.Email}, Subject: "Routes at " + c.Company, Body: benchBody(rng, c.Name)}
					t0 := time.Now()
					res, err := r.sender.Send(ctx, 0, c.ID, d)
					took := time.Since(t0)
					if err != nil {
						errs <- fmt.Errorf("%s to %s: %w", r.rep.Name, c.Email, err)
						return
					}
					mu.Lock()
					sendTimes, sends = append(sendTimes, took), sends+1
					mu.Unlock()
					if n%replyEvery == 0 {
						toSync <- benchSent{c, res.Built.MessageID}
					}
				}
			}()
			go func() { // the rep's inbox: a reply comes in, the client syncs
				defer wg.Done()
				n := 0
				for more := true; more; {
					got, ok := <-toSync
					if more = ok; ok {
						raw := benchReply(got.c, got.id, n)
						if _, err := r.mail.Append("INBOX", benchLiteral{bytes.NewReader(raw)}, &imap.AppendOptions{Time: time.Now()}); err != nil {
							errs <- err
							return
						}
						n++
					}
					if _, err := RunSync(ctx, r.imap, r.st, SyncOptions{Rep: r.rep.Name}); err != nil {
						errs <- fmt.Errorf("%s's sync: %w", r.rep.Name, err)
						return
					}
					mu.Lock()
					syncs++
					if ok {
						replies++
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		timed += time.Since(start)
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
		sent += nReps * perRep
	}
	b.StopTimer()
	if sends != sent {
		b.Fatalf("%d sends went through, want %d", sends, sent)
	}
	var stored int
	for _, r := range reps {
		in, err := r.st.ListInbox(ctx, 1<<20)
		if err != nil {
			b.Fatal(err)
		}
		stored += len(in)
	}
	if stored != replies {
		b.Errorf("the reps' inboxes hold %d replies, %d came in", stored, replies)
	}
	rep, err := owner.VerifyChain(ctx)
	if err != nil {
		b.Fatalf("the chain after %d sends and %d syncs: %v", sends, syncs, err)
	}
	var txTimes []time.Duration
	for _, r := range reps {
		txTimes = append(txTimes, r.st.tx...)
	}
	b.ReportMetric(float64(sends)/timed.Seconds(), "sends/s")
	b.ReportMetric(float64(syncs)/timed.Seconds(), "syncs/s")
	b.ReportMetric(percentile(sendTimes, 50), "send-p50-ms")
	b.ReportMetric(percentile(sendTimes, 99), "send-p99-ms")
	b.ReportMetric(percentile(txTimes, 50), "tx-p50-ms")
	b.ReportMetric(percentile(txTimes, 99), "tx-p99-ms")
	b.ReportMetric(float64(rep.Events), "events")
	b.ReportMetric(percentile(txTimes, 100), "tx-max-ms")
	b.ReportMetric(0, "ns/op")
}

// percentile is the p-th percentile of ds in milliseconds.
func percentile(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[(len(s)-1)*p/100]) / float64(time.Millisecond)
}

// benchSent is a message a rep sent: to whom, and its Message-ID.
type benchSent struct {
	c  contacts.Contact
	id string
}

// benchLiteral is an in-memory imap.LiteralReader.
type benchLiteral struct{ *bytes.Reader }

// Size is the literal's length.
func (l benchLiteral) Size() int64 { return l.Reader.Size() }
