package contacts

import (
	"fmt"
	"time"
)

// demoRow is one invented person for the demo database.
type demoRow struct {
	name, email, company, position, country, lang string
	kind                                          SourceKind
	detail                                        string
	ageDays                                       int // days since the data was obtained
	state                                         string
}

// The demo states, each a situation a screen has to show.
const (
	demoNoBasis   = "no basis"
	demoLI        = "legitimate interest"
	demoInformed  = "informed"
	demoCustomer  = "customer"
	demoDormant   = "dormant"
	demoTracking  = "tracking consent"
	demoOptedOut  = "opted out"
	demoObjected  = "objected"
	demoNoAddress = "no address"
)

var demoRows = []demoRow{
	{"Anna Müller", "anna.mueller@kraftwerk-logistik.example", "Kraftwerk Logistik GmbH", "Head of Operations", "DE", "de", LinkedIn, "LinkedIn connections export", 12, demoNoBasis},
	{"Jan de Vries", "jan.devries@polderdata.example", "Polderdata B.V.", "CTO", "NL", "nl", BusinessCard, "card from booth 14, Expo Utrecht 2026", 2, demoLI},
	{"Zofia Łódź", "zofia.lodz@wisla-soft.example", "Wisła Soft sp. z o.o.", "Kierownik działu IT", "PL", "pl", Event, "speaker list, Warsaw Data Days 2026", 27, demoLI},
	{"Georgi Ivanov", "g.ivanov@balkanfreight.example", "Balkan Freight AD", "Logistics Director", "BG", "bg", LinkedIn, "LinkedIn connections export", 41, demoLI},
	{"Marie Dubois", "marie.dubois@atelier-lumiere.example", "Atelier Lumière SAS", "Directrice commerciale", "FR", "en", Website, "contact page of atelier-lumiere.example", 5, demoInformed},
	{"Lukas Schneider", "lukas.schneider@rheinmetall-parts.example", "Rhein Parts AG", "Einkauf", "DE", "de", Manual, "order RP-2026-114: address given at checkout, with the box to refuse marketing email", 300, demoCustomer},
	{"Eva Novak", "eva.novak@ljubljana-labs.example", "Ljubljana Labs d.o.o.", "Product Lead", "SI", "en", Directory, "Chamber of Commerce member directory", 33, demoNoBasis},
	{"Pieter Janssens", "pieter.janssens@vlaamse-bouw.example", "Vlaamse Bouw NV", "Facility Manager", "BE", "nl", BusinessCard, "card from booth 3, Bouwbeurs Gent 2026", 0, demoNoBasis},
	{"Katarzyna Nowak", "k.nowak@gdansk-shipping.example", "Gdańsk Shipping S.A.", "CFO", "PL", "pl", LinkedIn, "LinkedIn connections export", 200, demoDormant},
	{"Thomas Berger", "thomas.berger@alpen-energie.example", "Alpen Energie GmbH", "Energy Analyst", "AT", "de", Event, "attendee list, Vienna Energy Forum 2026", 24, demoLI},
	{"Sophie Laurent", "sophie.laurent@cote-vins.example", "Côte Vins SARL", "Export Manager", "FR", "en", BusinessCard, "card from stand B7, ProWein 2026", 15, demoTracking},
	{"Mihail Petrov", "mihail.petrov@sofia-cloud.example", "Sofia Cloud OOD", "Founder", "BG", "bg", Website, "team page of sofia-cloud.example", 3, demoNoBasis},
	{"Lotte Bakker", "lotte.bakker@groenhuis.example", "Groenhuis B.V.", "Inkoper", "NL", "nl", LinkedIn, "LinkedIn connections export", 29, demoLI},
	{"Henrik Larsen", "henrik.larsen@nordic-fleet.example", "Nordic Fleet ApS", "Fleet Manager", "DK", "en", Event, "badge scan, Nordic Logistics Summit 2026", 60, demoInformed},
	{"Ines Ferreira", "ines.ferreira@lisboa-tech.example", "Lisboa Tech Lda", "COO", "PT", "en", Referral, "introduced by Marie Dubois", 8, demoOptedOut},
	{"Tomasz Wójcik", "tomasz.wojcik@krakow-metal.example", "Kraków Metal sp. j.", "Plant Manager", "PL", "pl", BusinessCard, "card from booth 22, Poznań Industry Fair 2026", 35, demoNoBasis},
	{"Clara Fischer", "clara.fischer@hamburg-hafen.example", "Hamburg Hafen Service GmbH", "IT-Leiterin", "DE", "de", Directory, "IHK member directory", 10, demoObjected},
	{"Daan Visser", "daan.visser@amstel-analytics.example", "Amstel Analytics B.V.", "Data Lead", "NL", "nl", LinkedIn, "LinkedIn connections export", 19, demoLI},
	{"Elena Popescu", "elena.popescu@carpat-agro.example", "Carpat Agro SRL", "General Manager", "RO", "en", Event, "meeting at AgriTech Bucharest 2026", 26, demoLI},
	{"Martin Svoboda", "martin.svoboda@praha-print.example", "Praha Print s.r.o.", "Owner", "CZ", "en", Website, "imprint page of praha-print.example", 45, demoInformed},
	{"Aylin Demir", "aylin.demir@berlin-mobility.example", "Berlin Mobility GmbH", "Partnerships", "DE", "de", BusinessCard, "card from booth 9, InnoTrans 2026", 4, demoTracking},
	{"Rasmus Nieminen", "rasmus.nieminen@suomi-paper.example", "Suomi Paper Oy", "Procurement Lead", "FI", "en", LinkedIn, "LinkedIn connections export", 50, demoNoAddress},
	{"Joanna Kowalska", "joanna.kowalska@lodz-textile.example", "Łódź Textile S.A.", "Dyrektor handlowy", "PL", "pl", Referral, "introduced by Tomasz Wójcik", 400, demoCustomer},
	{"Stefan Dimitrov", "stefan.dimitrov@varna-ports.example", "Varna Ports EAD", "Operations", "BG", "bg", Directory, "Bulgarian Ports association list", 22, demoNoBasis},
	{"Femke Smit", "f.smit@utrecht-zorg.example", "Utrecht Zorg Groep", "ICT-manager", "NL", "nl", Event, "round table, Zorg & ICT 2026", 31, demoLI},
	{"Oliver Wagner", "oliver.wagner@bayern-bau.example", "Bayern Bau KG", "Geschäftsführer", "DE", "de", LinkedIn, "LinkedIn connections export", 90, demoCustomer},
	{"Lucía García", "lucia.garcia@iberia-solar.example", "Iberia Solar SL", "Project Manager", "ES", "en", Website, "speaker page, Solar Madrid 2026", 6, demoLI},
	{"Niels Jacobs", "niels.jacobs@antwerp-chem.example", "Antwerp Chem NV", "Safety Officer", "BE", "nl", Directory, "FEDIL member directory", 38, demoNoBasis},
	{"Agnieszka Zielińska", "a.zielinska@wroclaw-it.example", "Wrocław IT sp. z o.o.", "HR Business Partner", "PL", "pl", LinkedIn, "LinkedIn connections export", 14, demoNoAddress},
	{"Ivan Georgiev", "ivan.georgiev@plovdiv-foods.example", "Plovdiv Foods AD", "Quality Manager", "BG", "bg", BusinessCard, "card from booth 5, Food Expo Plovdiv 2026", 1, demoLI},
	{"Hannah Weber", "hannah.weber@koeln-media.example", "Köln Media GmbH", "Marketing Lead", "DE", "de", Event, "workshop attendee, dmexco 2026", 18, demoInformed},
	{"Bram Mulder", "bram.mulder@delta-water.example", "Delta Water B.V.", "Asset Manager", "NL", "nl", Referral, "introduced by Jan de Vries", 25, demoLI},
	{"Paula Rossi", "paula.rossi@milano-design.example", "Milano Design Srl", "Creative Director", "IT", "en", BusinessCard, "card from stand C2, Salone 2026", 44, demoNoBasis},
	{"Jakub Kamiński", "jakub.kaminski@poznan-auto.example", "Poznań Auto S.A.", "Fleet Buyer", "PL", "pl", LinkedIn, "LinkedIn connections export", 9, demoLI},
	{"Sanne Hendriks", "sanne.hendriks@eindhoven-hightech.example", "Eindhoven HighTech B.V.", "R&D Manager", "NL", "nl", Event, "demo at High Tech Campus open day 2026", 28, demoNoBasis},
	{"Felix Hoffmann", "felix.hoffmann@dresden-chips.example", "Dresden Chips GmbH", "Einkaufsleiter", "DE", "de", Website, "team page of dresden-chips.example", 70, demoOptedOut},
	{"Maria Stoyanova", "maria.stoyanova@burgas-energy.example", "Burgas Energy EOOD", "Finance Manager", "BG", "bg", Event, "panel, Energy Week Sofia 2026", 11, demoTracking},
	{"Erik Andersson", "erik@andersson-marin.example", "Andersson Marin (enskild firma)", "Owner", "SE", "en", Directory, "Swedish maritime suppliers directory", 20, demoNoBasis},
	{"Noor El Amrani", "noor.elamrani@rotterdam-cargo.example", "Rotterdam Cargo B.V.", "Customs Specialist", "", "", LinkedIn, "LinkedIn connections export", 36, demoNoBasis},
	{"Julia Becker", "julia.becker@frankfurt-fintech.example", "Frankfurt FinTech AG", "Compliance Officer", "DE", "", Referral, "introduced by Hannah Weber", 2, demoNoBasis},
}

// demoOptOutCountries are the demo's countries whose law lets a company's
// staff be written to without prior consent (outreach's policy table; a test
// there checks this agrees). Everywhere else the demo's people on
// legitimate interest gave consent instead.
var demoOptOutCountries = map[string]bool{"SE": true, "FI": true, "FR": true, "IE": true, "PT": true, "BG": true, "EE": true}

// demoNoCustomerException are the demo's countries without the
// existing-customer exception (Poland): its customers gave consent.
var demoNoCustomerException = map[string]bool{"PL": true}

// demoNeedsConsent says whether the demo row r, built as c, is in a country
// whose law asks consent for a cold B2B email where c's basis would not do.
// Contacts who opted out or objected keep their old basis, and the dormant
// customer still needs a fresh one.
func demoNeedsConsent(r demoRow, c Contact) bool {
	if c.Status != Active || r.state == demoDormant {
		return false
	}
	switch c.Basis.Kind {
	case LegitimateInterest:
		return !demoOptOutCountries[r.country]
	case ExistingCustomer:
		return demoNoCustomerException[r.country]
	}
	return false
}

// demoLegalForm is a demo row's legal form: what its company's name says (a
// sole trader, a partnership, a company), and unknown for the contact whose
// country is unknown too, as after a LinkedIn import.
func demoLegalForm(r demoRow) LegalForm {
	if r.country == "" {
		return LegalFormUnknown
	}
	if p := ProposeLegalForm(r.email, r.name, r.company); p.Confidence == ConfidenceStrong {
		return p.Form
	}
	return LegalPerson
}

// giveDemoConsent replaces c's basis with consent to marketing email, given
// in a reply an hour after the data was obtained.
func giveDemoConsent(c *Contact, r demoRow, obtained time.Time, rep string) {
	at := obtained.Add(time.Hour)
	ev := ConsentEvidence{GivenAt: at, Channel: ConsentByForm, Reference: fmt.Sprintf("demo form submission #%d", 4100+r.ageDays),
		Told: "Northwind Analytics B.V. will email you about route-planning software; you can withdraw at any time (checkbox on the demo request form, unticked by default)"}
	c.Basis = Basis{Kind: ConsentBasis, Consent: ev, Author: rep, RecordedAt: at}
	c.Consents = append([]Consent{{Purpose: ConsentMarketing, ConsentEvidence: ev, GrantedAt: at}}, c.Consents...)
}

// demoAssessment is a worked legitimate-interest assessment for the demo.
func demoAssessment(company string) Assessment {
	return Assessment{
		Purpose:   "Offering our route-planning software to logistics and operations teams, a B2B service we sell.",
		Necessity: fmt.Sprintf("This person leads operations at %s, so a single personal email is the least intrusive way to reach the one role that decides.", company),
		Balancing: "Work address and role only, one message with a clear opt-out; people in this role expect vendor approaches about tools for their job.",
	}
}

// Demo returns about forty invented contacts (no real person's data) covering
// every state the screens show: no basis yet, due soon, overdue, informed,
// suppressed, customer, dormant, consented to tracking, no address. rep is
// the name recorded as having obtained the data.
func Demo(now time.Time, rep string) []Contact {
	out := make([]Contact, 0, len(demoRows))
	for _, r := range demoRows {
		obtained := now.AddDate(0, 0, -r.ageDays)
		c := Contact{
			Name: r.name, Email: r.email, Company: r.company, Position: r.position,
			Country: r.country, Language: r.lang, LegalForm: demoLegalForm(r), Relationship: Prospect, Status: Active,
			Sources: []Source{{Kind: r.kind, Detail: r.detail, ObtainedAt: obtained, ObtainedBy: rep}},
		}
		li := Basis{Kind: LegitimateInterest, Assessment: demoAssessment(r.company), Author: rep, RecordedAt: obtained.Add(time.Hour)}
		switch r.state {
		case demoLI:
			c.Basis = li
		case demoInformed:
			c.Basis = li
			at := obtained.AddDate(0, 0, 1)
			c.InformedAt = &at
		case demoCustomer, demoDormant:
			bought := now.AddDate(0, -2, 0)
			c.Relationship = Customer
			if r.state == demoDormant {
				bought = now.AddDate(-1, -3, 0)
				c.Relationship = Dormant
			}
			offered := bought
			c.Basis = Basis{Kind: ExistingCustomer, CustomerSale: CustomerSale{Purchase: "RoutePlanner Pro annual licence", PurchaseAt: &bought,
				AddressFromSale: true, ObjectionOfferedAt: &offered}, Author: rep, RecordedAt: obtained}
			informed := obtained.AddDate(0, 0, 1)
			c.InformedAt = &informed
		case demoTracking:
			c.Basis = li
			at := obtained.AddDate(0, 0, 1)
			c.InformedAt = &at
			given := at.AddDate(0, 0, 1)
			c.Consents = []Consent{{Purpose: ConsentTracking, GrantedAt: given, ConsentEvidence: ConsentEvidence{GivenAt: given,
				Channel: ConsentByReply, Reference: fmt.Sprintf("<yes-please-%d@mail.example>", r.ageDays),
				Told:      "our email of the day before asked whether we may see when our emails are opened",
				ReplyText: "Yes, you may track opens, that is fine with me."}}}
		case demoOptedOut, demoObjected:
			c.Basis = li
			at := obtained.AddDate(0, 0, 1)
			c.InformedAt = &at
			c.Status = OptedOut
			if r.state == demoObjected {
				c.Status = Objected
			}
		case demoNoAddress:
			c.Email = ""
		}
		if demoNeedsConsent(r, c) {
			giveDemoConsent(&c, r, obtained, rep)
		}
		out = append(out, c)
	}
	return out
}
