package ui

import (
	"strconv"
	"unicode/utf8"
)

// The streamed listings (legit contacts, deadlines and retention --json)
// write one JSON object per row. json.MarshalIndent reflects over the
// struct and allocates its buffers for every row; these append the same
// bytes into one buffer the writer keeps (TestRowJSONIsMarshalIndent holds
// them to it, field by field as the struct tags say).

// jsonObject appends one JSON object's fields as json.MarshalIndent lays
// them out with prefix and an indent of two spaces.
type jsonObject struct {
	b      []byte
	prefix string
	n      int
}

// startJSON begins an object at the end of b; its lines after the first
// start with prefix.
func startJSON(b []byte, prefix string) jsonObject {
	return jsonObject{b: append(b, '{'), prefix: prefix}
}

// key starts the field k.
func (o *jsonObject) key(k string) {
	if o.n > 0 {
		o.b = append(o.b, ',')
	}
	o.n++
	o.b = append(o.b, '\n')
	o.b = append(o.b, o.prefix...)
	o.b = append(o.b, `  "`...)
	o.b = append(o.b, k...)
	o.b = append(o.b, `": `...)
}

// str appends the string field k (omitEmpty: nothing when v is empty).
func (o *jsonObject) str(k, v string, omitEmpty bool) {
	if omitEmpty && v == "" {
		return
	}
	o.key(k)
	o.b = appendJSONString(o.b, v)
}

// int appends the number field k.
func (o *jsonObject) int(k string, v int64) {
	o.key(k)
	o.b = strconv.AppendInt(o.b, v, 10)
}

// intPtr appends the number field k when v is set (omitempty on a pointer).
func (o *jsonObject) intPtr(k string, v *int) {
	if v != nil {
		o.int(k, int64(*v))
	}
}

// bool appends the field k.
func (o *jsonObject) bool(k string, v bool) {
	o.key(k)
	o.b = strconv.AppendBool(o.b, v)
}

// end closes the object and returns the buffer.
func (o *jsonObject) end() []byte {
	if o.n > 0 {
		o.b = append(o.b, '\n')
		o.b = append(o.b, o.prefix...)
	}
	return append(o.b, '}')
}

// appendJSONString appends s as encoding/json writes a string: quoted,
// with <, > and & escaped for HTML, control characters escaped, invalid
// UTF-8 as U+FFFD and U+2028, U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSON appends j as json.MarshalIndent(j, prefix, "  ") writes it.
func (j *contactJSON) appendJSON(b []byte, prefix string) []byte {
	o := startJSON(b, prefix)
	o.int("id", j.ID)
	o.str("name", j.Name, false)
	o.str("email", j.Email, true)
	o.str("company", j.Company, true)
	o.str("country", j.Country, true)
	o.str("relationship", j.Relationship, false)
	o.str("status", j.Status, false)
	o.bool("suppressed", j.Suppressed)
	o.str("source_kind", j.SourceKind, true)
	o.str("basis", j.Basis, true)
	o.str("notice", j.Notice, false)
	o.str("notice_due", j.NoticeDue, true)
	o.intPtr("days_left", j.DaysLeft)
	return o.end()
}

// appendJSON appends j as json.MarshalIndent(j, prefix, "  ") writes it.
func (j *deadlineJSON) appendJSON(b []byte, prefix string) []byte {
	o := startJSON(b, prefix)
	o.int("id", j.ID)
	o.str("name", j.Name, false)
	o.str("email", j.Email, true)
	o.str("company", j.Company, true)
	o.str("source_kind", j.SourceKind, true)
	o.str("notice", j.Notice, false)
	o.str("due", j.Due, true)
	o.intPtr("days_left", j.DaysLeft)
	o.bool("suppressed", j.Suppressed)
	return o.end()
}

// appendJSON appends j as json.MarshalIndent(j, prefix, "  ") writes it.
func (j *retentionJSON) appendJSON(b []byte, prefix string) []byte {
	o := startJSON(b, prefix)
	o.int("id", j.ID)
	o.str("ref", j.Ref, false)
	o.str("name", j.Name, false)
	o.str("email", j.Email, true)
	o.str("reason", j.Reason, false)
	o.str("text", j.Text, false)
	o.str("last_activity", j.Since, true)
	return o.end()
}
