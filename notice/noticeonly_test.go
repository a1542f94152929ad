package notice

import (
	"strings"
	"testing"
)

func TestNoticeOnly(t *testing.T) {
	tests := []struct {
		lang, name                string
		subject, greeting, ending string
	}{
		{"en", "Jan de Vries", "How Northwind B.V. holds your business contact details", "Hello Jan de Vries,", "Kind regards,\nRobin Maes\n"},
		{"nl", "Jan de Vries", "Hoe Northwind B.V. uw zakelijke contactgegevens bewaart", "Beste Jan de Vries,", "Met vriendelijke groet,\nRobin Maes\n"},
		{"de", "Thomas Berger", "Wie Northwind B.V. Ihre geschäftlichen Kontaktdaten speichert", "Guten Tag Thomas Berger,", "Mit freundlichen Grüßen\nRobin Maes\n"},
		{"pl", "Zofia Łódź", "Jak Northwind B.V. przechowuje Pana/Pani służbowe dane kontaktowe", "Dzień dobry,", "Z poważaniem\nRobin Maes\n"},
		{"bg", "Георги Иванов", "Как Northwind B.V. съхранява служебните ви данни за контакт", "Здравейте, Георги Иванов,", "С уважение,\nRobin Maes\n"},
		{"de-AT", "", "Wie Northwind B.V. Ihre geschäftlichen Kontaktdaten speichert", "Guten Tag,", "Mit freundlichen Grüßen\nRobin Maes\n"},
		{"fr", "Marie\x1b[2J Dubois", "How Northwind B.V. holds your business contact details", "Hello Marie Dubois,", "Kind regards,\nRobin Maes\n"},
	}
	for _, tt := range tests {
		subject, body := NoticeOnly(tt.lang, tt.name, "Northwind B.V.", "Robin Maes")
		if subject != tt.subject || !strings.HasPrefix(body, tt.greeting+"\n\n") || !strings.HasSuffix(body, "\n\n"+tt.ending) {
			t.Errorf("NoticeOnly(%s, %q) = %q,\n%q", tt.lang, tt.name, subject, body)
		}
		if strings.ContainsRune(body, 0x1b) || strings.Count(body, "\n\n") != 2 {
			t.Errorf("NoticeOnly(%s) body is not greeting, paragraph, closing:\n%q", tt.lang, body)
		}
	}
}
