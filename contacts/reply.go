package contacts

// ReplyClass is what a person's reply asks for, as far as legit acts on it.
type ReplyClass string

// The classes of reply.
const (
	ReplyOptOut      ReplyClass = "opt_out"       // stop writing to me
	ReplyObjection   ReplyClass = "objection"     // Art. 21 objection to direct marketing
	ReplyErasure     ReplyClass = "erasure"       // Art. 17 request to erase
	ReplyAccess      ReplyClass = "access"        // Art. 15 request for access
	ReplyConsent     ReplyClass = "consent"       // agrees to more mail (or tracking)
	ReplyWithdrawal  ReplyClass = "withdrawal"    // withdraws a consent given earlier (to mail or to tracking)
	ReplyOutOfOffice ReplyClass = "out_of_office" // automatic absence reply
	ReplyBounce      ReplyClass = "bounce"        // delivery status notification
	ReplyOther       ReplyClass = "other"         // a human reply that asks for nothing legit acts on
)

// ReplyClasses lists every class, for validation and display.
var ReplyClasses = []ReplyClass{ReplyOptOut, ReplyObjection, ReplyErasure, ReplyAccess, ReplyConsent, ReplyWithdrawal, ReplyOutOfOffice, ReplyBounce, ReplyOther}
