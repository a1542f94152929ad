package notice

import "strings"

// SupervisoryAuthority is a data-protection authority a person can complain
// to (Art. 77 GDPR), named as it names itself, with its website.
type SupervisoryAuthority struct {
	Country string // ISO 3166-1 alpha-2
	Name    string
	Web     string
}

// String is the authority as the notice names it: "Name, web".
func (a SupervisoryAuthority) String() string { return a.Name + ", " + a.Web }

// authorities holds one authority per EU and EEA state, the United Kingdom
// and Switzerland. Where a state has several (Germany: the federal
// commissioner and one per Land), the one named is an example that accepts
// complaints and passes them to the competent authority (BDSG § 19(2)).
// Names and sites checked 2026-11 against the authorities' own sites where
// the search index held them (AT, BE, BG, CY, CZ, EL, ES, IT, LI, LT, PL,
// SK); the others are the members listed by the EDPB, not re-verified.
var authorities = map[string]SupervisoryAuthority{
	"AT": {"AT", "Österreichische Datenschutzbehörde", "dsb.gv.at"},
	"BE": {"BE", "Gegevensbeschermingsautoriteit / Autorité de protection des données", "gegevensbeschermingsautoriteit.be"},
	"BG": {"BG", "Комисия за защита на личните данни", "cpdp.bg"},
	"CY": {"CY", "Γραφείο Επιτρόπου Προστασίας Δεδομένων Προσωπικού Χαρακτήρα", "dataprotection.gov.cy"},
	"CZ": {"CZ", "Úřad pro ochranu osobních údajů", "uoou.gov.cz"},
	"DE": {"DE", "Bundesbeauftragte für den Datenschutz und die Informationsfreiheit (BfDI)", "bfdi.bund.de"},
	"DK": {"DK", "Datatilsynet", "datatilsynet.dk"},
	"EE": {"EE", "Andmekaitse Inspektsioon", "aki.ee"},
	"ES": {"ES", "Agencia Española de Protección de Datos", "aepd.es"},
	"FI": {"FI", "Tietosuojavaltuutetun toimisto", "tietosuoja.fi"},
	"FR": {"FR", "Commission nationale de l'informatique et des libertés (CNIL)", "cnil.fr"},
	"GR": {"GR", "Αρχή Προστασίας Δεδομένων Προσωπικού Χαρακτήρα", "dpa.gr"},
	"HR": {"HR", "Agencija za zaštitu osobnih podataka", "azop.hr"},
	"HU": {"HU", "Nemzeti Adatvédelmi és Információszabadság Hatóság", "naih.hu"},
	"IE": {"IE", "Data Protection Commission", "dataprotection.ie"},
	"IS": {"IS", "Persónuvernd", "personuvernd.is"},
	"IT": {"IT", "Garante per la protezione dei dati personali", "garanteprivacy.it"},
	"LI": {"LI", "Datenschutzstelle Liechtenstein", "dss.llv.li"},
	"LT": {"LT", "Valstybinė duomenų apsaugos inspekcija", "vdai.lrv.lt"},
	"LU": {"LU", "Commission nationale pour la protection des données", "cnpd.public.lu"},
	"LV": {"LV", "Datu valsts inspekcija", "dvi.gov.lv"},
	"MT": {"MT", "Information and Data Protection Commissioner", "idpc.org.mt"},
	"NL": {"NL", "Autoriteit Persoonsgegevens", "autoriteitpersoonsgegevens.nl"},
	"NO": {"NO", "Datatilsynet", "datatilsynet.no"},
	"PL": {"PL", "Prezes Urzędu Ochrony Danych Osobowych", "uodo.gov.pl"},
	"PT": {"PT", "Comissão Nacional de Proteção de Dados", "cnpd.pt"},
	"RO": {"RO", "Autoritatea Națională de Supraveghere a Prelucrării Datelor cu Caracter Personal", "dataprotection.ro"},
	"SE": {"SE", "Integritetsskyddsmyndigheten", "imy.se"},
	"SI": {"SI", "Informacijski pooblaščenec", "ip-rs.si"},
	"SK": {"SK", "Úrad na ochranu osobných údajov Slovenskej republiky", "dataprotection.gov.sk"},
	"GB": {"GB", "Information Commissioner's Office", "ico.org.uk"},
	"CH": {"CH", "Eidgenössischer Datenschutz- und Öffentlichkeitsbeauftragter (EDÖB)", "edoeb.admin.ch"},
}

// Authority returns the data-protection authority of country (ISO 3166-1
// alpha-2, any case; "UK" and "EL" are accepted for GB and GR).
func Authority(country string) (SupervisoryAuthority, bool) {
	a, ok := authorities[countryCode(country)]
	return a, ok
}

// countryCode normalises a country code to the ISO form the table uses.
func countryCode(country string) string {
	c := strings.ToUpper(strings.TrimSpace(country))
	switch c {
	case "UK":
		return "GB"
	case "EL":
		return "GR"
	}
	return c
}
