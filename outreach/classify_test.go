package outreach

import (
	"fmt"
	"strings"
	"testing"

	"legit/contacts"
)

// reply builds a raw message: header lines, a blank line, then the body.
func rawReply(headers, body string) ([]byte, []byte) {
	h := strings.ReplaceAll(strings.TrimSpace(headers), "\n", "\r\n") + "\r\n"
	return []byte(h), []byte(strings.ReplaceAll(body, "\n", "\r\n"))
}

type classifyCase struct {
	name    string
	subject string
	body    string
	class   contacts.ReplyClass
	stop    contacts.ReplyClass
	purpose contacts.ConsentPurpose
}

func runClassify(t *testing.T, cases []classifyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, b := rawReply("From: Someone <someone@acme.example>\nSubject: "+tc.subject+
				"\nMessage-ID: <x1@acme.example>\nContent-Type: text/plain; charset=utf-8", tc.body)
			r, err := ParseReply(h, b)
			if err != nil {
				t.Fatalf("ParseReply() = %v", err)
			}
			v := Classify(r)
			if v.Class != tc.class || v.Stop != tc.stop {
				t.Errorf("Classify() = class %q stop %q (phrase %q), want class %q stop %q", v.Class, v.Stop, v.Phrase, tc.class, tc.stop)
			}
			if tc.purpose != "" && v.Purpose != tc.purpose {
				t.Errorf("Classify() purpose = %q, want %q", v.Purpose, tc.purpose)
			}
		})
	}
}

const quotedEN = `

On Mon, 16 Nov 2026 at 10:02, Robin Maes <robin.maes@northwind-analytics.example> wrote:
> Hi Anna, would you like to hear about our analytics? If not, just reply
> "unsubscribe" and I will not write again. I could also delete your data.
`

func TestClassifyEnglish(t *testing.T) {
	runClassify(t, []classifyCase{
		{"unsubscribe", "Re: Analytics for Acme", "Please unsubscribe me.\n\nThanks, Anna" + quotedEN, contacts.ReplyOptOut, contacts.ReplyOptOut, ""},
		{"not interested", "Re: Analytics", "Hi Robin,\nNot interested, thank you.\nAnna" + quotedEN, contacts.ReplyOptOut, contacts.ReplyOptOut, ""},
		{"remove me", "RE: Analytics", "Remove me from your list please", contacts.ReplyOptOut, contacts.ReplyOptOut, ""},
		{"objection", "Re: Analytics", "I object to the use of my data for direct marketing.", contacts.ReplyObjection, contacts.ReplyObjection, ""},
		{"erasure", "Re: Analytics", "Please delete my personal data from your systems.", contacts.ReplyErasure, contacts.ReplyOptOut, ""},
		{"erasure and stop", "Re: Analytics", "Stop emailing me and delete my data.", contacts.ReplyErasure, contacts.ReplyOptOut, ""},
		{"access", "Re: Analytics", "Where did you get my address? I want a copy of my personal data.", contacts.ReplyAccess, "", ""},
		{"consent", "Re: Analytics", "Sounds interesting, yes — keep me posted!" + quotedEN, contacts.ReplyConsent, "", contacts.ConsentMarketing},
		{"consent tracking", "Re: Analytics", "Keep me posted. Tracking is fine too.", contacts.ReplyConsent, "", contacts.ConsentTracking},
		{"ooo by text", "Automatic reply: Analytics", "I am out of the office until 30 November with limited access to email.", contacts.ReplyOutOfOffice, "", ""},
		{"other", "Re: Analytics", "Can we talk on Thursday at 3pm?" + quotedEN, contacts.ReplyOther, "", ""},
		{"quoted only", "Re: Analytics", "Thursday works." + quotedEN, contacts.ReplyOther, "", ""},
		{"outlook block", "RE: Analytics", "Sure, send the deck.\n\nFrom: Robin Maes <robin.maes@northwind-analytics.example>\nSent: Monday, November 16, 2026 10:02 AM\nTo: Anna\nSubject: Analytics\n\nReply unsubscribe to stop.", contacts.ReplyOther, "", ""},
		{"original message", "RE: Analytics", "Call me next week.\n-----Original Message-----\nplease delete my data", contacts.ReplyOther, "", ""},
		{"not a word start", "Re: Analytics", "Our resubscribed cohort grew.", contacts.ReplyOther, "", ""},
	})
}

func TestClassifyDutch(t *testing.T) {
	runClassify(t, []classifyCase{
		{"afmelden", "Re: Analytics", "Graag afmelden voor deze mails.\n\nMet vriendelijke groet,\nDaan\n\nOp ma 16 nov. 2026 om 10:02 schreef Robin Maes <robin@northwind.example>:\n> Hallo Daan", contacts.ReplyOptOut, contacts.ReplyOptOut, ""},
		{"geen interesse", "Re: Analytics", "Geen interesse, dank u.", contacts.ReplyOptOut, contacts.ReplyOptOut, ""},
		{"bezwaar", "Re: Analytics", "Ik maak bezwaar tegen direct marketing.", contacts.ReplyObjection, contacts.ReplyObjection, ""},
		{"verwijderen", "Re: Analytics", "Verwijder mijn gegevens alstublieft.", contacts.ReplyErasure, contacts.ReplyOptOut, ""},
		{"inzage", "Re: Analytics", "Ik wil inzage in de gegevens die u van mij heeft.", contacts.ReplyAccess, "", ""},
		{"op de hoogte", "Re: Analytics", "Houd me op de hoogte!", contacts.ReplyConsent, "", contacts.ConsentMarketing},
		{"afwezig", "Automatisch antwoord: Analytics", "Ik ben afwezig tot 1 december.", contacts.ReplyOutOfOffice, "", ""},
	})
}

func TestClassifyPolish(t *testing.T) {
	runClassify(t, []classifyCase{
		{"wypisz", "Odp: Analityka", "Proszę wypisz mnie z listy.\n\nW dniu 16.11.2026 o 10:02 Robin Maes <robin@northwind.example> napisał:\n> Dzień dobry", contacts.ReplyOptOut, contacts.ReplyOptOut, ""},
		{"niezainteresowany", "Odp: Analityka", "Nie jestem zainteresowany, dziękuję.", contacts.ReplyOptOut, contacts.ReplyOptOut, ""},
		{"sprzeciw", "Odp: Analityka", "Wnoszę sprzeciw wobec marketingu bezpośredniego.", contacts.ReplyObjection, contacts.ReplyObjection, ""},
		{"usunięcie", "Odp: Analityka", "Żądam usunięcia, proszę o usunięcie moich danych.", contacts.ReplyErasure, contacts.ReplyOptOut, ""},
		{"dostęp", "Odp: Analityka", "Skąd macie mój adres? Jakie dane przetwarzacie?", contacts.ReplyAccess, "", ""},
		{"zgoda", "Odp: Analityka", "Jestem zainteresowana, proszę informować.", contacts.ReplyConsent, "", contacts.ConsentMarketing},
		{"urlop", "Automatyczna odpowiedź", "Jestem na urlopie do 30.11.", contacts.ReplyOutOfOffice, "", ""},
	})
}

func TestClassifyBulgarian(t *testing.T) {
	runClassify(t, []classifyCase{
		{"отпишете", "Отг: Анализи", "Моля, отпишете ме от списъка.", contacts.ReplyOptOut, contacts.ReplyOptOut, ""},
		{"не се интересувам", "Отг: Анализи", "Не се интересувам, благодаря.\n\nНа пон, 16 ноем. 2026 в 10:02 Robin Maes написа:\n> Здравейте", contacts.ReplyOptOut, contacts.ReplyOptOut, ""},
		{"възразявам", "Отг: Анализи", "Възразявам срещу директния маркетинг.", contacts.ReplyObjection, contacts.ReplyObjection, ""},
		{"изтриване", "Отг: Анализи", "Моля, изтрийте данните ми.", contacts.ReplyErasure, contacts.ReplyOptOut, ""},
		{"достъп", "Отг: Анализи", "Откъде имате адреса ми? Какви данни пазите?", contacts.ReplyAccess, "", ""},
		{"съгласие", "Отг: Анализи", "Да, информирайте ме за новостите.", contacts.ReplyConsent, "", contacts.ConsentMarketing},
		{"отпуск", "Автоматичен отговор", "Ще бъда в отпуск до 1 декември.", contacts.ReplyOutOfOffice, "", ""},
	})
}

func TestClassifyGerman(t *testing.T) {
	runClassify(t, []classifyCase{
		{"abmelden", "AW: Analytics", "Bitte abmelden.\n\nAm Mo., 16. Nov. 2026 um 10:02 Uhr schrieb Robin Maes <robin@northwind.example>:\n> Hallo", contacts.ReplyOptOut, contacts.ReplyOptOut, ""},
		{"kein interesse", "AW: Analytics", "Kein Interesse. Mit freundlichen Grüßen", contacts.ReplyOptOut, contacts.ReplyOptOut, ""},
		{"widerspruch", "AW: Analytics", "Ich widerspreche der Nutzung meiner Daten für Werbung.", contacts.ReplyObjection, contacts.ReplyObjection, ""},
		{"löschen", "AW: Analytics", "Löschen Sie bitte meine Daten.", contacts.ReplyErasure, contacts.ReplyOptOut, ""},
		{"auskunft", "AW: Analytics", "Ich verlange Auskunft nach Art. 15 DSGVO. Woher haben Sie meine Adresse?", contacts.ReplyAccess, "", ""},
		{"auskunft und widerspruch", "AW: Analytics", "Ich widerspreche und verlange Auskunft.", contacts.ReplyAccess, contacts.ReplyObjection, ""},
		{"laufenden", "AW: Analytics", "Halten Sie mich auf dem Laufenden.", contacts.ReplyConsent, "", contacts.ConsentMarketing},
		{"abwesend", "Abwesenheitsnotiz: Analytics", "Ich bin bis 30.11. nicht im Büro.", contacts.ReplyOutOfOffice, "", ""},
		{"outlook de", "AW: Analytics", "Gern, rufen Sie an.\n\nVon: Robin Maes <robin@northwind.example>\nGesendet: Montag, 16. November 2026 10:02\nAn: Jonas\nBetreff: Analytics\n\nbitte abmelden", contacts.ReplyOther, "", ""},
	})
}

func TestClassifyFrench(t *testing.T) {
	runClassify(t, []classifyCase{
		{"désabonner", "RE: Analytique", "Merci de me désabonner.\n\nLe lun. 16 nov. 2026 à 10:02, Robin Maes <robin@northwind.example> a écrit :\n> Bonjour", contacts.ReplyOptOut, contacts.ReplyOptOut, ""},
		{"pas intéressé", "RE: Analytique", "Je ne suis pas intéressé.", contacts.ReplyOptOut, contacts.ReplyOptOut, ""},
		{"opposition", "RE: Analytique", "Je m’oppose au traitement de mes données.", contacts.ReplyObjection, contacts.ReplyObjection, ""},
		{"supprimer", "RE: Analytique", "Veuillez supprimer mes données.", contacts.ReplyErasure, contacts.ReplyOptOut, ""},
		{"accès", "RE: Analytique", "Où avez-vous obtenu mon adresse ? Je demande l'accès à mes données.", contacts.ReplyAccess, "", ""},
		{"tenez-moi", "RE: Analytique", "Oui, tenez-moi informé.", contacts.ReplyConsent, "", contacts.ConsentMarketing},
		{"absence", "Réponse automatique", "Je suis absente du bureau jusqu'au 30 novembre.", contacts.ReplyOutOfOffice, "", ""},
	})
}

func TestClassifyHeaders(t *testing.T) {
	cases := []struct {
		name, headers, body string
		class               contacts.ReplyClass
		failed              string
	}{
		{"auto-submitted", "From: Anna <anna@acme.example>\nAuto-Submitted: auto-replied\nSubject: Re: Analytics", "Please unsubscribe people who...", contacts.ReplyOutOfOffice, ""},
		{"x-autoreply", "From: Anna <anna@acme.example>\nX-Autoreply: yes\nSubject: Analytics", "Back Monday.", contacts.ReplyOutOfOffice, ""},
		{"auto-submitted no", "From: Anna <anna@acme.example>\nAuto-Submitted: no\nSubject: Re: Analytics", "Unsubscribe.", contacts.ReplyOptOut, ""},
		{"dsn", "From: Mail Delivery System <MAILER-DAEMON@mx.northwind.example>\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B1\"",
			"--B1\nContent-Type: text/plain\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<gone@acme.example>: host mx.acme.example said: 550 5.1.1 User unknown\n\n--B1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.northwind.example\n\nFinal-Recipient: rfc822; gone@acme.example\nAction: failed\nStatus: 5.1.1\n\n--B1--\n",
			contacts.ReplyBounce, "gone@acme.example"},
		{"dsn truncated", "From: MAILER-DAEMON@mx.example.net\nSubject: failure notice\nContent-Type: multipart/report; report-type=delivery-status; boundary=B2",
			"--B2\nContent-Type: text/plain\n\nDelivery to the following recipient failed permanently:\n\n     lost@acme.example\n\nTechnical details of perm", contacts.ReplyBounce, "lost@acme.example"},
		{"exim", "From: Mail Delivery System <Mailer-Daemon@mail.example.org>\nX-Failed-Recipients: Old.Address@Acme.Example\nSubject: Mail delivery failed", "This message was created automatically by mail delivery software.", contacts.ReplyBounce, "Old.Address@acme.example"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, b := rawReply(tc.headers, tc.body)
			r, err := ParseReply(h, b)
			if err != nil {
				t.Fatalf("ParseReply() = %v", err)
			}
			v := Classify(r)
			if v.Class != tc.class || v.FailedRecipient != tc.failed {
				t.Errorf("Classify() = %q failed %q, want %q failed %q", v.Class, v.FailedRecipient, tc.class, tc.failed)
			}
		})
	}
}

func TestParseReplyFields(t *testing.T) {
	h, b := rawReply(`From: =?UTF-8?Q?Zofia_=C5=81=C3=B3d=C5=BA?= <Zofia@Firma.Example>
Subject: =?ISO-8859-2?Q?Odp:_Oferta_=B3=F3d=BC?=
Date: Mon, 16 Nov 2026 11:30:00 +0100
Message-ID: <reply-1@firma.example>
In-Reply-To: <sent-1@northwind.example>
References: <sent-0@northwind.example> <sent-1@northwind.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="alt"`, `--alt
Content-Type: text/plain; charset=iso-8859-2
Content-Transfer-Encoding: quoted-printable

Prosz=EA wypisz mnie.
--alt
Content-Type: text/html; charset=utf-8

<p>Proszę wypisz mnie.</p>
--alt--
`)
	r, err := ParseReply(h, b)
	if err != nil {
		t.Fatal(err)
	}
	if r.From != "Zofia@firma.example" || r.MessageID != "reply-1@firma.example" || r.Subject != "Odp: Oferta łódź" {
		t.Errorf("From %q, MessageID %q, Subject %q", r.From, r.MessageID, r.Subject)
	}
	if len(r.InReplyTo) != 1 || r.InReplyTo[0] != "sent-1@northwind.example" || len(r.References) != 2 {
		t.Errorf("InReplyTo %v, References %v", r.InReplyTo, r.References)
	}
	if !strings.Contains(r.Text, "Proszę wypisz mnie.") || r.Date.UTC().Hour() != 10 {
		t.Errorf("Text %q, Date %v", r.Text, r.Date)
	}
	if v := Classify(r); v.Class != contacts.ReplyOptOut || v.Lang != "pl" {
		t.Errorf("Classify() = %+v, want opt-out in pl", v)
	}
}

func TestParseReplyHTMLOnly(t *testing.T) {
	h, b := rawReply("From: jan@firma.example\nContent-Type: text/html; charset=utf-8",
		"<div>Bitte <b>abmelden</b>.</div><blockquote>Reply unsubscribe… delete my data</blockquote>")
	r, err := ParseReply(h, b)
	if err != nil {
		t.Fatal(err)
	}
	if v := Classify(r); v.Class != contacts.ReplyOptOut || v.Lang != "de" {
		t.Errorf("Classify() = %+v (text %q), want opt-out in de", v, r.Text)
	}
}

func FuzzParseReply(f *testing.F) {
	seeds := [][2]string{
		{"From: a@b.example\r\nSubject: Re: x\r\n", "unsubscribe\r\n> quoted\r\n"},
		{"From: MAILER-DAEMON@x.example\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\r\n", "--B\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; z@y.example\r\n--B--"},
		{"Subject: =?ISO-8859-2?Q?=B3?=\r\nContent-Type: text/plain; charset=iso-8859-2\r\nContent-Transfer-Encoding: quoted-printable\r\n", "Prosz=EA=\r\n"},
		{"Content-Type: multipart/mixed; boundary=\"a\"\r\n", "--a\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>Op ma schreef"},
		{"From: \"x, y\" <x@y.example>, z@w.example\r\nIn-Reply-To: <<<>>\r\n", "On Mon wrote:\r\n"},
	}
	for _, s := range seeds {
		f.Add([]byte(s[0]), []byte(s[1]))
	}
	f.Fuzz(func(t *testing.T, header, body []byte) {
		r, err := ParseReply(header, body)
		if err != nil {
			return
		}
		v := Classify(r)
		valid := false
		for _, c := range contacts.ReplyClasses {
			valid = valid || c == v.Class
		}
		if !valid {
			t.Fatalf("Classify() gave unknown class %q", v.Class)
		}
		if s := r.Snippet(160); len([]rune(s)) > 160 {
			t.Fatalf("Snippet(160) has %d runes", len([]rune(s)))
		}
		if v.Class == contacts.ReplyBounce && v.FailedRecipient != "" {
			if _, err := contacts.NormalizeAddress(v.FailedRecipient); err != nil {
				t.Fatalf("failed recipient %q is not an address: %v", v.FailedRecipient, err)
			}
		}
	})
}

// verdictCase is a reply's subject and text and the verdict fields it must give.
type verdictCase struct {
	subject, text string
	class         contacts.ReplyClass
	stop          contacts.ReplyClass
	unsure        bool
	purpose       contacts.ConsentPurpose
}

func runVerdicts(t *testing.T, cases []verdictCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.subject+"|"+tc.text, func(t *testing.T) {
			v := Classify(Reply{From: "a@acme.example", Subject: tc.subject, ContentType: "text/plain", Text: tc.text})
			if v.Class != tc.class || v.Stop != tc.stop || v.Unsure != tc.unsure || v.Purpose != tc.purpose {
				t.Errorf("Classify() = %s/%q unsure=%v purpose=%q (phrase %q), want %s/%q unsure=%v purpose=%q",
					v.Class, v.Stop, v.Unsure, v.Purpose, v.Phrase, tc.class, tc.stop, tc.unsure, tc.purpose)
			}
			if v.Stop != "" && v.Phrase == "" {
				t.Errorf("Classify() stops with no phrase to show the rep")
			}
		})
	}
}

// The word the notice promises, in every notice language and in the
// subject, and the issue's own examples.
func TestClassifyNoticeWord(t *testing.T) {
	o := contacts.ReplyOptOut
	runVerdicts(t, []verdictCase{
		{"Re: Analytics", "STOP", o, o, false, ""},
		{"Re: Analytics", "Stop.", o, o, false, ""},
		{"Re: Analytics", "stop!!!\n\nSent from my phone", o, o, false, ""},
		{"STOP", "", o, o, false, ""},
		{"Re: STOP", "", o, o, false, ""},
		{"AW: Analytics", "Stopp, bitte.", o, o, false, ""},
		{"Odp: Analityka", "STOP proszę", o, o, false, ""},
		{"Отг: Анализи", "Стоп, благодаря.", o, o, false, ""},
		{"Re: Analytics", "Stop aub", o, o, false, ""},
		{"RE: Analytique", "STOP svp", o, o, false, ""},
		{"AW: Analytics", "Bitte keine Werbung mehr", o, o, false, ""},
		{"AW: Analytics", "Bitte streichen Sie mich aus Ihrem Verteiler", o, o, false, ""},
		{"Re: Analytics", "Don't write to me again", o, o, false, ""},
		{"Re: Analytics", "Please remove my address from your list", o, o, false, ""},
		{"Re: Analytics", "Please delete me", contacts.ReplyErasure, o, false, ""},
		{"Odp: Analityka", "Proszę o usunięcie mnie z listy", o, o, false, ""},
		{"Отг: Анализи", "Не желая повече имейли", o, o, false, ""},
		{"Re: Analytics", "Ik wil dit niet meer ontvangen", o, o, false, ""},
		{"Re: Analytics", "Please delete all personal data you hold about me (Art. 17 GDPR)", contacts.ReplyErasure, o, false, ""},
		// STOP inside a sentence: a weak signal; lower case "stop by" is none.
		{"Re: Analytics", "I said STOP and I mean it, who gave you the right", o, o, true, ""},
		{"Re: Expo", "Stop by our booth B12 on Tuesday.", contacts.ReplyOther, "", false, ""},
		{"Re: Bus", "The bus stop is right in front of our office.", contacts.ReplyOther, "", false, ""},
	})
}

// Negation: "no objection" is not an objection, "don't stop" is not a stop,
// and a negator whose reach is unclear keeps the stop, flagged Unsure.
func TestClassifyNegation(t *testing.T) {
	o, other := contacts.ReplyOptOut, contacts.ReplyOther
	runVerdicts(t, []verdictCase{
		{"Re: Analytics", "Ik heb geen bezwaar.", other, "", false, ""},
		{"Re: Analytics", "Ik heb er eigenlijk geen enkel bezwaar tegen.", other, "", false, ""},
		{"Re: Analytics", "No objection, go ahead.", other, "", false, ""},
		{"Re: Analytics", "I don't object.", other, "", false, ""},
		{"Re: Analytics", "I do not have any objection to that.", other, "", false, ""},
		{"AW: Analytics", "Ich widerspreche nicht.", other, "", false, ""},
		{"AW: Analytics", "Kein Widerspruch.", other, "", false, ""},
		{"Odp: Analityka", "Nie wnoszę sprzeciwu.", other, "", false, ""},
		{"Отг: Анализи", "Не възразявам.", other, "", false, ""},
		{"RE: Analytique", "Je ne m'oppose pas.", other, "", false, ""},
		{"Re: Analytics", "Don't stop sending these, they're useful.", other, "", false, ""},
		{"Re: Analytics", "No need to unsubscribe me, I like them.", other, "", false, ""},
		{"Re: Analytics", "Please don't remove me from the list.", other, "", false, ""},
		{"Re: Analytics", "I have no problem with your emails.", other, "", false, ""},
		// "not only" is no negation.
		{"AW: Analytics", "Ich widerspreche nicht nur der Werbung, sondern allem.", contacts.ReplyObjection, contacts.ReplyObjection, false, ""},
		// A conditional, or a negator further away: the stop stays, Unsure.
		{"Re: Analytics", "If you don't stop emailing me I will complain.", o, o, true, ""},
		{"Re: Analytics", "I don't mind if you stop emailing me.", o, o, true, ""},
		// A negated consent is a refusal; a negated consent to tracking withdraws it.
		{"Re: Analytics", "I never agreed to receive your emails.", o, o, false, ""},
		{"Re: Analytics", "I do not consent to tracking.", contacts.ReplyWithdrawal, "", false, contacts.ConsentTracking},
		{"Odp: Analityka", "Nie jestem zainteresowany.", o, o, false, ""},
		// A comma or "but" ends the negation's reach.
		{"Re: Analytics", "No, please remove me.", o, o, false, ""},
		{"Re: Analytics", "Not now, but keep me posted.", contacts.ReplyConsent, "", false, contacts.ConsentMarketing},
	})
}

// Weak signals stop outreach with Unsure set; they never fall to "other".
func TestClassifyUnsure(t *testing.T) {
	o := contacts.ReplyOptOut
	runVerdicts(t, []verdictCase{
		{"Re: Analytics", "pls unsubscibe", o, o, true, ""},
		{"AW: Analytics", "bitte abmleden", o, o, true, ""},
		{"Re: Analytics", "This is spam.", o, o, true, ""},
		{"Re: Analytics", "Could you take Peter off the distribution list?", o, o, true, ""},
		{"Re: Analytics", "Not interested, but keep me posted about the 2027 release.", o, o, true, ""},
		{"AW: Analytics", "Bitte melden Sie mich für das Webinar an.", contacts.ReplyOther, "", false, ""},
		{"AW: Analytics", "Ich möchte mich anmelden.", contacts.ReplyOther, "", false, ""},
	})
}

// Withdrawal: to tracking never reads as consent; to email stops outreach.
func TestClassifyWithdrawal(t *testing.T) {
	w, o := contacts.ReplyWithdrawal, contacts.ReplyOptOut
	tr, mk := contacts.ConsentTracking, contacts.ConsentMarketing
	runVerdicts(t, []verdictCase{
		{"Re: Analytics", "I withdraw my consent to tracking.", w, "", false, tr},
		{"Re: Analytics", "I withdraw my consent.", w, o, false, mk},
		{"Re: Analytics", "I withdraw my consent to tracking and to emails.", w, o, false, tr},
		{"Re: Analytics", "I revoke the consent to open tracking I gave you.", w, "", false, tr},
		{"Re: Analytics", "Please stop tracking my emails.", w, "", false, tr},
		{"Re: Analytics", "I no longer consent to your emails.", w, o, false, mk},
		{"Re: Analytics", "Tracking is fine.", contacts.ReplyConsent, "", false, tr},
		{"Re: Analytics", "Keep me posted, but no tracking please.", w, "", false, tr},
		{"AW: Analytics", "Meine Einwilligung zum Tracking widerrufe ich.", w, "", false, tr},
		{"Re: Analytics", "Ik trek mijn toestemming in.", w, o, false, mk},
		{"Odp: Analityka", "Cofam zgodę na śledzenie otwarć.", w, "", false, tr},
		{"Отг: Анализи", "Оттеглям съгласието си.", w, o, false, mk},
		{"RE: Analytique", "Je retire mon consentement au suivi.", w, "", false, tr},
	})
}

func TestFoldWord(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Löschen", "loschen"}, {"loeschen", "loschen"}, {"Straße", "strasse"}, {"usunięcie", "usuniecie"},
		{"Łódź", "lodz"}, {"désinscrire", "desinscrire"}, {"ИЗТРИЙТЕ", "изтрийте"},
		{"Hе", "не"}, // Latin H in a Cyrillic word
		{"интересувa", "интересува"},
	} {
		if got := foldWord(tc.in); got != tc.want {
			t.Errorf("foldWord(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTokenizeBreaks(t *testing.T) {
	toks := tokenize("Hi Anna,\nplease remove my e-mail address (Art. 21 GDPR). Thanks\n\nRobin")
	var got []string
	for _, tk := range toks {
		got = append(got, fmt.Sprintf("%d:%s", tk.brk, tk.w))
	}
	want := "4:hi 0:anna 2:please 0:remove 0:my 0:email 0:address 2:art 0:21 0:gdpr 3:thanks 4:robin"
	if s := strings.Join(got, " "); s != want {
		t.Errorf("tokenize() = %s\nwant          %s", s, want)
	}
}

func TestDamerau1(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"unsubscribe", "unsubscibe", true}, {"unsubscribe", "unsubsrcibe", true}, {"abmelden", "abmleden", true},
		{"abmelden", "abmelden", true}, {"abmelden", "anmelden", true}, {"uitschrijven", "inschrijven", false},
		{"afmelden", "aanmelden", false},
	} {
		if got := damerau1(tc.a, tc.b); got != tc.want {
			t.Errorf("damerau1(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// FuzzClassify: Classify never panics, always gives a known class, Unsure
// only with Stop, and the same verdict twice.
func FuzzClassify(f *testing.F) {
	for _, s := range [][2]string{
		{"Re: x", "STOP"}, {"STOP", ""}, {"AW: y", "Bitte keine Werbung mehr.\n\nAm Mo schrieb R:\n> STOP"},
		{"", "Не желая повече имейли"}, {"Odp:", "Proszę o usunięcie mnie z listy"}, {"", "I withdraw my consent to tracking."},
		{"", "Ik heb geen bezwaar, maar stop."}, {"", "e-\n-mail - -- .. Art. 21 (("}, {"", "Hе ме интересувa"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, subject, text string) {
		r := Reply{From: "a@b.example", Subject: subject, ContentType: "text/plain", Text: text}
		v := Classify(r)
		valid := false
		for _, c := range contacts.ReplyClasses {
			valid = valid || c == v.Class
		}
		if !valid {
			t.Fatalf("Classify() gave unknown class %q", v.Class)
		}
		if v.Unsure && v.Stop == "" {
			t.Fatalf("Classify() = %+v: Unsure without Stop", v)
		}
		if v.Stop != "" && v.Stop != contacts.ReplyOptOut && v.Stop != contacts.ReplyObjection {
			t.Fatalf("Classify() stop %q", v.Stop)
		}
		if v2 := Classify(r); v2 != v {
			t.Fatalf("Classify() not deterministic: %+v then %+v", v, v2)
		}
	})
}

// BenchmarkClassify classifies a reply of maxText bytes (the most sync reads).
func BenchmarkClassify(b *testing.B) {
	para := "Hi Robin, thanks for the note. We looked at the proposal with the team and will get back to you next week about pricing and the pilot.\n"
	text := strings.Repeat(para, maxText/len(para)) + "Please remove me from your mailing list."
	r := Reply{From: "a@acme.example", Subject: "Re: Analytics", ContentType: "text/plain", Text: text}
	b.ReportAllocs()
	for b.Loop() {
		if v := Classify(r); v.Stop == "" {
			b.Fatalf("Classify() = %+v", v)
		}
	}
}
