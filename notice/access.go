package notice

import "legit/contacts"

// Access is what the Art. 15 GDPR access copy tells the person besides the
// data itself, in the contact's notice language (English when there is no
// text in theirs), worded as the notice words it.
type Access struct {
	Language    string   `json:"language"`            // the language the texts are in
	Purpose     string   `json:"purpose,omitempty"`   // purpose and basis (Art. 15(1)(a)); empty when no basis is recorded
	Sources     []string `json:"sources"`             // one sentence per source, oldest first (Art. 15(1)(g))
	Recipients  string   `json:"recipients"`          // Art. 15(1)(c)
	Transfers   string   `json:"transfers"`           // Art. 15(2)
	Retention   string   `json:"retention"`           // the period or its criteria (Art. 15(1)(d))
	Suppression string   `json:"suppression"`         // what is kept after an opt-out, and why
	Rights      string   `json:"rights"`              // rectification, erasure, restriction, objection; portability for consent (Art. 15(1)(e))
	Complaint   string   `json:"complaint"`           // the right to complain, with an example authority (Art. 15(1)(f), 77)
	Automated   string   `json:"automated_decisions"` // no automated decisions or profiling (Art. 15(1)(h))
}

// AccessFor returns the Art. 15 texts for c. It is pure, and it does not
// check the controller: an access request is answered whatever the config
// lacks.
func AccessFor(ctl Controller, c contacts.Contact) Access {
	lang := Language(c.Language)
	p := params(lang, ctl, c)
	a := Access{
		Language:    lang,
		Recipients:  T(lang, "recipients", p),
		Transfers:   T(lang, "transfers_none", p),
		Retention:   retentionText(lang, ctl, c),
		Suppression: T(lang, "suppression", p),
		Rights:      T(lang, rightsKey(c), p),
		Complaint:   complaintLine(lang, ctl, c, p).text,
		Automated:   T(lang, "automated", p),
	}
	if p["transfers"] != "" {
		a.Transfers = T(lang, "transfers", p)
	}
	if c.Basis.Recorded() {
		a.Purpose = purposeLine(lang, c, p).text
	}
	for _, s := range sourcesInOrder(c) {
		a.Sources = append(a.Sources, SourceText(lang, s, ctl.Name))
	}
	return a
}
