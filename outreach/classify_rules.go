package outreach

// The classifier's knowledge, as data: per language (ISO 639-1) a ruleSet of
// phrases that decide a class on their own and of word lists that frames
// (below) combine. Entries are written as a native speaker spells them; they
// are folded like the reply's words (lower case, no diacritics, "ae/oe/ue"
// as "a/o/u"), so "löschen" also matches "loeschen" and "loschen". An entry
// is a sequence of words; "word*" is a stem (any word starting so), "{a,b}"
// gives one entry per alternative ("{please ,}stop" is "please stop" and
// "stop"). Add a language by adding an entry to replyRules and ruleLanguages.

// ruleSet is one language's phrases and word lists.
type ruleSet struct {
	// Phrases that decide a class on their own (unless negated).
	Erasure, Access, Objection, OptOut, Withdrawal, OutOfOffice, Consent, Tracking []string
	// WeakOptOut are phrases that suggest, without saying it, that the
	// person wants no more mail ("spam", "I never signed up"): they stop
	// outreach with Unsure set.
	WeakOptOut []string

	// Negators negate what follows them; PostNegators also what precedes
	// them in the same clause (German and Dutch put "nicht"/"niet" late).
	Negators, PostNegators []string
	// Fillers are skipped when measuring how far a negator stands from
	// what it negates ("I do not have any objection").
	Fillers []string
	// Contrast and coordinating words ("but", "and") and commas end a
	// negation's scope. A
	// Conditional ("if") before a negator makes it ambiguous ("if you
	// don't stop …"). NotOnly after a negator voids it ("not only").
	Contrast, Conditional, NotOnly []string
	// StopWords are the word the notice asks for (STOP); Polite words may
	// stand beside it in a reply that is only that word ("Stop, please.").
	StopWords, Polite []string

	// The word lists the frames combine.
	Self        []string // the writer: me, my, us, our
	Me          []string // the writer as the object of a verb: me, us
	Address     []string // an address or contact details
	Data        []string // data, details, records
	Personal    []string // personal data
	List        []string // a mailing list or a do-not-contact list
	Store       []string // a database, a CRM, systems
	Mail        []string // mails, messages, newsletters, offers
	Contact     []string // contacting verbs: email, write, send, receive
	Again       []string // more, again, any longer
	Wish        []string // want, wish, would like
	Remove      []string // remove from, take off, strike
	Delete      []string // delete, erase
	Halt        []string // stop, cease, quit
	Refuse      []string // refuse (to receive)
	TrackWords  []string // tracking, pixel, opens
	ConsentWord []string // consent, agree
	Withdraw    []string // withdraw, revoke
	Object      []string // object, objection
	Marketing   []string // marketing, advertising
	Law         []string // GDPR, Art. 21
	AccessWord  []string // access, a copy
	Interest    []string // interest, interested
	// Perfect are the auxiliaries of the perfect tense ("have"): "I have
	// not received your mail" reports the past, it asks for nothing.
	Perfect []string
	// NotTypos are real words a letter away from an opt-out word
	// ("anmelden" and "abmelden"): never read as a misspelt opt-out.
	NotTypos []string
}

// frame is a rule that combines word lists: all its slots must be filled,
// each by a different word, within Window words of one sentence (one
// clause when Clause is set).
type frame struct {
	Name string
	// Cue is what the frame signals: an opt-out, objection, erasure,
	// withdrawal, access or tracking consent.
	Cue   wordClass
	Slots [][]wordClass
	// Window is the most words from the first slot word to the last.
	Window int
	Clause bool
	// Need: the frame counts only if its clause or sentence also has one
	// of these words.
	Need []wordClass
	// Strong: the frame is a confident signal only if the sentence also
	// has one of these words (or has at most four words); otherwise it is
	// a weak one (a stop with Unsure set; an access frame is dropped).
	// Empty: always confident.
	Strong []wordClass
	// Unless: the frame does not count if the sentence has one of these.
	Unless []wordClass
	// Weak: the frame is only ever a weak signal (a safety net).
	Weak bool
	// Tracking: the signal is about the tracking consent when the
	// sentence speaks of tracking (a withdrawal of that consent, not an
	// opt-out).
	Tracking bool
}

// replyFrames are the language-independent frames, tried in every language.
var replyFrames = []frame{
	{Name: "removal from a list", Cue: cOptOut, Slots: [][]wordClass{{wRemove, wDelete}, {wList}}, Window: 8,
		Strong: []wordClass{wSelf, wMe, wAddress, wPolite}},
	{Name: "erasure from a database", Cue: cErasure, Slots: [][]wordClass{{wRemove, wDelete}, {wStore}}, Window: 8,
		Strong: []wordClass{wSelf, wMe, wAddress, wData, wPersonal}, Unless: []wordClass{wList}},
	{Name: "erasure of data", Cue: cErasure, Slots: [][]wordClass{{wDelete, wRemove}, {wData, wPersonal}}, Window: 10,
		Strong: []wordClass{wSelf, wMe, wPersonal, wLaw}, Unless: []wordClass{wList}},
	{Name: "erasure of the writer", Cue: cErasure, Slots: [][]wordClass{{wDelete}, {wMe}}, Window: 3, Clause: true,
		Unless: []wordClass{wList}},
	{Name: "halt to mail", Cue: cOptOut, Slots: [][]wordClass{{wHalt}, {wMail, wContact}}, Window: 4, Clause: true},
	{Name: "no more mail", Cue: cOptOut, Slots: [][]wordClass{{wNeg}, {wAgain}, {wMail, wContact}}, Window: 6, Clause: true,
		Strong: []wordClass{wSelf, wMe, wPolite}},
	{Name: "wants no mail", Cue: cOptOut, Slots: [][]wordClass{{wNeg}, {wWish}, {wMail, wContact}}, Window: 8},
	{Name: "not interested", Cue: cOptOut, Slots: [][]wordClass{{wNeg}, {wInterest}}, Window: 3, Clause: true},
	{Name: "removal from mail", Cue: cOptOut, Slots: [][]wordClass{{wRemove}, {wMail}}, Window: 4, Clause: true,
		Need: []wordClass{wMe, wSelf, wWish}},
	{Name: "refuses mail", Cue: cOptOut, Slots: [][]wordClass{{wRefuse}, {wMail, wContact}}, Window: 6, Clause: true},
	{Name: "negated mail", Cue: cOptOut, Slots: [][]wordClass{{wNeg}, {wContact}, {wMail}}, Window: 6, Clause: true, Weak: true,
		Unless: []wordClass{wPerfect}},
	{Name: "do not contact me", Cue: cOptOut, Slots: [][]wordClass{{wNeg}, {wContact}, {wMe, wSelf}}, Window: 4, Clause: true,
		Strong: []wordClass{wPolite}},
	{Name: "consent withdrawn", Cue: cWithdrawal, Slots: [][]wordClass{{wWithdraw}, {wConsentWord}}, Window: 12, Tracking: true},
	{Name: "consent no longer given", Cue: cWithdrawal, Slots: [][]wordClass{{wNeg}, {wAgain}, {wConsentWord}}, Window: 5, Clause: true,
		Tracking: true},
	{Name: "consent refused", Cue: cOptOut, Slots: [][]wordClass{{wNeg}, {wConsentWord}}, Window: 3, Clause: true,
		Need: []wordClass{wMail, wContact, wTrackWord, wMarketing}, Tracking: true},
	{Name: "tracking stopped", Cue: cWithdrawal, Slots: [][]wordClass{{wHalt, wNeg}, {wTrackWord}}, Window: 3, Clause: true,
		Tracking: true},
	{Name: "consent to tracking", Cue: cTracking, Slots: [][]wordClass{{wConsentWord}, {wTrackWord}}, Window: 4, Clause: true},
	{Name: "objection", Cue: cObjection, Slots: [][]wordClass{{wObject}}, Window: 1,
		Strong: []wordClass{wMarketing, wData, wPersonal, wMail, wContact, wLaw, wMe, wSelf}},
	{Name: "access to data", Cue: cAccess, Slots: [][]wordClass{{wAccessWord}, {wData, wPersonal}}, Window: 8,
		Strong: []wordClass{wSelf, wMe, wPersonal, wLaw}},
}

// ruleLanguages is the order languages are tried in, so results are stable.
var ruleLanguages = []string{"en", "nl", "pl", "bg", "de", "fr"}

// replyRules holds every language's rules.
var replyRules = map[string]ruleSet{
	"en": {
		Erasure: []string{"right to erasure", "right to be forgotten", "erasure request", "request erasure", "forget me",
			"delete all data", "delete everything"},
		Access: []string{"what data do you", "what personal data", "which data do you", "what information do you",
			"subject access", "access request", "copy of my data", "copy of my personal data", "right of access",
			"where did you get my", "where did you find my", "how did you get my", "who gave you my", "what do you know about me"},
		Objection: []string{"right to object"},
		OptOut: []string{"unsubscrib*", "remove {me,us}", "take me off", "opt me out", "opt out", "opt-out", "optout",
			"not interested", "no interest", "don't contact", "do not contact", "don't email", "do not email",
			"don't write", "do not write", "no more emails", "no more mails", "stop emailing", "stop sending",
			"stop contacting", "stop writing", "stop spamming", "stop messaging", "stop mailing",
			"leave me off", "leave me alone", "refrain from {contacting,emailing,writing,sending}",
			"cease {all ,}{further ,}{contact,communication,communications,emails}", "cease contacting",
			"do not send me", "don't send me", "never contact me", "never email me", "never write to me"},
		WeakOptOut: []string{"spam", "spammer", "spamming", "never signed up", "never subscribed", "never asked for",
			"why are you emailing me", "go away", "harassment"},
		OutOfOffice: []string{"out of office", "out of the office", "away from the office", "on annual leave", "on leave until",
			"on holiday", "on vacation", "limited access to email", "automatic reply", "auto-reply", "autoreply",
			"on parental leave", "on sick leave"},
		Consent: []string{"keep me posted", "keep me updated", "keep me in the loop", "keep me informed", "happy to hear more",
			"yes, please send", "yes please send", "sign me up", "feel free to send", "i consent", "you may send me",
			"please send me more", "send me more info"},
		Tracking:   []string{"tracking is fine", "ok to track", "okay to track", "you may track", "you can track", "consent to tracking"},
		Withdrawal: []string{"withdraw my consent", "withdraw consent", "revoke my consent", "revoke consent"},

		Negators:    []string{"not", "no", "never", "t", "nor", "none", "nothing", "neither", "without", "dont", "doesnt", "didnt", "cannot", "wont", "isnt", "havent", "hasnt"},
		Fillers:     []string{"a", "an", "the", "any", "have", "has", "had", "got", "really", "actually", "at", "all", "to", "be", "been", "do", "does", "did", "of", "such", "much", "need", "needs", "slightest", "single", "whatsoever", "even", "i", "d", "m", "ve", "ll", "s", "re", "am", "is", "are", "was"},
		Contrast:    []string{"but", "however", "though", "although", "except", "and"},
		Refuse:      []string{"refuse", "refuses", "decline"},
		Conditional: []string{"if", "unless", "whether"},
		NotOnly:     []string{"only", "just"},
		StopWords:   []string{"stop"},
		Polite:      []string{"please", "pls", "plz", "thanks", "thank you", "now", "just", "it", "all", "immediately", "asap", "ok", "okay", "thx", "ty", "already", "seriously", "kindly"},
		Self:        []string{"me", "my", "mine", "myself", "us", "our", "ourselves"},
		Me:          []string{"me", "us"},
		Address:     []string{"address", "addresses", "email address", "contact details", "email", "number"},
		Data:        []string{"data", "details", "records", "record", "everything", "profile"},
		Personal:    []string{"personal data", "personal information", "personal details"},
		List:        []string{"list", "lists", "mailing list", "distribution list", "contact list", "email list", "mailing", "mailings", "newsletter", "newsletters", "suppression list", "blacklist", "marketing list"},
		Store:       []string{"database", "databases", "crm", "system", "systems", "records", "files", "file"},
		Mail:        []string{"email", "emails", "mail", "mails", "message", "messages", "newsletter", "newsletters", "mailing", "mailings", "offers", "spam", "communication", "communications", "pitches", "updates"},
		Contact:     []string{"contact", "contacting", "contacted", "email", "emailing", "write", "writing", "message", "messaging", "call", "calling", "send", "sending", "spam", "spamming", "bother", "bothering", "pester", "pestering", "hear", "receive", "receiving", "approach", "approached", "reach", "mail", "mailing", "follow up", "following up"},
		Again:       []string{"more", "anymore", "again", "further", "longer", "future", "ever"},
		Wish:        []string{"want", "wish", "like", "need", "rather", "prefer", "care", "desire"},
		Remove:      []string{"remove", "removed", "removal", "removing", "off", "drop", "exclude", "strike"},
		Delete:      []string{"delete", "deleted", "deleting", "deletion", "erase", "erased", "erasure", "wipe", "wiped", "purge", "purged", "destroy"},
		Halt:        []string{"stop", "cease", "quit", "halt", "discontinue", "enough"},
		TrackWords:  []string{"tracking", "track", "tracked", "pixel", "pixels", "opens", "read receipts"},
		ConsentWord: []string{"consent", "consented", "agree", "agreed", "permission", "opted in", "signed up", "subscribed"},
		Withdraw:    []string{"withdraw", "withdrawing", "withdrawn", "revoke", "revoking", "retract", "rescind"},
		Object:      []string{"object", "objecting", "objection", "objections", "oppose", "opposed"},
		Marketing:   []string{"marketing", "direct marketing", "advertising", "advertisement", "ads", "promotional", "sales", "prospecting"},
		Law:         []string{"gdpr", "art 21", "article 21", "art 17", "article 17", "art 15", "article 15", "data protection", "ico"},
		AccessWord:  []string{"copy", "access"},
		Interest:    []string{"interest", "interested"},
		Perfect:     []string{"have", "has", "had", "haven", "hasn", "hadn", "ve"},
		NotTypos:    []string{"subscribe", "subscribed", "unsubscribed", "subscriber", "subscribers"},
	},
	"nl": {
		Erasure: []string{"recht op vergetelheid", "vergeten worden", "recht om vergeten te worden", "verwijderingsverzoek"},
		Access: []string{"inzage", "welke gegevens", "waar heeft u mijn", "waar hebt u mijn", "waar heb je mijn", "waar hebben jullie mijn",
			"hoe komt u aan mijn", "hoe komen jullie aan mijn", "kopie van mijn gegevens", "inzageverzoek"},
		Objection: []string{"recht van bezwaar", "recht op bezwaar"},
		OptOut: []string{"afmeld*", "afgemeld", "uitschrijv*", "uitgeschreven", "verwijder mij", "verwijder me",
			"haal mij {van,uit}", "haal me {van,uit}", "geen interesse", "geen mails meer", "geen e-mails meer", "stuur mij geen",
			"stuur me geen", "niet meer mailen", "niet meer benaderen", "niet meer contacteren", "meld mij af", "meld me af",
			"laat mij met rust", "laat me met rust", "{stel,stellen} geen prijs op", "geen behoefte aan", "hou op met", "houd op met"},
		WeakOptOut:  []string{"spam", "nooit aangemeld", "nergens voor aangemeld", "ongevraagd", "ongevraagde"},
		OutOfOffice: []string{"afwezig", "niet op kantoor", "met vakantie", "automatisch antwoord", "ben ik weer", "niet aanwezig", "met verlof"},
		Consent: []string{"hou me op de hoogte", "houd me op de hoogte", "houd mij op de hoogte", "hou mij op de hoogte",
			"graag meer informatie", "stuur maar", "u mag mij mailen"},
		Tracking:   []string{"tracking is goed", "akkoord met tracking", "tracking is prima", "mag tracken"},
		Withdrawal: []string{"trek mijn toestemming in", "toestemming intrekken", "toestemming in te trekken"},

		Negators:     []string{"niet", "geen", "nooit", "niets", "niks", "noch", "zonder", "nergens"},
		PostNegators: []string{"niet", "nooit"},
		Fillers:      []string{"een", "de", "het", "er", "hier", "daar", "enkel", "enige", "heb", "hebt", "heeft", "hebben", "maak", "maakt", "maken", "teken", "tekenen", "echt", "helemaal", "toch", "nodig", "dit", "dat", "ik", "te", "worden", "word", "wordt", "zijn", "ben", "aan", "tegen"},
		Contrast:     []string{"maar", "echter", "behalve", "en"},
		Refuse:       []string{"weiger", "weigeren"},
		Conditional:  []string{"als", "indien", "tenzij", "mits"},
		NotOnly:      []string{"alleen", "slechts"},
		StopWords:    []string{"stop", "stoppen"},
		Polite:       []string{"aub", "a", "u", "b", "graag", "alsjeblieft", "alstublieft", "ajb", "svp", "dank", "bedankt", "nu", "hiermee", "ermee", "gewoon", "meteen", "direct", "hoor", "maar"},
		Self:         []string{"mij", "me", "mijn", "ons", "onze", "mezelf", "mijzelf"},
		Me:           []string{"mij", "me", "ons"},
		Address:      []string{"adres", "adressen", "e-mailadres", "mailadres", "emailadres", "contactgegevens"},
		Data:         []string{"gegevens", "data", "persoonsgegevens", "contactgegevens", "alles", "profiel"},
		Personal:     []string{"persoonsgegevens", "persoonlijke gegevens"},
		List:         []string{"lijst", "lijsten", "mailinglijst", "verzendlijst", "maillijst", "mailbestand", "nieuwsbrief", "mailings", "distributielijst", "adressenlijst", "mailinglist", "blacklist", "verzendbestand"},
		Store:        []string{"bestand", "bestanden", "database", "systeem", "systemen", "administratie", "crm", "klantenbestand", "adressenbestand"},
		Mail:         []string{"mail", "mails", "mailtjes", "e-mail", "e-mails", "berichten", "bericht", "nieuwsbrief", "mailings", "aanbiedingen", "reclame", "spam"},
		Contact:      []string{"contact", "contacteren", "benaderen", "benaderd", "mailen", "gemaild", "schrijven", "sturen", "stuur", "ontvangen", "bellen", "horen", "lastigvallen", "lastiggevallen", "gecontacteerd", "mailt"},
		Again:        []string{"meer", "langer", "verder", "weer", "nogmaals"},
		Wish:         []string{"wil", "wilt", "willen", "wens", "wenst", "graag", "liever", "hoef", "hoeven", "behoefte", "wachten"},
		Remove:       []string{"verwijder", "verwijderen", "verwijderd", "haal", "halen", "gehaald", "schrap", "schrappen", "geschrapt", "afhalen", "af"},
		Delete:       []string{"verwijder", "verwijderen", "verwijderd", "verwijdering", "wis", "wissen", "gewist", "vernietigen"},
		Halt:         []string{"stop", "stoppen", "ophouden", "hou op", "houd op", "staken"},
		TrackWords:   []string{"tracking", "volgen", "pixel", "trackingpixel", "tracken"},
		ConsentWord:  []string{"toestemming", "akkoord", "ingestemd", "aangemeld"},
		Withdraw:     []string{"trek", "intrekken", "ingetrokken", "herroep", "herroepen", "intrek"},
		Object:       []string{"bezwaar", "bezwaren"},
		Marketing:    []string{"marketing", "direct marketing", "reclame", "acquisitie", "verkoop"},
		Law:          []string{"avg", "artikel 21", "art 21", "artikel 17", "art 17", "artikel 15", "gdpr"},
		AccessWord:   []string{"inzage", "kopie"},
		Interest:     []string{"interesse", "geinteresseerd"},
		Perfect:      []string{"heb", "hebt", "heeft", "hebben", "had", "hadden"},
		NotTypos:     []string{"aanmelden", "aangemeld", "inschrijven", "ingeschreven"},
	},
	"pl": {
		Erasure: []string{"prawo do bycia zapomnianym", "bycia zapomnianym", "usunięcie danych", "usunięcia danych"},
		Access: []string{"dostęp do moich danych", "jakie dane", "jakie informacje", "skąd macie", "skąd mają państwo", "skąd państwo mają",
			"skąd pan ma", "skąd pani ma", "skąd pozyskali", "kopię moich danych"},
		Objection: []string{"prawo sprzeciwu"},
		OptOut: []string{"wypisz mnie", "wypiszcie mnie", "usuń mnie z", "usuńcie mnie z", "proszę nie pisać",
			"nie jestem zainteresowan*", "nie jesteśmy zainteresowani", "proszę nie wysyłać", "nie kontaktować", "rezygnuj*",
			"rezygnacj*", "wypisuję się", "wypisz*", "wypisa*", "wypisuj*", "niewysył*", "niekontaktowan*", "nieprzesył*", "nie życzę sobie"},
		WeakOptOut:  []string{"spam", "nie zapisywał*", "nigdy się nie zapisywał*"},
		OutOfOffice: []string{"poza biurem", "nieobecn*", "na urlopie", "automatyczna odpowiedź"},
		Consent: []string{"proszę informować", "proszę mnie informować", "chętnie dowiem się więcej",
			"proszę o więcej informacji", "jestem zainteresowan*"},
		Tracking:   []string{"zgadzam się na śledzenie"},
		Withdrawal: []string{"cofam zgodę", "wycofuję zgodę", "odwołuję zgodę"},

		Negators:    []string{"nie", "żadnych", "żadnej", "żadne", "żaden", "żadnego", "nigdy", "bez", "ani", "niczego", "nic"},
		Fillers:     []string{"mam", "ma", "mamy", "wnoszę", "wnosimy", "się", "sobie", "do", "tego", "to", "w", "tej", "ten", "tym", "z", "na", "jest"},
		Contrast:    []string{"ale", "jednak", "lecz", "natomiast", "i", "oraz"},
		Refuse:      []string{"odmawiam", "odmawiamy"},
		Conditional: []string{"jeśli", "jeżeli", "gdyby", "czy"},
		NotOnly:     []string{"tylko"},
		StopWords:   []string{"stop"},
		Polite:      []string{"proszę", "dziękuję", "dzięki", "natychmiast", "już", "pls", "bardzo", "uprzejmie"},
		Self:        []string{"mnie", "mi", "mój", "moje", "moich", "moim", "mojego", "mojej", "moją", "moimi", "nas", "nasz", "nasze", "naszych", "naszej", "sobie"},
		Me:          []string{"mnie", "mi", "nas"},
		Address:     []string{"adres", "adresu", "adresy", "adres e-mail", "maila"},
		Data:        []string{"dane", "danych", "danymi", "dane osobowe"},
		Personal:    []string{"dane osobowe", "danych osobowych", "danymi osobowymi", "osobow*"},
		List:        []string{"lista", "listy", "liście", "listę", "mailing", "mailingu", "mailingowej", "mailingowa", "mailingów", "newsletter*", "subskrypcj*", "wysyłki"},
		Store:       []string{"baza", "bazy", "bazie", "bazę", "bazy danych", "systemu", "systemów", "systemie", "crm", "kartoteki", "ewidencji"},
		Mail:        []string{"mail*", "e-mail*", "wiadomości", "wiadomość", "ofert*", "reklam*", "newsletter*", "spam*", "informacji handlowych", "korespondencj*"},
		Contact:     []string{"kontakt*", "pisać", "piszcie", "pisz", "pisania", "wysyłać", "wysyłania", "wysyłanie", "wysyłajcie", "przysyłać", "przysyłania", "otrzymywać", "otrzymywania", "otrzymywanie", "dostawać", "spamować", "nękać", "dzwonić", "słyszeć"},
		Again:       []string{"więcej", "już", "dalej", "ponownie", "kolejnych", "kolejne", "nigdy"},
		Wish:        []string{"chcę", "chcemy", "chciał*", "życzę", "życzymy", "potrzebuję", "potrzebujemy", "wolał*", "wolę"},
		Remove:      []string{"usuń", "usuńcie", "usunąć", "usunięcie", "usunięcia", "wykreśl*", "wypisz*", "wypisać", "wypisanie", "wypisania", "skreśl*"},
		Delete:      []string{"usuń", "usuńcie", "usunąć", "usunięcie", "usunięcia", "usunięte", "skasuj*", "wymaż*", "wymazanie", "wymazać"},
		Halt:        []string{"zaprzestać", "zaprzestania", "zaprzestanie", "przestać", "przestańcie", "przestań", "skończcie", "dość", "stop"},
		TrackWords:  []string{"śledzenie", "śledzenia", "śledzić", "śledźcie", "tracking*", "piksel*"},
		ConsentWord: []string{"zgod*", "zgadzam się", "zgadzam"},
		Withdraw:    []string{"cofam", "wycofuję", "wycofać", "wycofanie", "odwołuję", "odwołać", "odwołanie", "cofnięcie"},
		Object:      []string{"sprzeciw", "sprzeciwu", "sprzeciwiam", "sprzeciwiamy", "sprzeciwić"},
		Marketing:   []string{"marketing*", "reklam*", "handlow*"},
		Law:         []string{"rodo", "art 21", "art 17", "art 15", "artykuł 21"},
		AccessWord:  []string{"dostęp", "dostępu", "kopi*"},
		Interest:    []string{"zainteresowan*", "zainteresowania"},
		Perfect:     []string{"zostało", "został", "została"},
		NotTypos:    []string{"zapisać", "zapisz", "zapisanie"},
	},
	"bg": {
		Erasure: []string{"да бъда забравен", "да бъда забравена"},
		Access: []string{"достъп до личните ми данни", "достъп до данните ми", "какви данни", "какви лични данни", "откъде имате",
			"откъде сте взели", "от къде имате", "копие от данните"},
		Objection: []string{"право на възражение"},
		OptOut: []string{"отпишете ме", "премахнете ме", "не ми пишете", "не се интересувам", "не се интересуваме", "не ме интересува",
			"не ни интересува", "не желая да получавам", "спрете да ми пишете", "отпис*", "отпиш*",
			"не ме търсете", "не ме търсите"},
		WeakOptOut:  []string{"спам"},
		OutOfOffice: []string{"извън офиса", "в отпуск", "автоматичен отговор", "отсъствам"},
		Consent:     []string{"информирайте ме", "дръжте ме в течение", "да, изпращайте", "интересува ме"},
		Tracking:    []string{"съгласен съм с проследяване", "съгласна съм с проследяване"},
		Withdrawal:  []string{"оттеглям съгласието си"},

		Negators:    []string{"не", "няма", "нямам", "нямаме", "никога", "без", "нищо", "никакви", "никакъв"},
		Fillers:     []string{"ме", "ми", "си", "се", "ни", "ви", "го", "ги", "да", "съм", "сме", "е", "имам", "това"},
		Contrast:    []string{"но", "обаче", "ала", "ама", "и"},
		Refuse:      []string{"отказвам", "отказваме"},
		Conditional: []string{"ако", "дали"},
		NotOnly:     []string{"само"},
		StopWords:   []string{"стоп", "stop"},
		Polite:      []string{"моля", "благодаря", "веднага", "вече", "мерси", "спешно"},
		Self:        []string{"ме", "ми", "мен", "мене", "мой", "моя", "моите", "моят", "моето", "моята", "нас", "ни", "наш", "нашите", "си"},
		Me:          []string{"ме", "мен", "мене", "нас", "ни", "ми"},
		Address:     []string{"адрес", "адреса", "адресът", "адресите", "имейла", "имейлът", "имейл адрес", "мейла"},
		Data:        []string{"данни", "данните", "всичко"},
		Personal:    []string{"лични данни", "личн*"},
		List:        []string{"списък", "списъка", "списъкът", "списъци", "мейлинг", "листа", "листата", "бюлетин*", "абонамент*"},
		Store:       []string{"база", "базата", "база данни", "системата", "системи", "crm", "регистър", "регистъра"},
		Mail:        []string{"имейл*", "мейл*", "съобщения", "съобщение", "писма", "писмо", "оферти", "реклам*", "бюлетин*", "спам"},
		Contact:     []string{"пиш*", "прат*", "праща*", "изпрат*", "изпраща*", "получава*", "търс*", "чувам", "звъните", "контакт*", "безпокоите", "пращане"},
		Again:       []string{"повече", "вече", "никога", "отново", "занапред"},
		Wish:        []string{"желая", "желаем", "искам", "искаме", "желание", "нужда", "предпочитам", "предпочитаме"},
		Remove:      []string{"премахнете", "премахнат", "премахната", "премахване", "махнете", "махни", "изключете", "изключване", "отпишете", "извадете"},
		Delete:      []string{"изтрийте", "изтрий", "изтриване", "изтрити", "изтрит", "изтрита", "заличете", "заличаване", "заличи"},
		Halt:        []string{"спрете", "спри", "престанете", "прекратете", "преустановите", "преустановете", "спиране", "стига", "стоп"},
		TrackWords:  []string{"проследяване*", "проследявате", "пиксел*"},
		ConsentWord: []string{"съгласие*", "съгласен", "съгласна", "съгласни"},
		Withdraw:    []string{"оттеглям", "оттегля", "оттегляне", "оттеглих", "оттеглете", "отменям"},
		Object:      []string{"възразявам", "възражение", "възражения", "възразяваме", "възразя"},
		Marketing:   []string{"маркетинг*", "реклам*", "търговски", "търговските"},
		Law:         []string{"орзд", "gdpr", "чл 21", "чл 17", "чл 15", "член 21"},
		AccessWord:  []string{"достъп", "копие"},
		Interest:    []string{"интерес*"},
		Perfect:     []string{"съм", "сме", "сте", "е", "са"},
		NotTypos:    []string{"абонирам"},
	},
	"de": {
		Erasure:   []string{"recht auf vergessenwerden", "recht auf löschung"},
		Access:    []string{"auskunft", "welche daten", "woher haben sie", "woher hast du", "wie sind sie an meine", "kopie meiner daten"},
		Objection: []string{"recht auf widerspruch"},
		OptOut: []string{"abmeld*", "abgemeldet", "austrag*", "ausgetragen", "entfernen sie mich",
			"keine weiteren e-mails", "keine e-mails mehr", "keine mails mehr", "kein interesse", "kein bedarf",
			"nicht mehr kontaktieren", "nicht mehr anschreiben", "schreiben sie mir nicht", "lassen sie mich in ruhe",
			"melden sie mich ab", "verbitte mir", "verbitten uns", "hören sie auf", "unterlassen sie"},
		WeakOptOut:  []string{"spam", "nie angemeldet", "unerwünscht*", "unaufgefordert*", "belästigung"},
		OutOfOffice: []string{"abwesenheitsnotiz", "nicht im büro", "außer haus", "im urlaub", "automatische antwort", "abwesend"},
		Consent: []string{"halten sie mich auf dem laufenden", "gerne mehr informationen", "ja, gerne",
			"bitte informieren sie mich"},
		Tracking:   []string{"tracking ist in ordnung", "mit tracking einverstanden"},
		Withdrawal: []string{"widerrufe meine einwilligung", "einwilligung widerrufen"},

		Negators:     []string{"nicht", "kein", "keine", "keinen", "keiner", "keinem", "keines", "keinerlei", "nie", "niemals", "nichts", "ohne", "weder"},
		PostNegators: []string{"nicht", "nie", "niemals"},
		Fillers:      []string{"der", "die", "das", "dem", "den", "des", "ein", "eine", "einen", "habe", "hat", "haben", "erhebe", "lege", "wirklich", "überhaupt", "gar", "es", "sie", "ihnen", "ich", "auch", "doch", "da", "bloß", "hiermit", "zu"},
		Contrast:     []string{"aber", "jedoch", "sondern", "allerdings", "und"},
		Refuse:       []string{"verweigere", "lehne", "verbitte"},
		Conditional:  []string{"wenn", "falls", "sofern", "ob"},
		NotOnly:      []string{"nur"},
		StopWords:    []string{"stop", "stopp"},
		Polite:       []string{"bitte", "danke", "sofort", "jetzt", "einfach", "damit", "endlich", "umgehend", "vielen", "dank"},
		Self:         []string{"mich", "mir", "meine", "meinen", "meiner", "meinem", "mein", "meines", "uns", "unsere", "unser", "unseren"},
		Me:           []string{"mich", "mir", "uns"},
		Address:      []string{"adresse", "e-mail-adresse", "mailadresse", "emailadresse", "kontaktdaten", "anschrift"},
		Data:         []string{"daten", "angaben", "kontaktdaten", "datensatz", "alles"},
		Personal:     []string{"personenbezogen*", "persönliche daten", "persönlichen daten"},
		List:         []string{"liste", "listen", "verteiler", "verteilerliste", "mailingliste", "mailverteiler", "e-mail-verteiler", "newsletter", "sperrliste", "robinsonliste", "werbeliste", "adressliste"},
		Store:        []string{"datenbank", "datenbanken", "system", "systemen", "systeme", "crm", "kartei", "kundendatei", "adressbestand", "bestand", "datei"},
		Mail:         []string{"mail", "mails", "e-mail", "e-mails", "nachricht", "nachrichten", "werbung", "newsletter", "zusendung*", "angebot*", "werbemail*", "werbe", "spam", "post"},
		Contact:      []string{"kontakt*", "hören", "anschreiben", "anzuschreiben", "schreiben", "mailen", "senden", "schicken", "zusenden", "zuschicken", "erhalten", "bekommen", "belästigen", "anrufen", "zukommen"},
		Again:        []string{"mehr", "weiter", "weitere", "weiteren", "weiterhin", "künftig", "zukünftig", "wieder", "nochmal"},
		Wish:         []string{"möchte", "möchten", "will", "wollen", "wünsche", "wünschen", "brauche", "brauchen", "lieber", "bevorzuge"},
		Remove:       []string{"entfernen", "entfernt", "streichen", "streicht", "gestrichen", "nehmen", "austragen", "ausgetragen", "austragung", "raus", "herausnehmen", "rausnehmen", "setzen"},
		Delete:       []string{"lösche", "löschen", "löscht", "gelöscht", "löschung", "vernichten"},
		Halt:         []string{"stoppen", "stoppt", "aufhören", "hören sie auf", "hört auf", "unterlassen", "unterlasse", "einstellen", "stop", "stopp", "schluss"},
		TrackWords:   []string{"tracking", "tracken", "zählpixel", "pixel", "nachverfolgung", "lesebestätigung*"},
		ConsentWord:  []string{"einwilligung", "einverständnis", "zustimmung", "einverstanden", "zugestimmt", "eingewilligt"},
		Withdraw:     []string{"widerrufe", "widerrufen", "widerruf", "zurück", "zurückziehen"},
		Object:       []string{"widerspreche", "widersprechen", "widerspruch", "widersprochen"},
		Marketing:    []string{"werbung", "werbezweck*", "direktwerbung", "marketing", "werbe*"},
		Law:          []string{"dsgvo", "art 21", "art 17", "art 15", "artikel 21", "uwg", "bdsg"},
		AccessWord:   []string{"auskunft", "kopie", "einsicht"},
		Interest:     []string{"interesse", "interessiert"},
		Perfect:      []string{"habe", "hast", "hat", "haben", "hatte", "hatten"},
		NotTypos:     []string{"anmelden", "angemeldet", "anmeldung", "ummelden"},
	},
	"fr": {
		Erasure:   []string{"droit à l'oubli", "droit à l'effacement"},
		Access:    []string{"accès à mes données", "quelles données", "d'où tenez-vous", "où avez-vous obtenu", "copie de mes données"},
		Objection: []string{"droit d'opposition"},
		OptOut: []string{"désabonn*", "désinscri*", "retirez-moi", "ne plus recevoir", "ne m'écrivez plus",
			"pas intéressé*", "ne me contactez plus", "supprimez-moi de", "ne plus me contacter", "ne nous contactez plus",
			"plus de {mail,mails,e-mails,messages,courriels,sollicitations}", "laissez-moi tranquille"},
		WeakOptOut: []string{"spam", "jamais inscrit*", "jamais demandé", "ça suffit"},
		OutOfOffice: []string{"absent du bureau", "absente du bureau", "en congé", "en vacances", "réponse automatique",
			"message d'absence"},
		Consent:    []string{"tenez-moi informé", "tenez-moi au courant", "volontiers", "je suis intéressé"},
		Tracking:   []string{"j'accepte le suivi"},
		Withdrawal: []string{"retire mon consentement"},

		Negators:     []string{"ne", "n", "pas", "jamais", "aucun", "aucune", "rien", "sans", "ni", "non"},
		PostNegators: []string{"pas"},
		Fillers:      []string{"je", "j", "vous", "le", "la", "les", "l", "de", "d", "des", "du", "un", "une", "ai", "a", "avons", "m", "y", "en", "suis", "sommes"},
		Contrast:     []string{"mais", "cependant", "pourtant", "toutefois", "et"},
		Refuse:       []string{"refuse", "refusons"},
		Conditional:  []string{"si", "s"},
		NotOnly:      []string{"seulement", "uniquement", "que"},
		StopWords:    []string{"stop"},
		Polite:       []string{"svp", "stp", "merci", "s", "il", "vous", "plaît", "maintenant", "tout", "de", "suite", "immédiatement"},
		Self:         []string{"moi", "me", "m", "mon", "ma", "mes", "nous", "notre", "nos"},
		Me:           []string{"moi", "me", "m", "nous"},
		Address:      []string{"adresse", "adresses", "coordonnées", "email", "mail"},
		Data:         []string{"données", "coordonnées"},
		Personal:     []string{"données personnelles", "données à caractère personnel", "personnelles"},
		List:         []string{"liste", "listes", "liste de diffusion", "mailing", "mailings", "newsletter", "diffusion", "liste d'opposition", "fichier de prospection", "liste d'envoi"},
		Store:        []string{"base", "base de données", "fichier", "fichiers", "système", "systèmes", "crm"},
		Mail:         []string{"mail", "mails", "e-mail", "e-mails", "courriel*", "message*", "offre*", "newsletter", "sollicitation*", "prospection", "publicit*", "spam", "envois"},
		Contact:      []string{"contact*", "recontact*", "entendre", "écrire", "écrivez", "envoyer", "envoyez", "recevoir", "solliciter", "sollicitez", "adresser", "relancer", "relancez", "appeler", "déranger", "dérangez", "spammer"},
		Again:        []string{"plus", "jamais", "davantage", "futur*", "désormais", "encore"},
		Wish:         []string{"souhaite", "souhaitons", "veux", "voulons", "désire", "désirons", "voudrais", "souhaiterais", "préfère", "préférons", "préférerais"},
		Remove:       []string{"retirer", "retirez", "retrait", "enlever", "enlevez", "sortir", "sortez", "rayer", "rayez", "désinscrire"},
		Delete:       []string{"supprimer", "supprimez", "suppression", "supprimées", "supprimée", "effacer", "effacez", "effacement", "effacées"},
		Halt:         []string{"arrêter", "arrêtez", "arrête", "cesser", "cessez", "cessation", "stop", "stoppez", "assez"},
		TrackWords:   []string{"suivi", "suivre", "pistage", "tracking", "traçage", "pixel"},
		ConsentWord:  []string{"consentement", "consens", "accepte", "accord"},
		Withdraw:     []string{"retire", "retirer", "révoque", "révoquer", "retrait"},
		Object:       []string{"oppose", "opposé*", "opposition", "opposons", "objection", "objections"},
		Marketing:    []string{"prospection", "marketing", "publicit*", "commercial*"},
		Law:          []string{"rgpd", "article 21", "article 17", "article 15", "art 21", "cnil"},
		AccessWord:   []string{"accès", "copie"},
		Interest:     []string{"intéressé*", "intérêt"},
		Perfect:      []string{"ai", "as", "avons", "avez", "ont", "a"},
		NotTypos:     []string{"inscrire", "inscription", "réinscrire"},
	},
}
