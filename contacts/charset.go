package contacts

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// decodeText turns the bytes of a text file into UTF-8 the way spreadsheet
// programs write them: a UTF-8 byte order mark is dropped, UTF-16 with a
// byte order mark (little or big endian) is decoded, valid UTF-8 is kept,
// and anything else is read as Windows-1252 (Excel on Dutch or German
// Windows) or, when it holds bytes that are Polish letters there and rare
// symbols in 1252 (ł ą ś ź Ą), as Windows-1250 (Excel on Polish Windows).
func decodeText(b []byte) string {
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		return string(b[len(bomUTF8):])
	case bytes.HasPrefix(b, bomUTF16LE):
		enc = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(b, bomUTF16BE):
		enc = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	case utf8.Valid(b):
		return string(b)
	case looksCentralEuropean(b):
		enc = charmap.Windows1250
	default:
		enc = charmap.Windows1252
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
	}
	return string(out)
}

// looksCentralEuropean reports whether 8-bit text has bytes that Windows-1250
// uses for common Polish letters and Windows-1252 for symbols (³ ¹ œ Ÿ ¥)
// that names and companies do not contain.
func looksCentralEuropean(b []byte) bool {
	for _, c := range b {
		switch c {
		case 0xB3, 0xB9, 0x9C, 0x9F, 0xA5:
			return true
		}
	}
	return false
}
