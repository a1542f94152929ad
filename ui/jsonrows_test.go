package ui

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
)

// jsonTricky are strings that encoding/json escapes in every way it does.
var jsonTricky = []string{
	"", "Anna Müller", `quote " and \ backslash`, "<script>&amp;</script>", "\x00\x01\x1f\x7f",
	"\b\f\n\r\t", "bad \xff\xfe utf-8 \xc3", "line\u2028para\u2029", "😀 Łódź Weiß", "\u00e9\u0301",
}

// fillRandom sets every field of the struct v points to from r: strings
// from jsonTricky or random bytes, numbers, booleans, pointers set or nil.
func fillRandom(r *rand.Rand, v reflect.Value) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			if r.IntN(4) == 0 {
				b := make([]byte, r.IntN(12))
				for k := range b {
					b[k] = byte(r.IntN(256))
				}
				f.SetString(string(b))
			} else {
				f.SetString(jsonTricky[r.IntN(len(jsonTricky))])
			}
		case reflect.Int, reflect.Int64:
			f.SetInt(r.Int64N(1<<40) - 1<<39)
		case reflect.Bool:
			f.SetBool(r.IntN(2) == 0)
		case reflect.Pointer:
			if r.IntN(2) == 0 {
				p := reflect.New(f.Type().Elem())
				p.Elem().SetInt(r.Int64N(200) - 100)
				f.Set(p)
			}
		default:
			panic("fillRandom: no case for " + f.Type().String())
		}
	}
}

// TestRowJSONIsMarshalIndent: the rows the streamed listings append by
// hand are byte for byte what json.MarshalIndent writes for their structs,
// whatever the fields hold (every field set at random, omitted when empty).
func TestRowJSONIsMarshalIndent(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 2026))
	for _, prefix := range []string{"", "  ", "    "} {
		for range 2000 {
			var c contactJSON
			var d deadlineJSON
			var e retentionJSON
			for _, tc := range []struct {
				v      any
				append func([]byte, string) []byte
			}{
				{&c, c.appendJSON}, {&d, d.appendJSON}, {&e, e.appendJSON},
			} {
				fillRandom(r, reflect.ValueOf(tc.v).Elem())
				want, err := json.MarshalIndent(tc.v, prefix, "  ")
				if err != nil {
					t.Fatal(err)
				}
				if got := tc.append([]byte("x"), prefix); string(got) != "x"+string(want) {
					t.Fatalf("%T %+v with prefix %q:\n got %s\nwant %s", tc.v, tc.v, prefix, got[1:], want)
				}
			}
		}
	}
}
