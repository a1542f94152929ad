package outreach

// replyRules are the phrases that classify a reply, per language (ISO 639-1),
// as data: lower case, matched at the start of a word in the reply's own text
// (quoted history removed) and its subject. Add a language by adding an entry.
// Checked in the order of Classify: erasure, access, objection, opt-out,
// out-of-office, consent; a reply that also holds an opt-out or objection
// phrase stops outreach whatever its first class.
var replyRules = map[string]ruleSet{
	"en": {
		Erasure: []string{"delete my data", "delete my personal data", "delete all my data", "delete all data",
			"erase my data", "erase my personal data", "remove my data", "remove my personal data",
			"right to erasure", "right to be forgotten", "erasure request"},
		Access: []string{"what data do you hold", "what personal data", "which data do you", "what information do you hold",
			"subject access", "access request", "copy of my data", "copy of my personal data", "right of access",
			"where did you get my"},
		Objection: []string{"i object", "object to", "objection to"},
		OptOut: []string{"unsubscribe", "remove me", "take me off", "stop emailing", "stop sending", "stop contacting",
			"do not contact", "don't contact", "do not email", "don't email", "please don't write", "not interested",
			"no more emails", "opt me out", "opt out", "opt-out"},
		OutOfOffice: []string{"out of office", "out of the office", "away from the office", "on annual leave", "on leave until",
			"on holiday", "on vacation", "limited access to email", "automatic reply", "auto-reply", "autoreply"},
		Consent: []string{"keep me posted", "keep me updated", "keep me in the loop", "happy to hear more",
			"yes, please send", "yes please send", "sign me up", "feel free to send", "i consent", "you may send me",
			"please send me more"},
		Tracking: []string{"tracking is fine", "ok to track", "okay to track", "you may track", "consent to tracking"},
	},
	"nl": {
		Erasure: []string{"verwijder mijn gegevens", "verwijder al mijn gegevens", "wis mijn gegevens",
			"mijn gegevens te verwijderen", "mijn gegevens verwijderen", "recht op vergetelheid", "persoonsgegevens verwijderen"},
		Access: []string{"inzage", "welke gegevens", "waar heeft u mijn", "waar hebt u mijn", "waar heb je mijn",
			"kopie van mijn gegevens"},
		Objection: []string{"bezwaar"},
		OptOut: []string{"afmelden", "uitschrijven", "verwijder mij", "verwijder me", "haal mij van", "haal me van",
			"geen interesse", "geen mails meer", "geen e-mails meer", "stuur mij geen", "stuur me geen",
			"niet meer mailen", "niet meer benaderen"},
		OutOfOffice: []string{"afwezig", "niet op kantoor", "met vakantie", "automatisch antwoord", "ben ik weer"},
		Consent: []string{"hou me op de hoogte", "houd me op de hoogte", "houd mij op de hoogte", "hou mij op de hoogte",
			"graag meer informatie", "stuur maar", "u mag mij mailen"},
		Tracking: []string{"tracking is goed", "akkoord met tracking"},
	},
	"pl": {
		Erasure: []string{"usunięcie moich danych", "usuńcie moje dane", "usuń moje dane", "usunąć moje dane",
			"prawo do bycia zapomnianym", "usunięcie danych"},
		Access:    []string{"dostęp do moich danych", "jakie dane", "skąd macie", "skąd mają państwo", "kopię moich danych"},
		Objection: []string{"sprzeciw"},
		OptOut: []string{"wypisz mnie", "wypiszcie mnie", "usuń mnie z", "usuńcie mnie z", "proszę nie pisać",
			"nie jestem zainteresowan", "proszę nie wysyłać", "nie kontaktować", "rezygnuję"},
		OutOfOffice: []string{"poza biurem", "nieobecn", "na urlopie", "automatyczna odpowiedź"},
		Consent: []string{"proszę informować", "proszę mnie informować", "chętnie dowiem się więcej",
			"proszę o więcej informacji", "jestem zainteresowan"},
		Tracking: []string{"zgadzam się na śledzenie"},
	},
	"bg": {
		Erasure: []string{"изтрийте моите данни", "изтрийте данните ми", "изтриване на личните ми данни",
			"изтриване на данните ми", "право да бъда забравен"},
		Access: []string{"достъп до личните ми данни", "достъп до данните ми", "какви данни", "откъде имате",
			"копие от данните"},
		Objection: []string{"възразявам", "възражение"},
		OptOut: []string{"отпишете ме", "премахнете ме", "не ми пишете", "не се интересувам", "не ме интересува",
			"не желая да получавам", "спрете да ми пишете"},
		OutOfOffice: []string{"извън офиса", "в отпуск", "автоматичен отговор", "отсъствам"},
		Consent:     []string{"информирайте ме", "дръжте ме в течение", "да, изпращайте", "интересува ме"},
		Tracking:    []string{"съгласен съм с проследяване", "съгласна съм с проследяване"},
	},
	"de": {
		Erasure: []string{"löschen sie meine daten", "löschen sie bitte meine daten", "löschung meiner daten",
			"meine daten löschen", "löschung meiner personenbezogenen", "recht auf vergessenwerden"},
		Access:    []string{"auskunft", "welche daten", "woher haben sie", "kopie meiner daten"},
		Objection: []string{"widerspreche", "widerspruch"},
		OptOut: []string{"abmelden", "austragen", "entfernen sie mich", "keine weiteren e-mails", "keine e-mails mehr",
			"keine mails mehr", "kein interesse", "nicht mehr kontaktieren", "nicht mehr anschreiben",
			"schreiben sie mir nicht"},
		OutOfOffice: []string{"abwesenheitsnotiz", "nicht im büro", "außer haus", "im urlaub", "automatische antwort"},
		Consent: []string{"halten sie mich auf dem laufenden", "gerne mehr informationen", "ja, gerne",
			"bitte informieren sie mich"},
		Tracking: []string{"tracking ist in ordnung", "mit tracking einverstanden"},
	},
	"fr": {
		Erasure: []string{"supprimer mes données", "supprimez mes données", "suppression de mes données",
			"effacer mes données", "effacement de mes données", "droit à l'oubli"},
		Access: []string{"accès à mes données", "quelles données", "d'où tenez-vous", "où avez-vous obtenu",
			"copie de mes données"},
		Objection: []string{"je m'oppose", "opposition"},
		OptOut: []string{"désabonner", "desabonner", "désinscri", "désinscription", "retirez-moi", "ne plus recevoir",
			"ne m'écrivez plus", "pas intéressé", "ne me contactez plus", "supprimez-moi de"},
		OutOfOffice: []string{"absent du bureau", "absente du bureau", "en congé", "en vacances", "réponse automatique",
			"message d'absence"},
		Consent:  []string{"tenez-moi informé", "tenez-moi au courant", "volontiers", "je suis intéressé"},
		Tracking: []string{"j'accepte le suivi"},
	},
}

// ruleSet is one language's phrases per reply class. Tracking phrases make a
// consent one to open tracking rather than to marketing.
type ruleSet struct {
	Erasure, Access, Objection, OptOut, OutOfOffice, Consent, Tracking []string
}

// ruleLanguages is the order languages are tried in, so results are stable.
var ruleLanguages = []string{"en", "nl", "pl", "bg", "de", "fr"}
