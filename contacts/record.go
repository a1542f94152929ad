package contacts

import "time"

// Record is everything held about one person, as an access request (Art. 15)
// is answered: the contact with its sources and consents, every assessment
// made, every message to them, their replies as kept, and every log event
// about them.
type Record struct {
	Contact Contact
	// FormerEmails are the addresses the person had before the current one
	// (corrected, or of a duplicate merged in), kept so that an erasure or
	// opt-out covers them too.
	FormerEmails []string
	LastReplyAt  *time.Time
	Assessments  []AssessmentRecord
	Messages     []MessageRecord
	Replies      []ReplyRecord
	Events       []EventRecord
	// MentionedBy names the other contacts whose source detail names this
	// person (e.g. "introduced by Jan de Vries").
	MentionedBy []string
	// Others are the person's other contact rows in the organisation, each
	// gathered the same way: a colleague's contact, or an older one, that
	// holds one of the addresses the person had. Their own Others are empty.
	Others []Record
}

// ReplyRecord is one reply of the person as legit keeps it: the headers, how
// it was read, and the start of their own text (the rest is not kept).
type ReplyRecord struct {
	MessageID  string
	From       string
	Subject    string
	Snippet    string
	Class      ReplyClass
	ReceivedAt time.Time
}

// AssessmentRecord is one legitimate-interest assessment as it was written.
type AssessmentRecord struct {
	Assessment
	Author    string
	CreatedAt time.Time
}

// MessageRecord is one message to the person, with its full text.
type MessageRecord struct {
	ID        int64
	MessageID string // the Message-ID header, empty for a draft
	Subject   string
	Body      string
	State     string // draft, sending, sent, unknown or failed
	CreatedAt time.Time
	SentAt    *time.Time
}

// EventRecord is one entry of the outreach log about the person.
type EventRecord struct {
	ID         int64
	At         time.Time
	Rep        string
	Kind       string
	ContactRef string
	Details    map[string]string
	Hash       string
}

// SentMessages counts the messages that left (state sent).
func (r Record) SentMessages() int {
	n := 0
	for _, m := range r.Messages {
		if m.State == "sent" {
			n++
		}
	}
	return n
}

// LastSent returns when the newest message was sent, nil if none was.
func (r Record) LastSent() *time.Time {
	var last *time.Time
	for _, m := range r.Messages {
		if m.SentAt != nil && (last == nil || m.SentAt.After(*last)) {
			last = m.SentAt
		}
	}
	return last
}

// Activity returns the retention inputs of the record.
func (r Record) Activity() Activity {
	return Activity{LastReply: r.LastReplyAt}
}
