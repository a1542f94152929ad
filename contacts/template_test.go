package contacts

import (
	"strings"
	"testing"
)

func TestTemplateRoundTrip(t *testing.T) {
	pieter := Contact{Name: "Pieter Janssens", Company: "Vlaamse Bouw NV", Position: "Facility manager"}
	niels := Contact{Name: "Niels Peeters", Company: "Gentse Haven BV", Position: "Hoofd logistiek"}
	a := Assessment{
		Purpose:   "Pieter beheert de faciliteiten van Vlaamse Bouw NV; wij bieden planning voor onderhoudsrondes.",
		Necessity: "Als facility manager beslist Pieter Janssens over de planning; één mail is het lichtst.",
		Balancing: "Zakelijk adres en rol (Facility manager) alleen; iemand in die rol verwacht dit.",
	}
	tp := TemplateOf(a, pieter)
	want := Assessment{
		Purpose:   "{first_name} beheert de faciliteiten van {company}; wij bieden planning voor onderhoudsrondes.",
		Necessity: "Als facility manager beslist {name} over de planning; één mail is het lichtst.", // a position matches only as written
		Balancing: "Zakelijk adres en rol ({position}) alleen; iemand in die rol verwacht dit.",
	}
	if tp != want {
		t.Fatalf("TemplateOf() =\n%+v\nwant\n%+v", tp, want)
	}
	got := FillTemplate(tp, niels)
	if got.Purpose != "Niels beheert de faciliteiten van Gentse Haven BV; wij bieden planning voor onderhoudsrondes." ||
		got.Necessity != "Als facility manager beslist Niels Peeters over de planning; één mail is het lichtst." {
		t.Errorf("FillTemplate() = %+v", got)
	}
	for _, part := range []string{got.Purpose, got.Necessity, got.Balancing} {
		if w := NamedIn(part, pieter, niels); w != "" {
			t.Errorf("the filled template still names Pieter (%q): %s", w, part)
		}
	}
}

func TestNamedIn(t *testing.T) {
	niels := Contact{Name: "Niels Peeters", Company: "Gentse Haven BV"}
	tests := []struct {
		text  string
		other Contact
		want  string
	}{
		{"Pieter beheert de faciliteiten", Contact{Name: "Pieter Janssens"}, "Pieter"},
		{"pieter janssens decides", Contact{Name: "Pieter Janssens"}, "Pieter Janssens"},
		{"works for vlaamse bouw nv", Contact{Name: "X Y", Company: "Vlaamse Bouw NV"}, "Vlaamse Bouw NV"},
		{"a markdown table", Contact{Name: "Mark Smith"}, ""},                                             // not a whole word
		{"the mark of quality", Contact{Name: "Mark Smith"}, ""},                                          // first names match with their capital only
		{"Jan leads it", Contact{Name: "Jan Smit"}, ""},                                                   // shorter than four letters
		{"Niels decides at Gentse Haven BV", Contact{Name: "Niels Bohr", Company: "Gentse Haven BV"}, ""}, // shared with self
	}
	for _, tt := range tests {
		if got := NamedIn(tt.text, tt.other, niels); got != tt.want {
			t.Errorf("NamedIn(%q, %s) = %q, want %q", tt.text, tt.other.Name, got, tt.want)
		}
	}
}

func TestValidateBasisNamesUnfilledPlaceholders(t *testing.T) {
	a := goodAssessment()
	a.Necessity = "As {position} she decides on route tools for the whole depot network."
	err := ValidateBasis(Basis{Kind: LegitimateInterest, Assessment: a}, ruleNow)
	if err == nil || !strings.Contains(err.Error(), "necessity: replace {position}") {
		t.Errorf("ValidateBasis() = %v, want the unfilled placeholder named", err)
	}
}
