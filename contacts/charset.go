package contacts

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
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

// textEncoding is how the bytes of a file are to be read as text.
type textEncoding int

// The encodings decodeText tells apart.
const (
	encUTF8 textEncoding = iota // with or without a byte order mark
	encUTF16LE
	encUTF16BE
	encWindows1250
	encWindows1252
)

// fileFacts is what one pass over a file tells before its rows are read:
// its SHA-256, its size and its encoding, decided as decodeText decides it.
type fileFacts struct {
	sha256 [sha256.Size]byte
	size   int64
	enc    textEncoding
	bom    int // bytes of the byte order mark
}

// sniffFile reads r to its end once, in constant memory.
func sniffFile(r io.Reader) (fileFacts, error) {
	var f fileFacts
	h := sha256.New()
	buf := make([]byte, 256<<10)
	var carry, head []byte
	valid, central := true, false
	for {
		n, err := r.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			h.Write(chunk)
			if f.size == 0 || len(head) < 3 {
				head = append(head, chunk[:min(len(chunk), 3-len(head))]...)
			}
			f.size += int64(n)
			if valid {
				b := append(carry, chunk...)
				cut := len(b)
				for k := 1; k <= 3 && k <= len(b); k++ {
					if utf8.RuneStart(b[len(b)-k]) {
						if !utf8.FullRune(b[len(b)-k:]) {
							cut = len(b) - k
						}
						break
					}
				}
				valid = utf8.Valid(b[:cut])
				carry = append(carry[:0], b[cut:]...)
			}
			if !central {
				central = looksCentralEuropean(chunk)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return f, fmt.Errorf("read the file: %w", err)
		}
	}
	copy(f.sha256[:], h.Sum(nil))
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		f.enc, f.bom = encUTF8, len(bomUTF8)
	case bytes.HasPrefix(head, bomUTF16LE):
		f.enc = encUTF16LE
	case bytes.HasPrefix(head, bomUTF16BE):
		f.enc = encUTF16BE
	case valid && len(carry) == 0:
		f.enc = encUTF8
	case central:
		f.enc = encWindows1250
	default:
		f.enc = encWindows1252
	}
	return f, nil
}

// decoder returns r (positioned at the start of the file) read as UTF-8 in
// encoding f.enc, without the byte order mark; raw8bit keeps 8-bit text as
// its bytes (vCards name their charset per value).
func (f fileFacts) decoder(r io.Reader, raw8bit bool) (io.Reader, error) {
	var enc encoding.Encoding
	switch f.enc {
	case encUTF16LE:
		enc = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case encUTF16BE:
		enc = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	case encWindows1250:
		enc = charmap.Windows1250
	case encWindows1252:
		enc = charmap.Windows1252
	}
	if enc == nil || (raw8bit && (f.enc == encWindows1250 || f.enc == encWindows1252)) {
		if f.bom > 0 {
			if _, err := io.CopyN(io.Discard, r, int64(f.bom)); err != nil {
				return nil, fmt.Errorf("read the file: %w", err)
			}
		}
		return r, nil
	}
	return transform.NewReader(r, enc.NewDecoder()), nil
}
