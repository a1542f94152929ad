package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"legit/contacts"
)

// changingRequests is a RetentionStore (as *store.Store behaves: with
// erasureAsked only the open requests, without every contact, each with
// its request as it stands) whose requests change between the two walks.
type changingRequests struct {
	people  []contacts.Contact
	asked   map[int64]time.Time
	between func(asked map[int64]time.Time)
	walks   int
}

func (s *changingRequests) EachForRetention(_ context.Context, erasureAsked bool, fn func(contacts.Contact, contacts.Activity) error) error {
	if s.walks++; s.walks == 2 {
		s.between(s.asked)
	}
	for _, c := range s.people {
		var a contacts.Activity
		last := testNow.AddDate(0, 0, -3)
		a.LastObtained = &last
		if at, ok := s.asked[c.ID]; ok {
			a.ErasureAsked = &at
		} else if erasureAsked {
			continue
		}
		if err := fn(c, a); err != nil {
			return err
		}
	}
	return nil
}

// A request answered or opened while the to-erase list is read is listed
// once: the answered one with the requests (as it was when they were read),
// the new one with the rest; nobody twice, nobody missed.
func TestRetentionWalkListsChangedRequestsOnce(t *testing.T) {
	day := testNow.AddDate(0, 0, -1)
	st := &changingRequests{
		people: []contacts.Contact{
			{ID: 1, Name: "Ada Answered"}, {ID: 2, Name: "Bo Waiting"}, {ID: 3, Name: "Cy Newly Asked"},
			{ID: 4, Name: "Di Opted Out", Status: contacts.OptedOut}, {ID: 5, Name: "Ed Kept"},
		},
		asked: map[int64]time.Time{1: day, 2: day},
		between: func(asked map[int64]time.Time) {
			delete(asked, 1) // Ada's erasure is done or her request answered
			asked[3] = testNow
		},
	}
	var got []string
	err := eachDueForErasure(context.Background(), st, testNow, contacts.Retention{}, func(d *contacts.ErasureDue) error {
		got = append(got, d.Contact.Name+": "+string(d.Due.Reason))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Ada Answered: erasure_requested", "Bo Waiting: erasure_requested", "Cy Newly Asked: erasure_requested", "Di Opted Out: opted_out"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("listed\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
