package outreach

import (
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
		{"erasure", "Re: Analytics", "Please delete my personal data from your systems.", contacts.ReplyErasure, "", ""},
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
		{"usunięcie", "Odp: Analityka", "Żądam usunięcia, proszę o usunięcie moich danych.", contacts.ReplyErasure, "", ""},
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
		{"изтриване", "Отг: Анализи", "Моля, изтрийте данните ми.", contacts.ReplyErasure, "", ""},
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
		{"löschen", "AW: Analytics", "Löschen Sie bitte meine Daten.", contacts.ReplyErasure, "", ""},
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
		{"supprimer", "RE: Analytique", "Veuillez supprimer mes données.", contacts.ReplyErasure, "", ""},
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
