package notice

// Group is where a contact goes on the deadlines screen and in
// `legit deadlines`.
type Group int

// The groups, most urgent first.
const (
	GroupOverdue  Group = iota // the deadline has passed: inform now or erase
	GroupThisWeek              // WarnDays or fewer left
	GroupLater                 // more time left, or no source to run the clock
	GroupInformed              // the notice has been sent; nothing to do
)

// String names the group as screens and JSON show it.
func (g Group) String() string {
	switch g {
	case GroupOverdue:
		return "overdue"
	case GroupThisWeek:
		return "due this week"
	case GroupLater:
		return "later"
	default:
		return "informed"
	}
}

// GroupOf puts a deadline in its group.
func GroupOf(d Deadline) Group {
	switch d.State {
	case Overdue:
		return GroupOverdue
	case DueSoon:
		return GroupThisWeek
	case Informed:
		return GroupInformed
	default:
		return GroupLater
	}
}
