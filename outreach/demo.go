package outreach

import (
	"time"

	"legit/store"
)

// demoReply is one invented reply of the demo inbox.
type demoReply struct {
	from, id, subject, text string
	hoursAgo                int
}

// demoReplies answer the demo contacts (contacts.Demo) in their languages:
// an opt-out, an erasure and an access request, a consent, a question and
// one from a stranger.
var demoReplies = []demoReply{
	{"jan.devries@polderdata.example", "r1@polderdata.example", "Re: Route planning", "Graag afmelden, geen interesse.", 50},
	{"zofia.lodz@wisla-soft.example", "r2@wisla-soft.example", "Odp: Route planning", "Proszę o usunięcie moich danych.", 40},
	{"g.ivanov@balkanfreight.example", "r3@balkanfreight.example", "Re: Route planning", "Sounds useful — keep me posted!", 30},
	{"marie.dubois@atelier-lumiere.example", "r4@atelier-lumiere.example", "RE: Route planning", "D'où tenez-vous mon adresse ? Je demande l'accès à mes données.", 20},
	{"someone@elsewhere.example", "r5@elsewhere.example", "Re: Route planning", "Who is this?", 10},
	{"anna.mueller@kraftwerk-logistik.example", "r6@kraftwerk.example", "AW: Route planning", "Können wir am Donnerstag telefonieren?", 5},
}

// DemoReplies is the demo inbox as of now, each reply classified by the
// same rules a real sync uses, with UIDs from 1.
func DemoReplies(now time.Time) []store.InboxItem {
	out := make([]store.InboxItem, len(demoReplies))
	for i, d := range demoReplies {
		out[i] = NewInboxItem(uint32(i+1), Reply{MessageID: d.id, From: d.from, Subject: d.subject, Text: d.text,
			ContentType: "text/plain", Date: now.Add(-time.Duration(d.hoursAgo) * time.Hour)})
	}
	return out
}
